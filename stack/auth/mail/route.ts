// /mail: the local mailbox over HTTP, open without an API key like Supabase's local mail viewer.
// GET /mail lists messages newest first (JSON), GET /mail/<id> shows one as a page with its link,
// DELETE /mail empties the mailbox (for tests).
import { sendEmpty, sendJson, type Route } from '../../http';
import type { Database } from '../../db';
import { clearMailbox, listMail, mailById, type MailboxEntry } from './mailbox';

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"]/g,
		(char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char
	);

function page(mail: MailboxEntry): string {
	const link = mail.action_link
		? `<p><a href="${escapeHtml(mail.action_link)}">${escapeHtml(mail.action_link)}</a></p>`
		: '';
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head>
<body>
<header>
<p>To: ${escapeHtml(mail.to)}</p>
<p>Subject: ${escapeHtml(mail.subject)}</p>
<p>Sent: ${escapeHtml(mail.created_at)}</p>
${link}
</header>
<hr>
<main>${mail.html}</main>
</body>
</html>`;
}

function sendHtml(res: Parameters<Route['handle']>[0]['res'], status: number, html: string) {
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(html)
	});
	res.end(html);
}

export function mailboxRoute(db: Database): Route {
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
			const id = /^\/(\d+)\/?$/.exec(path)?.[1];
			if (id && method === 'GET') {
				const mail = await mailById(db, Number(id));
				if (mail) return sendHtml(res, 200, page(mail));
				return sendJson(res, 404, { message: `No email with id ${id}` });
			}
			sendJson(res, 404, {
				message: 'The mailbox serves GET /mail, GET /mail/<id> and DELETE /mail'
			});
		}
	};
}
