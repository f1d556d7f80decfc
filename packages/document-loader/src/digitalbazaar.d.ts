declare module '@digitalbazaar/security-document-loader' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export interface JsonLdDocumentLoader {
    addStatic(url: string, document: object): void;
    build(): (url: string) => Promise<RemoteDocument>;
  }
  export function securityLoader(options?: { cache?: unknown }): JsonLdDocumentLoader;
}

declare module '@digitalbazaar/security-context' {
  export const contexts: Map<string, unknown>;
}

declare module '@digitalbazaar/vc-status-list-context' {
  export const CONTEXT_URL_V1: string;
  export const CONTEXT_V1: unknown;
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, unknown>;
}
