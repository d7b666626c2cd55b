// The local mail catcher, as `supabase start` runs Inbucket/Mailpit: a web inbox on the [inbucket]
// port, an SMTP listener on its smtp_port, and /mail (JSON) on the API port. Every message is kept
// in one store, the Auth API's emails included.
import type { ServiceModule, StackService } from '../http';
import { startInboxServer, type InboxServer } from './inbox-server';
import { mailRoute } from './mail-route';
import { startSmtpListener, type SmtpListener } from './smtp-listener';

export { storeMail, type MailboxEntry, type StoredMail } from './mailbox';

/** Where a person and a sender reach the catcher. */
export interface MailCatcher {
	inboxUrl: string;
	/** `smtp://127.0.0.1:<port>`, when an SMTP port is configured. */
	smtpUrl: string | undefined;
}

class ListenError extends Error {
	name = 'ListenError';
}

async function listening<T>(what: string, port: number, start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			throw new ListenError(`port ${port} (${what}) is already in use; pick another`);
		}
		throw error;
	}
}

export const inbucketService: ServiceModule = {
	name: 'inbucket',
	schemaFiles: [new URL('./schema.sql', import.meta.url)],
	async create({ db, mailPorts, log }): Promise<StackService> {
		const routes = [mailRoute(db)];
		if (!mailPorts) return { name: 'inbucket', routes };
		let inbox: InboxServer | undefined;
		let smtp: SmtpListener | undefined;
		try {
			inbox = await listening('[inbucket] port', mailPorts.inbox, () =>
				startInboxServer(db, mailPorts.inbox, log)
			);
			const smtpPort = mailPorts.smtp;
			if (smtpPort !== undefined) {
				smtp = await listening('[inbucket] smtp_port', smtpPort, () =>
					startSmtpListener(db, smtpPort, log)
				);
			}
		} catch (error) {
			await inbox?.close();
			throw error;
		}
		const mail: MailCatcher = {
			inboxUrl: `http://127.0.0.1:${inbox.port}`,
			smtpUrl: smtp ? `smtp://127.0.0.1:${smtp.port}` : undefined
		};
		return {
			name: 'inbucket',
			routes,
			mail,
			async close() {
				await smtp?.close();
				await inbox?.close();
			}
		};
	}
};
