declare module 'jsonld' {
  const jsonld: {
    canonize(document: object, options: {
      algorithm: 'URDNA2015'; format: 'application/n-quads'; safe: boolean; documentLoader: unknown;
    }): Promise<string>;
  };
  export default jsonld;
}
