// The tab's browser client reaches components through context (null while rendering on the server).
import { getContext, setContext } from 'svelte';
import type { AppSupabaseClient } from './types';

const key = Symbol('supabase');

export const setBrowserSupabase = (client: AppSupabaseClient | null) => setContext(key, client);

export const getBrowserSupabase = () => getContext<AppSupabaseClient | null>(key) ?? null;
