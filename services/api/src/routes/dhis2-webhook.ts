import { Router } from 'express';
import type { EventBus } from '@healthcred/bus';
import { dhis2PayloadKey } from '@healthcred/dhis2';
import { requireToken } from '../auth.js';
import { jsonBody } from '../json-body.js';
import type { LoginGuard } from '../login-limit.js';

/**
 * `POST /dhis2/webhook`: DHIS2 notification webhooks and event hooks post tracker payloads here; each lands, as
 * sent, on the DHIS2 topic the issuer consumes (the same way in as DHIS2's own Kafka event hooks), keyed by its tracked
 * entity so that one person's payloads are mapped in the order they came. Answers 202
 * once the payload is durably on the topic. The issuer validates and maps it, and dead-letters what it cannot use.
 */
export function dhis2WebhookRoutes(deps: {
  bus: EventBus; topic: string; token: string | undefined; limitBytes: number; loginGuard: LoginGuard;
}): Router {
  const router = Router();
  router.post('/dhis2/webhook', requireToken(deps.token, 'DHIS2 webhook', deps.loginGuard), ...jsonBody(deps.limitBytes),
    async (request, response) => {
      const key = dhis2PayloadKey(request.body);
      await deps.bus.publish(deps.topic, [{
        ...(key === undefined ? {} : { key }), value: JSON.stringify(request.body), headers: { source: 'webhook' },
      }]);
      response.status(202).json({ accepted: true });
    });
  return router;
}
