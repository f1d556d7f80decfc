export { loadConfig } from './config.js';
export type { Config, Tier, Topics } from './config.js';
