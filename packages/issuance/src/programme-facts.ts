import type { ProgrammeFacts } from '@healthcred/store';
import type { CertificationRequest } from '@healthcred/records';

/** Whole years from `dob` to the calendar date `on` (both `YYYY-MM-DD...`). */
export function ageOn(dob: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  return on.slice(5, 10) < dob.slice(5, 10) ? years - 1 : years;
}

/**
 * What programme monitoring counts of a vaccination certificate issued at `issuedAt` (see `ProgrammeFacts`): the
 * event's org unit, the vaccine, the dose, the holder's sex and age on the day of the dose. None for a test result.
 */
export function programmeFactsOf(request: CertificationRequest, issuedAt: string): ProgrammeFacts | undefined {
  if (request.kind !== 'vaccination') return undefined;
  const { recipient, vaccination } = request.record;
  return {
    day: issuedAt.slice(0, 10),
    ...(request.orgUnit === undefined ? {} : { orgUnit: request.orgUnit }),
    vaccine: vaccination.vaccine,
    dose: vaccination.dose,
    ...(recipient.gender === undefined ? {} : { sex: recipient.gender }),
    age: ageOn(recipient.dob, vaccination.date),
  };
}
