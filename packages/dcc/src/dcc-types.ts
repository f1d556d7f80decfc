/** The EU DCC schema version this package writes. */
export const DCC_SCHEMA_VERSION = '1.3.0';

/** `nam`: surname(s) then forename(s), each as written and ICAO 9303 transliterated. */
export interface DccName {
  fn?: string;
  fnt: string;
  gn?: string;
  gnt?: string;
}

/** One `v` entry (vaccination). */
export interface DccVaccinationEntry {
  tg: string;
  vp: string;
  mp: string;
  ma: string;
  dn: number;
  sd: number;
  dt: string;
  co: string;
  is: string;
  ci: string;
}

/** One `t` entry (test). */
export interface DccTestEntry {
  tg: string;
  tt: string;
  nm?: string;
  ma?: string;
  sc: string;
  tr: string;
  tc?: string;
  co: string;
  is: string;
  ci: string;
}

/** An EU DCC payload (schema 1.3.x) with exactly one vaccination or test entry. */
export type DccPayload = {
  ver: string;
  nam: DccName;
  dob: string;
} & ({ v: [DccVaccinationEntry] } | { t: [DccTestEntry] });

