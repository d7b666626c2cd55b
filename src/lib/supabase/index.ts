export { publicSupabaseEnv, type SupabaseEnv } from './env';
export { getBrowserSupabase, setBrowserSupabase } from './context';
export type { AppSupabaseClient } from './types';
