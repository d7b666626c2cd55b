import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failureOf, formResult, resultOf } from './form-result';
import { parseForm } from './parse-form';

const body = new FormData();
body.set('body', ' ');
const parsed = parseForm(z.object({ body: z.string().trim().min(1, 'Write something.') }), body);

describe('a form action’s result', () => {
	it('names its form when it refuses a parsed submission, with the fields’ errors and values', () => {
		if (parsed.ok) throw new Error('the empty body should not parse');
		const refused = formResult('reply').fail(400, parsed);
		expect(refused.status).toBe(400);
		expect(refused.data).toEqual({
			form: 'reply',
			ok: false,
			message: 'Write something.',
			errors: { body: 'Write something.' },
			values: { body: ' ' }
		});
	});

	it('names its form when the server says no, keeping what was typed', () => {
		const refused = formResult('invite').fail(403, 'Not allowed.', { email: 'a@b.c' });
		expect(refused.status).toBe(403);
		expect(refused.data).toEqual({
			form: 'invite',
			ok: false,
			message: 'Not allowed.',
			errors: {},
			values: { email: 'a@b.c' }
		});
	});

	it('names its form when it goes through, with what the page shows about it', () => {
		expect(formResult('update').ok()).toEqual({ form: 'update', ok: true });
		expect(formResult('invite').ok({ invited: 'a@b.c' })).toEqual({
			form: 'invite',
			ok: true,
			invited: 'a@b.c'
		});
	});
});

describe('a page reading the result', () => {
	type ActionData =
		| { form: 'reply' | 'note'; ok: false; message: string }
		| { form: 'reply' | 'note'; ok: true }
		| { form: 'update'; ok: false; message: string }
		| { form: 'update'; ok: true };
	// As a page holds it: any of the page's results, not yet known which.
	const pageResult = (data: ActionData): ActionData => data;
	const replyRefused = pageResult({ form: 'note', ok: false, message: 'Too long.' });
	const updated = pageResult({ form: 'update', ok: true });

	it('finds the result of its own forms only', () => {
		expect(resultOf(replyRefused, 'reply', 'note')).toBe(replyRefused);
		expect(resultOf(replyRefused, 'update')).toBeUndefined();
		expect(resultOf(updated, 'update')).toBe(updated);
		expect(resultOf(null, 'update')).toBeUndefined();
	});

	it('shows a refusal beside the form it refuses, and nothing for a success', () => {
		expect(failureOf(replyRefused, 'reply', 'note')?.message).toBe('Too long.');
		expect(failureOf(replyRefused, 'update')).toBeUndefined();
		expect(failureOf(updated, 'update')).toBeUndefined();
		expect(failureOf(undefined, 'reply')).toBeUndefined();
	});
});
