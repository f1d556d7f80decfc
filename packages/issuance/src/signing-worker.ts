// A signing thread of a SigningPool: holds its own imported key and signs the credentials it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { createIssuer, issueCredential } from '@healthcred/credentials';
import { isHealthcredError } from '@healthcred/errors';
import type { IssuerKeySet } from '@healthcred/issuer-identity';
import type { HealthCredential } from '@healthcred/types';

const { keys, url } = workerData as { keys: IssuerKeySet; url: string };
let issuer = createIssuer({ keys, url });

type Request = { keys: IssuerKeySet } | { id: number; credentials: HealthCredential[]; now: string };

parentPort!.on('message', async (request: Request) => {
  if ('keys' in request) {
    issuer = createIssuer({ keys: request.keys, url });
    return;
  }
  const { id, credentials, now } = request;
  try {
    const date = new Date(now);
    const results = [];
    for (const credential of credentials) {
      const signed = await issueCredential({ credential, issuer, now: date });
      const { proof, ...document } = signed;
      // Only the proof goes back (the caller holds the credential: half the copying between threads), unless
      // signing changed the document too, as vc's general path may (adding its suite context or an issuance date).
      results.push(JSON.stringify(document) === JSON.stringify(credential) ? { proof } : { signed });
    }
    parentPort!.postMessage({ id, results });
  } catch (error) {
    const known = isHealthcredError(error);
    parentPort!.postMessage({
      id, error: {
        code: known ? error.code : 'signing_failed', message: (error as Error).message,
        ...(known && error.field !== undefined ? { field: error.field } : {}),
      },
    });
  }
});
