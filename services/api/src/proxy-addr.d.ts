// proxy-addr 2 (express's own `request.ip`) ships no types.
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';

  /** The client address: the socket's, or the first untrusted one of X-Forwarded-For walking back from it. */
  function proxyAddr(request: IncomingMessage, trust: (address: string, hop: number) => boolean): string;
  export default proxyAddr;
}
