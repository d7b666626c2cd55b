// The "today" tiles' figures as JSON, for their live refresh.
import { json } from '@sveltejs/kit';
import type { AppSupabaseClient } from '$lib/supabase';
import { fetchToday, filtersFor } from './queries';

export async function todayJson(
	supabase: AppSupabaseClient,
	url: URL,
	defaultAgent: string | null
) {
	const { parsed } = await filtersFor(supabase, url, defaultAgent);
	if (!parsed.ok) return json({ message: parsed.message }, { status: 400 });
	const today = await fetchToday(supabase, parsed.filters);
	if (!today.ok) return json({ message: today.message }, { status: today.status });
	return json(today.data, { headers: { 'cache-control': 'no-store' } });
}
