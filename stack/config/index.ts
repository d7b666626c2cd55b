export { loadConfig, parseConfig, ConfigError } from './load-config';
export { envName, type Environment } from './env-overrides';
export type { StackConfig } from './schema';
export { parseSize, parseDuration } from './units';
