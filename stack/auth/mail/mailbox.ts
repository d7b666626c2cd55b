// The local mailbox: emails the Auth API would have sent, kept in _stack.auth_mail (so they survive
// a restart of a kept data folder) for a person or a test to read at /mail.
import type { Database, Queryable } from '../../db';
import { goTime } from '../go-time';

export interface StoredMail {
	to: string;
	type: string;
	subject: string;
	html: string;
	actionLink: string | null;
	tokenHash: string | null;
	token: string | null;
	redirectTo: string | null;
}

export interface MailboxEntry {
	id: number;
	to: string;
	type: string;
	subject: string;
	html: string;
	action_link: string | null;
	token_hash: string | null;
	token: string | null;
	redirect_to: string | null;
	created_at: string;
}

export async function storeMail(tx: Queryable, mail: StoredMail): Promise<void> {
	await tx.query(
		`insert into _stack.auth_mail (recipient, type, subject, html, action_link, token_hash, token, redirect_to)
		 values ($1, $2, $3, $4, $5, $6, $7, $8)`,
		[
			mail.to,
			mail.type,
			mail.subject,
			mail.html,
			mail.actionLink,
			mail.tokenHash,
			mail.token,
			mail.redirectTo
		]
	);
}

const entrySelect = `select id::int as id, recipient as "to", type, subject, html, action_link, token_hash,
	token, redirect_to, created_at from _stack.auth_mail`;

const withGoTime = (entry: MailboxEntry) => ({ ...entry, created_at: goTime(entry.created_at) });

/** Every stored email, newest first. */
export async function listMail(db: Database): Promise<MailboxEntry[]> {
	const { rows } = await db.query<MailboxEntry>(`${entrySelect} order by id desc`);
	return rows.map(withGoTime);
}

export async function mailById(db: Database, id: number): Promise<MailboxEntry | undefined> {
	const { rows } = await db.query<MailboxEntry>(`${entrySelect} where id = $1`, [id]);
	return rows[0] && withGoTime(rows[0]);
}

export async function clearMailbox(db: Database): Promise<void> {
	await db.query(`delete from _stack.auth_mail`);
}
