// Image transformations as Storage serves them: resized, re-encoded renditions on authenticated,
// public and signed URLs (the transform of a signed URL sealed in its token), through supabase-js
// `download`, `getPublicUrl` and `createSignedUrl`, with Storage's clamping, limits and errors.
import type { SupabaseClient } from '@supabase/supabase-js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { asBlob, flat, imageInfo, photo } from './fixtures/storage/images';
import {
	alice,
	bob,
	fixture,
	serviceClient,
	tokenFor,
	userClient
} from './fixtures/storage/people';

const invalidRequest = (message: string) => ({
	statusCode: '400',
	code: 'InvalidRequest',
	error: 'Bad Request',
	message
});

describe('image transformations', () => {
	let stack: TestStack;
	let asAlice: SupabaseClient;
	let asBob: SupabaseClient;
	let service: SupabaseClient;
	let aliceToken: string;
	const file = `${alice}/photo.jpg`;
	const attachments = () => asAlice.storage.from('attachments');
	const renderUrl = (path: string, query = '') =>
		`${stack.url}/storage/v1/render/image/authenticated/attachments/${path}${query}`;
	/** A render as Alice, asking for whatever `accept` says. */
	const render = (query: string, accept = '*/*', path = file) =>
		fetch(renderUrl(path, query), {
			headers: { authorization: `Bearer ${aliceToken}`, accept }
		});
	const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		asAlice = await userClient(stack, alice);
		asBob = await userClient(stack, bob);
		service = serviceClient(stack);
		aliceToken = await tokenFor(stack, alice);
		const source = asBlob(await photo(1200, 800), 'image/jpeg');
		expect((await attachments().upload(file, source, { cacheControl: '3600' })).error).toBeNull();
		expect(
			(await service.storage.from('avatars').upload('team/photo.jpg', source)).error
		).toBeNull();
	});
	afterAll(() => stack?.stop());

	describe('resizing', () => {
		it('shrinks a private image for its owner through download({ transform })', async () => {
			const { data, error } = await attachments().download(file, {
				transform: { width: 200, height: 200, resize: 'contain' }
			});
			expect(error).toBeNull();
			expect(data?.type).toBe('image/jpeg');
			expect(await imageInfo(data!)).toEqual({ format: 'jpeg', width: 200, height: 133 });
		});

		it('crops to cover by default, stretches to fill, and keeps the aspect ratio given one side', async () => {
			const sizes = async (query: string) => {
				const { width, height } = await imageInfo(await bytesOf(await render(query)));
				return [width, height];
			};
			expect(await sizes('?width=200&height=200')).toEqual([200, 200]);
			expect(await sizes('?width=200&height=200&resize=cover')).toEqual([200, 200]);
			expect(await sizes('?width=300&height=100&resize=fill')).toEqual([300, 100]);
			expect(await sizes('?width=300')).toEqual([300, 200]);
			expect(await sizes('?height=100')).toEqual([150, 100]);
		});

		it('never enlarges an image', async () => {
			const res = await render('?width=1800');
			expect(await imageInfo(await bytesOf(res))).toMatchObject({ width: 1200, height: 800 });
		});

		it('clamps a transform to 50,000 px to Storage’s 2000 px, as Storage does', async () => {
			const wide = `${alice}/wide.png`;
			await attachments().upload(wide, asBlob(await flat(3000, 1000), 'image/png'));
			const res = await render('?width=50000', '*/*', wide);
			expect(res.status).toBe(200);
			expect(res.headers.get('x-transformations')).toBe('width:2000,resizing_type:fill');
			expect(await imageInfo(await bytesOf(res))).toEqual({
				format: 'png',
				width: 2000,
				height: 667
			});
		});

		it('encodes at the quality asked for', async () => {
			const low = await bytesOf(await render('?width=600&quality=20'));
			const high = await bytesOf(await render('?width=600&quality=100'));
			expect(low.byteLength).toBeLessThan(high.byteLength / 2);
		});
	});

	describe('formats', () => {
		it('answers WebP to clients that take it, the source format for format=origin', async () => {
			const browser = 'image/avif,image/webp,image/apng,*/*;q=0.8';
			const webp = await render('?width=100', browser);
			expect(webp.headers.get('content-type')).toBe('image/webp');
			expect(webp.headers.get('vary')).toBe('Accept');
			expect((await imageInfo(await bytesOf(webp))).format).toBe('webp');

			const origin = await render('?width=100&format=origin', browser);
			expect(origin.headers.get('content-type')).toBe('image/jpeg');
			expect((await render('?width=100')).headers.get('content-type')).toBe('image/jpeg');
		});

		it('encodes AVIF or WebP when the format is named', async () => {
			const avif = await render('?width=100&format=avif');
			expect(avif.headers.get('content-type')).toBe('image/avif');
			expect(await imageInfo(await bytesOf(avif))).toMatchObject({ format: 'heif', width: 100 });
			expect((await render('?width=100&format=webp')).headers.get('content-type')).toBe(
				'image/webp'
			);
		});
	});

	describe('who may see a rendition', () => {
		it('serves public buckets through getPublicUrl({ transform }), with no key at all', async () => {
			const { data } = service.storage
				.from('avatars')
				.getPublicUrl('team/photo.jpg', { transform: { width: 120, height: 80 } });
			expect(data.publicUrl).toBe(
				`${stack.url}/storage/v1/render/image/public/avatars/team/photo.jpg?width=120&height=80`
			);
			const res = await fetch(data.publicUrl);
			expect(res.status).toBe(200);
			expect(await imageInfo(await bytesOf(res))).toMatchObject({ width: 120, height: 80 });
		});

		it('refuses the public route for a private bucket', async () => {
			const { data } = attachments().getPublicUrl(file, { transform: { width: 100 } });
			const res = await fetch(data.publicUrl);
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
		});

		it('keeps another user’s private image out of reach', async () => {
			const { data, error } = await asBob.storage
				.from('attachments')
				.download(file, { transform: { width: 100 } });
			expect(data).toBeNull();
			expect(error).toMatchObject({ status: 400, statusCode: '404', message: 'Object not found' });

			const anonymous = await fetch(renderUrl(file, '?width=100'));
			expect(anonymous.status).toBe(400);
			expect(await anonymous.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied' });
		});
	});

	describe('signed URLs', () => {
		it('seal the transformation in the token: the query string cannot change it', async () => {
			const { data, error } = await attachments().createSignedUrl(file, 60, {
				transform: { width: 120, height: 120, resize: 'cover' }
			});
			expect(error).toBeNull();
			expect(data?.signedUrl).toContain('/storage/v1/render/image/sign/attachments/');

			const res = await fetch(data!.signedUrl);
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control')).toBeNull();
			expect(Date.parse(res.headers.get('expires') ?? '') - Date.now()).toBeLessThanOrEqual(60_000);
			expect(await imageInfo(await bytesOf(res))).toMatchObject({ width: 120, height: 120 });

			const widened = await fetch(`${data!.signedUrl}&width=900&height=300&resize=fill`);
			expect(await imageInfo(await bytesOf(widened))).toMatchObject({ width: 120, height: 120 });
		});

		it('are refused when the transformation in the token was tampered with', async () => {
			const { data } = await attachments().createSignedUrl(file, 60, {
				transform: { width: 120 }
			});
			const url = new URL(data!.signedUrl);
			const [header, payload, signature] = url.searchParams.get('token')!.split('.');
			const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
			expect(claims).toMatchObject({ transformations: 'width:120', scope: 'download' });
			claims.transformations = 'width:2000';
			const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
			url.searchParams.set('token', `${header}.${forged}.${signature}`);

			const res = await fetch(url);
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });
		});

		it('signed without a transform, serve the original', async () => {
			const { data } = await attachments().createSignedUrl(file, 60);
			expect(data?.signedUrl).toContain('/storage/v1/object/sign/');
			const original = await fetch(data!.signedUrl);
			expect(await imageInfo(await bytesOf(original))).toMatchObject({ width: 1200 });
		});
	});

	it('answers with Storage’s headers', async () => {
		const { data: info } = await attachments().info(file);
		const res = await render('?width=200&height=200&resize=contain');
		expect(res.headers.get('etag')).toBe(info?.etag);
		expect(res.headers.get('cache-control')).toBe('max-age=3600');
		expect(res.headers.get('x-transformations')).toBe('height:200,width:200,resizing_type:fit');
		expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="photo.jpg"/);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');

		const headers = await fetch(renderUrl(file, '?width=200&height=200&resize=contain'), {
			method: 'HEAD',
			headers: { authorization: `Bearer ${aliceToken}` }
		});
		expect(headers.headers.get('content-length')).toBe(res.headers.get('content-length'));
		expect(await headers.text()).toBe('');

		const asFile = await render('?width=200&download=thumb.jpg');
		expect(asFile.headers.get('content-disposition')).toMatch(/^attachment; filename="thumb.jpg"/);
	});

	it('renders the newest version once an image is overwritten', async () => {
		const path = `${alice}/changing.jpg`;
		await attachments().upload(path, asBlob(await photo(600, 400), 'image/jpeg'));
		expect(await imageInfo(await bytesOf(await render('?width=100', '*/*', path)))).toMatchObject({
			height: 67
		});
		await attachments().update(path, asBlob(await photo(400, 400), 'image/jpeg'));
		expect(await imageInfo(await bytesOf(await render('?width=100', '*/*', path)))).toMatchObject({
			height: 100
		});
	});

	describe('bad input', () => {
		it('refuses options outside Storage’s schema, with its validation messages', async () => {
			const refused = async (query: string, message: string) => {
				const res = await render(query);
				expect(res.status).toBe(400);
				expect(await res.json()).toEqual(invalidRequest(message));
			};
			await refused(
				'?width=100&resize=stretch',
				'querystring/resize must be equal to one of the allowed values'
			);
			await refused('?quality=10', 'querystring/quality must be >= 20');
			await refused('?quality=101', 'querystring/quality must be <= 100');
			await refused('?width=-5', 'querystring/width must be >= 0');
			await refused('?height=tall', 'querystring/height must be integer');
			await refused('?format=gif', 'querystring/format must be equal to one of the allowed values');
		});

		it('refuses a bad transform when signing, before any URL exists', async () => {
			const { data, error } = await attachments().createSignedUrl(file, 60, {
				transform: { width: 100, resize: 'stretch' as 'fill' }
			});
			expect(data).toBeNull();
			expect(error).toMatchObject({
				status: 400,
				message: 'body/transform/resize must be equal to one of the allowed values'
			});
		});

		it('says so for gravity, which the stack does not crop by', async () => {
			const res = await render('?width=100&height=100&gravity=no');
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({
				statusCode: '409',
				code: 'NotSupported',
				message: expect.stringMatching(/image transformation gravity/)
			});
		});

		it('refuses a source that is not an image, with imgproxy’s reason', async () => {
			const notes = `${alice}/notes.txt`;
			await attachments().upload(notes, new Blob(['not a picture'], { type: 'text/plain' }));
			const { data, error } = await attachments().download(notes, { transform: { width: 100 } });
			expect(data).toBeNull();
			expect(error).toMatchObject({
				status: 400,
				statusCode: '400',
				message: 'The source image is invalid or unsupported for rendering'
			});
			const res = await render('?width=100', '*/*', notes);
			expect(await res.json()).toEqual({
				statusCode: '400',
				code: 'InvalidRequest',
				error: 'InvalidRequest',
				message: 'The source image is invalid or unsupported for rendering'
			});
		});

		it('refuses a source over 50 megapixels, and keeps serving others', async () => {
			const huge = `${alice}/huge.png`;
			const uploaded = await attachments().upload(
				huge,
				asBlob(await flat(8000, 7000), 'image/png')
			);
			expect(uploaded.error).toBeNull();
			const res = await render('?width=100', '*/*', huge);
			expect(res.status).toBe(400);
			expect((await res.json()).message).toBe(
				'The source image resolution is too large to process'
			);
			expect((await render('?width=100')).status).toBe(200);
		});
	});
});

