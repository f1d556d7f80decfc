/** Reads a field of untrusted JSON by path, as a string, or '?' when absent. */
function text(value: unknown, ...path: (string | number)[]): string {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return '?';
    current = (current as Record<string | number, unknown>)[key];
  }
  return (typeof current === 'string' && current !== '') || typeof current === 'number' ? String(current) : '?';
}

/** The holder's date of birth, or the age a DIVOC certificate gives instead. */
function born(credential: unknown): string {
  const dob = text(credential, 'credentialSubject', 'dob');
  const age = text(credential, 'credentialSubject', 'age');
  return dob === '?' && age !== '?' ? `aged ${age}` : `born ${dob}`;
}

/** When it was issued: `issuanceDate` (VC 1.1), or `validFrom` (VC 2.0, the vc2 profile). */
function issuedAt(credential: unknown): string {
  const from = text(credential, 'validFrom');
  return from === '?' ? text(credential, 'issuanceDate') : from;
}

/** A few human lines about a (verified) healthcred credential: holder, event, issuer. */
export function describeCredential(credential: unknown): string {
  const type = text(credential, 'type', 1);
  const lines = [
    `  ${type}  certificate ${text(credential, 'evidence', 0, 'certificateId')}`,
    `  holder:  ${text(credential, 'credentialSubject', 'name')}, ${born(credential)}`,
  ];
  const evidence = (field: string) => text(credential, 'evidence', 0, field);
  if (type === 'ProofOfVaccinationCredential') {
    lines.push(`  vaccine: ${evidence('vaccine')} (${evidence('manufacturer')}), dose ${evidence('dose')} of ` +
      `${evidence('totalDoses')}, ${evidence('date').slice(0, 10)}, batch ${evidence('batch')}`);
  } else if (type === 'ProofOfTestCertificateCredential') {
    lines.push(`  test:    ${evidence('testType')} for ${evidence('disease')}: ${evidence('result')}, ` +
      `sampled ${evidence('sampleCollectionTimestamp').slice(0, 10)}`);
  }
  lines.push(`  at:      ${text(credential, 'evidence', 0, 'facility', 'name')}`,
    `  issuer:  ${text(credential, 'issuer')}, issued ${issuedAt(credential)}`);
  return lines.join('\n');
}
