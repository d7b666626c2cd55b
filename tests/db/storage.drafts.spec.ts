// Files added in the agent's composer before sending: an upload marked {"draft": true} is the
// uploader's alone until post_message() puts it on the message, in the same transaction as the
// message; a customer never sees a draft, nor a file that went onto an internal note.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
let ticketId: number;

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
	const { data, error } = await as.client
		.from('tickets')
		.insert({ subject: 'Printer offline', description: 'It stopped this morning.' })
		.select('id')
		.single();
	if (error) throw error;
	ticketId = data.id;
});
afterAll(() => stack?.stop());

const png = () =>
	new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])], { type: 'image/png' });

/** Uploads a draft file as `who` and returns its attachment row's id and path. */
async function draft(who: Who, name = 'screen.png') {
	const path = `${ticketId}/${randomUUID()}/${name}`;
	const { error } = await as[who].storage
		.from('attachments')
		.upload(path, png(), { contentType: 'image/png', metadata: { draft: true, file_name: name } });
	if (error) throw error;
	const row = await as[who]
		.from('attachments')
		.select('id, draft')
		.eq('object_path', path)
		.single();
	if (row.error) throw row.error;
	return { id: row.data.id as string, path, draft: row.data.draft as boolean };
}

const seenBy = async (who: Who, path: string) =>
	(await as[who].from('attachments').select('id').eq('object_path', path)).data?.length ?? 0;

describe('draft uploads', () => {
	it('are seen by their uploader alone until sent', async () => {
		const file = await draft('agent');
		expect(file.draft).toBe(true);
		expect(await seenBy('agent2', file.path)).toBe(0);
		expect(await seenBy('client', file.path)).toBe(0);
		const download = await as.client.storage.from('attachments').download(file.path);
		expect(download.error).not.toBeNull();
	});

	it('go onto a reply with it, and the customer then sees and downloads them', async () => {
		const file = await draft('agent');
		const { data, error } = await as.agent.rpc('post_message', {
			ticket_id: ticketId,
			kind: 'reply',
			body: 'Here is the screenshot you asked for.',
			attachment_ids: [file.id],
			new_status: 'pending'
		});
		expect(error).toBeNull();
		const row = await as.client
			.from('attachments')
			.select('activity_id, draft')
			.eq('id', file.id)
			.single();
		expect(row.data).toEqual({ activity_id: data.activity_id, draft: false });
		const download = await as.client.storage.from('attachments').download(file.path);
		expect(download.error).toBeNull();
		const ticket = await as.agent.from('tickets').select('status').eq('id', ticketId).single();
		expect(ticket.data?.status).toBe('pending');
	});

	it('on an internal note stay hidden from the customer', async () => {
		const file = await draft('agent', 'internal.png');
		const { error } = await as.agent.rpc('post_message', {
			ticket_id: ticketId,
			kind: 'note',
			body: 'Log excerpt for the team.',
			attachment_ids: [file.id]
		});
		expect(error).toBeNull();
		expect(await seenBy('agent2', file.path)).toBe(1);
		expect(await seenBy('client', file.path)).toBe(0);
		const download = await as.client.storage.from('attachments').download(file.path);
		expect(download.error).not.toBeNull();
	});

	it('may be removed by their uploader before sending, row and file together', async () => {
		const file = await draft('agent');
		const byOther = await as.agent2.storage.from('attachments').remove([file.path]);
		expect(byOther.data).toEqual([]);
		const removed = await as.agent.storage.from('attachments').remove([file.path]);
		expect(removed.error).toBeNull();
		expect(removed.data).toHaveLength(1);
		expect(await seenBy('agent', file.path)).toBe(0);
	});

	it('of someone else cannot be sent, and then the message is not written either', async () => {
		const file = await draft('agent2');
		const body = `Taking ${randomUUID()}`;
		const { error } = await as.agent.rpc('post_message', {
			ticket_id: ticketId,
			kind: 'reply',
			body,
			attachment_ids: [file.id]
		});
		expect(error?.message).toBe('Some of the files are no longer there; attach them again.');
		const written = await as.agent.from('ticket_activities').select('id').eq('body', body);
		expect(written.data).toEqual([]);
	});

	it('refuse an empty message, a 20,001-character one and more than 10 files with a reason', async () => {
		const send = (body: string, files: string[] = []) =>
			as.agent.rpc('post_message', {
				ticket_id: ticketId,
				kind: 'reply',
				body,
				attachment_ids: files
			});
		expect((await send('   ')).error?.message).toBe('Write something first.');
		expect((await send('x'.repeat(20001))).error?.message).toBe(
			'Keep a message to 20,000 characters (this one has 20001).'
		);
		const many = Array.from({ length: 11 }, () => randomUUID());
		expect((await send('Files', many)).error?.message).toBe(
			'Attach at most 10 files to one message (you chose 11).'
		);
	});
});
