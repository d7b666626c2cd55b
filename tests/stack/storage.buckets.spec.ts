// Storage's bucket API through supabase-js: buckets from migrations and config.toml, and list, get,
// create, update, empty and delete, with RLS on storage.buckets deciding who may do what.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import {
	alice,
	fixture,
	objectNames,
	serviceClient,
	tokenFor,
	userClient
} from './fixtures/storage/people';

describe('the storage bucket API', () => {
	let stack: TestStack;
	let service: SupabaseClient;
	let asAlice: SupabaseClient;

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		service = serviceClient(stack);
		asAlice = await userClient(stack, alice);
	});
	afterAll(() => stack?.stop());

	it('lists the buckets that migrations and config.toml created, with their limits', async () => {
		const { data, error } = await service.storage.listBuckets();
		expect(error).toBeNull();
		expect(data?.map((b) => b.id).sort()).toEqual(
			expect.arrayContaining(['attachments', 'avatars', 'forms', 'handbook', 'open'])
		);
		expect(data?.find((b) => b.id === 'avatars')).toMatchObject({
			name: 'avatars',
			public: true,
			file_size_limit: 1024 * 1024,
			allowed_mime_types: ['image/*'],
			type: 'STANDARD'
		});
		expect(data?.find((b) => b.id === 'forms')).toMatchObject({
			public: false,
			file_size_limit: 1000,
			allowed_mime_types: ['text/plain', 'application/pdf']
		});
	});

	it('gets one bucket, and reports a missing one as Storage does', async () => {
		const { data } = await service.storage.getBucket('forms');
		expect(data).toMatchObject({ id: 'forms', name: 'forms', public: false });
		expect(Date.parse(data?.created_at ?? '')).not.toBeNaN();

		const missing = await service.storage.getBucket('no-such-bucket');
		expect(missing.data).toBeNull();
		expect(missing.error).toMatchObject({
			message: 'Bucket not found',
			status: 400,
			statusCode: '404'
		});
	});

	it('lists buckets with search, sorting, limit and offset', async () => {
		const { data } = await service.storage.listBuckets({
			search: 'a',
			sortColumn: 'name',
			sortOrder: 'desc',
			limit: 2,
			offset: 1
		});
		// Names with an "a", descending: handbook, avatars, attachments.
		expect(data?.map((b) => b.name)).toEqual(['avatars', 'attachments']);
	});

	it('creates, updates, empties and deletes a bucket as the service role', async () => {
		const created = await service.storage.createBucket('scratch', {
			public: false,
			fileSizeLimit: '1MB',
			allowedMimeTypes: ['text/plain']
		});
		expect(created).toEqual({ data: { name: 'scratch' }, error: null });
		expect((await service.storage.getBucket('scratch')).data).toMatchObject({
			public: false,
			file_size_limit: 1_000_000,
			allowed_mime_types: ['text/plain']
		});

		const updated = await service.storage.updateBucket('scratch', {
			public: true,
			fileSizeLimit: 2048,
			allowedMimeTypes: null
		});
		expect(updated).toEqual({ data: { message: 'Successfully updated' }, error: null });
		expect((await service.storage.getBucket('scratch')).data).toMatchObject({
			public: true,
			file_size_limit: 2048,
			allowed_mime_types: null
		});

		await service.storage.from('scratch').upload('notes/a.txt', 'a');
		const notEmpty = await service.storage.deleteBucket('scratch');
		expect(notEmpty.error).toMatchObject({
			message: 'The bucket you tried to delete is not empty',
			statusCode: '409'
		});

		const emptied = await service.storage.emptyBucket('scratch');
		expect(emptied.data?.message).toMatch(/^Empty bucket has been queued/);
		expect(await objectNames(stack, 'scratch')).toEqual([]);

		expect(await service.storage.deleteBucket('scratch')).toEqual({
			data: { message: 'Successfully deleted' },
			error: null
		});
		expect((await service.storage.getBucket('scratch')).error?.message).toBe('Bucket not found');
	});

	it('refuses a second bucket with the same id', async () => {
		const { error } = await service.storage.createBucket('forms');
		expect(error).toMatchObject({
			message: 'The resource already exists',
			status: 400,
			statusCode: '409'
		});
	});

	it('refuses bucket names Storage refuses, and names that are path tricks', async () => {
		for (const name of [' padded', 'a/b', '..', 'ünïcode']) {
			const { error } = await service.storage.createBucket(name);
			expect(error, name).toMatchObject({ message: 'Bucket name invalid', statusCode: '400' });
		}
	});

	it('refuses a bucket limit above the project limit, and invalid MIME types', async () => {
		const tooBig = await service.storage.createBucket('huge', {
			public: false,
			fileSizeLimit: '3MB'
		});
		expect(tooBig.error).toMatchObject({
			message: 'The object exceeded the maximum allowed size',
			statusCode: '413'
		});
		const badMime = await service.storage.createBucket('odd', {
			public: false,
			allowedMimeTypes: ['not a type']
		});
		expect(badMime.error).toMatchObject({
			message: 'mime type not a type is not supported',
			statusCode: '415'
		});
		expect((await service.storage.getBucket('huge')).error?.message).toBe('Bucket not found');
	});

	it('shows a signed-in user only the buckets RLS lets them see, and lets them create none', async () => {
		const { data } = await asAlice.storage.listBuckets();
		expect(data?.map((b) => b.id)).toEqual(['attachments']);
		expect((await asAlice.storage.getBucket('forms')).error?.message).toBe('Bucket not found');

		const { error } = await asAlice.storage.createBucket('mine');
		expect(error).toMatchObject({
			message: 'new row violates row-level security policy',
			status: 400,
			statusCode: '403'
		});
		const renamed = await asAlice.storage.updateBucket('attachments', { public: true });
		expect(renamed.error?.message).toBe('Bucket not found');
		expect((await service.storage.getBucket('attachments')).data?.public).toBe(false);
	});

	it('lets only the service role empty a bucket', async () => {
		const { error } = await asAlice.storage.emptyBucket('open');
		expect(error).toMatchObject({
			message: 'Access denied: Invalid role',
			status: 403,
			statusCode: '403'
		});
	});

	it('refuses a forged or expired JWT with Storage’s wording', async () => {
		const forged = stack.client(stack.keys.anon, {
			global: { headers: { Authorization: 'Bearer not.a.jwt' } }
		});
		expect((await forged.storage.listBuckets()).error).toMatchObject({
			status: 400,
			statusCode: '403'
		});

		const expired = stack.client(stack.keys.anon, {
			global: { headers: { Authorization: `Bearer ${await tokenFor(stack, alice, -60)}` } }
		});
		expect((await expired.storage.listBuckets()).error).toMatchObject({
			message: '"exp" claim timestamp check failed',
			statusCode: '403'
		});
	});
});
