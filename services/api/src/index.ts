export { createApp } from './app.js';
export type { ApiDeps } from './app.js';
export { runApi, loadDccDeps } from './start.js';
export type { RunningApi } from './start.js';
export { startCpuWork } from './cpu-work.js';
export type { CpuWork } from './cpu-work.js';
