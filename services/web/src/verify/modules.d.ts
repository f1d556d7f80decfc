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
