// Sending an email, locally: counted against `email_sent`, rendered from its template with the
// variables GoTrue passes, and stored in the mail catcher with its action link, from the sender
// [inbucket] names (as the CLI configures GoTrue's SMTP).
import type { Queryable } from '../../db';
import { limitEmail, type TokenBuckets } from '../rate-limit';
import type { UserRow } from '../users';
import { storeMail } from '../../inbucket';
import type { MailTemplates, MailType } from './templates';

export interface Mailer {
	templates: MailTemplates;
	emailBudget: TokenBuckets;
	/** `http://127.0.0.1:<port>`: links point at the Auth API's /verify there. */
	apiUrl: string;
	siteUrl: string;
	/** `Name <address>`, the From of every email. */
	from: string;
}

export interface OutgoingMail {
	type: MailType;
	to: string;
	user: UserRow;
	otp: string;
	/** What the link carries (`pkce_`-prefixed in the PKCE flow). */
	tokenHash: string;
	/** The resolved redirect (site URL or an allowed `redirect_to`). */
	redirectTo: string;
	newEmail?: string;
}

/** The `type` a link's /verify expects for each kind of email; a reauthentication email has no link. */
const verifyType: Record<MailType, string | undefined> = {
	invite: 'invite',
	confirmation: 'signup',
	recovery: 'recovery',
	magic_link: 'magiclink',
	email_change: 'email_change',
	reauthentication: undefined
};

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` escaped, spaces as `+`. */
export const queryEscape = (value: string) =>
	encodeURIComponent(value)
		.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
		.replace(/%20/g, '+');

/** The link an email carries: GoTrue's /verify with the token hash, type and redirect. */
export function actionLink(apiUrl: string, hash: string, type: string, redirectTo: string) {
	// GoTrue escapes the redirect only when it holds characters that would break the query.
	const redirect = /[&=#]/.test(redirectTo) ? queryEscape(redirectTo) : redirectTo;
	return `${apiUrl}/auth/v1/verify?token=${queryEscape(hash)}&type=${queryEscape(type)}&redirect_to=${redirect}`;
}

export async function sendMail(tx: Queryable, mailer: Mailer, mail: OutgoingMail): Promise<void> {
	limitEmail(mailer.emailBudget);
	const type = verifyType[mail.type];
	const link = type ? actionLink(mailer.apiUrl, mail.tokenHash, type, mail.redirectTo) : '';
	const template = mailer.templates[mail.type];
	const data = {
		ConfirmationURL: link,
		Token: mail.otp,
		TokenHash: mail.tokenHash,
		SiteURL: mailer.siteUrl,
		RedirectTo: mail.redirectTo,
		Email: mail.user.email,
		NewEmail: mail.newEmail ?? mail.user.email_change,
		Data: mail.user.raw_user_meta_data
	};
	await storeMail(tx, {
		source: 'auth',
		from: mailer.from,
		to: [mail.to],
		type: mail.type,
		subject: template.subject(data),
		html: template.body(data),
		text: null,
		actionLink: link || null,
		tokenHash: mail.tokenHash,
		token: mail.otp,
		redirectTo: mail.redirectTo
	});
}
