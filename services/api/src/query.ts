import type { Request } from 'express';
import { HealthcredError } from '@healthcred/errors';

/** The most items one list request returns (the store's page limit). */
export const MAX_PAGE_SIZE = 1000;

function refuse(name: string, problem: string): never {
  throw new HealthcredError('invalid_input', `?${name}= ${problem}.`, { field: name });
}

/** The one value of query parameter `name`, or undefined when absent; a parameter given twice is refused. */
function single(request: Request, name: string): string | undefined {
  const value: unknown = request.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') refuse(name, 'must be given once');
  return value;
}

/**
 * `?limit=`: undefined when absent, else a whole number from 1 to `max` written in decimal digits (`-1`, `abc`,
 * `1e12`, `2.5` are refused).
 * @throws HealthcredError `invalid_input` (400) naming `limit`.
 */
export function queryLimit(request: Request, max = MAX_PAGE_SIZE): number | undefined {
  const text = single(request, 'limit');
  if (text === undefined) return undefined;
  const limit = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= max)) refuse('limit', `must be a whole number from 1 to ${max}`);
  return limit;
}

/**
 * `?name=` as one of `values`, or undefined when absent.
 * @throws HealthcredError `invalid_input` (400) naming the parameter and the values it takes.
 */
export function queryChoice<T extends string>(request: Request, name: string, values: readonly T[]): T | undefined {
  const text = single(request, name);
  if (text === undefined) return undefined;
  if (!values.includes(text as T)) refuse(name, `must be one of: ${values.join(', ')}`);
  return text as T;
}

/**
 * `?name=` as text of 1 to `maxLength` characters, or undefined when absent or empty.
 * @throws HealthcredError `invalid_input` (400) naming the parameter.
 */
export function queryText(request: Request, name: string, maxLength: number): string | undefined {
  const text = single(request, name);
  if (text === undefined || text === '') return undefined;
  if (text.length > maxLength) refuse(name, `must be at most ${maxLength} characters`);
  return text;
}
