// Storage's object API through supabase-js: upload (multipart and raw, create and overwrite),
// download with its headers, public URLs, info, exists, listing, move, copy and remove.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fixture, rawRequest, serviceClient, tokenFor, alice } from './fixtures/storage/people';

const text = (value: string, type = 'text/plain') => new Blob([value], { type });

describe('storage objects', () => {
	let stack: TestStack;
	let service: SupabaseClient;
	const open = () => service.storage.from('open');
	const objectUrl = (path: string) => `${stack.url}/storage/v1/object/${path}`;
	const serviceHeaders = () => ({
		apikey: stack.keys.serviceRole,
		authorization: `Bearer ${stack.keys.serviceRole}`
	});
	const row = async (bucket: string, name: string) =>
		(
			await stack.db.query<{
				owner: string | null;
				version: string;
				metadata: { lastModified: string } & Record<string, unknown>;
			}>(
				`select bucket_id, name, owner::text, owner_id, version, metadata, user_metadata
				 from storage.objects where bucket_id = $1 and name = $2`,
				[bucket, name]
			)
		).rows[0];

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		service = serviceClient(stack);
	});
	afterAll(() => stack?.stop());

	describe('upload', () => {
		it('takes a Blob as multipart and gives back the same bytes', async () => {
			const { data, error } = await open().upload('notes/hello.txt', text('hello world'));
			expect(error).toBeNull();
			expect(data).toMatchObject({ path: 'notes/hello.txt', fullPath: 'open/notes/hello.txt' });
			expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);

			const download = await open().download('notes/hello.txt');
			expect(await download.data?.text()).toBe('hello world');
			expect(download.data?.type).toBe('text/plain');
		});

		it('takes raw bytes with the content type and cache control given', async () => {
			const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
			const { error } = await open().upload('raw/file.pdf', bytes, {
				contentType: 'application/pdf',
				cacheControl: '60'
			});
			expect(error).toBeNull();
			const downloaded = await open().download('raw/file.pdf');
			expect(new Uint8Array(await downloaded.data!.arrayBuffer())).toEqual(bytes);
			expect(await row('open', 'raw/file.pdf')).toMatchObject({
				metadata: { mimetype: 'application/pdf', cacheControl: 'max-age=60', size: 6 }
			});
		});

		it('records the row Storage keeps: owner from the JWT, metadata, version, user metadata', async () => {
			const asAlice = stack.client(stack.keys.anon, {
				global: { headers: { Authorization: `Bearer ${await tokenFor(stack, alice)}` } }
			});
			await asAlice.storage
				.from('open')
				.upload('owned/report.txt', text('12345'), { metadata: { ticket: 42 } });
			const recorded = await row('open', 'owned/report.txt');
			expect(recorded).toMatchObject({
				owner: alice,
				owner_id: alice,
				user_metadata: { ticket: 42 },
				metadata: {
					eTag: '"827ccb0eea8a706c4c34a16891f84e7b"',
					size: 5,
					mimetype: 'text/plain',
					cacheControl: 'max-age=3600',
					contentLength: 5,
					httpStatusCode: 200
				}
			});
			expect(recorded?.version).toMatch(/^[0-9a-f-]{36}$/);
			expect(Date.parse(recorded?.metadata.lastModified ?? '')).not.toBeNaN();
		});

		it('refuses an upload to a bucket that does not exist', async () => {
			const { error } = await service.storage.from('no-such-bucket').upload('a.txt', text('a'));
			expect(error).toMatchObject({ message: 'Bucket not found', status: 400, statusCode: '404' });
		});

		it('refuses to overwrite unless asked, then overwrites with upsert or update', async () => {
			await open().upload('over/write.txt', text('first'));
			const first = await row('open', 'over/write.txt');

			const again = await open().upload('over/write.txt', text('second'));
			expect(again.error).toMatchObject({
				message: 'The resource already exists',
				status: 400,
				statusCode: '409'
			});

			expect(
				(await open().upload('over/write.txt', text('second'), { upsert: true })).error
			).toBeNull();
			expect(await (await open().download('over/write.txt')).data?.text()).toBe('second');
			expect((await open().update('over/write.txt', text('third'))).error).toBeNull();
			expect(await (await open().download('over/write.txt')).data?.text()).toBe('third');
			expect((await row('open', 'over/write.txt'))?.version).not.toBe(first?.version);
		});
	});

	describe('download', () => {
		beforeAll(async () => {
			await open().upload('docs/guide.txt', text('0123456789'));
			await open().upload('docs/page.html', text('<script>alert(1)</script>', 'text/html'));
		});

		it('carries the stored type, length, ETag, Last-Modified, cache control and nosniff', async () => {
			const res = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: serviceHeaders()
			});
			expect(res.status).toBe(200);
			expect(await res.text()).toBe('0123456789');
			expect(res.headers.get('content-type')).toBe('text/plain');
			expect(res.headers.get('content-length')).toBe('10');
			expect(res.headers.get('etag')).toBe('"781e5e245d69b566979b86e28d23f2c7"');
			expect(Date.parse(res.headers.get('last-modified') ?? '')).not.toBeNaN();
			expect(res.headers.get('cache-control')).toBe('max-age=3600');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('content-disposition')).toBe(
				`inline; filename="guide.txt"; filename*=UTF-8''guide.txt`
			);
		});

		it('is an attachment named by the object or by `download` when a download is asked', async () => {
			const asObject = await fetch(objectUrl('authenticated/open/docs/guide.txt?download'), {
				headers: serviceHeaders()
			});
			expect(asObject.headers.get('content-disposition')).toBe(
				`attachment; filename="guide.txt"; filename*=UTF-8''guide.txt`
			);
			const named = await fetch(
				objectUrl(
					`authenticated/open/docs/guide.txt?download=${encodeURIComponent('Guide é.txt')}`
				),
				{ headers: serviceHeaders() }
			);
			expect(named.headers.get('content-disposition')).toBe(
				`attachment; filename="Guide _.txt"; filename*=UTF-8''Guide%20%C3%A9.txt`
			);
		});

		it('never serves stored HTML as HTML', async () => {
			const res = await fetch(objectUrl('authenticated/open/docs/page.html'), {
				headers: serviceHeaders()
			});
			expect(res.headers.get('content-type')).toBe('text/plain');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		});

		it('answers 304 to a matching If-None-Match or a current If-Modified-Since', async () => {
			const first = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: serviceHeaders()
			});
			const etag = first.headers.get('etag') as string;
			const lastModified = first.headers.get('last-modified') as string;
			const byTag = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: { ...serviceHeaders(), 'if-none-match': etag }
			});
			expect(byTag.status).toBe(304);
			expect(byTag.headers.get('etag')).toBe(etag);
			const byDate = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: { ...serviceHeaders(), 'if-modified-since': lastModified }
			});
			expect(byDate.status).toBe(304);
			const stale = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: { ...serviceHeaders(), 'if-none-match': '"something-else"' }
			});
			expect(stale.status).toBe(200);
		});

		it('serves byte ranges and refuses impossible ones', async () => {
			const part = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: { ...serviceHeaders(), range: 'bytes=2-5' }
			});
			expect(part.status).toBe(206);
			expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
			expect(await part.text()).toBe('2345');
			const tail = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: { ...serviceHeaders(), range: 'bytes=-3' }
			});
			expect(await tail.text()).toBe('789');
			const beyond = await fetch(objectUrl('authenticated/open/docs/guide.txt'), {
				headers: { ...serviceHeaders(), range: 'bytes=20-' }
			});
			expect(beyond.status).toBe(416);
			expect(await beyond.json()).toMatchObject({ code: 'InvalidRange', statusCode: '416' });
		});

		it('reports a missing object as Storage does', async () => {
			const { data, error } = await open().download('docs/nothing-here.txt');
			expect(data).toBeNull();
			expect(error).toMatchObject({ message: 'Object not found', status: 400, statusCode: '404' });
			const res = await fetch(objectUrl('authenticated/open/docs/nothing-here.txt'), {
				headers: serviceHeaders()
			});
			expect(await res.json()).toEqual({
				statusCode: '404',
				code: 'NoSuchKey',
				error: 'not_found',
				message: 'Object not found'
			});
		});
	});

	describe('public buckets', () => {
		beforeAll(async () => {
			await service.storage
				.from('avatars')
				.upload(
					'team/logo.png',
					new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' })
				);
		});

		it('serve public URLs to anyone, with no key at all', async () => {
			const { data } = service.storage.from('avatars').getPublicUrl('team/logo.png');
			const res = await fetch(data.publicUrl);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('image/png');
			expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));

			const viaObjectRoute = await fetch(objectUrl('avatars/team/logo.png'));
			expect(viaObjectRoute.status).toBe(200);
		});

		it('are the only ones public URLs serve', async () => {
			const { data } = open().getPublicUrl('docs/guide.txt');
			const res = await fetch(data.publicUrl);
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
			const noJwt = await fetch(objectUrl('open/docs/guide.txt'));
			expect(await noJwt.json()).toMatchObject({ message: 'Bucket not found' });
		});
	});

	describe('info and exists', () => {
		it('describe an object as storage-js shows it', async () => {
			await open().upload('info/card.txt', text('card'), { metadata: { kind: 'card' } });
			const { data, error } = await open().info('info/card.txt');
			expect(error).toBeNull();
			expect(data).toMatchObject({
				name: 'info/card.txt',
				bucketId: 'open',
				size: 4,
				contentType: 'text/plain',
				cacheControl: 'max-age=3600',
				etag: '"5dd2199ad68327cc76d583b057aee7d5"',
				metadata: { kind: 'card' }
			});
			expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
			expect(data?.version).toMatch(/^[0-9a-f-]{36}$/);
			expect((await open().info('info/none.txt')).error?.message).toBe('Object not found');
		});

		it('tell whether an object exists', async () => {
			await open().upload('info/here.txt', text('x'));
			expect(await open().exists('info/here.txt')).toEqual({ data: true, error: null });
			const missing = await open().exists('info/gone.txt');
			expect(missing.data).toBe(false);
			expect(missing.error?.status).toBe(400);
		});
	});

	describe('list', () => {
		beforeAll(async () => {
			for (const name of [
				'b.txt',
				'a.txt',
				'C.txt',
				'sub/one.txt',
				'sub/deeper/two.txt',
				'Zed/x.txt'
			])
				await open().upload(`tree/${name}`, text(name));
		});

		it('gives one level: folders (no id) and files, names relative to the prefix', async () => {
			const { data, error } = await open().list('tree');
			expect(error).toBeNull();
			expect(data?.map((e) => [e.name, e.id === null])).toEqual([
				['a.txt', false],
				['b.txt', false],
				['C.txt', false],
				['sub', true],
				['Zed', true]
			]);
			const file = data?.find((e) => e.name === 'a.txt');
			expect(file?.metadata).toMatchObject({ size: 5, mimetype: 'text/plain' });
			expect(data?.find((e) => e.name === 'sub')).toEqual({
				name: 'sub',
				id: null,
				updated_at: null,
				created_at: null,
				last_accessed_at: null,
				metadata: null
			});
			expect((await open().list('tree/sub/')).data?.map((e) => e.name)).toEqual([
				'deeper',
				'one.txt'
			]);
		});

		it('pages, searches and sorts', async () => {
			const page = await open().list('tree', { limit: 2, offset: 1 });
			expect(page.data?.map((e) => e.name)).toEqual(['b.txt', 'C.txt']);
			const found = await open().list('tree', { search: 'c' });
			expect(found.data?.map((e) => e.name)).toEqual(['C.txt']);
			const descending = await open().list('tree', { sortBy: { column: 'name', order: 'desc' } });
			expect(descending.data?.map((e) => e.name)).toEqual([
				'Zed',
				'sub',
				'C.txt',
				'b.txt',
				'a.txt'
			]);
			const byDate = await open().list('tree', { sortBy: { column: 'created_at', order: 'asc' } });
			expect(byDate.data?.map((e) => e.name)).toEqual(['sub', 'Zed', 'b.txt', 'a.txt', 'C.txt']);
		});

		it('lists the files config.toml seeded from objects_path', async () => {
			const handbook = service.storage.from('handbook');
			expect((await handbook.list()).data?.map((e) => e.name)).toEqual(['docs', 'welcome.txt']);
			const flow = await handbook.download('docs/flow.json');
			expect(flow.data?.type).toBe('application/json');
			expect(JSON.parse(await flow.data!.text())).toEqual({ steps: ['reply', 'resolve'] });
		});
	});

	describe('move, copy and remove', () => {
		it('moves an object, within a bucket and to another', async () => {
			await open().upload('moving/a.txt', text('moving'));
			const { data, error } = await open().move('moving/a.txt', 'moved/b.txt');
			expect(error).toBeNull();
			expect(data).toMatchObject({ message: 'Successfully moved', Key: 'moved/b.txt' });
			expect((await open().exists('moving/a.txt')).data).toBe(false);
			expect(await (await open().download('moved/b.txt')).data?.text()).toBe('moving');

			await open().move('moved/b.txt', 'elsewhere/c.txt', { destinationBucket: 'handbook' });
			expect((await open().exists('moved/b.txt')).data).toBe(false);
			const moved = await service.storage.from('handbook').download('elsewhere/c.txt');
			expect(await moved.data?.text()).toBe('moving');
		});

		it('refuses to move onto an existing object or from a missing one', async () => {
			await open().upload('clash/a.txt', text('a'));
			await open().upload('clash/b.txt', text('b'));
			expect((await open().move('clash/a.txt', 'clash/b.txt')).error).toMatchObject({
				message: 'The resource already exists',
				statusCode: '409'
			});
			expect((await open().move('clash/none.txt', 'clash/c.txt')).error?.message).toBe(
				'Object not found'
			);
		});

		it('copies an object with its metadata, leaving the source alone', async () => {
			await open().upload('copying/source.txt', text('copy me'), { metadata: { n: 1 } });
			const { data, error } = await open().copy('copying/source.txt', 'copying/copy.txt');
			expect(error).toBeNull();
			expect(data).toEqual({ path: 'open/copying/copy.txt' });
			expect(await (await open().download('copying/copy.txt')).data?.text()).toBe('copy me');
			expect(await (await open().download('copying/source.txt')).data?.text()).toBe('copy me');
			expect((await open().info('copying/copy.txt')).data?.metadata).toEqual({ n: 1 });

			const across = await open().copy('copying/source.txt', 'copied.txt', {
				destinationBucket: 'handbook'
			});
			expect(across.data).toEqual({ path: 'handbook/copied.txt' });
			expect((await open().copy('copying/source.txt', 'copying/copy.txt')).error?.message).toBe(
				'The resource already exists'
			);
		});

		it('removes many objects at once and reports the ones it removed', async () => {
			await open().upload('bin/1.txt', text('1'));
			await open().upload('bin/2.txt', text('2'));
			const { data, error } = await open().remove(['bin/1.txt', 'bin/2.txt', 'bin/absent.txt']);
			expect(error).toBeNull();
			expect(data?.map((o) => o.name).sort()).toEqual(['bin/1.txt', 'bin/2.txt']);
			expect(data?.[0]).toMatchObject({ bucket_id: 'open', metadata: { size: 1 } });
			expect((await open().list('bin')).data).toEqual([]);
		});
	});

	describe('what the stack does not serve', () => {
		it('answers Storage features it lacks with Storage’s NotSupported (409), naming them', async () => {
			const s3 = await fetch(`${stack.url}/storage/v1/s3/open/tree/a.txt`);
			expect(s3.status).toBe(400);
			expect(await s3.json()).toMatchObject({
				statusCode: '409',
				code: 'NotSupported',
				message: expect.stringMatching(/does not support the S3 protocol/)
			});

			const signedResumable = await fetch(`${stack.url}/storage/v1/upload/resumable/sign`, {
				method: 'POST',
				headers: { 'tus-resumable': '1.0.0', 'upload-length': '1' }
			});
			expect(signedResumable.status).toBe(400);
			expect(await signedResumable.json()).toMatchObject({
				statusCode: '409',
				message: expect.stringMatching(/signed resumable uploads/)
			});
		});

		it('answers an unknown route with Storage’s 404', async () => {
			const res = await rawRequest(stack, 'GET', '/storage/v1/nothing/here');
			expect(res.status).toBe(404);
			expect(JSON.parse(res.body)).toMatchObject({
				statusCode: '404',
				error: 'Not Found',
				message: 'Route GET:/nothing/here not found'
			});
		});
	});
});
