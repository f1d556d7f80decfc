import type { StandInEvent, StandInOrgUnit, StandInTrackedEntity } from './stand-in-types.js';

/**
 * UIDs of the DHIS2 COVAC (COVID-19 Electronic Immunization Registry) tracker package 1.2.0, the ones the shipped
 * mapping `packages/dhis2/mappings/covac-eir.json` names.
 */
export const COVAC = Object.freeze({
  program: 'yDuAzyqYABS',
  vaccinationStage: 'a1jCssI2LkW',
  trackedEntityType: 'MCPQUTHX1Ze',
  attributes: Object.freeze({
    firstName: 'sB1IHYu2xQT', lastName: 'ENRjVGxVL6l', birthDate: 'NI0QRzJvQ0k', sex: 'oindugucx72',
    nationalId: 'Ewi7FUfcHAD',
  }),
  dataElements: Object.freeze({
    vaccine: 'bbnyNYD1wgS', manufacturer: 'rpkH9ZPGJcX', batch: 'Yp1F4txx8tm', doseNumber: 'LUIsbsm3okG',
    totalDoses: 'PamkjF1JUnE',
  }),
});

/** The program as `/api/programs/{uid}` describes it (the fields a client checks), with the COVAC stage and attributes. */
export function covacProgram(uid: string = COVAC.program): object {
  return {
    id: uid, name: 'COVAC - COVID-19 Vaccination Registry', shortName: 'COVAC', programType: 'WITH_REGISTRATION',
    trackedEntityType: { id: COVAC.trackedEntityType },
    programStages: [{ id: COVAC.vaccinationStage, name: 'Vaccination' }],
    programTrackedEntityAttributes: Object.values(COVAC.attributes).map((id) => ({ trackedEntityAttribute: { id } })),
  };
}

/** The personal access token the stand-in accepts by default (the documented `d2pat_` form). */
export const STAND_IN_TOKEN = 'd2pat_standInToken0000000000000000000000001';

function unit(id: string, name: string, parent: StandInOrgUnit | undefined, code?: string): StandInOrgUnit {
  const path = `${parent?.path ?? ''}/${id}`;
  return {
    id, name, shortName: name.length > 50 ? name.slice(0, 50) : name, level: path.split('/').length - 1, path,
    ...(code === undefined ? {} : { code }), ...(parent === undefined ? {} : { parent: { id: parent.id } }),
  };
}

/**
 * An org unit tree as a national registry holds it: country (level 1), province (2), district (3), MOH area (4),
 * facility (5). Facilities: `Fac0Colomb1` (Colombo), `Fac0Gampa01` (Gampaha), `Fac0Jaffna1` (Jaffna). Fresh objects.
 */
export function covacOrgUnits(): StandInOrgUnit[] {
  const country = unit('LK000000001', 'Sri Lanka', undefined, 'LK');
  const western = unit('Prov0West01', 'Western Province', country);
  const northern = unit('Prov0North1', 'Northern Province', country);
  const colombo = unit('Dist0Colom1', 'Colombo District', western);
  const gampaha = unit('Dist0Gampa1', 'Gampaha District', western);
  const jaffna = unit('Dist0Jaffn1', 'Jaffna District', northern);
  const mohColombo = unit('Moh0Colomb1', 'Colombo MOH', colombo);
  const mohGampaha = unit('Moh0Gampah1', 'Gampaha MOH', gampaha);
  const mohJaffna = unit('Moh0Jaffna1', 'Jaffna MOH', jaffna);
  return [country, western, northern, colombo, gampaha, jaffna, mohColombo, mohGampaha, mohJaffna,
    unit('Fac0Colomb1', 'Colombo MOH Centre', mohColombo, 'FAC_CMB'),
    unit('Fac0Gampa01', 'Gampaha District General Hospital', mohGampaha),
    unit('Fac0Jaffna1', 'Jaffna Teaching Hospital', mohJaffna)];
}

/** The facilities (org units of the last level) of {@link covacOrgUnits}. */
export const COVAC_FACILITIES = ['Fac0Colomb1', 'Fac0Gampa01', 'Fac0Jaffna1'] as const;

