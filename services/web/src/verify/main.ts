import { unsafeJsonResult } from '@healthcred/credentials/verify';
import { decodeQrPayloadWithTrust, preloadCompactQrV3 } from '@healthcred/qr/decode';
import { isUnsafeJsonError } from '@healthcred/validation';
import { credentialView, type CredentialView } from '../shared/credential-view.js';
import { countryName, I18n, type MessageKey } from '../shared/i18n.js';
import { renderCredential } from '../shared/render-credential.js';
import { dccView, hc1Of, hc1Verdict, verifyHc1Online } from './hc1.js';
import { contextLoaderFor } from './contexts.js';
import { verifyOnDevice, verifyStatusList } from './on-device.js';
import { verifyCredentialOnline } from './online.js';
import { QrInputError, readQrFromImage, scanWithCamera } from './read-qr.js';
import { TrustKeeper } from './trust-keeper.js';
import { trustSavedAt } from './trust-store.js';
import { verdictOf, type Verdict } from './verdict.js';

interface Shown {
  verdict: Verdict;
  /** A W3C credential, which can also be checked online. */
  credential?: unknown;
  /** What to show of a certificate that is not a W3C credential (an EU DCC). */
  view?: CredentialView;
  where?: 'verify.checkedOffline' | 'verify.checkedOnline';
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const i18n = new I18n();
let shown: Shown | undefined;
let stopCamera: (() => void) | undefined;

function invalid(reason: MessageKey): Verdict {
  return { state: 'invalid', reasons: [reason] };
}

const trust = new TrustKeeper({ verifyList: verifyStatusList, onChange: () => renderTrust() });

function renderTrust(): void {
  const note = element('trust');
  const snapshot = trust.snapshot;
  note.dataset.ready = String(snapshot !== undefined);
  note.textContent = snapshot
    ? i18n.t('verify.ready', { time: new Date(trustSavedAt(snapshot)).toLocaleString(i18n.language) })
    : i18n.t('verify.notReady');
}

/** Names the trusted authority (and its DID, small), or says that the issuer is not trusted, naming its DID. */
function renderIssuer(issuer: Verdict['issuer']): void {
  const line = element('issuer');
  line.hidden = issuer === undefined;
  if (!issuer) return;
  line.dataset.trusted = String(issuer.trusted);
  element('issuer-name').textContent = issuer.trusted
    ? i18n.t('verify.issuedBy', { name: issuer.name, country: countryName(issuer.country, i18n.language) })
    : i18n.t('verify.untrustedIssuer');
  element('issuer-did').textContent = issuer.id;
}

function renderResult(): void {
  element('progress').hidden = true;
  if (!shown) return;
  const { verdict, credential, where } = shown;
  const view = shown.view ?? (credential === undefined ? undefined : credentialView(credential));
  element('result').hidden = false;
  element('verdict').dataset.state = verdict.state;
  element('verdict-title').textContent = i18n.t(`verdict.${verdict.state}`);
  renderIssuer(verdict.issuer);
  element('reasons').replaceChildren(...verdict.reasons.map((reason) => {
    const item = document.createElement('li');
    item.textContent = i18n.t(reason);
    item.dataset.reason = reason;
    return item;
  }));
  element('compare').hidden = verdict.state !== 'valid';
  const certificate = element('certificate');
  certificate.hidden = view === undefined;
  if (view) renderCredential(certificate, i18n, view);
  element('checked-where').textContent = where ? i18n.t(where) : '';
  element('online').hidden = credential === undefined || where === 'verify.checkedOnline';
}

/** Clears the last result while a new check runs, so a stale verdict is never on screen. */
function startProgress(): void {
  shown = undefined;
  element('result').hidden = true;
  delete element('verdict').dataset.state;
  element('progress').hidden = false;
}

function show(next: Shown): void {
  shown = next;
  renderResult();
  element('result').scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/** The credential a QR payload holds; a compact v3 payload is read with the kept trust list, which its tables need. */
async function decodeHere(payload: Uint8Array | string): Promise<unknown> {
  await trust.freshen();
  const trustedIssuers = trust.snapshot?.trustList.value ?? [];
  return (await decodeQrPayloadWithTrust(payload, { trustedIssuers, documentLoader: contextLoaderFor(trustedIssuers) })).credential;
}

async function verifyHere(credential: unknown): Promise<Verdict> {
  await trust.freshen();
  const snapshot = trust.snapshot;
  if (!snapshot) return invalid('reason.not_ready');
  return verdictOf(await verifyOnDevice(credential, snapshot));
}

/** An EU DCC is checked by the issuer's server, which holds the trusted countries' signing certificates. */
async function checkHc1(hc1: string): Promise<Shown> {
  const outcome = await verifyHc1Online(hc1);
  if ('failure' in outcome) {
    return { verdict: { state: 'unchecked', reasons: [outcome.failure === 'offline' ? 'reason.hc1_offline' : 'reason.hc1_unsupported'] } };
  }
  const { report } = outcome;
  return { verdict: hc1Verdict(report), ...(report.dcc ? { view: dccView(report.dcc) } : {}), where: 'verify.checkedOnline' };
}

async function verifyPayload(payload: Uint8Array | string): Promise<void> {
  startProgress();
  const hc1 = hc1Of(payload);
  if (hc1) {
    show(await checkHc1(hc1));
    return;
  }
  let credential: unknown;
  try {
    credential = await decodeHere(payload);
  } catch (error) {
    show(isUnsafeJsonError(error)
      ? { verdict: verdictOf(unsafeJsonResult(error)), where: 'verify.checkedOffline' }
      : { verdict: invalid('reason.unreadable_qr') });
    return;
  }
  show({ verdict: await verifyHere(credential), credential, where: 'verify.checkedOffline' });
}

async function verifyOnline(): Promise<void> {
  if (!shown?.credential) return;
  const credential = shown.credential;
  element('progress').hidden = false;
  const outcome = await verifyCredentialOnline(credential);
  if ('result' in outcome) {
    show({ verdict: verdictOf(outcome.result), credential, where: 'verify.checkedOnline' });
    return;
  }
  element('progress').hidden = true;
  element('checked-where').textContent = i18n.t(outcome.failure === 'offline' ? 'error.network' : 'error.unexpected');
}

function reportInputError(error: unknown): void {
  show({ verdict: invalid(error instanceof QrInputError ? `reason.${error.reason}` : 'reason.unreadable_qr') });
}

async function verifyImage(file: Blob | undefined): Promise<void> {
  if (!file) return;
  startProgress();
  try {
    await verifyPayload(await readQrFromImage(file));
  } catch (error) {
    reportInputError(error);
  }
}

function showCamera(on: boolean): void {
  element('camera').hidden = !on;
  const button = element('scan');
  button.dataset.i18n = on ? 'verify.stopScan' : 'verify.scan';
  button.textContent = i18n.t(button.dataset.i18n as MessageKey);
}

async function toggleCamera(): Promise<void> {
  if (stopCamera) {
    stopCamera();
    stopCamera = undefined;
    showCamera(false);
    return;
  }
  try {
    stopCamera = await scanWithCamera(element<HTMLVideoElement>('camera'), (payload) => {
      stopCamera = undefined;
      showCamera(false);
      void verifyPayload(payload);
    });
    showCamera(true);
  } catch (error) {
    reportInputError(error);
  }
}

function wireInputs(): void {
  const file = element<HTMLInputElement>('file');
  file.addEventListener('change', () => {
    void verifyImage(file.files?.[0]);
    file.value = '';
  });
  const zone = element('drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    void verifyImage(event.dataTransfer?.files[0]);
  });
  element('paste-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = element<HTMLTextAreaElement>('payload').value;
    if (text.trim()) void verifyPayload(text);
  });
  element('scan').addEventListener('click', () => void toggleCamera());
  element('online').addEventListener('click', () => void verifyOnline());
}

i18n.mount(element<HTMLSelectElement>('language'));
i18n.onChange(() => {
  renderTrust();
  renderResult();
});
wireInputs();
void navigator.serviceWorker?.register('/sw.js').catch(() => undefined);
void trust.start();
// Fetched now, while online, so the service worker keeps it for compact v3 codes scanned offline.
void preloadCompactQrV3().catch(() => undefined);
