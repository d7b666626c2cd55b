// Email templates: GoTrue's defaults, or the project's own from
// [auth.email.template.<type>] (`subject`, `content_path`) as the CLI reads them. Templates are Go
// templates; the stack renders the variables GoTrue passes (`{{ .ConfirmationURL }}`, `{{ .Token }}`,
// `{{ .TokenHash }}`, `{{ .SiteURL }}`, `{{ .RedirectTo }}`, `{{ .Email }}`, `{{ .NewEmail }}`,
// `{{ .Data.<key> }}`) and refuses anything else at startup rather than render it wrong.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, type StackConfig } from '../../config';

const mailTypes = [
	'invite',
	'confirmation',
	'recovery',
	'magic_link',
	'email_change',
	'reauthentication'
] as const;
export type MailType = (typeof mailTypes)[number];

export interface TemplateData {
	ConfirmationURL: string;
	Token: string;
	TokenHash: string;
	SiteURL: string;
	RedirectTo: string;
	Email: string;
	NewEmail?: string;
	Data: Record<string, unknown>;
}

const variables = new Set([
	'ConfirmationURL',
	'Token',
	'TokenHash',
	'SiteURL',
	'RedirectTo',
	'Email',
	'NewEmail'
]);

const defaults: Record<MailType, { subject: string; body: string }> = {
	invite: {
		subject: "You've been invited",
		body: `<h2>You have been invited</h2>
<p>Someone invited you to create an account. Follow this link to accept:</p>
<p><a href="{{ .ConfirmationURL }}">Accept the invitation</a></p>`
	},
	confirmation: {
		subject: 'Confirm your email address',
		body: `<h2>Confirm your email address</h2>
<p>Follow this link to confirm {{ .Email }} and finish signing up:</p>
<p><a href="{{ .ConfirmationURL }}">Confirm my email address</a></p>`
	},
	recovery: {
		subject: 'Reset your password',
		body: `<h2>Reset your password</h2>
<p>Follow this link to choose a new password:</p>
<p><a href="{{ .ConfirmationURL }}">Reset my password</a></p>
<p>You can ignore this email if you did not ask for it.</p>`
	},
	magic_link: {
		subject: 'Your sign-in link',
		body: `<h2>Your sign-in link</h2>
<p>Follow this link to sign in, or enter the code {{ .Token }}:</p>
<p><a href="{{ .ConfirmationURL }}">Sign in</a></p>`
	},
	reauthentication: {
		subject: 'Confirm reauthentication',
		body: `<h2>Confirm reauthentication</h2>
<p>Enter the code: {{ .Token }}</p>`
	},
	email_change: {
		subject: 'Confirm your new email address',
		body: `<h2>Confirm your new email address</h2>
<p>Follow this link to make {{ .NewEmail }} the email address of your account:</p>
<p><a href="{{ .ConfirmationURL }}">Confirm the change</a></p>`
	}
};

export type Render = (data: TemplateData) => string;

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[char] ?? char
	);

/** Compiles the subset of Go's html/template the stack supports; `where` names the source in errors. */
export function compileTemplate(source: string, where: string): Render {
	const parts: (string | ((data: TemplateData) => string))[] = [];
	const action = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;
	let last = 0;
	let trimNext = false;
	for (const match of source.matchAll(action)) {
		let text = source.slice(last, match.index);
		if (trimNext) text = text.trimStart();
		if (match[1] === '-') text = text.trimEnd();
		parts.push(text);
		trimNext = match[3] === '-';
		last = match.index + match[0].length;

		const expression = match[2];
		const data = /^\.Data\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
		if (data) {
			const key = data[1];
			parts.push(({ Data }) => {
				const value = Data[key];
				if (value === undefined || value === null) return '';
				return typeof value === 'object' ? JSON.stringify(value) : String(value);
			});
			continue;
		}
		const name = /^\.([A-Za-z]+)$/.exec(expression)?.[1];
		if (!name || !variables.has(name)) {
			throw new ConfigError(
				`${where}: the local stack cannot render {{ ${expression} }}; it supports ` +
					`{{ .${[...variables].join(' }}, {{ .')} }} and {{ .Data.<key> }}`
			);
		}
		parts.push((values) => String(values[name as keyof TemplateData] ?? ''));
	}
	let tail = source.slice(last);
	if (trimNext) tail = tail.trimStart();
	parts.push(tail);
	return (data) =>
		parts.map((part) => (typeof part === 'string' ? part : escapeHtml(part(data)))).join('');
}

export interface MailTemplate {
	subject: Render;
	body: Render;
}

export type MailTemplates = Record<MailType, MailTemplate>;

/** The project's templates, read and compiled once at startup. */
export async function loadTemplates(
	workdir: string,
	configured: StackConfig['auth']['email']['template']
): Promise<MailTemplates> {
	const entries = await Promise.all(
		mailTypes.map(async (type) => {
			const own = configured[type];
			const key = `auth.email.template.${type}`;
			let body = defaults[type].body;
			let bodySource = `${key} (default)`;
			if (own?.content_path) {
				const path = resolve(workdir, own.content_path);
				try {
					body = await readFile(path, 'utf8');
				} catch (error) {
					throw new ConfigError(
						`Invalid config for ${key}.content_path: ${(error as Error).message}`
					);
				}
				bodySource = own.content_path;
			}
			const template: MailTemplate = {
				subject: compileTemplate(own?.subject ?? defaults[type].subject, `${key}.subject`),
				body: compileTemplate(body, bodySource)
			};
			return [type, template] as const;
		})
	);
	return Object.fromEntries(entries) as MailTemplates;
}