/** A UID made from a prefix letter and a number: `uidOf('T', 7)` = `T0000000007`. */
export function uidOf(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).padStart(10, '0')}`;
}

/** DHIS2 local time without a zone, as it sends timestamps: `2021-06-02T10:41:07.331`. */
export function dhis2Time(date: Date): string {
  return date.toISOString().slice(0, 23);
}

const FIRST = ['Kamal', 'Nimali', 'Selvi', 'Arun', 'Dilani', 'Ravi', 'Fathima', 'Suresh'];
const LAST = ['Perera', 'Fernando', 'Subramaniam', 'Silva', 'Jayasuriya', 'Rahman', 'Kumar', 'Bandara'];

/** Options of {@link covacPopulation}. */
export interface PopulationOptions {
  /** Tracked entities. Default 12. */
  people?: number;
  /** Completed doses each (DOSE1, DOSE2...). Default 2. */
  doses?: number;
  /** Also give every third person a scheduled (not completed) next dose. Default true. */
  scheduled?: boolean;
  /** Timestamp of the first change; each event is changed one second after the previous. Default 2021-06-01. */
  start?: Date;
}

/**
 * Deterministic COVAC tracker data: people with completed AstraZeneca doses at the {@link COVAC_FACILITIES} in
 * turn, with distinct `updatedAt` times in UID order. Tracked entity `uidOf('T', i)`, events `uidOf('E', ...)`.
 */
export function covacPopulation(options: PopulationOptions = {}): StandInTrackedEntity[] {
  const people = options.people ?? 12;
  const doses = options.doses ?? 2;
  const start = (options.start ?? new Date('2021-06-01T08:00:00.000Z')).getTime();
  let tick = 0;
  const at = () => dhis2Time(new Date(start + 1000 * tick++));
  const { attributes: a, dataElements: d } = COVAC;
  return Array.from({ length: people }, (_, i) => {
    const orgUnit = COVAC_FACILITIES[i % COVAC_FACILITIES.length]!;
    const createdAt = at();
    const events: StandInEvent[] = Array.from({ length: doses }, (_, k) => ({
      event: uidOf('E', i * 10 + k), programStage: COVAC.vaccinationStage, orgUnit, status: 'COMPLETED',
      occurredAt: `2021-0${6 + k}-0${1 + (i % 9)}T00:00:00.000`, updatedAt: at(),
      dataValues: [
        { uid: d.vaccine, value: 'ASTRAZENECA' }, { uid: d.manufacturer, value: 'ASTRAZENECA' },
        { uid: d.batch, value: `4121Z0${String(i % 100).padStart(2, '0')}` },
        { uid: d.doseNumber, value: `DOSE${k + 1}` }, { uid: d.totalDoses, value: String(doses) },
      ],
    }));
    if ((options.scheduled ?? true) && i % 3 === 0) {
      events.push({ event: uidOf('E', i * 10 + 9), programStage: COVAC.vaccinationStage, orgUnit, status: 'SCHEDULE',
        occurredAt: '2022-01-01T00:00:00.000', updatedAt: at(), dataValues: [] });
    }
    return {
      trackedEntity: uidOf('T', i), orgUnit, createdAt, updatedAt: events[events.length - 1]?.updatedAt ?? createdAt,
      attributes: [
        { uid: a.firstName, value: FIRST[i % FIRST.length]! }, { uid: a.lastName, value: LAST[(i * 3) % LAST.length]! },
        { uid: a.birthDate, value: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}` },
        { uid: a.sex, value: i % 2 === 0 ? 'MALE' : 'FEMALE' }, { uid: a.nationalId, value: `19851234${String(i).padStart(4, '0')}` },
      ],
      enrollment: { enrollment: uidOf('N', i), enrolledAt: createdAt, orgUnit },
      events,
    };
  });
}

/** The completed vaccination events of `population` (what a sync must certify, one credential each). */
export function completedDoses(population: readonly StandInTrackedEntity[]): string[] {
  return population.flatMap((entity) => entity.events
    .filter((event) => event.status === 'COMPLETED' && !event.deleted && event.programStage === COVAC.vaccinationStage)
    .map((event) => event.event));
}
