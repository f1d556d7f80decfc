import express, { type RequestHandler } from 'express';
import { HealthcredError } from '@healthcred/errors';
import { parseStrictJson } from '@healthcred/validation';

/** Nesting deeper than any healthcred document; deeper bodies are refused before any code walks them. */
const MAX_DEPTH = 32;

/** Whether `value` holds objects more than `levels` deep; recursion stops at `levels`, so the stack stays shallow. */
function depthExceeds(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (depthExceeds(child, levels - 1)) return true;
    return false;
  }
  // for...in walks parsed JSON without making an array of its values (its prototype has no enumerable members).
  for (const key in value) if (depthExceeds((value as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Parses a JSON body when there is one (other content types are left alone): 413 over `limitBytes`, 400 for invalid
 * JSON or nesting deeper than 32 levels.
 */
export function parseJsonBody(limitBytes: number): RequestHandler[] {
  return [
    express.json({ limit: limitBytes, type: JSON_TYPES }),
    (request, _response, next) => {
      next(depthExceeds(request.body, MAX_DEPTH)
        ? new HealthcredError('invalid_input', `The body is nested more than ${MAX_DEPTH} levels deep.`) : undefined);
    },
  ];
}

/**
 * Requires and parses a JSON body: 415 unless the content type is JSON (or one of `otherTypes`, parsed by an earlier
 * handler), then as {@link parseJsonBody}. Each refusal with a message saying which.
 */
export function jsonBody(limitBytes: number, otherTypes: string[] = []): RequestHandler[] {
  const accepted = [...JSON_TYPES, ...otherTypes];
  return [
    (request, _response, next) => {
      next(request.is(accepted) ? undefined : Object.assign(
        new HealthcredError('invalid_input', `The body must be ${accepted.join(' or ')}.`), { status: 415 }));
    },
    ...parseJsonBody(limitBytes),
  ];
}

/**
 * Parses a body's text as {@link strictJsonBody} does (`parseStrictJson`, then at most 32 levels deep).
 *
 * @throws UnsafeJsonError for a member named twice or a prototype member; HealthcredError `invalid_input` otherwise.
 */
export function parseStrictBody(text: string): unknown {
  const body = parseStrictJson(text, 'The body');
  if (depthExceeds(body, MAX_DEPTH)) throw new HealthcredError('invalid_input', `The body is nested more than ${MAX_DEPTH} levels deep.`);
  return body;
}

/**
 * Requires a JSON body and parses it with a reader that refuses a member named twice or a prototype member
 * (`parseStrictJson`): for bodies holding something to verify, where two readers must not see two documents.
 * 415 unless JSON (or one of `otherTypes`, parsed by an earlier handler), 413 over `limitBytes`; the refusal is passed
 * on as an `UnsafeJsonError` for the route's error handling, other bad JSON as 400.
 */
export function strictJsonBody(limitBytes: number, otherTypes: string[] = []): RequestHandler[] {
  const accepted = [...JSON_TYPES, ...otherTypes];
  return [
    (request, _response, next) => {
      next(request.is(accepted) ? undefined : Object.assign(
        new HealthcredError('invalid_input', `The body must be ${accepted.join(' or ')}.`), { status: 415 }));
    },
    express.text({ limit: limitBytes, type: JSON_TYPES }),
    (request, _response, next) => {
      if (typeof request.body !== 'string') return next();
      try {
        request.body = parseStrictBody(request.body);
        next();
      } catch (error) {
        next(error);
      }
    },
  ];
}
