export { startStandInDhis2 } from './stand-in-dhis2.js';
export {
  COVAC, COVAC_FACILITIES, STAND_IN_TOKEN, covacOrgUnits, covacPopulation, covacProgram, completedDoses, dhis2Time, uidOf,
} from './covac-population.js';
export type { PopulationOptions } from './covac-population.js';
export { answerDataValueSet } from './data-value-sets.js';
export type { DataValueSetAnswer } from './data-value-sets.js';
export type {
  StandInDhis2, StandInOptions, StandInVersion, StandInCredentials, StandInFault, StandInRequest, StandInEvent,
  StandInTrackedEntity, StandInOrgUnit, StandInValue, ReceivedDataValueSet,
} from './stand-in-types.js';
