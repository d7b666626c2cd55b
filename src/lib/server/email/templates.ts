// The customer emails, rendered from an outbox row: what the database captured when the event
// happened (`data`), plus the app's links. Everything from people (names, subjects, reply text) is
// HTML-escaped in the HTML part, and stripped of line breaks wherever it lands in a header, so no
// name or subject can add a header (`\r\nBcc: …`) or markup.
import { z } from 'zod';
import type { Enums } from '$lib/supabase/database.types';
import { unsubscribeLinks } from '../unsubscribe';

export type EmailTemplate = Enums<'email_template'>;

/** What an outbox row holds that a template reads. */
export interface OutboxEmail {
	id: number;
	template: EmailTemplate;
	to_email: string;
	to_name: string;
	data: unknown;
}

export interface EmailSettings {
	/** The app's public origin (`ORIGIN`), which every link starts with. */
	appUrl: string;
	/** The From header, e.g. `AutoCRM Support <support@example.com>`. */
	from: string;
}

/** A message as the SMTP transport sends it. */
export interface EmailMessage {
	from: string;
	to: { name: string; address: string };
	subject: string;
	text: string;
	html: string;
	/** Deterministic per outbox row, so a receiver can tell a message it already has. */
	messageId: string;
	headers: Record<string, string>;
}

export class InvalidEmailError extends Error {
	name = 'InvalidEmailError';
}

const data = z.object({
	ticket_id: z.number().int().positive(),
	subject: z.string(),
	customer_name: z.string().default(''),
	unsubscribe_token: z.string().nullish(),
	author_name: z.string().default('Support'),
	body: z.string().default(''),
	description: z.string().default(''),
	solved: z.boolean().default(false),
	solved_by: z.string().default('Support')
});

type EmailData = z.output<typeof data>;

