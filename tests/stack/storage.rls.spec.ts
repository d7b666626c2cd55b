// RLS on storage.objects decides every object operation, as on hosted Supabase: two users with
// per-user folders (`<uid>/…`) and a shared folder in the `attachments` bucket; the anon key has no
// policy; the service role bypasses RLS.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import {
	accessTokenClient,
	alice,
	bob,
	fixture,
	objectNames,
	serviceClient,
	userClient
} from './fixtures/storage/people';

const text = (value: string) => new Blob([value], { type: 'text/plain' });
const rlsDenied = {
	message: 'new row violates row-level security policy',
	status: 400,
	statusCode: '403'
};
const notFound = { message: 'Object not found', status: 400, statusCode: '404' };

describe('storage RLS with two users', () => {
	let stack: TestStack;
	let asAlice: SupabaseClient;
	let asBob: SupabaseClient;
	let service: SupabaseClient;
	const alicesFile = `${alice}/invoice.txt`;

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		asAlice = await userClient(stack, alice);
		asBob = await accessTokenClient(stack, bob);
		service = serviceClient(stack);
		const { error } = await asAlice.storage.from('attachments').upload(alicesFile, text('alice'));
		if (error) throw error;
		await service.storage.from('attachments').upload('shared/notice.txt', text('for everyone'));
		await asBob.storage.from('attachments').upload(`${bob}/note.txt`, text('bob'));
	});
	afterAll(() => stack?.stop());

	const alices = () => asAlice.storage.from('attachments');
	const bobs = () => asBob.storage.from('attachments');

	it('lets each user write and read in their own folder, recorded as theirs', async () => {
		expect(await (await alices().download(alicesFile)).data?.text()).toBe('alice');
		const { rows } = await stack.db.query(
			`select owner::text, owner_id from storage.objects where name = $1`,
			[alicesFile]
		);
		expect(rows).toEqual([{ owner: alice, owner_id: alice }]);
		expect((await bobs().list(bob)).data?.map((e) => e.name)).toEqual(['note.txt']);
	});

	it('refuses an upload into another user’s folder, leaving no row', async () => {
		const { error } = await bobs().upload(`${alice}/planted.txt`, text('planted'));
		expect(error).toMatchObject(rlsDenied);
		expect(await objectNames(stack, 'attachments')).not.toContain(`${alice}/planted.txt`);
	});

	it('hides another user’s object from download, info, exists and signing', async () => {
		expect((await bobs().download(alicesFile)).error).toMatchObject(notFound);
		expect((await bobs().info(alicesFile)).error).toMatchObject(notFound);
		expect((await bobs().exists(alicesFile)).data).toBe(false);
		expect((await bobs().createSignedUrl(alicesFile, 60)).error).toMatchObject(notFound);
		const { data } = await bobs().createSignedUrls([alicesFile, `${bob}/note.txt`], 60);
		expect(data?.[0]).toMatchObject({
			path: alicesFile,
			signedUrl: null,
			error: 'Either the object does not exist or you do not have access to it'
		});
		expect(data?.[1].signedUrl).toMatch(/\/object\/sign\/attachments\//);
	});

	it('lists only what a user may see', async () => {
		expect((await bobs().list(alice)).data).toEqual([]);
		expect((await bobs().list()).data?.map((e) => e.name)).toEqual([bob, 'shared']);
		expect((await alices().list()).data?.map((e) => e.name)).toEqual([alice, 'shared']);
	});

	it('lets everyone signed in read the shared folder, but not change it', async () => {
		expect(await (await bobs().download('shared/notice.txt')).data?.text()).toBe('for everyone');
		expect((await bobs().remove(['shared/notice.txt'])).data).toEqual([]);
		expect(await objectNames(stack, 'attachments')).toContain('shared/notice.txt');
		expect(
			(await bobs().upload('shared/notice.txt', text('mine'), { upsert: true })).error
		).toMatchObject(rlsDenied);
	});

	it('does not let a user remove, move or copy another user’s object', async () => {
		expect((await bobs().remove([alicesFile])).data).toEqual([]);
		expect((await bobs().move(alicesFile, `${bob}/stolen.txt`)).error).toMatchObject(notFound);
		expect((await bobs().copy(alicesFile, `${bob}/stolen.txt`)).error).toMatchObject(notFound);
		expect(await objectNames(stack, 'attachments')).toContain(alicesFile);
		expect(await objectNames(stack, 'attachments')).not.toContain(`${bob}/stolen.txt`);
	});

	it('does not let a user move or copy their own object into another user’s folder', async () => {
		expect((await bobs().move(`${bob}/note.txt`, `${alice}/note.txt`)).error).toMatchObject(
			rlsDenied
		);
		expect((await bobs().copy(`${bob}/note.txt`, `${alice}/note.txt`)).error).toMatchObject(
			rlsDenied
		);
		expect(await objectNames(stack, 'attachments')).not.toContain(`${alice}/note.txt`);
	});

	it('lets a user overwrite, move and remove their own objects', async () => {
		const path = `${alice}/draft.txt`;
		await alices().upload(path, text('v1'));
		expect((await alices().upload(path, text('v2'), { upsert: true })).error).toBeNull();
		expect((await alices().move(path, `${alice}/final.txt`)).error).toBeNull();
		expect(await (await alices().download(`${alice}/final.txt`)).data?.text()).toBe('v2');
		const removed = await alices().remove([`${alice}/final.txt`]);
		expect(removed.data?.map((o) => o.name)).toEqual([`${alice}/final.txt`]);
	});

	it('gives the anon key nothing the policies do not grant', async () => {
		const anon = stack.client().storage.from('attachments');
		expect((await anon.upload('anon/x.txt', text('x'))).error).toMatchObject(rlsDenied);
		expect((await anon.download(alicesFile)).error).toMatchObject(notFound);
		expect((await anon.list(alice)).data).toEqual([]);
	});

	it('lets the service role past RLS', async () => {
		const all = service.storage.from('attachments');
		expect(await (await all.download(alicesFile)).data?.text()).toBe('alice');
		expect((await all.list()).data?.map((e) => e.name)).toEqual([alice, bob, 'shared']);
		expect((await all.upload(`${alice}/from-support.txt`, text('hi'))).error).toBeNull();
	});
});
