// Signed URLs: download URLs that work without a key until they expire, and signed upload URLs that
// let anyone holding the token upload one object the signer was allowed to write.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtCodec } from '../../stack/keys';
import { startTestStack, type TestStack } from '../support/stack';
import {
	alice,
	bob,
	fixture,
	objectNames,
	serviceClient,
	userClient
} from './fixtures/storage/people';

const text = (value: string, type = 'text/plain') => new Blob([value], { type });

describe('signed URLs', () => {
	let stack: TestStack;
	let asAlice: SupabaseClient;
	let asBob: SupabaseClient;
	const file = `${alice}/contract.txt`;
	const signedPath = (path: string) => `${stack.url}/storage/v1/object/sign/attachments/${path}`;

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		asAlice = await userClient(stack, alice);
		asBob = await userClient(stack, bob);
		await asAlice.storage.from('attachments').upload(file, text('signed content'));
	});
	afterAll(() => stack?.stop());

	describe('for downloads', () => {
		it('serve the object to anyone holding the URL, until it expires', async () => {
			const signing = Math.floor(Date.now() / 1000) * 1000;
			const { data, error } = await asAlice.storage.from('attachments').createSignedUrl(file, 60);
			expect(error).toBeNull();
			const signed = Date.now();
			const res = await fetch(data!.signedUrl);
			expect(res.status).toBe(200);
			expect(await res.text()).toBe('signed content');
			expect(res.headers.get('cache-control')).toBeNull();
			// 60 s after the URL was signed, however long signing and fetching took.
			const expires = Date.parse(res.headers.get('expires') ?? '');
			expect(expires).toBeGreaterThanOrEqual(signing + 60_000);
			expect(expires).toBeLessThanOrEqual(signed + 60_000);
			expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
		});

		it('carry the download name asked for', async () => {
			const bucket = asAlice.storage.from('attachments');
			const asFile = await bucket.createSignedUrl(file, 60, { download: true });
			expect((await fetch(asFile.data!.signedUrl)).headers.get('content-disposition')).toBe(
				`attachment; filename="contract.txt"; filename*=UTF-8''contract.txt`
			);
			const named = await bucket.createSignedUrl(file, 60, { download: 'signed.txt' });
			expect((await fetch(named.data!.signedUrl)).headers.get('content-disposition')).toMatch(
				/^attachment; filename="signed.txt"/
			);
		});

		it('are refused once expired, forged, or used for another object', async () => {
			const codec = createJwtCodec(stack.keys.jwtSecret);
			const now = Math.floor(Date.now() / 1000);
			const url = `attachments/${file}`;

			const expired = await codec.sign({ url, scope: 'download', iat: now - 120, exp: now - 60 });
			const late = await fetch(`${signedPath(file)}?token=${expired}`);
			expect(late.status).toBe(400);
			expect(await late.json()).toEqual({
				statusCode: '400',
				code: 'InvalidJWT',
				error: 'InvalidJWT',
				message: '"exp" claim timestamp check failed'
			});

			const forged = await createJwtCodec('another-secret-with-at-least-32-characters!').sign({
				url,
				scope: 'download',
				exp: now + 60
			});
			expect((await (await fetch(`${signedPath(file)}?token=${forged}`)).json()).code).toBe(
				'InvalidJWT'
			);

			const { data } = await asAlice.storage.from('attachments').createSignedUrl(file, 60);
			const token = new URL(data!.signedUrl).searchParams.get('token');
			const other = await fetch(`${signedPath(`${alice}/other.txt`)}?token=${token}`);
			expect(await other.json()).toMatchObject({
				code: 'InvalidSignature',
				message: 'Invalid signature'
			});
		});

		it('are signed in bulk, with an error for each path that cannot be read', async () => {
			const { data, error } = await asAlice.storage
				.from('attachments')
				.createSignedUrls([file, `${alice}/missing.txt`], 60, { download: true });
			expect(error).toBeNull();
			expect(data?.[0]).toMatchObject({ path: file, error: null });
			expect(await (await fetch(data![0].signedUrl!)).text()).toBe('signed content');
			expect(data?.[1]).toEqual({
				path: `${alice}/missing.txt`,
				error: 'Either the object does not exist or you do not have access to it',
				signedURL: null,
				signedUrl: null
			});
		});
	});

	describe('for uploads', () => {
		it('let anyone with the token upload the object, owned by the signer', async () => {
			const path = `${alice}/from-a-form.txt`;
			const { data, error } = await asAlice.storage.from('attachments').createSignedUploadUrl(path);
			expect(error).toBeNull();
			expect(data?.path).toBe(path);

			const stranger = stack.client().storage.from('attachments');
			const uploaded = await stranger.uploadToSignedUrl(path, data!.token, text('hello'));
			expect(uploaded).toEqual({ data: { path, fullPath: `attachments/${path}` }, error: null });
			const { rows } = await stack.db.query(
				`select owner::text from storage.objects where name = $1`,
				[path]
			);
			expect(rows).toEqual([{ owner: alice }]);

			const twice = await stranger.uploadToSignedUrl(path, data!.token, text('again'));
			expect(twice.error).toMatchObject({
				message: 'The resource already exists',
				statusCode: '409'
			});
		});

		it('overwrite only when signed with upsert', async () => {
			const path = `${alice}/replaceable.txt`;
			await asAlice.storage.from('attachments').upload(path, text('old'));
			const { data } = await asAlice.storage
				.from('attachments')
				.createSignedUploadUrl(path, { upsert: true });
			const res = await stack
				.client()
				.storage.from('attachments')
				.uploadToSignedUrl(path, data!.token, text('new'));
			expect(res.error).toBeNull();
			expect(await (await asAlice.storage.from('attachments').download(path)).data?.text()).toBe(
				'new'
			);
		});

		it('are not signed for a path the user may not write', async () => {
			const { error } = await asBob.storage
				.from('attachments')
				.createSignedUploadUrl(`${alice}/sneaky.txt`);
			expect(error).toMatchObject({
				message: 'new row violates row-level security policy',
				statusCode: '403'
			});
		});

		it('still obey the bucket’s limits', async () => {
			const service = serviceClient(stack);
			const { data } = await service.storage
				.from('forms')
				.createSignedUploadUrl('signed/photo.png');
			const res = await stack
				.client()
				.storage.from('forms')
				.uploadToSignedUrl('signed/photo.png', data!.token, text('x', 'image/png'));
			expect(res.error).toMatchObject({ statusCode: '415' });
			expect(await objectNames(stack, 'forms')).not.toContain('signed/photo.png');
		});

		it('cannot be used to download, nor download tokens to upload', async () => {
			const path = `${alice}/scoped.txt`;
			const upload = await asAlice.storage.from('attachments').createSignedUploadUrl(path);
			const asDownload = await fetch(`${signedPath(path)}?token=${upload.data!.token}`);
			expect(await asDownload.json()).toMatchObject({
				code: 'InvalidSignature',
				message: 'Token is not scoped for download'
			});

			const download = await asAlice.storage.from('attachments').createSignedUrl(file, 60);
			const token = new URL(download.data!.signedUrl).searchParams.get('token') as string;
			const asUpload = await stack
				.client()
				.storage.from('attachments')
				.uploadToSignedUrl(file, token, text('overwritten'));
			expect(asUpload.error?.message).toBe('Token is not scoped for upload');
		});
	});
});
