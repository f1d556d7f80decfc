export { openDatabase, BUSY_TIMEOUT_MS } from './open-database.js';
export type { OpenDatabaseOptions } from './open-database.js';
export { SqliteHealth } from './sqlite-health.js';
export type { SqliteHealthOptions } from './sqlite-health.js';
