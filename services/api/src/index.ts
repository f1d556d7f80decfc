export { createApp } from './app.js';
export type { ApiDeps } from './app.js';
export { runApi, loadDccDeps } from './start.js';
export type { RunningApi } from './start.js';
