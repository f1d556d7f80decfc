import { activeIssuerKey, type IssuerKeySet } from '@healthcred/issuer-identity';
import type { Io } from '../command.js';

/** The issuer URL whose did:web `keys generate` uses by default. */
export const DEFAULT_ISSUER_URL = 'http://localhost:8080';

/** The usage text of `healthcred keys`. */
export const usage = `Usage:
  healthcred keys generate --out <issuer-key.json> [--did <did:web:...>] [--force]
  healthcred keys rotate --key <issuer-key.json> [--reason <text>]
  healthcred keys revoke <key id> --key <issuer-key.json> --reason <text> [--settle <seconds>]
  healthcred keys reissue-revoked --key <issuer-key.json> [<key id>] [--settle <seconds>]
  healthcred keys import-divoc --key-id <did:...> (--pem <private.pem> | --base58 <private.b58>) --out <divoc-key.json>

generate  Creates an Ed25519 issuer key and writes it to a key file readable only by its owner (mode 0600).
          --did defaults to the did:web of ${DEFAULT_ISSUER_URL}. An existing file is never overwritten
          unless --force is given.
rotate    Adds a new active key to a key file and retires the current one. Retired keys stay in the DID
          document, so credentials they signed keep verifying; their private part is deleted from the file.
revoke    Revokes a key (a compromised one): it stays in the DID document marked "revoked", so nothing it
          signed verifies any more, and its private part is deleted. Revoking the active key makes a fresh
          active key first. Then re-issues every current certificate the key signed under the active key
          (same record, new certificate id; the old one is revoked and points to the new one), with a
          progress line every 5 s. Suspended certificates are left as they are (re-issue each when it is
          reinstated). <key id> is the key's id (did:web:...#z6Mk...) or its z6Mk... part.
reissue-revoked
          Runs the re-issue of a revocation again, e.g. after a crash or when it was stopped: re-issues what
          the revoked key (every revoked key of the file, unless <key id> is given) still signs. Safe to run
          any number of times: each certificate is re-issued once.
import-divoc
          Imports a country's existing DIVOC signing key for the DIVOC credential profile
          (HEALTHCRED_CREDENTIAL_PROFILE=divoc): an RSA private key in PEM (RsaSignature2018) or an Ed25519
          private key in base58 (Ed25519Signature2018, 64-byte secret key or 32-byte seed), read from a file,
          under the key id its verifier apps know (e.g. did:srilanka:moh). Writes a DIVOC key file of mode
          0600 (HEALTHCRED_DIVOC_KEY_FILE, default <data>/divoc-key.json); never overwrites one. Prints the
          public key, to compare with the verifier apps' own.
--settle  Seconds to wait after a pass for processes that had not reloaded the key file yet (they follow it
          every 2 s), then pass again while new ones appear. Default 5; 0 when no issuer is running.

rotate, revoke and reissue-revoked record who, what, when and why in the audit log of the configured store
(HEALTHCRED_DATA_DIR, default ./data; or MongoDB when HEALTHCRED_TIER=national); the re-issue signs for
ISSUER_URL, whose DID must be the key file's. Afterwards the API publishes the new DID document from the key
file; elsewhere, publish the output of \`healthcred did\`.

The private key is never printed. Keep the key file out of version control.`;

/** Prints where the key file stands; `deleted` are retired keys whose private part this write removed. */
export function describeKeys(io: Io, path: string, set: IssuerKeySet, deleted: string[] = []): void {
  const count = (status: string) => set.keys.filter((key) => key.status === status).length;
  io.stdout(`Wrote ${path} (mode 0600)\n  DID:        ${set.did}\n  active key: ${activeIssuerKey(set).id}\n` +
    `  keys:       ${set.keys.length} (${count('retired')} retired, ${count('revoked')} revoked)\n`);
  if (deleted.length > 0) {
    io.stdout(`  deleted the private part of ${deleted.length} retired key(s) that an earlier version kept in the file:\n` +
      `${deleted.map((id) => `    ${id}\n`).join('')}`);
  }
}
