import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import { avatarFileProblem, avatarObjectPath, maxAvatarBytes } from './avatar-file';
import { inAppChoices, preferencesForm } from './notification-choices';
import { avatarForm, emailChangeForm, nameForm, passwordChangeForm } from './profile-forms';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
};

const me = '11111111-1111-4111-8111-111111111111';
const someoneElse = '22222222-2222-4222-8222-222222222222';
const picture = '33333333-3333-4333-8333-333333333333';

describe('the name form', () => {
	it('keeps a name, trimmed', () => {
		expect(parseForm(nameForm, form({ full_name: '  Ada Lovelace ' }))).toEqual({
			ok: true,
			data: { full_name: 'Ada Lovelace' }
		});
	});

	it('refuses an empty name, a long one and a header injection, keeping what was typed', () => {
		expect(parseForm(nameForm, form({ full_name: '   ' }))).toMatchObject({
			ok: false,
			errors: { full_name: 'Tell us your name.' },
			values: { full_name: '   ' }
		});
		expect(parseForm(nameForm, form({ full_name: 'a'.repeat(101) }))).toMatchObject({
			ok: false,
			errors: { full_name: 'Keep your name to 100 characters.' }
		});
		expect(parseForm(nameForm, form({ full_name: 'Eve\r\nBcc: all@example.com' }))).toMatchObject({
			ok: false,
			errors: { full_name: 'Write your name on one line, without line breaks or tabs.' }
		});
	});
});

describe('the email change form', () => {
	it('takes an address, lower-cased', () => {
		expect(parseForm(emailChangeForm, form({ email: ' New@Example.COM ' }))).toEqual({
			ok: true,
			data: { email: 'new@example.com' }
		});
	});

	it('says when it is not an address', () => {
		expect(parseForm(emailChangeForm, form({ email: 'new-at-example' }))).toMatchObject({
			ok: false,
			errors: { email: 'That does not look like an email address.' }
		});
	});
});

describe('the password change form', () => {
	it('takes a new password typed twice, with no code unless one was asked for', () => {
		expect(
			parseForm(
				passwordChangeForm,
				form({ password: 'longer-one', confirm_password: 'longer-one' })
			)
		).toEqual({
			ok: true,
			data: { password: 'longer-one', confirm_password: 'longer-one', nonce: undefined }
		});
		expect(
			parseForm(
				passwordChangeForm,
				form({ password: 'longer-one', confirm_password: 'longer-one', nonce: ' 123 456 ' })
			)
		).toMatchObject({ ok: true, data: { nonce: '123456' } });
	});

	it('refuses a short password, two that differ and a malformed code, never echoing passwords', () => {
		expect(
			parseForm(passwordChangeForm, form({ password: 'short', confirm_password: 'short' }))
		).toMatchObject({
			ok: false,
			errors: { password: 'Use at least 8 characters for your password.' },
			values: {}
		});
		expect(
			parseForm(
				passwordChangeForm,
				form({ password: 'longer-one', confirm_password: 'longer-two' })
			)
		).toEqual({
			ok: false,
			message: 'The two passwords differ.',
			errors: { confirm_password: 'The two passwords differ.' },
			values: {}
		});
		expect(
			parseForm(
				passwordChangeForm,
				form({ password: 'longer-one', confirm_password: 'longer-one', nonce: 'abc' })
			)
		).toMatchObject({ ok: false, errors: { nonce: 'Enter the code from the email we sent you.' } });
	});
});

describe('the avatar form', () => {
	it('takes a picture in the person’s own folder only', () => {
		expect(parseForm(avatarForm(me), form({ avatar_path: `${me}/${picture}.png` }))).toEqual({
			ok: true,
			data: { avatar_path: `${me}/${picture}.png` }
		});
		for (const path of [
			`${someoneElse}/${picture}.png`,
			`${me}/../${someoneElse}/${picture}.png`,
			`${me}/${picture}.svg`,
			''
		]) {
			expect(parseForm(avatarForm(me), form({ avatar_path: path })), path).toMatchObject({
				ok: false,
				errors: { avatar_path: 'Upload the picture again.' }
			});
		}
	});

	it('refuses files the bucket would refuse, saying why', () => {
		expect(avatarFileProblem({ type: 'image/png', size: 1000 })).toBeUndefined();
		expect(avatarFileProblem({ type: 'image/svg+xml', size: 1000 })).toBe(
			'Choose a PNG, JPEG, WebP or GIF image.'
		);
		expect(avatarFileProblem({ type: 'application/pdf', size: 1000 })).toBe(
			'Choose a PNG, JPEG, WebP or GIF image.'
		);
		expect(avatarFileProblem({ type: 'image/jpeg', size: maxAvatarBytes + 1 })).toBe(
			'Choose a picture of 2 MB or less.'
		);
		expect(avatarFileProblem({ type: 'image/jpeg', size: 0 })).toBe(
			'That file is empty. Choose another picture.'
		);
	});

	it('names a fresh object in the person’s folder, with the type’s extension', () => {
		const path = avatarObjectPath(me, { type: 'image/jpeg' });
		expect(parseForm(avatarForm(me), form({ avatar_path: path })).ok).toBe(true);
		expect(path).toMatch(new RegExp(`^${me}/[0-9a-f-]{36}\\.jpg$`));
		expect(avatarObjectPath(me, { type: 'image/jpeg' })).not.toBe(path);
	});
});

describe('the notification preferences form', () => {
	it('mutes the kinds left unticked and reads a customer’s email choices', () => {
		expect(
			parseForm(
				preferencesForm('client'),
				form({ app_reply: 'on', app_solved: 'on', email_agent_reply: 'on' })
			)
		).toEqual({
			ok: true,
			data: {
				muted_kinds: ['status'],
				email_ticket_received: false,
				email_agent_reply: true,
				email_ticket_solved: false
			}
		});
	});

	it('never changes a staff member’s email choices, and offers the kinds staff receive', () => {
		expect(inAppChoices('agent').map((choice) => choice.key)).toEqual([
			'assigned',
			'reply',
			'status',
			'mention',
			'rating'
		]);
		expect(
			parseForm(preferencesForm('agent'), form({ app_assigned: 'on', email_agent_reply: 'on' }))
		).toEqual({ ok: true, data: { muted_kinds: ['reply', 'status', 'mention', 'rating'] } });
	});

	it('refuses a box with another value', () => {
		expect(parseForm(preferencesForm('admin'), form({ app_mention: 'yes' }))).toMatchObject({
			ok: false,
			errors: { app_mention: 'Tick the box or leave it empty.' }
		});
	});

	it('offers no automation kind to mute, for any role', () => {
		for (const role of ['client', 'agent', 'admin'] as const) {
			expect(inAppChoices(role).map((choice) => choice.key)).not.toContain('automation');
		}
	});
});
