// What the fast path and the proof check use of @digitalbazaar/vc beyond digitalbazaar.d.ts.
declare module '@digitalbazaar/vc' {
  /**
   * The credential checks vc runs before it signs or verifies (exported, underscored, by vc 7). The fast path runs
   * them too, so that it accepts and rejects exactly what vc.issue and vc.verifyCredential do.
   */
  export function _checkCredential(options: {
    credential: object; now?: string | Date; mode?: 'issue' | 'verify'; maxClockSkew?: number;
  }): void;
  /** `checkStatus` is required by vc for a credential with `credentialStatus`. */
  export function verifyCredential(options: {
    credential: object; suite: unknown; documentLoader: unknown; now?: string | Date; maxClockSkew?: number;
    checkStatus: (options: object) => Promise<{ verified: boolean }>;
  }): Promise<{ verified: boolean; results?: ProofResult[]; error?: Error & { errors?: Error[] } }>;
}
