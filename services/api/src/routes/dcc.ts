import { Router, type Request, type Response } from 'express';
import { recordFromCredential } from '@healthcred/credentials';
import {
  buildDdccVsBundle, buildTrustList, buildUvci, issueDcc, renderDccQrPng, renderDccQrSvg, verifyHc1,
  reportHc1Verification, type DccSigner, type DccValueSets, type Hc1Report, type IssuedDcc, type TrustList,
} from '@healthcred/dcc';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import type { CredentialStore, StoredCertificate } from '@healthcred/store';
import type { HealthRecord } from '@healthcred/types';
import { holderDownload } from './certificates.js';

/** What the EU DCC (HC1) and WHO DDCC:VS outputs need (see `loadConfig`'s DCC_* variables). */
export interface DccDeps {
  /** Our Document Signer Certificate and its key: signs the HC1s and is the trust list we publish. */
  signer: DccSigner;
  valueSets: DccValueSets;
  /** ISO 3166-1 alpha-2 issuing country. */
  country: string;
  /** Certificate issuer (`is`). */
  issuerName: string;
  /** Other countries' DSCs, trusted when verifying (our own DSC always is). */
  trustList: TrustList;
  /** Days an HC1 is valid. */
  validityDays: number;
}

/** The error of every DCC endpoint of a server without a DSC. */
export function dccOff(): HealthcredError {
  return new HealthcredError('not_found', 'EU DCC is not configured on this server.');
}

/** The DSCs we publish: our own. */
export function publishedTrustList(dcc: DccDeps): TrustList {
  return buildTrustList([dcc.signer.certificate.toString()]);
}

/** The DSCs verification trusts: ours and the other countries'. */
export function verifyingTrustList(dcc: DccDeps): TrustList {
  return [...publishedTrustList(dcc), ...dcc.trustList];
}

/**
 * Verifies HC1 text against a trust list, answering in the shape of the W3C verification: the checks passed
 * (structure, dsc, signature, dates) and errors naming their check.
 */
export function verifyHc1Text(hc1: string, trustList: TrustList): Hc1Report {
  return reportHc1Verification(verifyHc1({ hc1, trustList, now: new Date() }));
}

/** A record that cannot be an EU DCC (or a WHO DDCC:VS) is the holder's data, not a bad request: 422 with the reason. */
function unprocessable(error: unknown, format = 'an EU DCC'): unknown {
  if (!isHealthcredError(error) || error.code !== 'invalid_input') return error;
  const options = error.field === undefined ? { cause: error } : { cause: error, field: error.field };
  return Object.assign(new HealthcredError('invalid_input', `This certificate cannot be ${format}: ${error.message}`, options), { status: 422 });
}

/** The WHO DDCC:VS bundle (IG v1.0.1) of a stored vaccination. */
function ddccBundle(dcc: DccDeps, certificate: StoredCertificate) {
  const read = currentRecord(certificate);
  if (read.kind !== 'vaccination') {
    throw new HealthcredError('not_found', 'WHO DDCC:VS covers vaccinations only; this is a test result.');
  }
  try {
    return buildDdccVsBundle({
      record: read.record, certificateId: certificate.certificateId, country: dcc.country, issuerName: dcc.issuerName,
      now: new Date(), valueSets: dcc.valueSets,
    });
  } catch (error) {
    throw unprocessable(error, 'a WHO DDCC:VS');
  }
}

/** The record of a certificate that is still valid: revoked and suspended ones get no DCC or DDCC. */
function currentRecord(certificate: StoredCertificate): HealthRecord {
  if (certificate.status !== 'issued') {
    throw new HealthcredError('conflict', `This certificate is ${certificate.status}; no EU DCC or DDCC is made for it.`);
  }
  try {
    // A minimal credential has no refId, which neither the DCC nor the DDCC:VS bundle prints: the holder key stands in.
    return recordFromCredential(certificate.credential, { refId: certificate.subjectId });
  } catch (error) {
    throw unprocessable(error);
  }
}

/** The response header that gives the HC1's `exp` when our DSC expires before `validityDays` would end. */
const EXPIRY_SHORTENED_HEADER = 'X-DCC-Expiry-Shortened';

/** Issues a fresh HC1 for a stored certificate. */
function issueHc1(dcc: DccDeps, certificate: StoredCertificate): IssuedDcc {
  const record = currentRecord(certificate);
  try {
    return issueDcc({
      record, signer: dcc.signer, valueSets: dcc.valueSets, country: dcc.country, issuerName: dcc.issuerName,
      now: new Date(), validityDays: dcc.validityDays,
      uvci: buildUvci({ country: dcc.country, id: certificate.certificateId.replaceAll('-', '') }),
    });
  } catch (error) {
    throw unprocessable(error);
  }
}

/**
 * The EU DCC and WHO DDCC:VS routes; without `dcc` each answers 404 "EU DCC is not configured on this server.".
 * - `GET /certificates/{id}/dcc.png|dcc.svg?dob=`: the certificate as a freshly signed HC1 QR code (same holder check
 *   and wrong-try limit as the other citizen routes; 422 when the record cannot be an EU DCC, 409 when revoked). The
 *   HC1's `exp` never passes our DSC's notAfter (hcert 3.3.5): when that cuts `validityDays` short, the response has
 *   `X-DCC-Expiry-Shortened: <exp as ISO 8601>` (e.g. `2027-01-01T00:00:00.000Z`), and the DSC is due for renewal;
 * - `GET /certificates/{id}/ddcc.json?dob=`: the WHO DDCC:VS FHIR document Bundle (IG v1.0.1) of a vaccination; 422
 *   naming the field when the record cannot be one (a vaccine without an ICD-11 or EU SNOMED CT code);
 * - `GET /dcc/trust-list`: our DSC as a trust list, for verifiers.
 */
export function dccRoutes(deps: {
  store: CredentialStore; triesPerMinute: number; dcc?: DccDeps;
  /** Downloads of one certificate's DCC or DDCC per client and minute, once the birth date is right. */
  downloadsPerMinute: number;
}): Router {
  const router = Router();
  const holderCertificate = holderDownload(deps);
  const published = deps.dcc && publishedTrustList(deps.dcc);
  const configured = (): DccDeps => {
    if (deps.dcc === undefined) throw dccOff();
    return deps.dcc;
  };
  const send = (response: Response, type: string, body: string | Buffer) => {
    response.set('Cache-Control', 'private, no-store').type(type).send(body);
  };
  const hc1Of = async (request: Request, response: Response) => {
    const dcc = configured();
    const issued = issueHc1(dcc, await holderCertificate(request));
    if (issued.expiryShortened) response.set(EXPIRY_SHORTENED_HEADER, issued.expiresAt.toISOString());
    return issued.hc1;
  };

  router.get('/certificates/:id/dcc.png', async (request, response) => {
    send(response, 'image/png', await renderDccQrPng(await hc1Of(request, response)));
  });
  router.get('/certificates/:id/dcc.svg', async (request, response) => {
    send(response, 'image/svg+xml', await renderDccQrSvg(await hc1Of(request, response)));
  });
  router.get('/certificates/:id/ddcc.json', async (request, response) => {
    const dcc = configured();
    const certificate = await holderCertificate(request);
    const bundle = ddccBundle(dcc, certificate);
    response.attachment(`ddcc-${certificate.certificateId}.json`);
    send(response, 'application/fhir+json', JSON.stringify(bundle));
  });
  router.get('/dcc/trust-list', (_request, response) => {
    if (published === undefined) throw dccOff();
    response.set('Cache-Control', 'public, max-age=3600').json(published);
  });
  return router;
}
