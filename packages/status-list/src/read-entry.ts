// `@healthcred/status-list/read`: what a verifier needs to read lists, browser-safe (no node: modules).
export { statusFromList, suspensionEntryOf, type StatusState } from './read.js';
export { createStatusListChecker, type StatusListChecker, type StatusListCheckerDeps } from './status-checker.js';
export { fetchStatusList, type FetchStatusListOptions } from './fetch-list.js';