export const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(char) =>
			({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char
	);

/** One line of text fit for a header: control characters (CR and LF above all) become spaces. */
export const headerSafe = (text: string, max = 200) => {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what it removes
	const line = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ');
	const trimmed = line.trim();
	return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
};

const addressPattern = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;

/** Paragraphs of plain text as HTML: escaped, blank lines between paragraphs, breaks kept. */
const paragraphs = (text: string, style: string) =>
	text
		.trim()
		.split(/\n\s*\n/)
		.map((block) => `<p style="${style}">${escapeHtml(block).replace(/\r?\n/g, '<br>')}</p>`)
		.join('\n');

interface Links {
	ticket: string;
	good: string;
	bad: string;
	/** The page that asks first (the footer link) and the RFC 8058 one-click address (the header). */
	unsubscribe: { page: string; oneClick: string } | undefined;
}

function linksFor(settings: EmailSettings, fields: EmailData): Links {
	const base = settings.appUrl.replace(/\/+$/, '');
	const ticket = `${base}/client/tickets/${fields.ticket_id}`;
	return {
		ticket,
		good: `${ticket}?rating=good#rating`,
		bad: `${ticket}?rating=bad#rating`,
		unsubscribe: fields.unsubscribe_token
			? unsubscribeLinks(base, fields.unsubscribe_token)
			: undefined
	};
}

interface Content {
	subject: string;
	/** Plain-text paragraphs before the quoted text. */
	intro: string[];
	/** Text quoted from the ticket: the reply, or the description. */
	quote?: string;
	rating: boolean;
}

function contentFor(template: EmailTemplate, fields: EmailData): Content {
	const ref = `[#${fields.ticket_id}]`;
	const subject = headerSafe(fields.subject, 150);
	const author = headerSafe(fields.author_name, 100) || 'Support';
	switch (template) {
		case 'ticket_received':
			return {
				subject: `We received your request: ${subject} ${ref}`,
				intro: [
					`Thanks for getting in touch. We received your request “${subject}” (#${fields.ticket_id}), and our team will answer here and in the portal as soon as they can.`
				],
				quote: fields.description,
				rating: false
			};
		case 'agent_reply':
			return {
				subject: `${fields.solved ? 'Solved' : 'Re'}: ${subject} ${ref}`,
				intro: [
					`${author} replied to your request “${subject}” (#${fields.ticket_id})${fields.solved ? ' and marked it as solved' : ''}:`
				],
				quote: fields.body,
				rating: fields.solved
			};
		case 'ticket_solved':
			return {
				subject: `Solved: ${subject} ${ref}`,
				intro: [
					`${headerSafe(fields.solved_by, 100) || 'Support'} marked your request “${subject}” (#${fields.ticket_id}) as solved. If something is still not right, reply in the portal and the ticket reopens.`
				],
				rating: true
			};
	}
}

const font =
	"font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const textStyle = `margin:0 0 16px;font-size:15px;line-height:1.55;color:#27272a;${font}`;
const quoteStyle = `margin:0 0 12px;font-size:15px;line-height:1.55;color:#3f3f46;${font}`;
const buttonStyle = `display:inline-block;padding:10px 18px;border-radius:8px;background:#4f46e5;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;${font}`;
const ratingStyle = (background: string) =>
	`display:inline-block;margin:0 8px 8px 0;padding:9px 16px;border-radius:8px;border:1px solid #d4d4d8;background:${background};color:#18181b;text-decoration:none;font-weight:600;font-size:15px;${font}`;
const footStyle = `margin:0;font-size:12px;line-height:1.5;color:#71717a;${font}`;

function htmlPart(content: Content, fields: EmailData, links: Links): string {
	const name = headerSafe(fields.customer_name, 100);
	const greeting = `<p style="${textStyle}">Hi${name ? ` ${escapeHtml(name)}` : ''},</p>`;
	const intro = content.intro.map((line) => `<p style="${textStyle}">${escapeHtml(line)}</p>`);
	const quote = content.quote?.trim()
		? `<blockquote style="margin:0 0 20px;padding:4px 0 4px 16px;border-left:3px solid #e4e4e7;">${paragraphs(content.quote, quoteStyle)}</blockquote>`
		: '';
	const button = `<p style="${textStyle}"><a href="${escapeHtml(links.ticket)}" style="${buttonStyle}">View your ticket</a></p>`;
	const rating = content.rating
		? `<p style="${textStyle}"><strong>How would you rate the support you received?</strong></p>
<p style="${textStyle}"><a href="${escapeHtml(links.good)}" style="${ratingStyle('#f0fdf4')}">Good, I’m satisfied</a><a href="${escapeHtml(links.bad)}" style="${ratingStyle('#fef2f2')}">Bad, I’m unsatisfied</a></p>`
		: '';
	const unsubscribe = links.unsubscribe
		? ` <a href="${escapeHtml(links.unsubscribe.page)}" style="color:#71717a;">Unsubscribe from these emails</a>.`
		: '';
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px 12px;background:#f4f4f5;">
<div style="max-width:560px;margin:0 auto;padding:28px 24px;background:#ffffff;border-radius:12px;">
${greeting}
${intro.join('\n')}
${quote}
${button}
${rating}
<hr style="border:none;border-top:1px solid #e4e4e7;margin:24px 0 16px;">
<p style="${footStyle}">Ticket #${fields.ticket_id}. Answer in the portal: replies to this email are not read.${unsubscribe}</p>
</div>
</body>
</html>`;
}

function textPart(content: Content, fields: EmailData, links: Links): string {
	const name = headerSafe(fields.customer_name, 100);
	const lines = [
		`Hi${name ? ` ${name}` : ''},`,
		'',
		...content.intro.flatMap((line) => [line, ''])
	];
	if (content.quote?.trim()) {
		lines.push(
			...content.quote
				.trim()
				.split(/\r?\n/)
				.map((line) => `> ${line}`),
			''
		);
	}
	lines.push(`View your ticket: ${links.ticket}`, '');
	if (content.rating) {
		lines.push(
			'How would you rate the support you received?',
			`Good, I’m satisfied: ${links.good}`,
			`Bad, I’m unsatisfied: ${links.bad}`,
			''
		);
	}
	lines.push(
		'--',
		`Ticket #${fields.ticket_id}. Answer in the portal: replies to this email are not read.`
	);
	if (links.unsubscribe) lines.push(`Unsubscribe from these emails: ${links.unsubscribe.page}`);
	return `${lines.join('\n')}\n`;
}

/** The message for an outbox row; refuses a row it cannot send (bad address or data). */
export function renderEmail(row: OutboxEmail, settings: EmailSettings): EmailMessage {
	const address = row.to_email.trim();
	if (!addressPattern.test(address)) {
		throw new InvalidEmailError(`"${headerSafe(address, 80)}" is not an email address`);
	}
	const parsed = data.safeParse(row.data);
	if (!parsed.success) {
		throw new InvalidEmailError(`outbox row ${row.id} lacks what its template needs`);
	}
	const fields = parsed.data;
	const links = linksFor(settings, fields);
	const content = contentFor(row.template, fields);
	const host = new URL(settings.appUrl).hostname || 'localhost';
	const headers: Record<string, string> = {
		'Auto-Submitted': 'auto-generated',
		'X-AutoCRM-Ticket': String(fields.ticket_id),
		References: `<ticket-${fields.ticket_id}@${host}>`,
		'In-Reply-To': `<ticket-${fields.ticket_id}@${host}>`
	};
	if (links.unsubscribe) {
		// RFC 8058: mail clients offer their own Unsubscribe button and POST to this address. No
		// mailto: nobody reads mail sent to us.
		headers['List-Unsubscribe'] = `<${links.unsubscribe.oneClick}>`;
		headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
	}
	return {
		from: settings.from,
		to: { name: headerSafe(row.to_name, 100), address },
		subject: content.subject,
		text: textPart(content, fields, links),
		html: htmlPart(content, fields, links),
		messageId: `<outbox-${row.id}@${host}>`,
		headers
	};
}
