/**
 * True when `code` is written as an ISO 3166-1 alpha-2 country code: two capital letters (`LK`, `IN`). The code is not
 * looked up in the ISO list, so user-assigned codes (`ZZ`, `XA`..`XZ`, as test certificates use) pass too.
 */
export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code);
}
