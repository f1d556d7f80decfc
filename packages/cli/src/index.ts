export { runCli } from './cli.js';
export type { Io } from './command.js';
