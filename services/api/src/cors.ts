import type { RequestHandler } from 'express';

/**
 * CORS for what anyone may read or verify from another origin (a verifier web app elsewhere): `GET` on the public
 * documents and `POST` on the verify routes, with preflight. Never on citizen or admin routes, whose answers are
 * personal or privileged: a page on another origin must not be able to read them with the user's connection.
 *
 * @param isPublic - Whether a path (and its methods) may be read cross-origin: 'read' for GET/HEAD, 'verify' for POST.
 */
export function publicCors(isPublic: (path: string) => 'read' | 'verify' | undefined): RequestHandler {
  return (request, response, next) => {
    const kind = isPublic(request.path);
    if (kind === undefined) return next();
    const methods = kind === 'read' ? 'GET, HEAD, OPTIONS' : 'POST, OPTIONS';
    response.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': methods });
    if (request.method !== 'OPTIONS') return next();
    response.set({ 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' }).status(204).end();
  };
}
