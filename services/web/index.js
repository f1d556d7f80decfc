// Where the built pages are (vite build → dist/). The API serves them when the directory exists.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));

/** The built pages' directory, or undefined when the pages have not been built. */
export const webRoot = existsSync(`${dist}index.html`) ? dist : undefined;
