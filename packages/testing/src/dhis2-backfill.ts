// Generates DHIS2 COVAC tracker exports (legacy /api/trackedEntityInstances shape, default mapping UIDs): one tracked
// entity per event, each with one completed vaccination. For backfill tests and the full-size crash script.
const UID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A valid, deterministic DHIS2 UID for `prefix` and `n` (a letter, then 10 letters or digits). */
export function backfillUid(prefix: string, n: number): string {
  let text = '';
  for (let v = n, i = 0; i < 9; i++, v = Math.floor(v / 62)) text += UID_CHARS[v % 62]!;
  return `${prefix}${'X'}${text}`.slice(0, 11);
}

const NAMES: readonly (readonly [string, string])[] = [['කමල්', 'පෙරේරා'], ['கணேசன்', 'சுப்பிரமணியம்'], ['ສົມພອນ', 'ວົງສະຫວັນ'], ['Hương', 'Nguyễn'], ['Nimal', 'Silva']];

/** The tracked entity (legacy `/api/trackedEntityInstances` shape) for event number `n`. */
export function backfillTrackedEntity(n: number): Record<string, unknown> {
  const te = backfillUid('T', n);
  const [first, last] = NAMES[n % NAMES.length]!;
  const day = String((n % 28) + 1).padStart(2, '0');
  return {
    trackedEntityInstance: te, orgUnit: 'DiszpKrYNg8',
    attributes: [
      { attribute: 'sB1IHYu2xQT', value: first }, { attribute: 'ENRjVGxVL6l', value: last },
      { attribute: 'NI0QRzJvQ0k', value: `19${50 + (n % 50)}-03-${day}` }, { attribute: 'oindugucx72', value: n % 2 ? 'MALE' : 'FEMALE' },
    ],
    enrollments: [{
      enrollment: backfillUid('E', n), program: 'yDuAzyqYABS', orgUnit: 'DiszpKrYNg8', status: 'ACTIVE',
      events: [{
        event: backfillUid('V', n), program: 'yDuAzyqYABS', programStage: 'a1jCssI2LkW', orgUnit: 'DiszpKrYNg8',
        orgUnitName: 'Colombo MOH Vaccination Centre', status: 'COMPLETED', eventDate: `2021-06-${day}T00:00:00.000`,
        dataValues: [
          { dataElement: 'bbnyNYD1wgS', value: 'ASTRAZENECA' }, { dataElement: 'rpkH9ZPGJcX', value: 'ASTRAZENECA' },
          { dataElement: 'Yp1F4txx8tm', value: `LOT${n % 1000}` }, { dataElement: 'LUIsbsm3okG', value: 'DOSE1' },
          { dataElement: 'PamkjF1JUnE', value: '2' },
        ],
      }],
    }],
  };
}
