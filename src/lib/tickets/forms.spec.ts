import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import { newTicketForm, replyForm, ticketId, ticketUpdateForm } from './forms';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
};

describe('the new ticket form', () => {
	it('accepts a subject and a description, trimmed', () => {
		expect(
			parseForm(newTicketForm, form({ subject: '  Printer ', description: ' Jammed. ' }))
		).toEqual({ ok: true, data: { subject: 'Printer', description: 'Jammed.' } });
	});

	it('asks for a subject and a description, keeping what was typed', () => {
		const result = parseForm(newTicketForm, form({ subject: '   ', description: '' }));
		expect(result).toEqual({
			ok: false,
			message: 'Some fields need another look.',
			errors: {
				subject: 'Give the ticket a subject.',
				description: 'Describe the problem so we can help.'
			},
			values: { subject: '   ', description: '' }
		});
	});

	it('refuses a subject over 200 characters with the reason as the message', () => {
		const result = parseForm(newTicketForm, form({ subject: 'x'.repeat(201), description: 'd' }));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message).toBe('Keep the subject to 200 characters.');
	});

	it('treats a missing field like an empty one', () => {
		const result = parseForm(newTicketForm, form({ subject: 'Hi' }));
		expect(result.ok || result.errors).toEqual({
			description: 'Describe the problem so we can help.'
		});
	});
});

describe('the reply form', () => {
	it('refuses an empty reply', () => {
		const result = parseForm(replyForm, form({ body: ' \n ' }));
		expect(result.ok || result.message).toBe('Write something first.');
	});

	it('keeps the body as written apart from surrounding space', () => {
		const result = parseForm(replyForm, form({ body: ' <b>hi</b>\nthere ' }));
		expect(result).toEqual({ ok: true, data: { body: '<b>hi</b>\nthere' } });
	});
});

describe('the ticket update form', () => {
	const agent = '6f2b0c1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e';

	it('accepts a status, a priority and an agent', () => {
		expect(
			parseForm(ticketUpdateForm, form({ status: 'pending', priority: 'high', assignee_id: agent }))
		).toEqual({ ok: true, data: { status: 'pending', priority: 'high', assignee_id: agent } });
	});

	it('reads an empty assignee as nobody', () => {
		const result = parseForm(
			ticketUpdateForm,
			form({ status: 'open', priority: 'low', assignee_id: '' })
		);
		expect(result.ok && result.data.assignee_id).toBeNull();
	});

	it('refuses statuses, priorities and assignees that do not exist', () => {
		const result = parseForm(
			ticketUpdateForm,
			form({ status: 'deleted', priority: 'asap', assignee_id: 'bob' })
		);
		expect(result.ok || result.errors).toEqual({
			status: 'Choose a status.',
			priority: 'Choose a priority.',
			assignee_id: 'Choose an agent.'
		});
	});
});

describe('ticket ids in URLs', () => {
	it('are positive integers only', () => {
		expect(ticketId('42')).toBe(42);
		for (const bad of ['0', '-1', '1.5', '1e3', 'abc', '', '007', '99999999999999999']) {
			expect(ticketId(bad)).toBeUndefined();
		}
	});
});
