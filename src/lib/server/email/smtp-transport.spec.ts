import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { mailOptions } from './smtp-transport';
import { renderEmail } from './templates';

const token = 'a'.repeat(48);
const message = renderEmail(
	{
		id: 9,
		template: 'agent_reply',
		to_email: 'ana@example.com',
		to_name: 'Ana Lopez',
		data: { ticket_id: 7, subject: 'Cannot log in', unsubscribe_token: token }
	},
	{ appUrl: 'https://help.example.com', from: 'Support <support@example.com>' }
);

/** The message as it goes over SMTP, with folded header lines joined again. */
async function onTheWire(): Promise<string> {
	const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	const info = await transport.sendMail(mailOptions(message));
	return info.message.toString('utf8').replace(/\n[ \t]+/g, ' ');
}

describe('the SMTP message', () => {
	it('carries RFC 8058 one-click unsubscribe headers as sent', async () => {
		const raw = await onTheWire();
		const head = raw.slice(0, raw.indexOf('\n\n'));
		expect(head).toContain(
			`List-Unsubscribe: <https://help.example.com/unsubscribe/one-click?token=${token}>`
		);
		expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
	});
});
