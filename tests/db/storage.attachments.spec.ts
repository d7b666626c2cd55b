// Bucket `attachments` through supabase-js: files live at `<ticket_id>/<uuid>/<file_name>`; an upload
// is the attachment (a trigger writes its row, naming the message from the object's metadata only
// when the uploader wrote that message); who may upload follows the ticket, who may read follows the
// attachments row (ticket and activity), so a file on an internal note never reaches the customer;
// the bucket's type and size limits hold; files are history, removed by admins only.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
/** A ticket of client@, and one of client2@. */
let ticketId: number;
let otherTicketId: number;

const fileTicket = async (who: 'client' | 'client2') => {
	const { data, error } = await as[who]
		.from('tickets')
		.insert({ subject: 'Screenshot attached', description: 'See the file.' })
		.select('id')
		.single();
	if (error) throw error;
	return data.id as number;
};

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
	ticketId = await fileTicket('client');
	otherTicketId = await fileTicket('client2');
});
afterAll(() => stack?.stop());

const bucket = (who: Who) => as[who].storage.from('attachments');
const pathIn = (ticket: number, name = 'report.pdf') => `${ticket}/${randomUUID()}/${name}`;
const pdf = (text = 'pdf bytes') => new Blob([`%PDF-1.4 ${text}`], { type: 'application/pdf' });

async function upload(
	who: Who,
	path: string,
	body: Blob = pdf(),
	metadata?: Record<string, string | number>
) {
	return bucket(who).upload(path, body, { contentType: body.type, metadata });
}

async function writeActivity(who: Who, kind: 'reply' | 'note', ticket = ticketId) {
	const { data, error } = await as[who]
		.from('ticket_activities')
		.insert({ ticket_id: ticket, kind, body: `${kind} with a file`, is_internal: kind === 'note' })
		.select('id')
		.single();
	if (error) throw error;
	return data.id as number;
}

/** Writes an activity as `who` and uploads `body` to `path` as its file; resolves with the upload's error. */
async function attach(who: Who, path: string, kind: 'reply' | 'note', body: Blob = pdf()) {
	const activityId = await writeActivity(who, kind);
	const { error } = await upload(who, path, body, { activity_id: activityId });
	return { error, activityId };
}

const rowAt = async (path: string) => {
	const { data, error } = await as.admin
		.from('attachments')
		.select('ticket_id, activity_id, uploader_id, file_name, content_type, size_bytes')
		.eq('object_path', path);
	if (error) throw error;
	return data;
};

describe('uploading', () => {
	it("lets a client upload into their own ticket's folder as a file of their reply", async () => {
		const path = pathIn(ticketId);
		const { error, activityId } = await attach('client', path, 'reply');
		expect(error).toBeNull();
		const agentRead = await bucket('agent').download(path);
		expect(await agentRead.data?.text()).toContain('pdf bytes');
		expect(await rowAt(path)).toEqual([
			{
				ticket_id: ticketId,
				activity_id: activityId,
				uploader_id: demo.client.id,
				file_name: 'report.pdf',
				content_type: 'application/pdf',
				size_bytes: pdf().size
			}
		]);
	});

	it('registers an upload without a message as a file of the ticket, under its original name', async () => {
		const path = pathIn(ticketId, 'Screen-shot.png');
		const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
		expect(
			(await upload('client', path, png, { file_name: 'Screen shot (1).png' })).error
		).toBeNull();
		expect(await rowAt(path)).toEqual([
			{
				ticket_id: ticketId,
				activity_id: null,
				uploader_id: demo.client.id,
				file_name: 'Screen shot (1).png',
				content_type: 'image/png',
				size_bytes: 4
			}
		]);
	});

	it("refuses a client uploading into another customer's ticket, or outside a ticket folder", async () => {
		for (const path of [
			pathIn(otherTicketId),
			`${ticketId}/report.pdf`,
			`misc/${randomUUID()}/x.pdf`
		]) {
			const { error } = await upload('client', path);
			expect(error, path).not.toBeNull();
			expect(await rowAt(path), path).toEqual([]);
		}
	});

	it("refuses hanging a file on someone else's message, or on a message of another ticket", async () => {
		const note = await writeActivity('agent', 'note');
		const otherReply = await writeActivity('agent', 'reply', otherTicketId);
		const own = await writeActivity('client', 'reply');
		const tries: [Who, number, Record<string, string | number>][] = [
			['client', ticketId, { activity_id: note }],
			['agent2', ticketId, { activity_id: note }],
			['agent', ticketId, { activity_id: otherReply }],
			['agent', ticketId, { activity_id: own }],
			['client', ticketId, { activity_id: 'latest' }]
		];
		for (const [who, ticket, metadata] of tries) {
			const path = pathIn(ticket);
			const { error } = await upload(who, path, pdf(), metadata);
			expect(error, `${who} ${JSON.stringify(metadata)}`).not.toBeNull();
			expect(await rowAt(path)).toEqual([]);
			expect((await bucket('admin').download(path)).data).toBeNull();
		}
	});

	it('refuses anonymous uploads', async () => {
		const { error } = await upload('anon', pathIn(ticketId));
		expect(error).not.toBeNull();
	});

	it('refuses types outside the allow list and files over 25 MB', async () => {
		const html = await upload(
			'agent',
			pathIn(ticketId, 'page.html'),
			new Blob(['<script>alert(1)</script>'], { type: 'text/html' })
		);
		expect(html.error?.message).toMatch(/mime type/i);
		const huge = await upload(
			'agent',
			pathIn(ticketId, 'huge.pdf'),
			new Blob([new Uint8Array(25 * 1024 * 1024 + 1)], { type: 'application/pdf' })
		);
		expect(huge.error?.message).toMatch(/size/i);
	});
});

