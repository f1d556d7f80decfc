import { userInfo } from 'node:os';
import { requireFlag, UsageError } from '../command.js';

/** The usage of `healthcred trust`. */
export const usage = `Usage:
  healthcred trust list [--json]
  healthcred trust add --did <did:web:...> --name <authority> --country <CC> (--did-document <did.json> | --resolve)
                       [--issuer-url <url>]... --reason <why> [--actor <who>]
  healthcred trust add --did <issuer> --name <authority> --country <CC> --divoc-key <key id>=<key file>...
                       --divoc-context <namespace URL>=<context>... [--divoc-revocation-url <url>] --reason <why>
  healthcred trust remove <did> --reason <why> [--actor <who>]
  healthcred trust import <file> [--format gdhcn|dcc-gateway] [--name <authority> --country <CC>]
                       [--dsc-out <file>] --reason <why> [--actor <who>]
  healthcred trust export --format gdhcn|dcc-gateway [--out <file>]

The issuers whose credentials verify here, besides this one (always trusted): HEALTHCRED_TRUST_LIST_FILE (default
<HEALTHCRED_DATA_DIR>/trust-list.json). Running API processes follow the file within seconds. Every change is
recorded in the audit log of the configured store (who: --actor, default your user name; why: --reason).
list    This issuer, then every entry: DID, authority, country, pinned, resolved (did:web) or DIVOC keys, added
        when and by whom.
add     Trust a did:web issuer: its DID document pinned from a file, or --resolve to fetch it over HTTPS (now, to
        check it, and again every hour). --country is ISO 3166-1 alpha-2. --issuer-url: where its credentials'
        contexts are (default: the DID's URL). did:key and other DID methods are refused.
        A DIVOC issuer: --did is its certificates' issuer as DIVOC writes it (https://cowin.gov.in/);
        --divoc-key binds a key id its certificates name (did:india) to a PEM RSA public key file or a file
        holding the base58 Ed25519 key; --divoc-context names each namespace URL its certificates use with
        the DIVOC context it serves (vaccination/v1, vaccination/v2, test-certificate/v1);
        --divoc-revocation-url is DIVOC's revocation route (POST, 404 = not revoked, 200 = revoked); without it
        its certificates verify with revocation NOT checked.
remove  Stop trusting an issuer.
import  A WHO GDHCN trust list DID document (its Ed25519 keys become an issuer named --name of --country; its
        DSCs EU DCC trusted DSCs) or EU DCC Gateway trust list records (DSCs). DSCs are added to --dsc-out, default
        DCC_TRUST_LIST_FILE. The format is detected unless --format is given.
export  This issuer's own entry as a GDHCN DID document, or its EU DCC DSC as gateway records, to stdout or --out.`;

/** Who an audited change is by: --actor, else the operating-system user running the command. */
export function actorOf(values: { actor?: string }): string {
  const actor = values.actor ?? userInfo().username;
  if (!/^[\w.@-]{1,64}$/.test(actor)) throw new UsageError('--actor must be 1 to 64 letters, digits, dots, @, _ or -.');
  return actor;
}

/** The --reason of an audited change (3 to 500 characters). */
export function reasonOf(values: { reason?: string }): string {
  const reason = requireFlag(values, 'reason').trim();
  if (reason.length < 3 || reason.length > 500) throw new UsageError('--reason must be 3 to 500 characters.');
  return reason;
}

