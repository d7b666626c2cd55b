import { describe, expect, it } from 'vitest';
import { onlineNow, presenceOf, type StaffAvailability } from './online-agents';

const now = Date.parse('2026-12-03T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const person = (
	full_name: string,
	status: StaffAvailability['status'],
	last_seen_at: string | null
): StaffAvailability => ({
	id: full_name,
	full_name,
	email: `${full_name}@x.test`,
	status,
	last_seen_at
});

describe('who is online', () => {
	it('is what the agent chose while a tab sent a heartbeat within two minutes', () => {
		expect(presenceOf('available', ago(30), now)).toBe('available');
		expect(presenceOf('away', ago(119), now)).toBe('away');
		expect(presenceOf('offline', ago(10), now)).toBe('offline');
	});

	it('is offline without a heartbeat for more than two minutes, or ever', () => {
		expect(presenceOf('available', ago(121), now)).toBe('offline');
		expect(presenceOf('available', null, now)).toBe('offline');
	});

	it('lists the available before the away, by name, and counts the rest', () => {
		const { online, offline } = onlineNow(
			[
				person('Zoe', 'available', ago(5)),
				person('Bea', 'away', ago(5)),
				person('Al', 'available', ago(60)),
				person('Cy', 'available', ago(600)),
				person('Di', 'offline', ago(5))
			],
			now
		);
		expect(online.map((p) => [p.full_name, p.presence])).toEqual([
			['Al', 'available'],
			['Zoe', 'available'],
			['Bea', 'away']
		]);
		expect(offline).toBe(2);
	});
});
