import { HealthcredError } from '@healthcred/errors';
import { parseJson } from './parse-json.js';

/** Why a JSON text or value is refused before its content is read. */
export type UnsafeJsonReason = 'duplicate_member' | 'forbidden_member';

/**
 * Member names that change how JavaScript reads an object (`__proto__` sets the prototype of an object built by
 * assignment; `constructor` and `prototype` are what prototype-pollution gadgets look for). No credential has them.
 */
export const FORBIDDEN_MEMBER_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A JSON text that parses, but could be read two ways: a member name given twice (JSON.parse keeps the last, other
 * readers the first, so two parties would see different data under one signature), or a forbidden member name.
 * The message names the member and its path, never a value.
 */
export class UnsafeJsonError extends HealthcredError {
  readonly reason: UnsafeJsonReason;
  readonly path: string;

  constructor(reason: UnsafeJsonReason, path: string, name: string) {
    const what = reason === 'duplicate_member'
      ? `has the member "${name}" twice` : `has a member named "${name}", which is never allowed`;
    super('invalid_input', `${path === '' ? 'The JSON' : path} ${what}.`, { field: path === '' ? name : `${path}.${name}` });
    this.name = 'HealthcredError';
    this.reason = reason;
    this.path = path;
  }
}

/** True when `error` is an {@link UnsafeJsonError}. */
export function isUnsafeJsonError(error: unknown): error is UnsafeJsonError {
  return error instanceof UnsafeJsonError;
}

interface Frame {
  object: boolean;
  names: Set<string> | undefined;
  expectName: boolean;
  name: string;
  index: number;
}

function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (let i = 1; i < stack.length; i++) {
    const parent = stack[i - 1]!;
    path += parent.object ? (path === '' ? parent.name : `.${parent.name}`) : `[${parent.index}]`;
  }
  return path;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The index of the quote that closes the string opening at `start`. `text` is known to be valid JSON. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i;
    i += code === BACKSLASH ? 2 : 1;
  }
}

/** Walks valid JSON text and throws at the first duplicate or forbidden member name. */
function checkMemberNames(text: string): void {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.object && top.expectName) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? JSON.parse(text.slice(i, end + 1)) as string : raw;
        if (FORBIDDEN_MEMBER_NAMES.has(name)) throw new UnsafeJsonError('forbidden_member', pathOf(stack), name);
        top.names ??= new Set();
        if (top.names.has(name)) throw new UnsafeJsonError('duplicate_member', pathOf(stack), name);
        top.names.add(name);
        top.name = name;
        top.expectName = false;
      }
      i = end;
    } else if (code === 0x7b /* { */) {
      stack.push({ object: true, names: undefined, expectName: true, name: '', index: 0 });
    } else if (code === 0x5b /* [ */) {
      stack.push({ object: false, names: undefined, expectName: false, name: '', index: 0 });
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      stack.pop();
    } else if (code === 0x2c /* , */) {
      const top = stack[stack.length - 1]!;
      if (top.object) top.expectName = true;
      else top.index++;
    }
  }
}

/**
 * Parses untrusted JSON text that will be verified or signed: as {@link parseJson}, and refuses a text in which an
 * object names a member twice or has a member named `__proto__`, `constructor` or `prototype`.
 *
 * @param source - What the text is, for error messages (a path, "The credential").
 * @throws HealthcredError `invalid_input` when the text is not JSON; {@link UnsafeJsonError} (also `invalid_input`)
 *   naming the member and its path when it is unsafe.
 */
export function parseStrictJson(text: string, source: string): unknown {
  const value = parseJson(text, source);
  checkMemberNames(text);
  return value;
}

/**
 * Checks an already parsed value (e.g. from a QR decoder) for forbidden member names, which JSON.parse keeps as own
 * properties. Duplicates can no longer be seen in a parsed value: parse text with {@link parseStrictJson}.
 *
 * @param maxDepth - Deepest nesting allowed. Default 32.
 * @throws UnsafeJsonError `forbidden_member` naming the member; HealthcredError `invalid_input` when too deep.
 */
export function assertNoForbiddenMembers(value: unknown, maxDepth = 32): void {
  const walk = (node: unknown, path: string, depth: number): void => {
    if (typeof node !== 'object' || node === null) return;
    if (depth > maxDepth) throw new HealthcredError('invalid_input', `${path || 'The JSON'} is nested too deeply.`, { field: path });
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${path}[${index}]`, depth + 1));
      return;
    }
    for (const name of Object.keys(node)) {
      if (FORBIDDEN_MEMBER_NAMES.has(name)) throw new UnsafeJsonError('forbidden_member', path, name);
      walk((node as Record<string, unknown>)[name], path === '' ? name : `${path}.${name}`, depth + 1);
    }
  };
  walk(value, '', 0);
}
