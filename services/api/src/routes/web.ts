import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/**
 * The built web pages (services/web): the citizen portal at `/` and the verifier at `/verify`. Vite names assets by
 * content hash, so they are cached for a year; the HTML pages are revalidated on every load.
 */
export function webRoutes(root: string): Router {
  const router = Router();
  const page = (file: string) => (_request: express.Request, response: express.Response) => {
    response.set('Cache-Control', 'no-cache').sendFile(join(root, file));
  };
  router.get('/', page('index.html'));
  router.get('/verify', page('verify.html'));
  router.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  for (const file of ['sw.js', 'manifest.webmanifest']) {
    if (existsSync(join(root, file))) router.get(`/${file}`, page(file));
  }
  return router;
}
