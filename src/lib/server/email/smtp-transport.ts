// The SMTP side of the sender: one pooled nodemailer transport to `SMTP_URL`, with as many
// connections as the sender has messages in flight.
import { createTransport } from 'nodemailer';
import type { EmailTransport } from './sender';
import type { EmailMessage } from './templates';

/** What nodemailer is handed for one message. */
export const mailOptions = (message: EmailMessage) => ({
	from: message.from,
	to: { name: message.to.name, address: message.to.address },
	subject: message.subject,
	text: message.text,
	html: message.html,
	messageId: message.messageId,
	headers: message.headers
});

export function smtpTransport(url: string, connections = 5): EmailTransport {
	const parsed = new URL(url);
	if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
		throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
	}
	const mailer = createTransport({
		pool: true,
		maxConnections: connections,
		host: parsed.hostname,
		port: Number(parsed.port) || (parsed.protocol === 'smtps:' ? 465 : 25),
		secure: parsed.protocol === 'smtps:',
		auth: parsed.username
			? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
			: undefined,
		// A local catcher offers no TLS; a real relay that does is still used with STARTTLS.
		ignoreTLS: parsed.searchParams.get('tls') === 'off',
		connectionTimeout: 10_000,
		socketTimeout: 30_000
	});
	return {
		async send(message) {
			const info = await mailer.sendMail(mailOptions(message));
			return { messageId: info.messageId };
		},
		close() {
			mailer.close();
		}
	};
}
