export { InputReader, isIsoDate, isIsoDateTime, utcInstant } from './input-reader.js';
export type { StringRules } from './input-reader.js';
export { parseJson } from './parse-json.js';
export { isTopicName } from './topic-name.js';
