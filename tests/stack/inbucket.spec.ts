// The local mail catcher, as `supabase start` runs Inbucket/Mailpit: an SMTP listener that keeps
// every message, a web inbox that shows each with its HTML and text parts and links (the Auth
// API's emails too), the JSON at /mail, and the [inbucket] ports.
import { createServer } from 'node:net';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack } from '../../stack';
import type { MailboxEntry } from '../../stack/inbucket';
import { startTestStack, type TestStack } from '../support/stack';
import { uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth');

let stack: TestStack;
let inbox: string;
let smtpPort: number;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture, mail: { smtpPort: 0 } });
	inbox = stack.mail!.inboxUrl;
	smtpPort = Number(new URL(stack.mail!.smtpUrl!).port);
});
afterAll(() => stack?.stop());

const transport = () =>
	nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

async function mailTo(to: string): Promise<MailboxEntry> {
	const mails = (await (await fetch(`${stack.url}/mail`)).json()) as MailboxEntry[];
	const mail = mails.find((m) => m.recipients.includes(to));
	if (!mail) throw new Error(`no message to ${to}`);
	return mail;
}

describe('the SMTP listener', () => {
	it('keeps a message with its HTML and text parts, headers and links', async () => {
		const to = uniqueEmail('smtp');
		const info = await transport().sendMail({
			from: '"Support" <support@autocrm.test>',
			to: `"Casey" <${to}>`,
			subject: 'Re: Printer on fire',
			text: 'We replied. See http://app.test/client/tickets/7',
			html: '<p>We replied. <a href="http://app.test/client/tickets/7?x=1&amp;y=2">View</a></p>',
			headers: { 'X-Ticket': '7' }
		});
		expect(info.accepted).toEqual([to]);
		const mail = await mailTo(to);
		expect(mail).toMatchObject({
			type: 'smtp',
			to,
			from: '"Support" <support@autocrm.test>',
			subject: 'Re: Printer on fire',
			text: 'We replied. See http://app.test/client/tickets/7',
			links: ['http://app.test/client/tickets/7?x=1&y=2', 'http://app.test/client/tickets/7']
		});
		expect(mail.html).toContain('<a href="http://app.test/client/tickets/7?x=1&amp;y=2">View</a>');
		expect(mail.headers['x-ticket']).toBe('7');
	});

	it('refuses a recipient in the reserved .invalid domain with a permanent 550', async () => {
		const sending = transport().sendMail({
			from: 'support@autocrm.test',
			to: 'nobody@bounce.invalid',
			subject: 'Lost',
			text: 'Never arrives.'
		});
		await expect(sending).rejects.toMatchObject({ responseCode: 550 });
	});
});

describe('the web inbox', () => {
	it('lists every message, the Auth API’s too, newest first', async () => {
		const email = uniqueEmail('inbox');
		await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
		await stack.client().auth.resetPasswordForEmail(email);
		const page = await (await fetch(`${inbox}/`)).text();
		const recovery = await mailTo(email);
		expect(page).toContain(`<a href="/messages/${recovery.id}">`);
		expect(page).toContain(email);
		const shown = await (await fetch(`${inbox}/messages/${recovery.id}`)).text();
		expect(shown).toContain('<h2 id="text-part">Text (from the HTML part)</h2>');
		expect(shown).toContain(`href="${recovery.action_link!.replaceAll('&', '&amp;')}"`);
	});

	it('shows a message’s HTML in a sandboxed frame, its text, its links, all escaped', async () => {
		const to = uniqueEmail('escape');
		await transport().sendMail({
			from: 'support@autocrm.test',
			to,
			subject: '<script>alert(1)</script>',
			html: '<p>Hi <b>there</b> <a href="http://app.test/t/1">open</a></p><script>alert(2)</script>'
		});
		const mail = await mailTo(to);
		const response = await fetch(`${inbox}/messages/${mail.id}`);
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		const page = await response.text();
		expect(page).not.toContain('<script>');
		expect(page).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
		expect(page).toMatch(
			/<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="[^"]*&lt;b&gt;there&lt;\/b&gt;/
		);
		expect(page).toContain('<h2 id="text-part">Text</h2><pre>Hi there open [http://app.test/t/1]');
		expect(page).toContain('<li><a href="http://app.test/t/1">http://app.test/t/1</a></li>');
	});

	it('answers an unknown message with 404', async () => {
		expect((await fetch(`${inbox}/messages/999999`)).status).toBe(404);
	});
});

describe('the [inbucket] ports', () => {
	it('are free ones beside a free API port, and an SMTP listener only where a port is set', async () => {
		const quiet = await createStack({ workdir: fixture, port: 0, data: 'memory' });
		try {
			expect(quiet.mail?.inboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(quiet.mail?.smtpUrl).toBeUndefined();
			expect((await fetch(`${quiet.mail!.inboxUrl}/`)).status).toBe(200);
		} finally {
			await quiet.stop();
		}
	});

	it('name the taken port when the inbox cannot listen', async () => {
		const taken = createServer();
		await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
		const port = (taken.address() as { port: number }).port;
		try {
			await expect(
				createStack({ workdir: fixture, port: 0, data: 'memory', mail: { inboxPort: port } })
			).rejects.toThrow(`port ${port} ([inbucket] port) is already in use`);
		} finally {
			await new Promise<void>((resolve) => taken.close(() => resolve()));
		}
	});
});
