import type { CredentialView, Row, Text } from './credential-view.js';
import type { I18n } from './i18n.js';

function resolve(i18n: I18n, value: Text): string {
  return typeof value === 'string' ? value : i18n.t(value.key, value.params);
}

function list(i18n: I18n, rows: Row[]): HTMLDListElement {
  const dl = document.createElement('dl');
  for (const row of rows) {
    const item = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = i18n.t(row.label);
    dd.textContent = resolve(i18n, row.value);
    dd.dataset.field = row.label;
    item.append(dt, dd);
    dl.append(item);
  }
  return dl;
}

/** Renders a certificate's display model into `container` (text only: credential values never become markup). */
export function renderCredential(container: HTMLElement, i18n: I18n, view: CredentialView): void {
  const title = document.createElement('h3');
  title.textContent = i18n.t(view.title);
  const parts: HTMLElement[] = [title, list(i18n, view.holder)];
  for (const evidence of view.evidence) {
    const section = list(i18n, evidence);
    section.className = 'evidence';
    parts.push(section);
  }
  const issuer = list(i18n, view.issuer);
  issuer.className = 'issuer';
  parts.push(issuer);
  container.replaceChildren(...parts);
}
