import express, { Router } from 'express';
import type { EventBus } from '@healthcred/bus';
import { requireToken } from '../auth.js';

/**
 * `POST /dhis2/webhook`: DHIS2 notification webhooks and event hooks post tracker payloads here; each lands, as
 * sent, on the DHIS2 topic the issuer consumes (the same way in as DHIS2's own Kafka event hooks). Answers 202
 * once the payload is durably on the topic. The issuer validates and maps it, and dead-letters what it cannot use.
 */
export function dhis2WebhookRoutes(deps: {
  bus: EventBus; topic: string; token: string | undefined; limitBytes: number;
}): Router {
  const router = Router();
  router.post('/dhis2/webhook', requireToken(deps.token, 'DHIS2 webhook'),
    express.json({ limit: deps.limitBytes, type: ['application/json', 'application/*+json'] }),
    async (request, response) => {
      if (!request.is('json')) {
        response.status(415).json({ error: { code: 'invalid_input', message: 'The body must be application/json.' } });
        return;
      }
      await deps.bus.publish(deps.topic, [{ value: JSON.stringify(request.body), headers: { source: 'webhook' } }]);
      response.status(202).json({ accepted: true });
    });
  return router;
}
