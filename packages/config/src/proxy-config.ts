import { isIP } from 'node:net';
import type { EnvReader } from './env-reader.js';

/** proxy-addr's names for address ranges (express `trust proxy`). */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY_ADDRESSES: the reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses, CIDRs
 * or `loopback`/`linklocal`/`uniquelocal`); empty: none, the connecting address is the client. A hop count would
 * believe whoever connects directly, so TRUST_PROXY_HOPS is refused with the way out.
 */
export function readTrustedProxies(read: EnvReader): string[] {
  if (read.string('TRUST_PROXY_HOPS') !== undefined) {
    read.problems.push('TRUST_PROXY_HOPS is no longer read: it believed X-Forwarded-For from whoever connects. '
      + 'Name your proxies in TRUST_PROXY_ADDRESSES (addresses or CIDRs, e.g. 10.0.0.0/8)');
  }
  const entries = (read.string('TRUST_PROXY_ADDRESSES') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) {
    read.problems.push(`TRUST_PROXY_ADDRESSES must list IP addresses or CIDRs (or loopback, linklocal, uniquelocal); not: ${bad.join(', ')}`);
  }
  return entries;
}
