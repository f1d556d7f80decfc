import { readFileSync } from 'node:fs';
import { HealthcredError } from '@healthcred/errors';
import { importDivocKey, writeDivocKeyFile, type DivocKeyImport } from '@healthcred/issuer-identity';
import { parseCommandArgs, requireFlag, UsageError, type Io } from '../command.js';
import { usage } from './keys-common.js';

function readSecret(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (cause) {
    throw new HealthcredError('invalid_input', `--${flag}: cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}.`, { field: flag, cause });
  }
}

/**
 * `healthcred keys import-divoc`: a country's existing DIVOC key (RSA PEM or Ed25519 base58, read from a file so it
 * is in no shell history) under its existing key id, into a DIVOC key file of mode 0600. Prints the public key, to
 * compare with the one the verifier apps have baked in; never the private key.
 */
export async function importDivoc(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {
    'key-id': { type: 'string' }, pem: { type: 'string' }, base58: { type: 'string' }, out: { type: 'string' },
  });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const keyId = requireFlag(values, 'key-id');
  const out = requireFlag(values, 'out');
  if ((values.pem === undefined) === (values.base58 === undefined)) throw new UsageError('Give exactly one of --pem and --base58.');
  const material: DivocKeyImport = values.pem !== undefined
    ? { keyId, privateKeyPem: readSecret(values.pem, 'pem') }
    : { keyId, privateKeyBase58: readSecret(values.base58!, 'base58') };
  const key = importDivocKey(material, values.pem !== undefined ? `--pem ${values.pem}` : `--base58 ${values.base58}`);
  writeDivocKeyFile(out, key);
  const publicKey = key.type === 'RsaVerificationKey2018' ? `\n${key.publicKeyPem.trim()}` : ` ${key.publicKeyBase58}`;
  io.stdout(`Wrote ${out} (mode 0600)\n  key id: ${key.keyId}\n  type:   ${key.type}\n  public key (the one the verifier apps must have):${publicKey}\n`);
  return 0;
}
