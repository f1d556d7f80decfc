import { CONTEXT_URL_V1, CONTEXT_V1 } from '@digitalbazaar/vc-status-list-context';

/** The W3C CCG Status List 2021 context, which new VC 1.1 credentials and their status list credentials name. */
export const STATUS_LIST_2021_CONTEXT: string = CONTEXT_URL_V1;

/** The Status List 2021 context document, from the npm package `@digitalbazaar/vc-status-list-context`. */
export const STATUS_LIST_2021_CONTEXTS: ReadonlyMap<string, object> = new Map([[CONTEXT_URL_V1, CONTEXT_V1 as object]]);
