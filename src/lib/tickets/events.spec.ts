import { describe, expect, it } from 'vitest';
import { describeEvent, linkedTicket } from './events';

describe('history events', () => {
	it('say where a merged conversation went and came from', () => {
		expect(describeEvent({ event: 'merged_into', ticket_id: 12 })).toBe('Merged into #12');
		expect(describeEvent({ event: 'merged_from', ticket_id: 9 })).toBe(
			'Ticket #9 was merged into this one'
		);
		expect(linkedTicket({ event: 'merged_into', ticket_id: 12 })).toBe(12);
	});

	it('name the macro or rule that acted', () => {
		expect(describeEvent({ event: 'macro', macro: { id: 'm', name: 'Greeting' } })).toBe(
			'Macro “Greeting” applied'
		);
		expect(describeEvent({ event: 'automation', automation: { name: 'Close solved' } })).toBe(
			'Automation “Close solved” ran'
		);
	});

	it('leave rows that are not events alone', () => {
		expect(describeEvent({})).toBeUndefined();
		expect(linkedTicket({ event: 'macro', ticket_id: 3 })).toBeUndefined();
	});
});
