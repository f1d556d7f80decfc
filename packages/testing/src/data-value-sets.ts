const UID = /^[A-Za-z][A-Za-z0-9]{10}$/;
/** ISO periods DHIS2 accepts: daily, weekly, monthly, bi-monthly, quarterly, six-monthly, yearly (the common ones). */
const PERIOD = /^\d{4}(\d{2}(\d{2})?|W\d{1,2}|BiW\d{1,2}|\d{2}B|Q[1-4]|S[12]|April|July|Oct|Nov)?$/;

/** A `/api/dataValueSets` answer: HTTP status and the DHIS2 web message body. */
export interface DataValueSetAnswer {
  status: number;
  imported: number;
  conflicts: { object: string; value: string }[];
  body: object;
}

function field(object: Record<string, unknown>, key: string): unknown {
  return object[key];
}

function checkValue(item: unknown, index: number, top: Record<string, unknown>, known: { orgUnits: Set<string>;
  dataElements?: Set<string> }): { object: string; value: string } | undefined {
  const at = `dataValues[${index}]`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { object: at, value: 'must be an object' };
  const value = item as Record<string, unknown>;
  const dataElement = field(value, 'dataElement');
  if (typeof dataElement !== 'string' || !UID.test(dataElement)) return { object: at, value: 'dataElement must be a UID' };
  if (known.dataElements && !known.dataElements.has(dataElement)) {
    return { object: dataElement, value: 'Data element not found or not accessible' };
  }
  const period = field(value, 'period') ?? field(top, 'period');
  if (typeof period !== 'string' || !PERIOD.test(period)) return { object: at, value: 'period must be an ISO period such as 202106' };
  const orgUnit = field(value, 'orgUnit') ?? field(top, 'orgUnit');
  if (typeof orgUnit !== 'string' || !UID.test(orgUnit)) return { object: at, value: 'orgUnit must be a UID' };
  if (!known.orgUnits.has(orgUnit)) return { object: orgUnit, value: 'Organisation unit not found or not accessible' };
  for (const optional of ['categoryOptionCombo', 'attributeOptionCombo']) {
    const combo = field(value, optional);
    if (combo !== undefined && (typeof combo !== 'string' || !UID.test(combo))) return { object: at, value: `${optional} must be a UID` };
  }
  const v = field(value, 'value');
  if (typeof v !== 'string' && typeof v !== 'number') return { object: at, value: 'value must be a string or a number' };
  return undefined;
}

/**
 * Checks a `POST /api/dataValueSets` body as DHIS2 documents it (`{dataSet?, period?, orgUnit?, dataValues: [
 * {dataElement, period, orgUnit, categoryOptionCombo?, attributeOptionCombo?, value}]}`, period and orgUnit on each
 * value or at the top) and answers as DHIS2 2.38+ does: 200 with an `ImportSummary` whose `importCount.imported`
 * counts the values taken, or 409 listing `conflicts` when some were refused; 400 when the body is not such a set.
 */
export function answerDataValueSet(body: unknown, known: { orgUnits: Set<string>; dataElements?: Set<string> }): DataValueSetAnswer {
  const reject = (message: string): DataValueSetAnswer => ({ status: 400, imported: 0, conflicts: [],
    body: { httpStatus: 'Bad Request', httpStatusCode: 400, status: 'ERROR', message } });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return reject('The body must be a data value set object.');
  const top = body as Record<string, unknown>;
  const list = field(top, 'dataValues');
  if (!Array.isArray(list)) return reject('"dataValues" must be an array.');
  for (const key of ['dataSet', 'orgUnit', 'attributeOptionCombo']) {
    const v = field(top, key);
    if (v !== undefined && (typeof v !== 'string' || !UID.test(v))) return reject(`"${key}" must be a UID.`);
  }
  const conflicts = list.map((item, i) => checkValue(item, i, top, known)).filter((c) => c !== undefined);
  const imported = list.length - conflicts.length;
  const status = conflicts.length > 0 ? 409 : 200;
  return {
    status, imported, conflicts,
    body: {
      httpStatus: status === 200 ? 'OK' : 'Conflict', httpStatusCode: status, status: status === 200 ? 'OK' : 'WARNING',
      message: status === 200 ? 'Import was successful.' : 'One more conflicts encountered, please check import summary.',
      response: {
        responseType: 'ImportSummary', status: status === 200 ? 'SUCCESS' : 'WARNING',
        importCount: { imported, updated: 0, ignored: conflicts.length, deleted: 0 }, conflicts,
      },
    },
  };
}
