import { Router } from 'express';

/** Something the API depends on, with a cheap reachability check. */
export interface Dependency {
  name: string;
  ping(): Promise<void>;
}

/** `GET /health`: the process is alive. `GET /ready`: every dependency answers (503 naming those that do not). */
export function healthRoutes(dependencies: Dependency[]): Router {
  const router = Router();
  router.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/ready', async (_request, response) => {
    const results = await Promise.allSettled(dependencies.map((dependency) => dependency.ping()));
    const down = dependencies.filter((_, i) => results[i]!.status === 'rejected').map((d) => d.name);
    response.status(down.length === 0 ? 200 : 503).json({ status: down.length === 0 ? 'ready' : 'unavailable', down });
  });
  return router;
}
