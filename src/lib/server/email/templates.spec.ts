import { describe, expect, it } from 'vitest';
import { InvalidEmailError, renderEmail, type OutboxEmail } from './templates';

const settings = {
	appUrl: 'http://localhost:5173/',
	from: 'AutoCRM Support <support@autocrm.test>'
};

const row = (overrides: Partial<OutboxEmail> = {}, data: Record<string, unknown> = {}) => ({
	id: 41,
	template: 'agent_reply' as const,
	to_email: 'ana@example.com',
	to_name: 'Ana Lopez',
	data: {
		ticket_id: 7,
		subject: 'Cannot log in',
		customer_name: 'Ana Lopez',
		author_name: 'Sam Agent',
		body: 'Try resetting your password.\n\nThen sign in again.',
		unsubscribe_token: 'tok123',
		...data
	},
	...overrides
});

describe('renderEmail', () => {
	it('quotes an agent reply with a link to the ticket in both parts', () => {
		const message = renderEmail(row(), settings);
		expect(message.subject).toBe('Re: Cannot log in [#7]');
		expect(message.text).toContain('> Try resetting your password.');
		expect(message.text).toContain('View your ticket: http://localhost:5173/client/tickets/7');
		expect(message.html).toContain('href="http://localhost:5173/client/tickets/7"');
		expect(message.to).toEqual({ name: 'Ana Lopez', address: 'ana@example.com' });
		expect(message.messageId).toBe('<outbox-41@localhost>');
	});

	it('escapes HTML from people in the HTML part', () => {
		const message = renderEmail(
			row({}, { body: '<script>alert(1)</script> & <b>bold</b>', author_name: '<img src=x>' }),
			settings
		);
		expect(message.html).not.toContain('<script>');
		expect(message.html).not.toContain('<img src=x>');
		expect(message.html).toContain(
			'&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
		);
		expect(message.text).toContain('<script>alert(1)</script>');
	});

	it('keeps a header injection out of every header', () => {
		const message = renderEmail(
			row(
				{ to_name: 'Eve\r\nBcc: victim@example.com' },
				{ subject: 'Hi\r\nBcc: victim@example.com', customer_name: 'Eve\nX-Evil: 1' }
			),
			settings
		);
		expect(message.to.name).toBe('Eve Bcc: victim@example.com');
		expect(message.subject).toBe('Re: Hi Bcc: victim@example.com [#7]');
		for (const value of [message.subject, message.to.name, ...Object.values(message.headers)]) {
			expect(value).not.toMatch(/[\r\n]/);
		}
	});

	it('offers Good and Bad rating links once the ticket is solved', () => {
		const message = renderEmail(row({ template: 'ticket_solved' }, { solved_by: 'Sam' }), settings);
		expect(message.subject).toBe('Solved: Cannot log in [#7]');
		expect(message.text).toContain('http://localhost:5173/client/tickets/7?rating=good#rating');
		expect(message.html).toContain('http://localhost:5173/client/tickets/7?rating=bad#rating');
	});

	it('names the one-click unsubscribe address in its headers and the asking page in its foot', () => {
		const message = renderEmail(row(), settings);
		expect(message.headers['List-Unsubscribe']).toBe(
			'<http://localhost:5173/unsubscribe/one-click?token=tok123>'
		);
		expect(message.text).toContain(
			'Unsubscribe from these emails: http://localhost:5173/unsubscribe?token=tok123'
		);
		expect(message.html).toContain('href="http://localhost:5173/unsubscribe?token=tok123"');
		expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(renderEmail(row({}, { unsubscribe_token: null }), settings).headers).not.toHaveProperty(
			'List-Unsubscribe'
		);
	});

	it('refuses a row without a usable address or data', () => {
		expect(() => renderEmail(row({ to_email: 'not-an-address' }), settings)).toThrow(
			InvalidEmailError
		);
		expect(() => renderEmail(row({ data: { subject: 'no ticket' } }), settings)).toThrow(
			/lacks what its template needs/
		);
	});
});
