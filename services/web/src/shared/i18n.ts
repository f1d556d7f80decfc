import en from '../messages/en.json';
import si from '../messages/si.json';
import ta from '../messages/ta.json';

/** A key of the message files (en.json has every key; the others must have the same keys, a test checks it). */
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const LANGUAGES: Readonly<Record<string, Messages>> = { en, si, ta };
const STORAGE_KEY = 'healthcred.language';

/** Fills `{name}` placeholders. Pure. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A country's name in `language` from its ISO 3166-1 alpha-2 code, or the code itself when unknown. Pure. */
export function countryName(code: string, language: string): string {
  try {
    const name = new Intl.DisplayNames([language, 'en'], { type: 'region', fallback: 'none' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** The language to start in: the saved choice, else the browser's first supported language, else English. */
export function initialLanguage(saved: string | null, preferred: readonly string[]): string {
  if (saved && saved in LANGUAGES) return saved;
  return preferred.map((tag) => tag.toLowerCase().split('-')[0]!).find((code) => code in LANGUAGES) ?? 'en';
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The current language, switched with a `<select>`, applied to `[data-i18n]` elements and the page's `lang`. */
export class I18n {
  language: string;
  private readonly listeners: (() => void)[] = [];

  constructor() {
    this.language = initialLanguage(readSaved(), navigator.languages ?? []);
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return format((LANGUAGES[this.language] ?? en)[key], params);
  }

  /** Calls `listener` now and after every switch, to re-render text built in code. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
    listener();
  }

  /** Fills the switch, translates the static markup, and re-translates on every choice. */
  mount(select: HTMLSelectElement): void {
    for (const [code, messages] of Object.entries(LANGUAGES)) {
      select.append(new Option(messages.languageName, code, false, code === this.language));
      select.lastElementChild?.setAttribute('lang', code);
    }
    select.addEventListener('change', () => this.switchTo(select.value));
    this.apply();
  }

  private switchTo(language: string): void {
    this.language = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage disabled (private browsing): the choice holds for this page only.
    }
    this.apply();
    for (const listener of this.listeners) listener();
  }

  private apply(): void {
    document.documentElement.lang = this.language;
    for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
      element.textContent = this.t(element.dataset.i18n as MessageKey);
    }
    for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-alt]')) {
      element.setAttribute('alt', this.t(element.dataset.i18nAlt as MessageKey));
    }
    document.title = this.t((document.body.dataset.title ?? 'app.name') as MessageKey);
  }
}
