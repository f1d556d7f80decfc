/** Path of the vaccination context under an issuer's base URL. */
export const VACCINATION_CONTEXT_PATH = 'credentials/vaccination/v1';
/** Path of the test-result context under an issuer's base URL. */
export const TEST_RESULT_CONTEXT_PATH = 'credentials/test-result/v1';
/**
 * Path of version 2 of the vaccination context: v1 with the holder's name parts (`givenName`, `familyName`) and
 * their Latin forms (`latinGivenName`, `latinFamilyName`). Credentials whose subject has them use it; the others
 * stay on v1, unchanged.
 */
export const VACCINATION_CONTEXT_V2_PATH = 'credentials/vaccination/v2';
/** Path of version 2 of the test-result context: v1 with the name parts, as {@link VACCINATION_CONTEXT_V2_PATH}. */
export const TEST_RESULT_CONTEXT_V2_PATH = 'credentials/test-result/v2';
/** Path of the status list context under an issuer's base URL. */
export const STATUS_LIST_CONTEXT_PATH = 'credentials/status-list/v1';

/** Joins an issuer's base URL and a context path, with exactly one slash between them. */
export function contextUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path}`;
}
