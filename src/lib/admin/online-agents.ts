// Who is online now: an agent's own availability (Available, Away, Offline from the account menu),
// as long as one of their tabs has sent a heartbeat within two minutes (routing's rule: without one
// they are offline whatever they chose).
import type { Enums } from '$lib/supabase';

type Availability = Enums<'agent_availability'>;

export interface StaffAvailability {
	id: string;
	full_name: string;
	email: string;
	status: Availability;
	last_seen_at: string | null;
}

export const heartbeatLapseMs = 2 * 60_000;

/** What an agent is now, by their choice and their last heartbeat. */
export function presenceOf(
	status: Availability,
	lastSeenAt: string | null,
	now: number
): Availability {
	if (!lastSeenAt || now - new Date(lastSeenAt).getTime() > heartbeatLapseMs) return 'offline';
	return status;
}

/** The staff who are online (available first, then away, each by name), and how many are not. */
export function onlineNow(staff: StaffAvailability[], now: number) {
	const rank: Record<Availability, number> = { available: 0, away: 1, offline: 2 };
	const people = staff.map((person) => ({
		...person,
		presence: presenceOf(person.status, person.last_seen_at, now)
	}));
	const online = people
		.filter((person) => person.presence !== 'offline')
		.sort(
			(a, b) =>
				rank[a.presence] - rank[b.presence] ||
				(a.full_name || a.email).localeCompare(b.full_name || b.email)
		);
	return { online, offline: people.length - online.length };
}
