import { isTopicName } from '@healthcred/validation';

/** Reads environment variables, collecting every problem (each naming its variable) instead of stopping at the first. */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.string(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const text = this.string(name)?.toLowerCase();
    if (text === undefined) return fallback;
    if (['true', '1', 'yes'].includes(text)) return true;
    if (['false', '0', 'no'].includes(text)) return false;
    this.problems.push(`${name} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const text = this.string(name);
    if (text === undefined) return fallback;
    if (!values.includes(text as T)) this.problems.push(`${name} must be one of: ${values.join(', ')}`);
    return values.includes(text as T) ? (text as T) : fallback;
  }

  /** A topic name, by the rule the event-log adapters enforce (`isTopicName`). */
  topic(name: string, fallback: string): string {
    const text = this.string(name) ?? fallback;
    if (isTopicName(text)) return text;
    this.problems.push(`${name} must be a topic name: 1 to 249 letters, digits, dots, underscores or hyphens`);
    return fallback;
  }

  url(name: string, fallback: string): string {
    const text = this.string(name) ?? fallback;
    try {
      const url = new URL(text);
      if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) throw new Error('not a base URL');
      return text.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name} must be an http(s) base URL such as https://certificates.example.org`);
      return fallback;
    }
  }
}
