// What the profile page relies on in the database: a picture goes into its owner's folder of the
// public `avatars` bucket only, and only its owner names it on their profile; notification
// preferences are each person's own, and a muted kind of bell notification is never written.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

const png = () =>
	new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])], { type: 'image/png' });

async function upload(who: Who, path: string, options: { upsert?: boolean } = {}) {
	return as[who].storage
		.from('avatars')
		.upload(path, png(), { contentType: 'image/png', upsert: options.upsert ?? false });
}

describe('the avatars bucket', () => {
	it('takes a picture into its owner’s own folder, and shows it to anyone', async () => {
		const path = `${demo.client.id}/${randomUUID()}.png`;
		expect((await upload('client', path)).error).toBeNull();
		const seen = await as.anon.storage.from('avatars').download(path);
		expect(seen.error).toBeNull();
		expect(seen.data?.size).toBe(8);
	});

	it('never lets a person write, replace or remove a picture in someone else’s folder', async () => {
		const theirs = `${demo.client2.id}/${randomUUID()}.png`;
		expect((await upload('client2', theirs)).error).toBeNull();

		const intruder = await upload('client', `${demo.client2.id}/${randomUUID()}.png`);
		expect(intruder.error).not.toBeNull();
		const staff = await upload('agent', `${demo.client2.id}/${randomUUID()}.png`);
		expect(staff.error).not.toBeNull();
		const replaced = await upload('client', theirs, { upsert: true });
		expect(replaced.error).not.toBeNull();
		const removed = await as.client.storage.from('avatars').remove([theirs]);
		expect(removed.data ?? []).toEqual([]);
		expect(await as.anon.storage.from('avatars').exists(theirs)).toMatchObject({ data: true });
		expect((await upload('anon', `${demo.client.id}/${randomUUID()}.png`)).error).not.toBeNull();
	});

	it('refuses what is not an image, and images over 2 MB', async () => {
		const text = await as.client.storage
			.from('avatars')
			.upload(`${demo.client.id}/${randomUUID()}.png`, new Blob(['<svg/>']), {
				contentType: 'image/svg+xml'
			});
		expect(text.error).not.toBeNull();
		const big = await as.client.storage
			.from('avatars')
			.upload(
				`${demo.client.id}/${randomUUID()}.png`,
				new Blob([new Uint8Array(2 * 1024 * 1024 + 1)]),
				{
					contentType: 'image/png'
				}
			);
		expect(big.error).not.toBeNull();
	});

	it('lets only its owner name a picture of their own folder on their profile', async () => {
		const own = `${demo.client.id}/${randomUUID()}.png`;
		const set = await as.client
			.from('profiles')
			.update({ avatar_path: own })
			.eq('id', demo.client.id)
			.select('avatar_path');
		expect(set.data).toEqual([{ avatar_path: own }]);

		const borrowed = await as.client
			.from('profiles')
			.update({ avatar_path: `${demo.client2.id}/${randomUUID()}.png` })
			.eq('id', demo.client.id);
		expect(borrowed.error?.code).toBe('23514');
		const onTheirs = await as.client
			.from('profiles')
			.update({ avatar_path: `${demo.client2.id}/${randomUUID()}.png` })
			.eq('id', demo.client2.id)
			.select('id');
		expect(onTheirs.data ?? []).toEqual([]);
	});
});

describe('notification preferences', () => {
	async function fileTicket(subject: string) {
		const { data, error } = await as.client
			.from('tickets')
			.insert({ subject, description: `${subject}, described.` })
			.select('id')
			.single();
		if (error) throw error;
		return data.id as number;
	}

	async function agentReplies(ticketId: number) {
		const { error } = await as.agent
			.from('ticket_activities')
			.insert({ ticket_id: ticketId, kind: 'reply', body: 'Here is the answer.' });
		expect(error).toBeNull();
	}

	const kindsFor = async (ticketId: number) =>
		(
			await stack.db.query<{ kind: string }>(
				`select kind::text from public.notifications where ticket_id = $1 and recipient_id = $2`,
				[ticketId, demo.client.id]
			)
		).rows.map((row) => row.kind);

	it('mute a kind of bell notification for whoever causes the event, until unmuted', async () => {
		const mute = await as.client
			.from('notification_preferences')
			.update({ muted_kinds: ['reply'] })
			.eq('user_id', demo.client.id)
			.select('muted_kinds');
		expect(mute.data).toEqual([{ muted_kinds: ['reply'] }]);

		const quiet = await fileTicket('Muted replies');
		await agentReplies(quiet);
		expect(await kindsFor(quiet)).not.toContain('reply');

		await as.client
			.from('notification_preferences')
			.update({ muted_kinds: [] })
			.eq('user_id', demo.client.id);
		const heard = await fileTicket('Replies heard again');
		await agentReplies(heard);
		expect(await kindsFor(heard)).toContain('reply');
	});

	it('are each person’s own, and an automation rule’s notifications cannot be muted', async () => {
		const theirs = await as.client
			.from('notification_preferences')
			.update({ muted_kinds: ['reply'] })
			.eq('user_id', demo.client2.id)
			.select('user_id');
		expect(theirs.data ?? []).toEqual([]);
		const read = await as.client
			.from('notification_preferences')
			.select('user_id')
			.eq('user_id', demo.client2.id);
		expect(read.data).toEqual([]);

		const automation = await as.agent
			.from('notification_preferences')
			.update({ muted_kinds: ['automation'] })
			.eq('user_id', demo.agent.id);
		expect(automation.error?.code).toBe('23514');
		const token = await as.client
			.from('notification_preferences')
			.update({ unsubscribe_token: 'mine' })
			.eq('user_id', demo.client.id);
		expect(token.error?.code).toBe('42501');
	});
});
