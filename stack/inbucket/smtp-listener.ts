// The catcher's SMTP side, as Inbucket/Mailpit listen under `supabase start`: accepts any sender,
// with or without credentials, and stores each message it is given (parsed into its HTML and text
// parts and headers). Recipients in the reserved `.invalid` domain are refused with a permanent
// 550, as a real relay would refuse them, so a sender's handling of bounces can be tried locally.
import type { AddressInfo } from 'node:net';
import type { AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Database } from '../db';
import { storeMail } from './mailbox';

export interface SmtpListener {
	port: number;
	close(): Promise<void>;
}

/** The largest message accepted, as Mailpit's default. */
const maxMessageBytes = 25 * 1024 * 1024;

const smtpError = (responseCode: number, message: string) =>
	Object.assign(new Error(message), { responseCode });

const addressText = (value: AddressObject | AddressObject[] | undefined) =>
	(Array.isArray(value) ? value : value ? [value] : []).map((entry) => entry.text).join(', ');

/**
 * mailparser, loaded with the first message: importing it took ~0.3 s of CPU at every stack start,
 * beside `npm run dev`'s first page, and most stacks never receive a message over SMTP.
 */
let parser: Promise<typeof simpleParser> | undefined;
const parseMail = async (raw: Buffer) =>
	(await (parser ??= import('mailparser').then((module) => module.simpleParser)))(raw);

async function readStream(stream: SMTPServerDataStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export async function startSmtpListener(
	db: Database,
	port: number,
	log: (line: string) => void
): Promise<SmtpListener> {
	const server = new SMTPServer({
		name: 'localhost',
		banner: 'AutoCRM local mail catcher',
		authOptional: true,
		allowInsecureAuth: true,
		disabledCommands: ['STARTTLS'],
		size: maxMessageBytes,
		logger: false,
		onAuth: (auth, _session, done) => done(null, { user: auth.username ?? 'local' }),
		onRcptTo(address, _session, done) {
			const domain = address.address.split('@').pop() ?? '';
			if (/(^|\.)invalid$/i.test(domain)) {
				return done(
					smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: no such domain`)
				);
			}
			done();
		},
		onData(stream, session, done) {
			readStream(stream)
				.then(async (raw) => {
					if (stream.sizeExceeded) {
						throw smtpError(552, '5.3.4 Message size exceeds the fixed maximum message size');
					}
					const parsed = await parseMail(raw);
					const headers = Object.fromEntries(
						parsed.headerLines.map(({ key, line }) => [
							key,
							line.slice(line.indexOf(':') + 1).trim()
						])
					);
					await storeMail(db, {
						source: 'smtp',
						from:
							addressText(parsed.from) || (session.envelope.mailFrom || { address: '' }).address,
						to: session.envelope.rcptTo.map((recipient) => recipient.address),
						subject: parsed.subject ?? '',
						html: parsed.html || null,
						text: parsed.text ?? null,
						headers,
						size: raw.length
					});
				})
				.then(
					() => done(),
					(error: Error & { responseCode?: number }) => {
						if (!error.responseCode) log(`inbucket: could not store a message: ${error.message}`);
						done(error.responseCode ? error : smtpError(451, '4.3.0 Could not store the message'));
					}
				);
		}
	});
	server.on('error', (error) => log(`inbucket: SMTP: ${error.message}`));

	await new Promise<void>((resolve, reject) => {
		const onError = (error: Error) => reject(error);
		server.server.once('error', onError);
		server.listen(port, '127.0.0.1', () => {
			server.server.off('error', onError);
			resolve();
		});
	});
	return {
		port: (server.server.address() as AddressInfo).port,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
