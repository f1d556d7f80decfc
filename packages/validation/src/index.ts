export { InputReader, isIsoDate, isIsoDateTime, utcInstant } from './input-reader.js';
export type { StringRules } from './input-reader.js';
export { parseJson } from './parse-json.js';
export { isTopicName } from './topic-name.js';
export { isCountryCode } from './country-code.js';
export {
  parseStrictJson, assertNoForbiddenMembers, UnsafeJsonError, isUnsafeJsonError, FORBIDDEN_MEMBER_NAMES,
} from './strict-json.js';
export type { UnsafeJsonReason } from './strict-json.js';
export { readBoundedText } from './bounded-text.js';
