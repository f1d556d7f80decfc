import { existsSync, writeFileSync } from 'node:fs';
import { loadConfig, type Config } from '@healthcred/config';
import { trustEntryOf } from '@healthcred/credentials';
import { buildTrustList, parseTrustList, type TrustListEntry } from '@healthcred/dcc';
import { HealthcredError } from '@healthcred/errors';
import { buildDidDocument } from '@healthcred/issuer-identity';
import { addTrustedIssuer, auditTrustChange, readConfiguredIssuerKeys, type Infrastructure } from '@healthcred/runtime';
import {
  createDidWebResolver, fromDccGatewayRecords, fromGdhcnDocument, parseNewTrustEntry, toDccGatewayRecords, toGdhcnDocument,
  type NewTrustEntry,
} from '@healthcred/trust';
import { parseCommandArgs, requireFlag, UsageError, type Io } from '../command.js';
import { readJsonFile, readTextFile } from '../files.js';
import { withInfrastructure } from './operations.js';
import { actorOf, reasonOf, usage } from './trust-options.js';

const FORMATS = ['gdhcn', 'dcc-gateway'] as const;
type Format = typeof FORMATS[number];

function formatOf(value: string | undefined, json: unknown): Format {
  if (value !== undefined) {
    if (!FORMATS.includes(value as Format)) throw new UsageError(`--format must be one of: ${FORMATS.join(', ')}.`);
    return value as Format;
  }
  return typeof json === 'object' && json !== null && 'verificationMethod' in json ? 'gdhcn' : 'dcc-gateway';
}

/** This deployment's DSCs: the configured one, or none without EU DCC. */
function ownDscs(config: Config): TrustListEntry[] {
  return config.dcc ? buildTrustList([readTextFile(config.dcc.dscCertificateFile)]) : [];
}

/** Adds `dscs` to a DCC trust list file (DCC_TRUST_LIST_FILE), keeping what it holds; returns the new ones. */
function addDscs(file: string, dscs: readonly TrustListEntry[]): TrustListEntry[] {
  const existing = existsSync(file) ? parseTrustList(readJsonFile(file)) : [];
  const added = dscs.filter((dsc) => !existing.some((known) => known.kid === dsc.kid));
  writeFileSync(file, `${JSON.stringify([...existing, ...added], null, 2)}\n`);
  return added;
}

async function trustImported(options: {
  infrastructure: Infrastructure; config: Config; issuers: NewTrustEntry[]; dscs: TrustListEntry[]; dscFile: string | undefined;
  actor: string; reason: string; source: string; io: Io;
}): Promise<void> {
  const { infrastructure: { store }, config, actor, reason, io } = options;
  const resolver = createDidWebResolver({ fetch });
  for (const issuer of options.issuers) {
    const added = await addTrustedIssuer({ file: config.trustListFile, ownDid: config.issuerDid, entry: issuer, addedBy: actor, resolver });
    await auditTrustChange(store, { action: 'add', entry: added, actor, reason, source: options.source });
    io.stdout(`Trusted ${added.did}: ${added.name} (${added.country}), pinned\n`);
  }
  if (options.dscFile === undefined) return;
  for (const dsc of addDscs(options.dscFile, options.dscs)) {
    await store.appendAudit({
      at: new Date().toISOString(), actor, action: 'trust.add_dsc', target: dsc.kid, reason,
      details: { country: dsc.country, thumbprint: dsc.thumbprint, file: options.dscFile, source: options.source },
    });
    io.stdout(`Trusted the EU DCC DSC ${dsc.kid} (${dsc.country}) in ${options.dscFile}\n`);
  }
}

/** `healthcred trust import <file>`: a GDHCN DID document or EU DCC gateway records, audited. */
export async function importTrust(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string' }, name: { type: 'string' }, country: { type: 'string' }, 'issuer-url': { type: 'string', multiple: true },
    'dsc-out': { type: 'string' }, reason: { type: 'string' }, actor: { type: 'string' },
  }, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length !== 1) throw new UsageError('Give one file: a GDHCN DID document or EU DCC gateway records.');
  const reason = reasonOf(values);
  const actor = actorOf(values);
  const path = positionals[0]!;
  const json = readJsonFile(path);
  const format = formatOf(values.format, json);
  let issuers: NewTrustEntry[] = [];
  let read: { dscs: TrustListEntry[]; skipped: { what: string; reason: string }[] };
  if (format === 'gdhcn') {
    // Name and country are only used for Ed25519 keys; without them, a document that has some is refused below.
    const imported = fromGdhcnDocument(json, { name: values.name ?? '', country: values.country ?? 'ZZ', source: path });
    if (imported.issuers.length > 0 && (values.name === undefined || values.country === undefined)) {
      throw new UsageError('The document has Ed25519 issuer keys: say whose, with --name <authority> --country <CC>.');
    }
    issuers = imported.issuers.map((issuer) => parseNewTrustEntry({
      ...issuer, ...(values['issuer-url'] ? { contextBaseUrls: values['issuer-url'] } : {}),
    }));
    read = { dscs: imported.dscs, skipped: imported.skipped.map((skip) => ({ what: skip.id, reason: skip.reason })) };
  } else {
    const imported = fromDccGatewayRecords(json, path);
    read = { dscs: imported.dscs, skipped: imported.skipped.map((skip) => ({ what: skip.kid, reason: skip.reason })) };
  }
  const dscFile = values['dsc-out'] ?? loadConfig(env).dcc?.trustListFile;
  if (read.dscs.length > 0 && dscFile === undefined) {
    throw new HealthcredError('invalid_input',
      `${path} has ${read.dscs.length} EU DCC DSC(s): say where to keep them with --dsc-out <file> (or set DCC_TRUST_LIST_FILE).`);
  }
  for (const skip of read.skipped) io.stderr(`skipped ${skip.what}: ${skip.reason}\n`);
  return withInfrastructure(env, async (infrastructure, config) => {
    await trustImported({ infrastructure, config, issuers, dscs: read.dscs, dscFile, actor, reason, source: `${format}:${path}`, io });
    if (issuers.length === 0 && read.dscs.length === 0) io.stdout(`Nothing to trust in ${path}.\n`);
    return 0;
  });
}

/** `healthcred trust export`: this issuer's own entry, as GDHCN or EU DCC gateway records. */
export async function exportTrust(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, { format: { type: 'string' }, out: { type: 'string' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const format = formatOf(requireFlag(values, 'format'), undefined);
  const config = loadConfig(env);
  let document: unknown;
  if (format === 'gdhcn') {
    const keys = readConfiguredIssuerKeys(config);
    if (!keys) throw new HealthcredError('key_error', `No issuer key: ${config.issuerKey.file} does not exist and HEALTHCRED_ISSUER_KEY is not set.`);
    const issuer = trustEntryOf({ did: keys.did, url: config.issuerUrl, didDocument: buildDidDocument(keys) }, config.authority);
    document = toGdhcnDocument({ issuer, dscs: ownDscs(config) });
  } else {
    if (!config.dcc) io.stderr('EU DCC is not configured (DCC_DSC_CERT_FILE): there is no DSC to export.\n');
    document = toDccGatewayRecords(ownDscs(config));
  }
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (values.out === undefined) io.stdout(text);
  else writeFileSync(values.out, text);
  return 0;
}
