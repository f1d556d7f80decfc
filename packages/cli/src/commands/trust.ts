import { loadConfig } from '@healthcred/config';
import {
  addTrustedIssuer, auditTrustChange, readConfiguredIssuerKeys, readTrustListFile, removeTrustedIssuer,
} from '@healthcred/runtime';
import { createDidWebResolver, entryKeySource, parseNewTrustEntry, type NewTrustEntry } from '@healthcred/trust';
import { parseCommandArgs, requireFlag, UsageError, type Command, type Io } from '../command.js';
import { readJsonFile } from '../files.js';
import { DIVOC_OPTIONS, divocTrustOf } from './divoc-keys.js';
import { table, withInfrastructure } from './operations.js';
import { exportTrust, importTrust } from './trust-exchange.js';
import { actorOf, reasonOf, usage } from './trust-options.js';

async function list(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const config = loadConfig(env);
  const own = readConfiguredIssuerKeys(config);
  const entries = readTrustListFile(config.trustListFile);
  if (values.json) {
    for (const entry of entries) io.stdout(`${JSON.stringify(entry)}\n`);
    return 0;
  }
  const self = [config.issuerDid, config.authority.name, config.authority.country, own ? 'this issuer' : 'this issuer (no key here)', '-', '-'];
  io.stdout(table(['DID', 'AUTHORITY', 'COUNTRY', 'DOCUMENT', 'ADDED', 'BY'], [self, ...entries.map((entry) => [
    entry.did, entry.name, entry.country, entryKeySource(entry), entry.added, entry.addedBy,
  ])]));
  io.stderr(`${entries.length} other issuer(s) in ${config.trustListFile}\n`);
  return 0;
}

async function add(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, {
    did: { type: 'string' }, name: { type: 'string' }, country: { type: 'string' }, 'did-document': { type: 'string' },
    resolve: { type: 'boolean' }, 'issuer-url': { type: 'string', multiple: true }, reason: { type: 'string' },
    actor: { type: 'string' }, ...DIVOC_OPTIONS,
  });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const divoc = divocTrustOf(values);
  if (divoc === undefined && (values['did-document'] === undefined) === (values.resolve !== true)) {
    throw new UsageError('Give either --did-document <did.json> (pinned) or --resolve (fetched over HTTPS), or --divoc-key for a DIVOC issuer.');
  }
  if (divoc !== undefined && (values['did-document'] !== undefined || values.resolve || values['issuer-url'])) {
    throw new UsageError('A DIVOC issuer (--divoc-key) takes no --did-document, --resolve or --issuer-url.');
  }
  const reason = reasonOf(values);
  const actor = actorOf(values);
  const named = { did: requireFlag(values, 'did'), name: requireFlag(values, 'name'), country: requireFlag(values, 'country') };
  const entry: NewTrustEntry = parseNewTrustEntry(divoc !== undefined ? { ...named, divoc } : {
    ...named,
    ...(values.resolve ? { resolve: 'did:web' } : { didDocument: readJsonFile(values['did-document']!) }),
    ...(values['issuer-url'] ? { contextBaseUrls: values['issuer-url'] } : {}),
  });
  return withInfrastructure(env, async ({ store }, config) => {
    const added = await addTrustedIssuer({
      file: config.trustListFile, ownDid: config.issuerDid, entry, addedBy: actor, resolver: createDidWebResolver({ fetch }),
    });
    await auditTrustChange(store, { action: 'add', entry: added, actor, reason });
    io.stdout(`Trusted ${added.did}: ${added.name} (${added.country}), ${entryKeySource(added)}\n`);
    return 0;
  });
}

async function remove(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reason: { type: 'string' }, actor: { type: 'string' } }, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length !== 1) throw new UsageError('Give the DID of the issuer to remove.');
  const reason = reasonOf(values);
  const actor = actorOf(values);
  return withInfrastructure(env, async ({ store }, config) => {
    const removed = removeTrustedIssuer({ file: config.trustListFile, did: positionals[0]! });
    await auditTrustChange(store, { action: 'remove', entry: removed, actor, reason });
    io.stdout(`No longer trusted: ${removed.did} (${removed.name}, ${removed.country})\n`);
    return 0;
  });
}

const SUBCOMMANDS: Record<string, (args: string[], io: Io, env: NodeJS.ProcessEnv) => Promise<number>> = {
  list, add, remove, import: importTrust, export: exportTrust,
};

/** `healthcred trust list|add|remove|import|export`. */
export const trustCommand: Command = {
  name: 'trust',
  summary: 'List, add or remove trusted issuers; import or export GDHCN and EU DCC gateway trust lists',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!run) throw new UsageError(`Unknown subcommand "trust ${sub}".`);
    return run(rest, io, env);
  },
};
