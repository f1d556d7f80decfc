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
    const proofs = [];
    for (const credential of credentials) proofs.push((await issueCredential({ credential, issuer, now: date })).proof);
    // Only the proofs go back (the caller holds the credentials): half the copying between threads.
    parentPort!.postMessage({ id, proofs });
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
