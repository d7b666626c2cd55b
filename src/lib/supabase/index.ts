export { publicSupabaseEnv, type SupabaseEnv } from './env';
export { getBrowserSupabase, setBrowserSupabase } from './context';
export type { AppSupabaseClient } from './types';
export { Constants } from './database.types';
export type { Database, Enums, Json, Tables, TablesInsert, TablesUpdate } from './database.types';
