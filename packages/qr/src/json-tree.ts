import type { JsonValue } from '@healthcred/types';

/** A JSON object or array that can be walked by path. */
export type JsonContainer = { [key: string]: JsonValue } | JsonValue[];

/** A path into JSON: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(root: JsonValue, path: JsonPath): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const key of path) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string | number, JsonValue>)[key];
  }
  return node;
}

/** Sets the value at `path`, creating objects (or arrays, for numeric keys) on the way. */
export function setPath(root: JsonContainer, path: JsonPath, value: JsonValue): void {
  let node = root as Record<string | number, JsonValue>;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    if (!isContainer(node[key])) node[key] = typeof path[index + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, JsonValue>;
  });
}

/** An object without keys, or an array of only such objects: nothing left to merge. */
function isHollow(value: JsonValue | undefined): boolean {
  if (!isContainer(value)) return false;
  return Array.isArray(value) ? value.every(isHollow) : Object.keys(value).length === 0;
}

/**
 * Removes the value at `path`, then every container this left hollow (see {@link isHollow}), walking back to the
 * root. A hollow element of an array becomes `{}` so the indexes of its siblings stay.
 */
export function deletePath(root: JsonContainer, path: JsonPath): void {
  const parents: Record<string | number, JsonValue>[] = [];
  let node: JsonValue | undefined = root;
  for (const key of path.slice(0, -1)) {
    if (!isContainer(node)) return;
    parents.push(node as Record<string | number, JsonValue>);
    node = (node as Record<string | number, JsonValue>)[key];
  }
  if (!isContainer(node)) return;
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) node[last as number] = {};
  else delete node[last];
  for (let depth = path.length - 2; depth >= 0; depth--) {
    const child = parents[depth]![path[depth]!];
    if (!isHollow(child)) return;
    if (Array.isArray(parents[depth])) parents[depth]![path[depth]!] = {};
    else delete parents[depth]![path[depth]!];
  }
}

/**
 * Merges `patch` into `target`: containers are merged key by key (arrays by index), a hollow patch over an
 * existing value is a placeholder and changes nothing, anything else replaces.
 */
export function mergeInto(target: JsonContainer, patch: JsonContainer): void {
  const into = target as Record<string | number, JsonValue>;
  for (const [key, value] of Object.entries(patch)) {
    const current = into[key];
    if (current !== undefined && isHollow(value)) continue;
    if (isContainer(value) && isContainer(current) && Array.isArray(value) === Array.isArray(current)) {
      mergeInto(current, value);
    } else {
      into[key] = value;
    }
  }
}

/** A JSON text with object keys sorted, so two values compare equal whatever their key order. */
export function sortedJson(value: JsonValue): string {
  if (!isContainer(value)) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson(value[key]!)}`).join(',')}}`;
}