describe('image transformations in a project that leaves them off', () => {
	let stack: TestStack;
	let service: SupabaseClient;

	beforeAll(async () => {
		// A project whose config.toml has no [storage.image_transformation] section, as the CLI's
		// own default leaves it.
		stack = await startTestStack({ workdir: join(import.meta.dirname, 'fixtures', 'core') });
		service = serviceClient(stack);
		await service.storage.createBucket('pictures', { public: true });
		await service.storage
			.from('pictures')
			.upload('a.jpg', asBlob(await photo(300, 200), 'image/jpeg'));
	});
	afterAll(() => stack?.stop());

	it('has no render routes, as Storage registers none', async () => {
		const { data } = service.storage.from('pictures').getPublicUrl('a.jpg', {
			transform: { width: 100 }
		});
		const res = await fetch(data.publicUrl);
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({
			statusCode: '404',
			message: 'Route GET:/render/image/public/pictures/a.jpg not found'
		});
	});

	it('signs the plain object when asked for a transformed one', async () => {
		const { data } = await service.storage
			.from('pictures')
			.createSignedUrl('a.jpg', 60, { transform: { width: 100 } });
		expect(data?.signedUrl).toContain('/storage/v1/object/sign/pictures/a.jpg');
		const res = await fetch(data!.signedUrl);
		expect(await imageInfo(Buffer.from(await res.arrayBuffer()))).toMatchObject({ width: 300 });
	});
});

describe('image transformations of large sources', () => {
	let stack: TestStack;

	beforeAll(async () => {
		// A project allowing 64 MiB uploads, so a source can pass imgproxy's 25 MB limit.
		stack = await startTestStack({
			workdir: join(import.meta.dirname, 'fixtures', 'storage-large')
		});
	});
	afterAll(() => stack?.stop());

	it('refuses a source over 25 MB without reading it', async () => {
		const service = serviceClient(stack);
		const big = new Blob([new Uint8Array(25_000_001)], { type: 'image/jpeg' });
		expect((await service.storage.from('uploads').upload('big.jpg', big)).error).toBeNull();
		const { data, error } = await service.storage
			.from('uploads')
			.download('big.jpg', { transform: { width: 100 } });
		expect(data).toBeNull();
		expect(error).toMatchObject({
			status: 400,
			statusCode: '400',
			message: 'The source image file is too large to process'
		});
	});
});
