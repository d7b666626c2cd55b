// Bucket `attachments` through supabase-js: files live at `<ticket_id>/<uuid>/<file_name>`; who may
// upload follows the ticket, who may read follows the attachments row (ticket and activity), so a
// file on an internal note never reaches the customer; the bucket's type and size limits hold.
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

async function upload(who: Who, path: string, body: Blob = pdf()) {
	const { error } = await bucket(who).upload(path, body, { contentType: body.type });
	if (error) throw error;
}

/** Writes an activity as `who` and attaches the uploaded file at `path` to it. */
async function attach(who: Who, path: string, kind: 'reply' | 'note', ticket = ticketId) {
	const activity = await as[who]
		.from('ticket_activities')
		.insert({ ticket_id: ticket, kind, body: `${kind} with a file`, is_internal: kind === 'note' })
		.select('id')
		.single();
	if (activity.error) throw activity.error;
	return as[who].from('attachments').insert({
		ticket_id: ticket,
		activity_id: activity.data.id,
		object_path: path,
		file_name: 'report.pdf',
		content_type: 'application/pdf',
		size_bytes: 18
	});
}

describe('uploading', () => {
	it("lets a client upload into their own ticket's folder and attach the file to their reply", async () => {
		const path = pathIn(ticketId);
		await upload('client', path);
		const { error } = await attach('client', path, 'reply');
		expect(error).toBeNull();
		const agentRead = await bucket('agent').download(path);
		expect(await agentRead.data?.text()).toContain('pdf bytes');
	});

	it("refuses a client uploading into another customer's ticket, or outside a ticket folder", async () => {
		for (const path of [
			pathIn(otherTicketId),
			`${ticketId}/report.pdf`,
			`misc/${randomUUID()}/x.pdf`
		]) {
			const { error } = await bucket('client').upload(path, pdf(), {
				contentType: 'application/pdf'
			});
			expect(error, path).not.toBeNull();
		}
	});

	it('refuses anonymous uploads', async () => {
		const { error } = await bucket('anon').upload(pathIn(ticketId), pdf(), {
			contentType: 'application/pdf'
		});
		expect(error).not.toBeNull();
	});

	it('refuses types outside the allow list and files over 25 MB', async () => {
		const html = await bucket('agent').upload(
			pathIn(ticketId, 'page.html'),
			new Blob(['<script>alert(1)</script>'], { type: 'text/html' }),
			{ contentType: 'text/html' }
		);
		expect(html.error?.message).toMatch(/mime type/i);
		const huge = await bucket('agent').upload(
			pathIn(ticketId, 'huge.pdf'),
			new Blob([new Uint8Array(25 * 1024 * 1024 + 1)], { type: 'application/pdf' }),
			{ contentType: 'application/pdf' }
		);
		expect(huge.error?.message).toMatch(/size/i);
	});
});

describe('reading', () => {
	it('hides a file on an internal note, and its attachment row, from the customer', async () => {
		const path = pathIn(ticketId, 'internal.pdf');
		await upload('agent', path, pdf('internal only'));
		expect((await attach('agent', path, 'note')).error).toBeNull();

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
		await upload('agent', path, pdf('the answer'));
		expect((await attach('agent', path, 'reply')).error).toBeNull();
		expect(await (await bucket('client').download(path)).data?.text()).toContain('the answer');
		expect((await bucket('client2').download(path)).data).toBeNull();
		expect((await bucket('anon').download(path)).data).toBeNull();
	});

	it("refuses a client attaching someone else's file to gain access to it", async () => {
		const path = pathIn(ticketId, 'secret.pdf');
		await upload('agent', path, pdf('secret'));
		const { error } = await as.client.from('attachments').insert({
			ticket_id: ticketId,
			object_path: path,
			file_name: 'secret.pdf',
			content_type: 'application/pdf',
			size_bytes: 6
		});
		expect(error?.code).toBe('42501');
		expect((await bucket('client').download(path)).data).toBeNull();
	});
});

describe('changing and removing', () => {
	it('lets a client remove an upload never attached, but not an attached file', async () => {
		const loose = pathIn(ticketId, 'mistake.pdf');
		await upload('client', loose);
		const removed = await bucket('client').remove([loose]);
		expect(removed.data?.map((o) => o.name)).toEqual([loose]);

		const kept = pathIn(ticketId, 'kept.pdf');
		await upload('client', kept);
		expect((await attach('client', kept, 'reply')).error).toBeNull();
		const refused = await bucket('client').remove([kept]);
		expect(refused.data ?? []).toEqual([]);
		expect((await bucket('agent').download(kept)).data).not.toBeNull();
	});

	it('keeps attachment rows as history: no edits by anyone, deletes by admins only', async () => {
		const path = pathIn(ticketId, 'history.pdf');
		await upload('client', path);
		expect((await attach('client', path, 'reply')).error).toBeNull();
		const edit = await as.admin
			.from('attachments')
			.update({ file_name: 'renamed.pdf' })
			.eq('object_path', path);
		expect(edit.error?.code).toBe('42501');
		for (const who of ['client', 'agent'] as const) {
			const { data } = await as[who].from('attachments').delete().eq('object_path', path).select();
			expect(data ?? [], who).toEqual([]);
		}
		const { data } = await as.admin
			.from('attachments')
			.delete()
			.eq('object_path', path)
			.select('uploader_id');
		expect(data).toEqual([{ uploader_id: demo.client.id }]);
	});
});
