import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { opsPerSecond, type BenchmarkModule } from '../measure.js';

/** Raw Ed25519 signing in Node: the ceiling for any issuer. */
export const cryptoBenchmarks: BenchmarkModule = {
  name: 'crypto',
  async setup() {
    const { privateKey } = generateKeyPairSync('ed25519');
    const message = randomBytes(64);
    return [{
      name: 'ed25519_sign_per_s', label: 'crypto.sign Ed25519, 64 bytes',
      run: (options) => opsPerSecond(() => sign(null, message, privateKey), options),
    }];
  },
};