describe('reading', () => {
	it('hides a file on an internal note, and its attachment row, from the customer', async () => {
		const path = pathIn(ticketId, 'internal.pdf');
		expect((await attach('agent', path, 'note', pdf('internal only'))).error).toBeNull();

		expect((await bucket('client').download(path)).data).toBeNull();
		const rows = await as.client.from('attachments').select('object_path').eq('object_path', path);
		expect(rows.data).toEqual([]);
		const folder = path.split('/').slice(0, 2).join('/');
		expect((await bucket('client').list(folder)).data ?? []).toEqual([]);

		expect(await (await bucket('agent2').download(path)).data?.text()).toContain('internal only');
		const staffRows = await as.agent2
			.from('attachments')
			.select('object_path')
			.eq('object_path', path);
		expect(staffRows.data).toEqual([{ object_path: path }]);
	});

	it("shows a customer the files of public replies on their ticket, and no other customer's", async () => {
		const path = pathIn(ticketId, 'answer.pdf');
		expect((await attach('agent', path, 'reply', pdf('the answer'))).error).toBeNull();
		expect(await (await bucket('client').download(path)).data?.text()).toContain('the answer');
		expect((await bucket('client2').download(path)).data).toBeNull();
		expect((await bucket('anon').download(path)).data).toBeNull();
	});

	it("refuses anyone writing attachment rows by hand, so no one attaches someone else's file", async () => {
		const path = pathIn(ticketId, 'secret.pdf');
		expect((await attach('agent', path, 'note', pdf('secret'))).error).toBeNull();
		for (const who of ['client', 'agent', 'admin'] as const) {
			const { error } = await as[who].from('attachments').insert({
				ticket_id: ticketId,
				object_path: pathIn(ticketId, 'copy.pdf'),
				file_name: 'secret.pdf',
				content_type: 'application/pdf',
				size_bytes: 6
			});
			expect(error?.code, who).toBe('42501');
		}
		expect((await bucket('client').download(path)).data).toBeNull();
	});
});

describe('changing and removing', () => {
	it('keeps files as history: only an admin removes one, and its row goes with it', async () => {
		const path = pathIn(ticketId, 'mistake.pdf');
		expect((await upload('client', path)).error).toBeNull();
		for (const who of ['client', 'agent'] as const) {
			const refused = await bucket(who).remove([path]);
			expect(refused.data ?? [], who).toEqual([]);
		}
		expect((await bucket('agent').download(path)).data).not.toBeNull();
		expect(await rowAt(path)).toHaveLength(1);

		const removed = await bucket('admin').remove([path]);
		expect(removed.data?.map((o) => o.name)).toEqual([path]);
		expect(await rowAt(path)).toEqual([]);
		expect((await bucket('agent').download(path)).data).toBeNull();
	});

	it('keeps attachment rows as history: no edits or deletes through the table, by anyone', async () => {
		const path = pathIn(ticketId, 'history.pdf');
		expect((await attach('client', path, 'reply')).error).toBeNull();
		const edit = await as.admin
			.from('attachments')
			.update({ file_name: 'renamed.pdf' })
			.eq('object_path', path);
		expect(edit.error?.code).toBe('42501');
		for (const who of ['client', 'agent', 'admin'] as const) {
			const { error } = await as[who].from('attachments').delete().eq('object_path', path);
			expect(error?.code, who).toBe('42501');
		}
		expect(await rowAt(path)).toEqual([
			expect.objectContaining({ file_name: 'history.pdf', uploader_id: demo.client.id })
		]);
	});
});
