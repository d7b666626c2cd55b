// /mail on the API port, open without an API key: GET /mail lists every message newest first (JSON,
// with the Auth emails' action_link and token_hash, for tests), GET /mail/<id> shows one as the
// inbox does, DELETE /mail empties the catcher (for tests).
import { sendEmpty, sendJson, type Route } from '../http';
import type { Database } from '../db';
import { messagePage } from './inbox-pages';
import { clearMailbox, listMail, mailById } from './mailbox';

export function mailRoute(db: Database): Route {
	return {
		prefix: '/mail',
		keyPolicy: () => 'none',
		async handle({ req, res, path }) {
			const method = req.method ?? 'GET';
			if (path === '/' && method === 'GET') return sendJson(res, 200, await listMail(db));
			if (path === '/' && method === 'DELETE') {
				await clearMailbox(db);
				return sendEmpty(res, 204);
			}
			const id = /^\/(\d{1,12})\/?$/.exec(path)?.[1];
			if (id && method === 'GET') {
				const mail = await mailById(db, Number(id));
				if (mail) {
					const html = await messagePage(mail);
					res.writeHead(200, {
						'content-type': 'text/html; charset=utf-8',
						'content-length': Buffer.byteLength(html)
					});
					res.end(html);
					return;
				}
				return sendJson(res, 404, { message: `No email with id ${id}` });
			}
			sendJson(res, 404, {
				message: 'The mailbox serves GET /mail, GET /mail/<id> and DELETE /mail'
			});
		}
	};
}
