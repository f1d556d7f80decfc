declare module '@digitalbazaar/vc' {
  export function issue(options: {
    credential: object; suite: unknown; documentLoader: unknown; now?: string | Date;
  }): Promise<Record<string, unknown>>;
  export interface ProofResult {
    verified: boolean;
    error?: Error & { details?: unknown };
    purposeResult?: { valid: boolean; error?: Error };
  }
  export function verifyCredential(options: {
    credential: object; suite: unknown; documentLoader: unknown; now?: string | Date; maxClockSkew?: number;
  }): Promise<{ verified: boolean; results?: ProofResult[]; error?: Error & { errors?: Error[] } }>;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { signer?: unknown; date?: string | Date });
  }
}

declare module 'jsonld' {
  const jsonld: {
    canonize(input: object, options: {
      algorithm: 'URDNA2015'; format: 'application/n-quads'; safe?: boolean; documentLoader: unknown;
    }): Promise<string>;
  };
  export default jsonld;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; date?: string | Date; cryptosuite: unknown; legacyContext?: boolean });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: 'eddsa-rdfc-2022'; requiredAlgorithm: 'Ed25519' };
}
