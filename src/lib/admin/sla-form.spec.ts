import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import { checkedConditions, duration, slaPolicyForm, targetValue } from './sla-form';

const form = (fields: [string, string][]) => {
	const body = new FormData();
	for (const [name, value] of fields) body.append(name, value);
	return body;
};

describe('an SLA policy form', () => {
	it('reads the grid of targets, leaving blank cells out, and the conditions', () => {
		const body = form([
			['name', ' Enterprise '],
			['calendar_id', ''],
			['is_active', 'on'],
			['target_urgent_first_response', '30'],
			['target_urgent_resolution', '240'],
			['target_low_next_response', ''],
			['tags_any', 'VIP, enterprise, vip'],
			['priority', 'urgent'],
			['priority', 'high'],
			['team_id', '7ea00000-0000-4000-8000-000000000002']
		]);
		const parsed = parseForm(slaPolicyForm, body);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.data).toMatchObject({
			name: 'Enterprise',
			calendar_id: null,
			is_active: true,
			targets: { urgent: { first_response: 30, resolution: 240 } },
			conditions: { tags_any: ['vip', 'enterprise'] }
		});
		expect(checkedConditions(body)).toEqual({
			priority: ['urgent', 'high'],
			team_id: ['7ea00000-0000-4000-8000-000000000002']
		});
		expect(targetValue(parsed.data.targets, 'urgent', 'resolution')).toBe('240');
		expect(targetValue(parsed.data.targets, 'low', 'resolution')).toBe('');
	});

	it('leaves zero and negative targets to the database, but refuses what is not a number', () => {
		const zero = parseForm(
			slaPolicyForm,
			form([
				['name', 'X'],
				['target_high_first_response', '0']
			])
		);
		expect(zero.ok && zero.data.targets).toEqual({ high: { first_response: 0 } });
		const words = parseForm(
			slaPolicyForm,
			form([
				['name', 'X'],
				['target_high_first_response', 'an hour']
			])
		);
		expect(words.ok).toBe(false);
		if (!words.ok)
			expect(words.errors.target_high_first_response).toBe('Write a number of minutes.');
	});

	it('says durations as people do', () => {
		expect(duration(45)).toBe('45 min');
		expect(duration(120)).toBe('2 h');
		expect(duration(1680)).toBe('1 d 4 h');
	});
});
