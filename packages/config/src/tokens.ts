import type { EnvReader } from './env-reader.js';

/** The fewest characters of a token (22 random base64url characters carry 132 bits). */
const MIN_TOKEN_LENGTH = 22;
/** The least estimated entropy of a token. */
const MIN_TOKEN_BITS = 128;

/** The characters a bearer token may use (RFC 6750 b64token): what `openssl rand -base64` and `-hex` print. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9._~+/=-]+$/;
const CLASSES: readonly [RegExp, number][] = [[/[a-z]/, 26], [/[A-Z]/, 26], [/[0-9]/, 10], [/[._~+/=-]/, 7]];

/** The size of the alphabet `token` seems drawn from: the character classes it uses (hex and base64 recognised). */
function alphabetSize(token: string): number {
  if (/^[0-9]+$/.test(token)) return 10;
  if (/^[0-9a-f]+$/.test(token) || /^[0-9A-F]+$/.test(token)) return 16;
  const used = CLASSES.filter(([pattern]) => pattern.test(token)).reduce((sum, [, size]) => sum + size, 0);
  return /[a-z]/.test(token) && /[A-Z]/.test(token) ? Math.max(used, 64) : used;
}

/** The longest run of characters that repeat or count up or down by one (`aaaa`, `1234`, `dcba`). */
function longestRun(codes: number[]): number {
  let longest = Math.min(codes.length, 1);
  for (let i = 1, run = 1, step = Number.NaN; i < codes.length; i++) {
    const next = codes[i]! - codes[i - 1]!;
    if (Math.abs(next) > 1) run = 1;
    else run = run === 1 || next === step ? run + 1 : 2;
    step = next;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * Why `token` is not random enough, or undefined: a random token of 22+ characters has no run of 6 (`aaaaaa`,
 * `123456`), no character making up a quarter of it, and 8+ different characters (random hex of 32 fails one of these
 * about once in 500 draws).
 */
function patternProblem(token: string): string | undefined {
  const codes = [...token].map((character) => character.codePointAt(0)!);
  if (longestRun(codes) >= 6) return 'it holds a run such as aaaaaa or 123456';
  const counts = new Map<number, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  if (Math.max(...counts.values()) * 4 > codes.length) return 'one character makes up more than a quarter of it';
  if (counts.size < 8) return 'it repeats a few characters (fewer than 8 different ones)';
  return undefined;
}

/**
 * The entropy in bits `token` would have if it were random: its length times log2 of the size of the alphabet it
 * seems drawn from (10 for digits, 16 for hex, at least 64 for mixed-case base64, else the sizes of the character
 * classes it uses). Runs, repeats and words are judged apart (see `readTokens`).
 */
function tokenBits(token: string): number {
  return [...token].length * Math.log2(alphabetSize(token));
}

/** What is wrong with `token` as a secret, or undefined when it passes the rule of {@link readTokens}. */
function tokenProblem(token: string): string | undefined {
  if (token === '') return 'must not be empty';
  if (/\s/.test(token)) return 'must not contain white space (a client cannot send it in an Authorization header)';
  if (!TOKEN_CHARACTERS.test(token)) return 'must use only letters, digits and - . _ ~ + / =';
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters`;
  const pattern = patternProblem(token);
  if (pattern !== undefined) return `looks guessable: ${pattern}`;
  const bits = tokenBits(token);
  return bits >= MIN_TOKEN_BITS ? undefined : `is too short for its alphabet (about ${Math.floor(bits)} bits, at least `
    + `${MIN_TOKEN_BITS} needed: e.g. 22 base64 characters, 32 hex digits, 39 decimal digits)`;
}

/** The bearer tokens of the API, each for one role. */
export interface Tokens {
  /** token → the admin's name for the audit log (ADMIN_TOKEN is `admin`). */
  adminTokens: Map<string, string>;
  webhookToken?: string;
  issueToken?: string;
  /** The operator token of `GET /stats` (STATS_TOKEN). */
  statsToken?: string;
}

/**
 * Reads ADMIN_TOKEN, ADMIN_TOKENS (`name=token,name=token`), DHIS2_WEBHOOK_TOKEN, ISSUE_TOKEN and STATS_TOKEN. Each token must look
 * like a random secret of 128+ bits: at least 22 characters of `A-Z a-z 0-9 - . _ ~ + / =` (no white space), long
 * enough for its alphabet (22 base64, 32 hex, 39 decimal), with no run of 6 (`aaaaaa`, `123456`), no character making
 * up a quarter of it, and 8+ different characters. `openssl rand -base64 32` or `openssl rand -hex 32` give one. No
 * token may serve two roles or two admins. Every problem is pushed to `read.problems`, naming its variable (and the
 * admin), never the token.
 */
export function readTokens(read: EnvReader): Tokens {
  const roles: [string, string][] = [];
  const adminToken = read.string('ADMIN_TOKEN');
  if (adminToken !== undefined) roles.push(['ADMIN_TOKEN', adminToken]);
  const adminTokens = new Map<string, string>(adminToken === undefined ? [] : [[adminToken, 'admin']]);
  for (const pair of read.string('ADMIN_TOKENS')?.split(',').map((p) => p.trim()).filter(Boolean) ?? []) {
    const match = /^([\w.@-]{1,64})=(.*)$/s.exec(pair);
    if (!match) {
      read.problems.push('ADMIN_TOKENS must be name=token pairs separated by commas (names of letters, digits, . _ @ -)');
      continue;
    }
    roles.push([`ADMIN_TOKENS (${match[1]})`, match[2]!.trim()]);
    adminTokens.set(match[2]!.trim(), match[1]!);
  }
  const webhookToken = read.string('DHIS2_WEBHOOK_TOKEN');
  if (webhookToken !== undefined) roles.push(['DHIS2_WEBHOOK_TOKEN', webhookToken]);
  const issueToken = read.string('ISSUE_TOKEN');
  if (issueToken !== undefined) roles.push(['ISSUE_TOKEN', issueToken]);
  const statsToken = read.string('STATS_TOKEN');
  if (statsToken !== undefined) roles.push(['STATS_TOKEN', statsToken]);

  const holders = new Map<string, string[]>();
  for (const [role, token] of roles) {
    const problem = tokenProblem(token);
    if (problem !== undefined) read.problems.push(`${role} ${problem}`);
    holders.set(token, [...(holders.get(token) ?? []), role]);
  }
  for (const shared of holders.values()) {
    if (shared.length > 1) read.problems.push(`${shared.join(' and ')} must be different tokens: one token serves one role`);
  }
  return {
    adminTokens,
    ...(webhookToken === undefined ? {} : { webhookToken }),
    ...(issueToken === undefined ? {} : { issueToken }),
    ...(statsToken === undefined ? {} : { statsToken }),
  };
}
