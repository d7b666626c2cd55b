import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import { amountOf, automationRuleForm, checkedConditions, ruleFields } from './automation-form';
import { ruleActions, ruleConditions, ruleTrigger } from './automation-summary';

const form = (fields: [string, string][]) => {
	const body = new FormData();
	for (const [name, value] of fields) body.append(name, value);
	return body;
};
const team = '7ea00000-0000-4000-8000-000000000002';

describe('an automation rule form', () => {
	it('builds an event rule: conditions from lists and ticks, actions in order', () => {
		const body = form([
			['name', ' Billing to Billing '],
			['kind', 'event'],
			['event', 'ticket_created'],
			['is_active', 'on'],
			['subject_contains', 'Invoice, refund,, invoice'],
			['tags_none', 'VIP'],
			['team_id', 'none'],
			['priority', 'high'],
			['set_team', team],
			['set_priority', 'raise'],
			['add_tags', 'billing'],
			['add_note', 'Check the invoice first.'],
			['notify', 'team'],
			['notify_message', 'Money question']
		]);
		const parsed = parseForm(automationRuleForm, body);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.data.rule).toEqual({
			name: 'Billing to Billing',
			description: '',
			is_active: true,
			event: 'ticket_created',
			schedule: null,
			calendar_id: null,
			conditions: { subject_contains: ['Invoice', 'refund', 'invoice'], tags_none: ['vip'] },
			actions: [
				{ type: 'raise_priority' },
				{ type: 'set_team', team_id: team },
				{ type: 'add_tags', tags: ['billing'] },
				{ type: 'add_note', body: 'Check the invoice first.' },
				{ type: 'notify', recipients: 'team', message: 'Money question' }
			]
		});
		expect(checkedConditions(body)).toEqual({ priority: ['high'], team_id: [null] });
	});

	it('builds a time rule in business minutes, and an SLA one', () => {
		const since = parseForm(
			automationRuleForm,
			form([
				['name', 'Solve pending'],
				['kind', 'time'],
				['schedule_type', 'since'],
				['amount', '3'],
				['unit', 'days'],
				['since', 'status_changed'],
				['business', 'on'],
				['set_status', 'solved']
			])
		);
		expect(since.ok && since.data.rule).toMatchObject({
			event: 'time',
			schedule: { since: 'status_changed', minutes: 1440, business: true },
			actions: [{ type: 'set_status', status: 'solved' }]
		});
		const sla = parseForm(
			automationRuleForm,
			form([
				['name', 'Escalate'],
				['kind', 'time'],
				['schedule_type', 'sla'],
				['sla_target', 'first_response'],
				['percent_used', '80'],
				['set_priority', 'raise']
			])
		);
		expect(sla.ok && sla.data.rule.schedule).toEqual({
			sla_target: 'first_response',
			percent_used: 80
		});
	});

	it('refuses a missing name, a non-number amount and a notification without a message, by field', () => {
		const parsed = parseForm(
			automationRuleForm,
			form([
				['name', ' '],
				['kind', 'time'],
				['schedule_type', 'since'],
				['amount', 'soon'],
				['notify', 'team']
			])
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toMatchObject({
			name: 'Name the rule.',
			amount: 'Write a whole number.',
			notify_message: 'Write the message to send.'
		});
	});

	it('puts a saved rule back into its fields', () => {
		const { values, checked, customerIds } = ruleFields({
			event: 'time',
			schedule: { since: 'status_changed', minutes: 5760, business: false },
			conditions: {
				status: ['solved'],
				team_id: [null],
				customer_id: ['c1'],
				tags_any: ['a', 'b']
			},
			actions: [{ type: 'set_status', status: 'closed' }, { type: 'route' }]
		});
		expect(values).toMatchObject({
			kind: 'time',
			schedule_type: 'since',
			amount: '4',
			unit: 'days',
			set_status: 'closed',
			assign: 'route',
			tags_any: 'a, b'
		});
		expect(checked).toMatchObject({ status: ['solved'], team_id: ['none'] });
		expect(customerIds).toEqual(['c1']);
	});

	it('shows minutes in the largest whole unit; a business day is 8 hours', () => {
		expect(amountOf(1440, true)).toEqual({ amount: 3, unit: 'days' });
		expect(amountOf(1440, false)).toEqual({ amount: 1, unit: 'days' });
		expect(amountOf(90, false)).toEqual({ amount: 90, unit: 'minutes' });
		expect(amountOf(120, false)).toEqual({ amount: 2, unit: 'hours' });
	});
});

describe('a rule in words', () => {
	const names = (id: unknown) => (id === team ? 'Billing' : 'someone');

	it('says when it runs', () => {
		expect(ruleTrigger('ticket_created', null)).toBe('A ticket is created');
		expect(ruleTrigger('time', { since: 'status_changed', minutes: 1440, business: true })).toBe(
			'3 business days after its status last changed'
		);
		expect(ruleTrigger('time', { sla_target: 'first_response', percent_used: 80 })).toBe(
			'80% of the first response target used'
		);
	});

	it('says on which tickets and what it does', () => {
		expect(ruleConditions({ team_id: [null], subject_contains: ['vat'] }, names)).toBe(
			'team none · subject contains “vat”'
		);
		expect(ruleConditions({}, names)).toBe('every ticket');
		expect(
			ruleActions(
				[
					{ type: 'set_team', team_id: team },
					{ type: 'add_tags', tags: ['billing'] }
				],
				names
			)
		).toBe('set team Billing, add tags billing');
	});
});
