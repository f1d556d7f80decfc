import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dhis2PayloadKey } from '@healthcred/dhis2';
import { HealthcredError } from '@healthcred/errors';
import { parseJson } from '@healthcred/validation';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { withInfrastructure } from './operations.js';

const usage = `Usage: healthcred dhis2 import <file.json | directory> [--batch N]

Backfills DHIS2 tracker exports: each file (or every *.json file of a directory) is split into one message per
tracked entity and published to the DHIS2 topic, where the running issuer certifies the completed vaccination
events. Accepts what DHIS2 exports: /api/trackedEntityInstances and /api/tracker lists, single tracked entities,
and arrays of them. Replaying an import issues nothing twice. A progress line shows on stderr.

Options:
  --batch N   Messages per write (default 500).`;

const LIST_KEYS = ['trackedEntityInstances', 'instances', 'trackedEntities'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The tracked entity UID an event or tracked entity names (either API generation). */
const entityOf = (item: unknown) => (isObject(item) ? item.trackedEntity ?? item.trackedEntityInstance : undefined);

/**
 * One message per tracked entity, so one malformed entity does not hold back the rest of an export. Events listed
 * flat beside the tracked entities (a `/api/tracker` bundle) go with the tracked entity they name; events naming
 * none of them stay in one message of their own, which the issuer dead-letters with the reason.
 */
export function splitDhis2Export(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) return [json];
  const key = LIST_KEYS.find((candidate) => Array.isArray(json[candidate]));
  if (key === undefined) return [json];
  const entities = json[key] as unknown[];
  const flat = Array.isArray(json.events) ? json.events : [];
  if (flat.length === 0) return entities;
  const uids = new Set(entities.map(entityOf));
  const messages: unknown[] = entities.map((entity) => {
    const own = flat.filter((event) => entityOf(event) === entityOf(entity));
    return own.length === 0 ? entity : { [key]: [entity], events: own };
  });
  const orphans = flat.filter((event) => !uids.has(entityOf(event)));
  return orphans.length === 0 ? messages : [...messages, { [key]: [], events: orphans }];
}

function inputFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new HealthcredError('invalid_input', `${path} does not exist.`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name));
}

function progress(io: Io, done: number, total: number, started: number): void {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  io.stderr(`\rpublished ${done.toLocaleString('en')}/${total.toLocaleString('en')} tracked entities ` +
    `(${Math.round(done / seconds).toLocaleString('en')}/s)`);
}

/** `healthcred dhis2 import`. */
export const dhis2ImportCommand: Command = {
  name: 'import',
  summary: 'Backfill DHIS2 tracker export files into the pipeline',
  usage,
  async run(rest, io, env = {}) {
    const { values, positionals } = parseCommandArgs(rest, { batch: { type: 'string' } }, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length !== 1) throw new UsageError('Give one file or directory.');
    const batch = values.batch === undefined ? 500 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new UsageError('--batch must be 1 to 10000.');
    const files = inputFiles(positionals[0]!);
    const messages = files.flatMap((file) => splitDhis2Export(parseJson(readFileSync(file, 'utf8'), file))
      .map((entity) => {
        const key = dhis2PayloadKey(entity);
        return { ...(key === undefined ? {} : { key }), value: JSON.stringify(entity), headers: { source: 'import' } };
      }));
    return withInfrastructure(env, async ({ bus }, config) => {
      const started = Date.now();
      for (let i = 0; i < messages.length; i += batch) {
        await bus.publish(config.topics.dhis2, messages.slice(i, i + batch));
        progress(io, Math.min(i + batch, messages.length), messages.length, started);
      }
      io.stderr('\n');
      io.stdout(`Published ${messages.length} tracked entities from ${files.length} file(s) to "${config.topics.dhis2}". ` +
        'The issuer certifies them; follow with: healthcred certificates list, healthcred deadletter list\n');
      return 0;
    });
  },
};
