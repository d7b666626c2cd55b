// The web inbox on the [inbucket] port, open without a key as Inbucket/Mailpit are: GET / lists the
// messages, GET /messages/<id> shows one. Nothing from a message runs here: the pages forbid
// scripts, and the HTML part is shown in a sandboxed frame.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../db';
import { listPage, messagePage, notFoundPage } from './inbox-pages';
import { listMail, mailById } from './mailbox';

export interface InboxServer {
	port: number;
	close(): Promise<void>;
}

const securityHeaders = {
	'content-security-policy':
		"default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'; form-action 'none'; base-uri 'none'",
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'cache-control': 'no-store'
};

function sendPage(res: ServerResponse, status: number, html: string) {
	res.writeHead(status, {
		...securityHeaders,
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(html)
	});
	res.end(html);
}

export async function startInboxServer(
	db: Database,
	port: number,
	log: (line: string) => void
): Promise<InboxServer> {
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://inbox').pathname;
		const answer = async () => {
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				res.writeHead(405, { allow: 'GET, HEAD' });
				return res.end();
			}
			if (path === '/') return sendPage(res, 200, listPage(await listMail(db)));
			const id = /^\/messages\/(\d{1,12})\/?$/.exec(path)?.[1];
			const mail = id ? await mailById(db, Number(id)) : undefined;
			if (mail) return sendPage(res, 200, await messagePage(mail));
			sendPage(
				res,
				404,
				notFoundPage(id ? `There is no message ${id}.` : 'There is no such page.')
			);
		};
		answer().catch((error: Error) => {
			log(`inbucket: ${req.method} ${path}: ${error.message}`);
			if (!res.headersSent)
				sendPage(res, 500, notFoundPage('The inbox could not read its messages.'));
			else res.end();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	return {
		port: (server.address() as AddressInfo).port,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
