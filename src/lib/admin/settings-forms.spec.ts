import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import {
	generalForm,
	keyFromLabel,
	macroActionFields,
	macroForm,
	tagRenameForm,
	ticketFieldForm
} from './settings-forms';

const form = (fields: Record<string, string>) => {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return body;
};

describe('general settings', () => {
	it('keeps a trimmed name and a lowercased support address, or none', () => {
		expect(
			parseForm(generalForm, form({ business_name: ' Acme ', support_email: 'Help@Acme.TEST' }))
		).toEqual({ ok: true, data: { business_name: 'Acme', support_email: 'help@acme.test' } });
		expect(parseForm(generalForm, form({ business_name: 'Acme', support_email: '' }))).toEqual({
			ok: true,
			data: { business_name: 'Acme', support_email: '' }
		});
	});

	it('refuses a blank name and an address that is not one, at their fields', () => {
		const parsed = parseForm(generalForm, form({ business_name: ' ', support_email: 'help@' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual({
			business_name: 'Name the business.',
			support_email: 'That does not look like an email address.'
		});
		expect(parsed.values.support_email).toBe('help@');
	});
});

describe('ticket fields', () => {
	it('makes a key from the label when none is typed', () => {
		expect(keyFromLabel('Order number')).toBe('order_number');
		expect(keyFromLabel('2nd  Contact (EU)')).toBe('nd_contact_eu');
		const parsed = parseForm(
			ticketFieldForm,
			form({ label: 'Plan tier', field_type: 'dropdown', options: ' Gold \n\nSilver\n' })
		);
		expect(parsed).toEqual({
			ok: true,
			data: {
				label: 'Plan tier',
				description: '',
				options: ['Gold', 'Silver'],
				required_on_solve: false,
				is_active: false,
				field_type: 'dropdown',
				key: 'plan_tier'
			}
		});
	});

	it('reads ticked boxes, and refuses a key the database would refuse, at the key', () => {
		const parsed = parseForm(
			ticketFieldForm,
			form({
				label: 'Plan',
				key: '9lives',
				field_type: 'text',
				required_on_solve: 'on',
				is_active: 'on'
			})
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.keys(parsed.errors)).toEqual(['key']);
	});

	it('refuses an unknown type', () => {
		const parsed = parseForm(ticketFieldForm, form({ label: 'Plan', field_type: 'colour' }));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors.field_type).toBe('Choose a type.');
	});
});

describe('tags', () => {
	it('lowercases and trims the new name, and refuses a blank or long one', () => {
		expect(parseForm(tagRenameForm, form({ tag: 'vip', new_name: ' Key-Account ' }))).toEqual({
			ok: true,
			data: { tag: 'vip', new_name: 'key-account' }
		});
		const long = parseForm(tagRenameForm, form({ tag: 'vip', new_name: 'x'.repeat(51) }));
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors.new_name).toBe('Keep a tag to 50 characters.');
	});
});

describe('macros', () => {
	it('turns the chosen changes into actions, and back into the form', () => {
		const parsed = parseForm(
			macroForm,
			form({
				name: 'Refund sent',
				message_kind: 'reply',
				body: 'Hi {{customer.first_name}}',
				set_status: 'pending',
				set_priority: '',
				add_tags: 'Refund, billing, refund',
				is_active: 'on'
			})
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.data.actions).toEqual([
			{ type: 'set_status', status: 'pending' },
			{ type: 'add_tags', tags: ['refund', 'billing'] }
		]);
		expect(parsed.data.is_active).toBe(true);
		expect(macroActionFields(parsed.data.actions)).toEqual({
			set_status: 'pending',
			set_priority: '',
			add_tags: 'refund, billing'
		});
	});

	it('refuses a status that does not exist', () => {
		const parsed = parseForm(
			macroForm,
			form({ name: 'X', message_kind: 'note', set_status: 'archived' })
		);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors.set_status).toBe('Choose a status.');
	});
});
