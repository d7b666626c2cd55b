export { loadConfig, parseConfig, ConfigError } from './load-config';
export type { StackConfig } from './schema';
export { parseSize, parseDuration } from './units';
