// The ticket page's load: one `agent_ticket_page` request, then one signing request for the files it
// lists (none when there are none), shaped as the page shows them.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, sent } from '../recording-client';
import { loadAgentTicketPage } from './agent-ticket';

// Message text is rendered with images allowed only from the project's storage.
vi.mock('$env/dynamic/public', () => ({
	env: { PUBLIC_SUPABASE_URL: 'http://supabase.test', PUBLIC_SUPABASE_ANON_KEY: 'anon-key' }
}));

beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

const author = { id: 'a1', full_name: 'Ada Agent', role: 'agent', avatar_path: null };
const activity = (id: number, kind: string, body: string) => ({
	id,
	kind,
	body,
	meta: kind === 'status' ? { field: 'status', old: 'open', new: 'pending' } : {},
	created_at: `2026-12-01T09:00:0${id}+00:00`,
	author
});
const file = (id: string, activityId: number | null, type: string) => ({
	id,
	activity_id: activityId,
	file_name: `${id}.${type === 'image/png' ? 'png' : 'pdf'}`,
	content_type: type,
	size_bytes: 1000,
	object_path: `42/${id}`
});

const page = {
	ticket: { id: 42, subject: 'Printer on fire', description: 'It **burns**', customer_id: 'c1' },
	timeline: [activity(1, 'reply', 'Hello'), activity(2, 'status', 'x')],
	timeline_total: 45,
	files: [
		file('shot', 1, 'image/png'),
		file('log', 1, 'application/pdf'),
		file('desc', null, 'application/pdf')
	],
	staff: [{ id: 'a1', full_name: 'Ada Agent', email: 'ada@example.com', role: 'agent' }],
	fields: [],
	teams: [{ id: 't1', name: 'Billing' }],
	tags: ['billing'],
	macros: [],
	customer_tickets: [
		{ id: 7, subject: 'Older', status: 'solved', created_at: '2026-11-01T09:00:00+00:00' }
	],
	merge_links: [{ source_ticket_id: 3, target_ticket_id: 42 }],
	suggested_articles: [{ id: 1, slug: 'fire', title: 'Fire', visibility: 'public', snippet: 'x' }]
};

const signed = (paths: string[]) =>
	Response.json(
		paths.map((path) => ({
			path,
			signedURL: `/object/sign/attachments/${path}?token=t-${path}`,
			error: null
		}))
	);

describe('the agent ticket page load', () => {
	it('reads the page in one request and signs its files in one more', async () => {
		const { client, requests } = recordingClient((request) =>
			request.path === '/rest/v1/rpc/agent_ticket_page'
				? Response.json(page)
				: signed((request.body as { paths: string[] }).paths)
		);
		const loaded = await loadAgentTicketPage(client, 42);

		expect(requests.map(sent)).toEqual([
			{
				method: 'POST',
				path: '/rest/v1/rpc/agent_ticket_page',
				params: {},
				body: { ticket: 42, timeline_size: 40 }
			},
			{
				method: 'POST',
				path: '/storage/v1/object/sign/attachments',
				params: {},
				body: { expiresIn: 600, paths: ['42/shot', '42/log', '42/desc'] }
			}
		]);
		const link = (path: string) =>
			`http://supabase.test/storage/v1/object/sign/attachments/${path}?token=t-${path}`;
		expect(loaded.timeline.earlier).toBe(43);
		const [reply, status] = loaded.timeline.items;
		// A message: its HTML and files; an image a view link, every file a download link.
		expect(reply).toMatchObject({
			id: 1,
			kind: 'reply',
			html: '<p>Hello</p>\n',
			body: null,
			meta: null
		});
		expect(reply.files).toEqual([
			{
				id: 'shot',
				file_name: 'shot.png',
				size_bytes: 1000,
				viewUrl: link('42/shot'),
				downloadUrl: `${link('42/shot')}&download=`
			},
			{
				id: 'log',
				file_name: 'log.pdf',
				size_bytes: 1000,
				viewUrl: null,
				downloadUrl: `${link('42/log')}&download=`
			}
		]);
		// A history row: its text and change, no HTML and no files.
		expect(status).toMatchObject({ html: null, body: 'x', meta: page.timeline[1].meta, files: [] });
		expect(loaded.descriptionFiles.map((f) => f.id)).toEqual(['desc']);
		expect(loaded).toMatchObject({
			ticket: page.ticket,
			staff: page.staff,
			teams: page.teams,
			tags: page.tags,
			customerTickets: page.customer_tickets,
			mergeLinks: page.merge_links,
			suggestedArticles: page.suggested_articles
		});
	});

	it('asks Storage for nothing when the page lists no files', async () => {
		const { client, requests } = recordingClient(() => Response.json({ ...page, files: [] }));
		const loaded = await loadAgentTicketPage(client, 42);
		expect(requests).toHaveLength(1);
		expect(loaded.descriptionFiles).toEqual([]);
	});

	it('answers 404 for a ticket the caller cannot see, 503 when the read fails', async () => {
		const missing = recordingClient(() => Response.json(null));
		await expect(loadAgentTicketPage(missing.client, 42)).rejects.toMatchObject({ status: 404 });
		const failing = recordingClient(() =>
			Response.json(
				{ code: '57014', message: 'timeout', details: null, hint: null },
				{ status: 500 }
			)
		);
		await expect(loadAgentTicketPage(failing.client, 42)).rejects.toMatchObject({ status: 503 });
	});
});
