import { HealthcredError } from '@healthcred/errors';

/**
 * The did:web DID of an issuer's public base URL: `https://example.org` → `did:web:example.org`,
 * `http://localhost:8080` → `did:web:localhost%3A8080`, `https://example.org/moh` → `did:web:example.org:moh`.
 *
 * @see https://w3c-ccg.github.io/did-method-web/#create-register
 * @throws HealthcredError `invalid_input` when `url` is not an http(s) URL without query or fragment.
 */
export function didWebFromUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HealthcredError('invalid_input', `"${url}" is not a URL.`, { field: 'url' });
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash || parsed.username) {
    throw new HealthcredError('invalid_input', `"${url}" must be a plain http(s) base URL.`, { field: 'url' });
  }
  const host = parsed.port ? `${parsed.hostname}%3A${parsed.port}` : parsed.hostname;
  const path = parsed.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

/**
 * The base URL a did:web DID resolves under: the inverse of {@link didWebFromUrl}. Uses `http` for `localhost`
 * and loopback addresses, `https` otherwise, as the did:web method requires.
 *
 * @throws HealthcredError `invalid_input` when `did` is not a did:web DID.
 */
export function urlFromDidWeb(did: string): string {
  const match = /^did:web:([^:#?/]+)((?::[^:#?/]+)*)$/.exec(did);
  if (!match) throw new HealthcredError('invalid_input', `"${did}" is not a did:web DID.`, { field: 'did' });
  const host = decodeURIComponent(match[1]!);
  const path = match[2]!.split(':').filter(Boolean).map(decodeURIComponent);
  const hostname = host.replace(/:\d+$/, '');
  const scheme = ['localhost', '127.0.0.1', '[::1]'].includes(hostname) ? 'http' : 'https';
  return [`${scheme}://${host}`, ...path].join('/');
}

/** The URL a did:web DID document is published at (`/.well-known/did.json` for a bare host). */
export function didDocumentUrl(did: string): string {
  const base = urlFromDidWeb(did);
  return new URL(base).pathname === '/' ? `${base}/.well-known/did.json` : `${base}/did.json`;
}
