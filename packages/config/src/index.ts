export { loadConfig } from './config.js';
export type { ApiConfig, Config, Tier, Topics } from './config.js';
