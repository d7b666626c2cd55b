// The web inbox's pages: every message, newest first, and one message with its HTML part (shown in
// a sandboxed frame, so nothing in an email runs), its text part (or, when it has none, the text of
// its HTML), its links and its headers. Plain server-rendered HTML, everything from a message escaped.
import type { convert } from 'html-to-text';
import type { MailboxEntry } from './mailbox';

export const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(char) =>
			({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char
	);

const style = `
:root { color-scheme: light dark; --line: #d4d4d8; --muted: #71717a; --accent: #4f46e5; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; }
header.bar { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); }
header.bar h1 { font-size: 1.05rem; margin: 0; }
header.bar a { color: var(--accent); }
main { padding: 1rem 1.25rem; max-width: 72rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8rem; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
td.when, td.from { white-space: nowrap; color: var(--muted); }
a { color: var(--accent); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
section { margin: 1.5rem 0; }
h2 { font-size: .95rem; margin: 0 0 .5rem; }
iframe { width: 100%; height: 28rem; border: 1px solid var(--line); border-radius: .5rem; background: #fff; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; margin: 0; }
ul.links { padding-left: 1.25rem; overflow-wrap: anywhere; }
.empty { color: var(--muted); }
.tag { font-size: .75rem; border: 1px solid var(--line); border-radius: 999px; padding: 0 .45rem; color: var(--muted); }
`;

function layout(title: string, body: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<header class="bar"><h1>Local inbox</h1><a href="/">All messages</a></header>
<main>
${body}
</main>
</body>
</html>`;
}

const when = (iso: string) => escapeHtml(iso.replace('T', ' ').replace(/\.\d+/, '').slice(0, 19));

export function listPage(entries: MailboxEntry[]): string {
	if (entries.length === 0) {
		return layout(
			'Local inbox',
			'<p class="empty">No messages yet. Emails the app and the Auth API send appear here.</p>'
		);
	}
	const rows = entries
		.map(
			(mail) => `<tr>
<td class="when">${when(mail.created_at)}</td>
<td class="from">${escapeHtml(mail.from)}</td>
<td>${escapeHtml(mail.recipients.join(', '))}</td>
<td><a href="/messages/${mail.id}">${escapeHtml(mail.subject || '(no subject)')}</a> <span class="tag">${escapeHtml(mail.type)}</span></td>
</tr>`
		)
		.join('\n');
	return layout(
		'Local inbox',
		`<p>${entries.length} message${entries.length === 1 ? '' : 's'}, newest first.</p>
<table>
<thead><tr><th scope="col">Received</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
	);
}

/** html-to-text, loaded with the first message page shown (like mailparser, kept off the start). */
let htmlToText: Promise<typeof convert> | undefined;
const textOfHtml = async (html: string) =>
	(await (htmlToText ??= import('html-to-text').then((module) => module.convert)))(html, {
		wordwrap: 100
	});

/** The HTML part as a frame document: links open a new tab, out of the sandbox. */
const frameDocument = (html: string) => `<base target="_blank">${html}`;

export async function messagePage(mail: MailboxEntry): Promise<string> {
	const text = mail.text ?? (mail.html ? await textOfHtml(mail.html) : '');
	const htmlSection = mail.html
		? `<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(frameDocument(mail.html))}"></iframe>`
		: '<p class="empty">This message has no HTML part.</p>';
	const links = mail.links.length
		? `<ul class="links">${mail.links.map((link) => `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`).join('')}</ul>`
		: '<p class="empty">No links.</p>';
	const headers = Object.entries(mail.headers)
		.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
		.join('');
	return layout(
		mail.subject || '(no subject)',
		`<h1>${escapeHtml(mail.subject || '(no subject)')}</h1>
<dl>
<dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>To</dt><dd>${escapeHtml(mail.recipients.join(', '))}</dd>
<dt>Received</dt><dd>${when(mail.created_at)}</dd>
${mail.action_link ? `<dt>Action link</dt><dd><a href="${escapeHtml(mail.action_link)}">${escapeHtml(mail.action_link)}</a></dd>` : ''}
</dl>
<section aria-labelledby="html-part"><h2 id="html-part">HTML</h2>${htmlSection}</section>
<section aria-labelledby="text-part"><h2 id="text-part">Text${mail.text === null && mail.html ? ' (from the HTML part)' : ''}</h2><pre>${escapeHtml(text) || '<span class="empty">(empty)</span>'}</pre></section>
<section aria-labelledby="links"><h2 id="links">Links</h2>${links}</section>
${headers ? `<section aria-labelledby="headers"><h2 id="headers">Headers</h2><dl>${headers}</dl></section>` : ''}`
	);
}

export const notFoundPage = (what: string) =>
	layout('Not found', `<p class="empty">${escapeHtml(what)}</p>`);
