import { credentialView } from '../shared/credential-view.js';
import { I18n, type MessageKey } from '../shared/i18n.js';
import { renderCredential } from '../shared/render-credential.js';
import {
  certificateUrl, cleanCertificateId, fetchCertificate, fetchHolderCertificates, lookupErrorMessage, summaryParts,
  type HolderCertificate, type LookupError,
} from './api.js';
import { dccErrorMessage, fetchDccDownload, isDccEnabled, type DccError } from './dcc.js';

interface Shown {
  id: string;
  dob: string;
  credential: Record<string, unknown>;
  others: HolderCertificate[];
  /** Whether the server issues EU DCCs (then the EU DCC and WHO DDCC downloads are offered). */
  dcc: boolean;
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const i18n = new I18n();
let shown: Shown | undefined;
let failure: LookupError | 'invalid_input' | undefined;
let jsonUrl: string | undefined;
let dccFailure: DccError | undefined;
const dccEnabled = isDccEnabled();

function renderError(): void {
  const error = element('error');
  error.hidden = failure === undefined;
  if (failure === 'invalid_input') error.textContent = i18n.t('portal.error.invalidInput');
  else if (failure) {
    const message = lookupErrorMessage(failure);
    error.textContent = i18n.t(message.key, message.params);
  }
  element('dcc-error').hidden = dccFailure === undefined;
  if (dccFailure) {
    const message = dccErrorMessage(dccFailure);
    element('dcc-error-message').textContent = i18n.t(message.key, message.params);
    element('dcc-error-detail').textContent = message.detail ? i18n.t('portal.dcc.error.detail', { reason: message.detail }) : '';
  }
}

function setDownloads(current: Shown): void {
  const { id, dob, credential } = current;
  element<HTMLAnchorElement>('download-pdf').href = certificateUrl(id, dob, '/pdf');
  element<HTMLAnchorElement>('download-pdf').download = `certificate-${id}.pdf`;
  element<HTMLAnchorElement>('download-qr').href = certificateUrl(id, dob, '/qr.png');
  element<HTMLAnchorElement>('download-qr').download = `certificate-${id}-qr.png`;
  const qr = element<HTMLImageElement>('qr');
  qr.hidden = false;
  qr.src = certificateUrl(id, dob, '/qr.png');
  if (jsonUrl) URL.revokeObjectURL(jsonUrl);
  jsonUrl = URL.createObjectURL(new Blob([JSON.stringify(credential, null, 2)], { type: 'application/json' }));
  element<HTMLAnchorElement>('download-json').href = jsonUrl;
  element<HTMLAnchorElement>('download-json').download = `certificate-${id}.json`;
  setDccDownloads(current);
}

function setDccDownloads({ id, dob, credential, dcc }: Shown): void {
  const dccLink = element<HTMLAnchorElement>('download-dcc');
  dccLink.hidden = !dcc;
  dccLink.href = certificateUrl(id, dob, '/dcc.png');
  dccLink.download = `eu-dcc-${id}.png`;
  const ddccLink = element<HTMLAnchorElement>('download-ddcc');
  ddccLink.hidden = !dcc || credentialView(credential).title !== 'cert.vaccination';
  ddccLink.href = certificateUrl(id, dob, '/ddcc.json');
  ddccLink.download = `ddcc-${id}.json`;
}

/** Saves a fetched file under `name` (the server's refusals are JSON errors, which a plain link would save instead). */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function downloadDcc(link: HTMLAnchorElement): Promise<void> {
  link.setAttribute('aria-busy', 'true');
  const download = await fetchDccDownload(link.href);
  link.removeAttribute('aria-busy');
  dccFailure = 'error' in download ? download.error : undefined;
  renderError();
  if ('blob' in download) saveFile(download.blob, link.download);
  else element('dcc-error').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

function renderOthers({ id, others }: Shown): void {
  element('others').hidden = others.length < 2;
  element('others-list').replaceChildren(...others.map((other) => {
    const item = document.createElement('li');
    const label = document.createElement('span');
    const kind = other.kind === 'vaccination' ? 'cert.vaccination' : 'cert.testResult';
    label.textContent = [i18n.t(kind), ...summaryParts(other), i18n.t(`status.${other.status}` as MessageKey)].join(' · ');
    item.append(label);
    if (cleanCertificateId(other.certificateId).replace(/-/g, '') === id.replace(/-/g, '')) {
      const current = document.createElement('em');
      current.textContent = i18n.t('portal.current');
      item.append(' ', current);
    } else {
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'secondary';
      open.textContent = i18n.t('portal.open');
      open.addEventListener('click', () => void lookUp(other.certificateId, shown!.dob));
      item.append(' ', open);
    }
    return item;
  }));
}

function renderResult(): void {
  element('result').hidden = shown === undefined;
  if (!shown) return;
  renderCredential(element('certificate'), i18n, credentialView(shown.credential));
  const evidence = (shown.credential.evidence as { certificateId?: string }[] | undefined)?.[0];
  const self = shown.others.find((other) => other.certificateId === evidence?.certificateId);
  const status = element('status');
  status.hidden = self === undefined;
  status.dataset.status = self?.status ?? '';
  status.textContent = self ? i18n.t(`status.${self.status}` as MessageKey) : '';
  renderOthers(shown);
}

async function lookUp(id: string, dob: string): Promise<void> {
  failure = undefined;
  dccFailure = undefined;
  element('progress').hidden = false;
  element<HTMLButtonElement>('submit').disabled = true;
  const [lookup, others, dcc] = await Promise.all([fetchCertificate(id, dob), fetchHolderCertificates(id, dob), dccEnabled]);
  element('progress').hidden = true;
  element<HTMLButtonElement>('submit').disabled = false;
  if ('error' in lookup) {
    failure = lookup.error;
    shown = undefined;
  } else {
    shown = { id, dob, credential: lookup.credential, others, dcc };
    setDownloads(shown);
  }
  renderError();
  renderResult();
  (failure ? element('error') : element('result')).scrollIntoView({ block: 'start', behavior: 'smooth' });
}

i18n.mount(element<HTMLSelectElement>('language'));
i18n.onChange(() => {
  renderError();
  renderResult();
});
for (const id of ['download-dcc', 'download-ddcc']) {
  element<HTMLAnchorElement>(id).addEventListener('click', (event) => {
    event.preventDefault();
    void downloadDcc(event.currentTarget as HTMLAnchorElement);
  });
}
element<HTMLImageElement>('qr').addEventListener('error', () => { element('qr').hidden = true; });
element('lookup').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = cleanCertificateId(element<HTMLInputElement>('certificate-id').value);
  const dob = element<HTMLInputElement>('dob').value;
  if (!id || !/^\d{4}-\d{2}-\d{2}$/.test(dob)) {
    failure = 'invalid_input';
    renderError();
    return;
  }
  void lookUp(id, dob);
});
