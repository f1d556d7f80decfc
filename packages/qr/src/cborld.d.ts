declare module '@digitalbazaar/cborld' {
  /** A table of value types (`context`, `url`, `none` or a JSON-LD type) to maps of values and their integers. */
  export type TypeTable = Map<string, Map<string, number>>;
  export type TypeTableLoader = (options: { registryEntryId: number }) => Promise<TypeTable | undefined>;
  export type CborldDocumentLoader = (url: string) => Promise<{ document: unknown }>;
  export function encode(options: {
    jsonldDocument: unknown; documentLoader: CborldDocumentLoader; registryEntryId: number; typeTableLoader?: TypeTableLoader;
  }): Promise<Uint8Array>;
  export function decode(options: {
    cborldBytes: Uint8Array; documentLoader: CborldDocumentLoader; typeTableLoader?: TypeTableLoader;
  }): Promise<unknown>;
}
