// The mail catcher's store: every message, from the Auth API (written inside its transactions, so
// an email exists exactly when its token does) or from the SMTP listener, kept in _stack.mail so it
// survives a restart of a kept data folder.
import type { Database, Queryable } from '../db';
import { linksIn } from './links';

export interface StoredMail {
	source: 'auth' | 'smtp';
	from: string;
	to: string[];
	subject: string;
	html: string | null;
	text: string | null;
	headers?: Record<string, string>;
	size?: number;
	/** Auth emails: what the email is for (invite, recovery, …) and the link and codes it carries. */
	type?: string;
	actionLink?: string | null;
	tokenHash?: string | null;
	token?: string | null;
	redirectTo?: string | null;
}

/** One message as GET /mail lists it: the Auth API's fields first (tests read them), then the rest. */
export interface MailboxEntry {
	id: number;
	to: string;
	/** The Auth email's kind, or `smtp` for a message the listener received. */
	type: string;
	subject: string;
	html: string;
	action_link: string | null;
	token_hash: string | null;
	token: string | null;
	redirect_to: string | null;
	created_at: string;
	from: string;
	recipients: string[];
	text: string | null;
	headers: Record<string, string>;
	size: number;
	links: string[];
}

export async function storeMail(tx: Queryable, mail: StoredMail): Promise<number> {
	const { rows } = await tx.query<{ id: number }>(
		`insert into _stack.mail (source, sender, recipients, subject, html, text, headers, size, type,
		   action_link, token_hash, token, redirect_to)
		 values ($1, $2, array(select jsonb_array_elements_text($3::jsonb)), $4, $5, $6, $7, $8, $9,
		   $10, $11, $12, $13)
		 returning id::int as id`,
		[
			mail.source,
			mail.from,
			JSON.stringify(mail.to),
			mail.subject,
			mail.html,
			mail.text,
			JSON.stringify(mail.headers ?? {}),
			mail.size ?? Buffer.byteLength(mail.html ?? '') + Buffer.byteLength(mail.text ?? ''),
			mail.type ?? null,
			mail.actionLink ?? null,
			mail.tokenHash ?? null,
			mail.token ?? null,
			mail.redirectTo ?? null
		]
	);
	return rows[0].id;
}

interface MailRow {
	id: number;
	source: string;
	sender: string;
	recipients: string[];
	subject: string;
	html: string | null;
	text: string | null;
	headers: Record<string, string>;
	size: number;
	type: string | null;
	action_link: string | null;
	token_hash: string | null;
	token: string | null;
	redirect_to: string | null;
	created_at: string;
}

const rowSelect = `select id::int as id, source, sender, recipients, subject, html, text, headers, size,
	type, action_link, token_hash, token, redirect_to, to_json(created_at) #>> '{}' as created_at
	from _stack.mail`;

const entryOf = (row: MailRow): MailboxEntry => ({
	id: row.id,
	to: row.recipients[0] ?? '',
	type: row.type ?? row.source,
	subject: row.subject,
	html: row.html ?? '',
	action_link: row.action_link,
	token_hash: row.token_hash,
	token: row.token,
	redirect_to: row.redirect_to,
	created_at: row.created_at,
	from: row.sender,
	recipients: row.recipients,
	text: row.text,
	headers: row.headers,
	size: row.size,
	links: linksIn(row.html, row.text)
});

/** Every message, newest first. */
export async function listMail(db: Database): Promise<MailboxEntry[]> {
	const { rows } = await db.query<MailRow>(`${rowSelect} order by id desc`);
	return rows.map(entryOf);
}

export async function mailById(db: Database, id: number): Promise<MailboxEntry | undefined> {
	const { rows } = await db.query<MailRow>(`${rowSelect} where id = $1`, [id]);
	return rows[0] && entryOf(rows[0]);
}

export async function clearMailbox(db: Database): Promise<void> {
	await db.query(`delete from _stack.mail`);
}
