declare module '@digitalbazaar/vc' {
  export interface ProofResult {
    verified: boolean;
    error?: Error & { details?: unknown };
    purposeResult?: { valid: boolean; error?: Error };
  }
  export function verifyCredential(options: {
    credential: object; suite: unknown; documentLoader: unknown; now?: string | Date; maxClockSkew?: number;
    checkStatus?: () => Promise<{ verified: boolean }>;
  }): Promise<{ verified: boolean; results?: ProofResult[]; error?: Error & { errors?: Error[] } }>;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: object);
  }
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}

declare module 'ed25519-signature-2020-context' {
  const context: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default context;
}

declare module 'did-context' {
  const context: { contexts: Map<string, object> };
  export default context;
}
