// The agent's own availability as the account menu starts with it (agent_status, readable by staff).
import type { AgentAvailability } from '$lib/components/layout';
import type { AppSupabaseClient } from '$lib/supabase';

export const ownAvailabilityQuery = (supabase: AppSupabaseClient, agentId: string) =>
	supabase.from('agent_status').select('status').eq('agent_id', agentId).maybeSingle();

/** Available until the agent chose otherwise (no row yet), and on a failed read, which the menu corrects. */
export async function loadOwnAvailability(
	supabase: AppSupabaseClient,
	agentId: string
): Promise<AgentAvailability> {
	const { data, error } = await ownAvailabilityQuery(supabase, agentId);
	if (error) console.error('loading the availability failed:', error.code, error.message);
	return data?.status ?? 'available';
}
