import { parseTrustList, type TrustListEntry } from '@healthcred/dcc';
import { isHealthcredError } from '@healthcred/errors';

/**
 * The DSC entry of a certificate, checked by `parseTrustList` (it parses, has a country, `kid` is its key id); a
 * refusal is reported through `fail` with the member it concerns and the reason, so the caller names its own field.
 */
export function checkedDsc(
  candidate: { kid: string; rawData: string }, fail: (member: 'kid' | 'rawData', problem: string) => never,
): TrustListEntry {
  try {
    return parseTrustList([candidate])[0]!;
  } catch (error) {
    if (!isHealthcredError(error)) throw error;
    const member = error.field === 'trustList[0].kid' ? 'kid' : 'rawData';
    return fail(member, error.message.replace(/^trustList\[0\][^:]*:\s*/, '').replace(/\.$/, ''));
  }
}
