// An agent's availability (Available, Away, Offline) as the account menu shows and changes it, and
// this tab's heartbeat, which tells routing that the agent is here: written at once and every
// minute while the workspace is open; closing the tab stops it, and two minutes without one from
// any tab make the agent offline to routing (see routing's is_available).
import { toast } from 'svelte-sonner';
import { Constants, type AppSupabaseClient, type Enums } from '$lib/supabase';

export const availabilities = Constants.public.Enums.agent_availability;
export type AgentAvailability = Enums<'agent_availability'>;

export const availabilityLabels: Record<AgentAvailability, string> = {
	available: 'Available',
	away: 'Away',
	offline: 'Offline'
};

export const isAvailability = (value: string): value is AgentAvailability =>
	availabilities.some((status) => status === value);

const heartbeatMs = 60_000;

export class Availability {
	#status = $state<AgentAvailability>('available');
	readonly #supabase: () => AppSupabaseClient | null;
	/** Changes in flight: a heartbeat's answer then may predate them, so it does not overwrite. */
	#changing = 0;

	constructor(supabase: () => AppSupabaseClient | null, initial: AgentAvailability) {
		this.#supabase = supabase;
		this.#status = initial;
	}

	get current(): AgentAvailability {
		return this.#status;
	}

	async set(status: AgentAvailability) {
		const supabase = this.#supabase();
		if (!supabase || status === this.#status) return;
		const previous = this.#status;
		this.#status = status;
		this.#changing++;
		try {
			const { error } = await supabase.rpc('set_availability', { status });
			if (error) {
				this.#status = previous;
				toast.error('Could not change your availability. Try again.');
				return;
			}
			toast.success(
				status === 'available'
					? 'You are available: new tickets can be assigned to you.'
					: `You are ${availabilityLabels[status].toLowerCase()}: no new tickets are assigned to you.`
			);
		} finally {
			this.#changing--;
		}
	}

	/** Starts this tab's heartbeat; returns what stops it. */
	beat(): () => void {
		const send = async () => {
			const supabase = this.#supabase();
			if (!supabase) return;
			const { data } = await supabase.rpc('heartbeat');
			// Another tab (or an admin) may have changed the availability since this one loaded.
			if (data && this.#changing === 0) this.#status = data.status;
		};
		void send();
		const timer = setInterval(() => void send(), heartbeatMs);
		return () => clearInterval(timer);
	}
}
