import { userInfo } from 'node:os';
import { loadConfig } from '@healthcred/config';
import { createLogger, openInfrastructure, openStore, type Infrastructure } from '@healthcred/runtime';
import type { AuditLog, CredentialStore } from '@healthcred/store';
import { UsageError } from '../command.js';

/**
 * Opens the configured store and bus (HEALTHCRED_DATA_DIR, or Kafka/MongoDB for the national tier) for one command
 * and closes them afterwards.
 */
export async function withInfrastructure<T>(
  env: NodeJS.ProcessEnv, work: (infrastructure: Infrastructure, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  // Unchecked: an operator must be able to look at a deployment whose disk is full; writes still fail in words.
  const infrastructure = await openInfrastructure(config, createLogger({ name: 'cli', level: config.logLevel }), { checks: false });
  try {
    return await work(infrastructure, config);
  } finally {
    await infrastructure.close();
  }
}

/** Opens the configured store alone (no event bus) for one command and closes it afterwards. */
export async function withStore<T>(
  env: NodeJS.ProcessEnv, work: (store: CredentialStore, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const store = await openStore(config, createLogger({ name: 'cli', level: config.logLevel }), { checks: false });
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

/** Who runs a command, for the audit log: `cli:<login name>`. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown-user';
  }
}

/**
 * Records in the audit log that the person running the CLI read personal data (a certificate, dead-letter
 * payloads), before it is printed, so that no such read goes unrecorded.
 */
export async function auditRead(store: Pick<AuditLog, 'appendAudit'>, read: {
  action: string; target: string; details?: Record<string, string>;
}): Promise<void> {
  await store.appendAudit({
    at: new Date().toISOString(), actor: cliActor(), action: read.action, target: read.target,
    reason: 'read with the healthcred CLI', ...(read.details ? { details: read.details } : {}),
  });
}

/** Formats rows as aligned columns under a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** The `--limit` of a listing: 100 by default, 1 to 1000 (the store's page size). */
export function listLimit(value: string | undefined): number {
  const limit = value === undefined ? 100 : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be 1 to 1000.');
  return limit;
}
