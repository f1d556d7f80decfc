import { HealthcredError } from '@healthcred/errors';

/** Limits of a string field. */
export interface StringRules {
  /** Maximum length in UTF-16 code units. Default 1000. */
  maxLength?: number;
  /** A pattern the whole value must match, with a human description for the error message. */
  pattern?: { regex: RegExp; description: string };
  /**
   * Text to print and show: refuse control characters (NUL, tabs, line breaks, C1), invisible format characters
   * (bidirectional embeddings, overrides and isolates, marks, zero-width spaces, BOM), private-use characters, line
   * and paragraph separators and lone surrogates. Letters and marks of every script pass, and so do the zero-width
   * joiner and non-joiner that Sinhala, Persian and Indic scripts need. Default false.
   */
  printable?: boolean;
}

// \p{Cf} but for ZWNJ (U+200C) and ZWJ (U+200D): what may not stand in text that is printed, shown and signed.
const UNPRINTABLE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
// As DATE_TIME, also with a space for the T and an offset without a colon, as DHIS2 servers write times.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Minutes east of UTC of a zone written `Z`, `±hh:mm` or `±hhmm`; undefined when out of range (beyond ±14:00). */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  if (Number(digits.slice(2)) > 59 || minutes > 14 * 60) return undefined;
  return zone.startsWith('-') ? -minutes : minutes;
}

/** True when `value` is an ISO 8601 date-time (`YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]`) with a real date and time. */
export function isIsoDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  return Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6] ?? 0) < 60 && offsetMinutes(match[7]) !== undefined;
}

/**
 * The instant a date-time stands for, as ISO 8601 UTC with milliseconds (`2021-06-02T10:41:07.331Z`), or undefined
 * when it is not a real date-time. Accepts ISO 8601 and the forms DHIS2 servers write (a space for the `T`, `+0000`).
 * A time without a zone is read as UTC, so the result does not depend on the reader's time zone: two times from one
 * server compare correctly whatever its zone.
 */
export function utcInstant(value: string): string | undefined {
  const match = INSTANT.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const offset = offsetMinutes(match[8]);
  if (!isCalendarDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59 || offset === undefined) return undefined;
  const milliseconds = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, milliseconds) - offset * 60_000).toISOString();
}

/**
 * Reads untrusted JSON one field at a time. Every failure is a HealthcredError `invalid_input` whose message starts
 * with the dotted path of the field (`recipient.dob: must be a date YYYY-MM-DD`) and whose `field` is that path.
 * Messages describe what is expected and never echo the value, which may be personal data.
 */
export class InputReader {
  private constructor(readonly value: unknown, readonly path: string) {}

  /** Starts reading `value`; `name` is how the root is called in messages (e.g. `record`). */
  static of(value: unknown, name: string): InputReader {
    return new InputReader(value, name);
  }

  /** Fails with a message about this field. */
  fail(problem: string): never {
    throw new HealthcredError('invalid_input', `${this.path}: ${problem}.`, { field: this.path });
  }

  /** True when the value is absent (`undefined` or `null`). */
  get isMissing(): boolean {
    return this.value === undefined || this.value === null;
  }

  private object(): Record<string, unknown> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) {
      this.fail(this.isMissing ? 'is required' : 'must be an object');
    }
    return this.value as Record<string, unknown>;
  }

  /** A child field of this object. Fails when this value is not an object. */
  field(name: string): InputReader {
    const path = this.path ? `${this.path}.${name}` : name;
    return new InputReader(this.object()[name], path);
  }

  /** Fails when this object has a key outside `allowed` (for inputs where a typo must not pass silently). */
  onlyKeys(allowed: readonly string[]): this {
    const extra = Object.keys(this.object()).find((key) => !allowed.includes(key));
    if (extra !== undefined) this.field(extra).fail(`is not a known field (expected one of: ${allowed.join(', ')})`);
    return this;
  }

  /** The elements of an array, each with its own path (`doses[2]`). */
  array(options: { maxItems?: number; minItems?: number } = {}): InputReader[] {
    if (!Array.isArray(this.value)) this.fail(this.isMissing ? 'is required' : 'must be an array');
    const items = this.value as unknown[];
    if (items.length < (options.minItems ?? 0)) this.fail(`must have at least ${options.minItems} item(s)`);
    if (items.length > (options.maxItems ?? 1000)) this.fail(`must have at most ${options.maxItems ?? 1000} items`);
    return items.map((item, i) => new InputReader(item, `${this.path}[${i}]`));
  }

  /** A required non-empty string, trimmed. */
  string(rules: StringRules = {}): string {
    if (typeof this.value !== 'string') this.fail(this.isMissing ? 'is required' : 'must be a string');
    const value = (this.value as string).trim();
    if (value === '') this.fail('must not be empty');
    const maxLength = rules.maxLength ?? 1000;
    if (value.length > maxLength) this.fail(`must be at most ${maxLength} characters`);
    if (rules.pattern && !rules.pattern.regex.test(value)) this.fail(`must be ${rules.pattern.description}`);
    if (rules.printable && UNPRINTABLE.test(value)) {
      this.fail('must not contain control, invisible formatting or text-direction characters');
    }
    return value;
  }

  /** A required integer within bounds. Numeric strings are not accepted: use {@link integerLike} for those. */
  integer(bounds: { min?: number; max?: number } = {}): number {
    if (typeof this.value !== 'number' || !Number.isInteger(this.value)) {
      this.fail(this.isMissing ? 'is required' : 'must be an integer');
    }
    return this.checkBounds(this.value as number, bounds);
  }

  /** A required integer given as a number or a decimal string (as DHIS2 sends every value). */
  integerLike(bounds: { min?: number; max?: number } = {}): number {
    if (typeof this.value === 'string' && /^\s*-?\d+\s*$/.test(this.value)) {
      return this.checkBounds(Number(this.value), bounds);
    }
    return this.integer(bounds);
  }

  private checkBounds(value: number, { min, max }: { min?: number; max?: number }): number {
    if (min !== undefined && value < min) this.fail(`must be at least ${min}`);
    if (max !== undefined && value > max) this.fail(`must be at most ${max}`);
    return value;
  }

  /** A required boolean. */
  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail(this.isMissing ? 'is required' : 'must be true or false');
    return this.value as boolean;
  }

  /** A required calendar date `YYYY-MM-DD`. */
  date(): string {
    const value = this.string({ maxLength: 10 });
    if (!isIsoDate(value)) this.fail('must be a date YYYY-MM-DD');
    return value;
  }

  /** A required ISO 8601 date-time, or a date `YYYY-MM-DD` (read as midnight UTC) when `allowDate` is set. */
  dateTime(options: { allowDate?: boolean } = {}): string {
    const value = this.string({ maxLength: 40 });
    if (isIsoDateTime(value) || (options.allowDate && isIsoDate(value))) return value;
    return this.fail(options.allowDate ? 'must be a date YYYY-MM-DD or an ISO 8601 date-time' : 'must be an ISO 8601 date-time');
  }

  /** A required string that is one of `values`. */
  oneOf<T extends string>(values: readonly T[]): T {
    const value = this.string({ maxLength: 200 });
    if (!values.includes(value as T)) this.fail(`must be one of: ${values.join(', ')}`);
    return value as T;
  }

  /** `read(this)` when the value is present, `undefined` when it is absent. */
  optional<T>(read: (reader: InputReader) => T): T | undefined {
    return this.isMissing ? undefined : read(this);
  }
}
