import { Router } from 'express';
import { isHealthcredError } from '@healthcred/errors';

/** Something the API depends on, with a cheap check that it can serve (for the SQLite files: that they can be written). */
export interface Dependency {
  name: string;
  ping(): Promise<void>;
}

/**
 * `GET /health`: the process is alive. `GET /ready`: every dependency can serve; otherwise 503 with those that cannot
 * in `down` and, in `reasons`, what each one's check said (`store.sqlite cannot be written: the disk is full.`).
 */
export function healthRoutes(dependencies: Dependency[]): Router {
  const router = Router();
  router.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/ready', async (_request, response) => {
    const results = await Promise.allSettled(dependencies.map((dependency) => dependency.ping()));
    const reasons: Record<string, string> = {};
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        reasons[dependencies[i]!.name] = isHealthcredError(result.reason) ? result.reason.message : 'It does not answer.';
      }
    });
    const down = Object.keys(reasons);
    response.set('Cache-Control', 'no-store').status(down.length === 0 ? 200 : 503)
      .json({ status: down.length === 0 ? 'ready' : 'unavailable', down, ...(down.length === 0 ? {} : { reasons }) });
  });
  return router;
}
