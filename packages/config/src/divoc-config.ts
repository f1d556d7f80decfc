import { DIVOC_CONTEXT_NAMES, isDivocContextName, type DivocNamespaces } from '@healthcred/document-loader';
import type { EnvReader } from './env-reader.js';

const VARIABLE = 'HEALTHCRED_DIVOC_CONTEXTS';

/**
 * Reads HEALTHCRED_DIVOC_CONTEXTS [none]: the DIVOC namespace URLs whose certificates this deployment reads, each with
 * the DIVOC context document it serves, as comma-separated `<url>=<name>` pairs, e.g.
 * `https://cowin.gov.in/credentials/vaccination/v1=vaccination/v1,https://divoc.dev/credentials/vaccination/v1=vaccination/v1`.
 * Names: `vaccination/v1`, `vaccination/v2`, `test-certificate/v1`. A URL may appear once.
 */
export function readDivocNamespaces(read: EnvReader): DivocNamespaces {
  const namespaces: Record<string, (typeof DIVOC_CONTEXT_NAMES)[number]> = {};
  const text = read.string(VARIABLE);
  if (text === undefined) return namespaces;
  for (const [index, pair] of text.split(',').map((part) => part.trim()).entries()) {
    const at = pair.lastIndexOf('=');
    const url = pair.slice(0, at).trim();
    const name = pair.slice(at + 1).trim();
    const where = `${VARIABLE} entry ${index + 1} ("${pair}")`;
    if (at < 1 || !isHttpUrl(url)) {
      read.problems.push(`${where} must be <http(s) namespace URL>=<context name>`);
    } else if (!isDivocContextName(name)) {
      read.problems.push(`${where} names context "${name}"; it must be one of ${DIVOC_CONTEXT_NAMES.join(', ')}`);
    } else if (Object.hasOwn(namespaces, url)) {
      read.problems.push(`${where} names ${url} again`);
    } else {
      namespaces[url] = name;
    }
  }
  return Object.freeze(namespaces);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return ['http:', 'https:'].includes(url.protocol) && !url.username && !url.hash;
  } catch {
    return false;
  }
}
