export { publicSupabaseEnv, type SupabaseEnv } from './env';
export type { AppSupabaseClient } from './types';
