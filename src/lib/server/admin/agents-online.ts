// The staff with their availability and last heartbeat, for the admin overview's "online now".
// Read under the admin's JWT: RLS lets staff read agent_status.
import type { AppSupabaseClient } from '$lib/supabase';
import { failedLoad } from './database-errors';

export async function staffAvailability(supabase: AppSupabaseClient) {
	const { data, error } = await supabase
		.from('profiles')
		.select('id, full_name, email, role, agent_status(status, last_seen_at)')
		.in('role', ['agent', 'admin'])
		.is('deactivated_at', null)
		.order('full_name');
	if (error) failedLoad(error, 'The overview could not be loaded.', 'reading agent availability');
	return data.map(({ agent_status: status, ...person }) => ({
		...person,
		status: status?.status ?? 'offline',
		last_seen_at: status?.last_seen_at ?? null
	}));
}
