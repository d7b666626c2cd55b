// The SMTP side of the sender: one pooled nodemailer transport to `SMTP_URL`, with as many
// connections as the sender has messages in flight. nodemailer (some 40 modules) is loaded with the
// first message: the sender starts with every server process, before `npm run dev`'s first page.
import type { Transporter } from 'nodemailer';
import type { Options as PoolOptions, SentMessageInfo } from 'nodemailer/lib/smtp-pool';
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
	const options: PoolOptions = {
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
	};
	let mailer: Promise<Transporter<SentMessageInfo>> | undefined;
	const pool = () =>
		(mailer ??= import('nodemailer').then(({ createTransport }) => createTransport(options)));
	return {
		async send(message) {
			const info = await (await pool()).sendMail(mailOptions(message));
			return { messageId: info.messageId };
		},
		close() {
			void mailer?.then((pooled) => pooled.close());
		}
	};
}
