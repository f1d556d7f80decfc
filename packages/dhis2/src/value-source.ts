import { HealthcredError } from '@healthcred/errors';
import type { UidList } from './mapping-types.js';

/** A value found under one of the UIDs of a mapped field. */
export interface FoundValue {
  uid: string;
  value: string;
}

/**
 * The attribute or data values of one DHIS2 object, looked up by the UID lists of a mapping. Failures name the
 * object, the list, the UID and the mapped field, e.g. `event ABC dataValues[dataElement=LUIsbsm3okG] (dose
 * number): is required.`, and never the value, which may be personal data.
 */
export class ValueSource {
  constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly kind: 'attribute' | 'dataElement',
    private readonly subject: string,
    private readonly path: string,
  ) {}

  /** The value of the first UID of `uids` that has one. */
  find(uids: UidList): FoundValue | undefined {
    for (const uid of uids) {
      const value = this.values.get(uid);
      if (value !== undefined) return { uid, value };
    }
    return undefined;
  }

  /** Like {@link find}, failing with `is required` when no UID has a value. */
  require(uids: UidList, label: string): FoundValue {
    return this.find(uids) ?? this.fail(uids.join('|'), label, 'is required');
  }

  /** Fails about the value of `uid`, described as `label`. */
  fail(uid: string, label: string, problem: string): never {
    const where = `${this.kind === 'dataElement' ? 'dataValues' : 'attributes'}[${this.kind}=${uid}]`;
    throw new HealthcredError('invalid_input', `${this.subject} ${where} (${label}): ${problem}.`,
      { field: `${this.path}.${where}` });
  }
}
