/** The DIVOC vaccination contexts a DIVOC profile writes: v1 (DIVOC's W3C template) or v2 (its DDCC template). */
export type DivocContextVersion = 'vaccination/v1' | 'vaccination/v2';

/** How a deployment writes DIVOC credentials: what a country's DIVOC verifier apps expect. */
export interface DivocProfile {
  /** Which DIVOC context document `namespaceUrl` serves. */
  context: DivocContextVersion;
  /** The country's DIVOC namespace URL, `@context[1]`, e.g. `https://cowin.gov.in/credentials/vaccination/v1`. */
  namespaceUrl: string;
  /** The credential's `issuer` (DIVOC's CERTIFICATE_ISSUER), e.g. `https://cowin.gov.in/`. */
  issuer: string;
  /** Prefix of the evidence `id` (CERTIFICATE_BASE_URL); the certificate id follows. */
  certificateBaseUrl: string;
  /** Prefix of `infoUrl` (CERTIFICATE_INFO_BASE_URL). */
  infoBaseUrl: string;
  /** Prefix of `feedbackUrl` (CERTIFICATE_FEEDBACK_BASE_URL). */
  feedbackBaseUrl: string;
  /**
   * The country's namespace URL of DIVOC's test-certificate context v1, for test certificates; without it the profile
   * issues vaccinations only.
   */
  testNamespaceUrl?: string;
}
