import { credentialView } from '../shared/credential-view.js';
import { I18n, type MessageKey } from '../shared/i18n.js';
import { renderCredential } from '../shared/render-credential.js';
import {
  certificateUrl, cleanCertificateId, fetchCertificate, fetchHolderCertificates, lookupErrorMessage, summaryParts,
  type HolderCertificate, type LookupError,
} from './api.js';

interface Shown {
  id: string;
  dob: string;
  credential: Record<string, unknown>;
  others: HolderCertificate[];
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const i18n = new I18n();
let shown: Shown | undefined;
let failure: LookupError | 'invalid_input' | undefined;
let jsonUrl: string | undefined;

function renderError(): void {
  const error = element('error');
  error.hidden = failure === undefined;
  if (failure === 'invalid_input') error.textContent = i18n.t('portal.error.invalidInput');
  else if (failure) {
    const message = lookupErrorMessage(failure);
    error.textContent = i18n.t(message.key, message.params);
  }
}

function setDownloads({ id, dob, credential }: Shown): void {
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
  element('progress').hidden = false;
  element<HTMLButtonElement>('submit').disabled = true;
  const [lookup, others] = await Promise.all([fetchCertificate(id, dob), fetchHolderCertificates(id, dob)]);
  element('progress').hidden = true;
  element<HTMLButtonElement>('submit').disabled = false;
  if ('error' in lookup) {
    failure = lookup.error;
    shown = undefined;
  } else {
    shown = { id, dob, credential: lookup.credential, others };
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
