// Resumable uploads (TUS 1.0.0) at /storage/v1/upload/resumable, driven by tus-js-client as
// Supabase documents it (6 MB chunks, bucketName/objectName/contentType/cacheControl metadata), plus
// raw TUS requests for the protocol's edges: HEAD offsets, wrong offsets, termination, RLS as the
// caller on every write, bucket limits while bytes arrive, and no object row until the last byte.
import type { SupabaseClient } from '@supabase/supabase-js';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type Stack } from '../../stack';
import {
	freshPostgresDatabase,
	onPostgres,
	startTestStack,
	type TestStack
} from '../support/stack';
import { alice, bob, tokenFor, userClient } from './fixtures/storage/people';

const fixture = join(import.meta.dirname, 'fixtures', 'storage-large');
const MiB = 1024 * 1024;
const chunkSize = 6 * MiB;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Sent {
	url: string;
	/** Method and status of every request tus-js-client made. */
	requests: string[];
}

/** One upload through tus-js-client with Supabase's documented options; rejects on any error. */
function send(
	stack: Stack,
	bytes: Buffer,
	token: string,
	metadata: Record<string, string>,
	options: tus.UploadOptions = {}
): Promise<Sent> {
	const requests: string[] = [];
	return new Promise((resolve, reject) => {
		const upload = new tus.Upload(bytes, {
			endpoint: `${stack.url}/storage/v1/upload/resumable`,
			retryDelays: [],
			headers: { authorization: `Bearer ${token}` },
			uploadDataDuringCreation: true,
			removeFingerprintOnSuccess: true,
			chunkSize,
			metadata,
			onAfterResponse: (req, res) => {
				requests.push(`${req.getMethod()} ${res.getStatus()}`);
			},
			onSuccess: () => resolve({ url: upload.url ?? '', requests }),
			onError: reject,
			...options
		});
		upload.start();
	});
}

/** The status and body of the response a failed tus-js-client upload got. */
async function refusal(upload: Promise<unknown>): Promise<{ status: number; body: string }> {
	const error = await upload.then(
		() => undefined,
		(error: unknown) => error
	);
	expect(error).toBeInstanceOf(tus.DetailedError);
	const response = (error as tus.DetailedError).originalResponse;
	return { status: response?.getStatus() ?? 0, body: response?.getBody() ?? '' };
}

describe('resumable uploads', () => {
	let stack: TestStack;
	let aliceToken: string;
	let bobToken: string;
	let asAlice: SupabaseClient;
	const tusUrl = () => `${stack.url}/storage/v1/upload/resumable`;
	const metadataOf = (bucketName: string, objectName: string, contentType = 'application/pdf') => ({
		bucketName,
		objectName,
		contentType,
		cacheControl: '3600'
	});
	const encoded = (metadata: Record<string, string>) =>
		Object.entries(metadata)
			.map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
			.join(',');
	const tusHeaders = (token: string, extra: Record<string, string> = {}) => ({
		authorization: `Bearer ${token}`,
		'tus-resumable': '1.0.0',
		...extra
	});
	/** Creates an upload with raw TUS, returning its URL. */
	const create = async (token: string, length: number, metadata: Record<string, string>) => {
		const res = await fetch(tusUrl(), {
			method: 'POST',
			headers: tusHeaders(token, {
				'upload-length': String(length),
				'upload-metadata': encoded(metadata)
			})
		});
		expect(res.status).toBe(201);
		return res.headers.get('location')!;
	};
	const patch = (url: string, token: string, offset: number, body: Uint8Array | Readable) =>
		fetch(url, {
			method: 'PATCH',
			headers: tusHeaders(token, {
				'upload-offset': String(offset),
				'content-type': 'application/offset+octet-stream'
			}),
			body: body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : body,
			...(body instanceof Readable && { duplex: 'half' })
		} as RequestInit);
	const head = (url: string, token = aliceToken) =>
		fetch(url, { method: 'HEAD', headers: tusHeaders(token) });
	const row = async (bucket: string, name: string) =>
		(
			await stack.db.query<{
				owner: string | null;
				metadata: Record<string, unknown>;
				user_metadata: Record<string, unknown> | null;
			}>(
				`select owner::text, metadata, user_metadata from storage.objects
				 where bucket_id = $1 and name = $2`,
				[bucket, name]
			)
		).rows[0];

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		aliceToken = await tokenFor(stack, alice);
		bobToken = await tokenFor(stack, bob);
		asAlice = await userClient(stack, alice);
	});
	afterAll(() => stack?.stop());

	it('says what it supports, as a TUS server must', async () => {
		const res = await fetch(tusUrl(), { method: 'OPTIONS' });
		expect(res.status).toBe(204);
		expect(res.headers.get('tus-version')).toBe('1.0.0');
		expect(res.headers.get('tus-extension')).toBe(
			'creation,creation-with-upload,creation-defer-length,termination,expiration'
		);
		expect(res.headers.get('tus-max-size')).toBe(String(64 * MiB));
	});

	it('takes a 13 MB file in 6 MB chunks, resumes after a break, and writes the row only at the end', async () => {
		const bytes = randomBytes(13 * MiB);
		const name = `${alice}/video.bin`;
		const metadata = {
			...metadataOf('uploads', name, 'application/octet-stream'),
			metadata: JSON.stringify({ ticket: 42 })
		};

		// The first chunk goes with the creation request; then the client stops.
		const broken = await new Promise<string>((resolve, reject) => {
			const upload: tus.Upload = new tus.Upload(bytes, {
				endpoint: tusUrl(),
				retryDelays: [],
				headers: { authorization: `Bearer ${aliceToken}` },
				uploadDataDuringCreation: true,
				chunkSize,
				metadata,
				onChunkComplete: () => {
					void upload.abort().then(() => resolve(upload.url!));
				},
				onError: reject
			});
			upload.start();
		});
		const halfway = await head(broken);
		expect(halfway.status).toBe(200);
		expect(halfway.headers.get('upload-offset')).toBe(String(chunkSize));
		expect(halfway.headers.get('upload-length')).toBe(String(bytes.byteLength));
		expect(halfway.headers.get('cache-control')).toBe('no-store');
		expect(await row('uploads', name)).toBeUndefined();

		const resumed = await send(stack, bytes, aliceToken, metadata, { uploadUrl: broken });
		expect(resumed.requests).toEqual(['HEAD 200', 'PATCH 204', 'PATCH 204']);

		expect(await row('uploads', name)).toMatchObject({
			owner: alice,
			metadata: {
				size: bytes.byteLength,
				mimetype: 'application/octet-stream',
				cacheControl: 'max-age=3600'
			},
			user_metadata: { ticket: 42 }
		});
		const { data } = await asAlice.storage.from('uploads').download(name);
		expect(sha(new Uint8Array(await data!.arrayBuffer()))).toBe(sha(bytes));
		// Once finished, the upload URL is spent.
		expect((await head(broken)).status).toBe(404);
	});

	it('creates and finishes a small file in one request', async () => {
		const name = `${alice}/note.pdf`;
		const sent = await send(stack, randomBytes(1000), aliceToken, metadataOf('uploads', name));
		expect(sent.requests).toEqual(['POST 201']);
		expect(await row('uploads', name)).toMatchObject({ metadata: { size: 1000 } });
	});

	it('answers HEAD with the offset and refuses a PATCH at the wrong offset with 409', async () => {
		const name = `${alice}/offsets.pdf`;
		const url = await create(aliceToken, 100, metadataOf('uploads', name));
		expect(url).toMatch(new RegExp(`^${tusUrl()}/[0-9a-f-]{36}$`));

		const first = await patch(url, aliceToken, 0, new Uint8Array(40).fill(1));
		expect(first.status).toBe(204);
		expect(first.headers.get('upload-offset')).toBe('40');
		expect(first.headers.get('upload-expires')).toEqual(expect.any(String));

		const again = await patch(url, aliceToken, 0, new Uint8Array(40).fill(1));
		expect(again.status).toBe(409);
		expect(await again.text()).toBe('Upload-Offset conflict\n');
		expect((await head(url)).headers.get('upload-offset')).toBe('40');
		expect(await row('uploads', name)).toBeUndefined();

		const last = await patch(url, aliceToken, 40, new Uint8Array(60).fill(2));
		expect(last.status).toBe(204);
		expect(last.headers.get('upload-offset')).toBe('100');
		expect(await row('uploads', name)).toMatchObject({ metadata: { size: 100 } });
	});

	it('terminates an unfinished upload, leaving nothing behind', async () => {
		const name = `${alice}/dropped.pdf`;
		const url = await create(aliceToken, 100, metadataOf('uploads', name));
		expect((await patch(url, aliceToken, 0, new Uint8Array(10))).status).toBe(204);
		const deleted = await fetch(url, { method: 'DELETE', headers: tusHeaders(aliceToken) });
		expect(deleted.status).toBe(204);
		expect((await head(url)).status).toBe(404);
		expect((await patch(url, aliceToken, 10, new Uint8Array(90))).status).toBe(404);
		expect(await row('uploads', name)).toBeUndefined();
	});

	it('overwrites an existing object only with x-upsert', async () => {
		const name = `${alice}/twice.pdf`;
		await send(stack, randomBytes(10), aliceToken, metadataOf('uploads', name));
		expect(
			await refusal(send(stack, randomBytes(20), aliceToken, metadataOf('uploads', name)))
		).toEqual({
			status: 409,
			body: 'The resource already exists'
		});
		await send(stack, randomBytes(30), aliceToken, metadataOf('uploads', name), {
			headers: { authorization: `Bearer ${aliceToken}`, 'x-upsert': 'true' }
		});
		expect(await row('uploads', name)).toMatchObject({ metadata: { size: 30 } });
	});

	describe('who may upload', () => {
		it('refuses a caller RLS does not let write the object, before any byte is kept', async () => {
			const name = `${alice}/from-bob.pdf`;
			expect(
				await refusal(send(stack, randomBytes(10), bobToken, metadataOf('uploads', name)))
			).toEqual({
				status: 403,
				body: 'new row violates row-level security policy'
			});
			expect(
				await refusal(send(stack, randomBytes(10), stack.keys.anon, metadataOf('uploads', name)))
			).toEqual({ status: 403, body: 'new row violates row-level security policy' });
			expect(await row('uploads', name)).toBeUndefined();
		});

		it('refuses a request without a valid JWT with Storage’s error', async () => {
			const res = await fetch(tusUrl(), {
				method: 'POST',
				headers: {
					'tus-resumable': '1.0.0',
					'upload-length': '10',
					'upload-metadata': encoded(metadataOf('uploads', `${alice}/x.pdf`))
				}
			});
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied' });
		});

		it('asks RLS again for every chunk: another user cannot finish someone’s upload', async () => {
			const name = `${alice}/shared-link.pdf`;
			const url = await create(aliceToken, 20, metadataOf('uploads', name));
			const hijack = await patch(url, bobToken, 0, new Uint8Array(20));
			expect(hijack.status).toBe(403);
			expect(await hijack.text()).toBe('new row violates row-level security policy');
			expect((await head(url)).headers.get('upload-offset')).toBe('0');
			expect((await patch(url, aliceToken, 0, new Uint8Array(20))).status).toBe(204);
			expect(await row('uploads', name)).toMatchObject({ owner: alice });
		});

		it('refuses an unknown bucket and a missing object name', async () => {
			expect(
				await refusal(send(stack, randomBytes(10), aliceToken, metadataOf('nowhere', 'a.pdf')))
			).toEqual({ status: 404, body: 'Bucket not found' });
			expect(
				await refusal(send(stack, randomBytes(10), aliceToken, { bucketName: 'uploads' }))
			).toEqual({ status: 400, body: 'Invalid key: ' });
		});
	});

	describe('bucket limits', () => {
		it('refuses a declared length over the bucket’s limit at creation', async () => {
			const over = await fetch(tusUrl(), {
				method: 'POST',
				headers: tusHeaders(aliceToken, {
					'upload-length': String(8 * MiB + 1),
					'upload-metadata': encoded(metadataOf('limited', 'big.pdf'))
				})
			});
			expect(over.status).toBe(413);
			expect(await over.text()).toBe('Maximum size exceeded\n');
		});

		it('cuts off an upload of unknown length that grows past the limit mid-stream', async () => {
			const res = await fetch(tusUrl(), {
				method: 'POST',
				headers: tusHeaders(aliceToken, {
					'upload-defer-length': '1',
					'upload-metadata': encoded(
						metadataOf('limited', 'stream.bin', 'application/octet-stream')
					)
				})
			});
			expect(res.status).toBe(201);
			const url = res.headers.get('location')!;
			// A chunked body with no Content-Length: the server learns its size only as it arrives.
			const nineMiB = Readable.from(
				(function* () {
					for (let i = 0; i < 9; i++) yield randomBytes(MiB);
				})()
			);
			const cut = await patch(url, aliceToken, 0, nineMiB);
			expect(cut.status).toBe(413);
			expect(await cut.text()).toBe('Maximum size exceeded\n');
			expect(Number((await head(url)).headers.get('upload-offset'))).toBeLessThanOrEqual(8 * MiB);
			expect(await row('limited', 'stream.bin')).toBeUndefined();

			// The stack carries on.
			await send(stack, randomBytes(100), aliceToken, metadataOf('limited', 'after.pdf'));
			expect(await row('limited', 'after.pdf')).toBeDefined();
		});

		it('refuses a type the bucket does not allow', async () => {
			expect(
				await refusal(
					send(stack, randomBytes(10), aliceToken, metadataOf('limited', 'a.txt', 'text/plain'))
				)
			).toEqual({ status: 415, body: 'mime type text/plain is not supported' });
		});
	});
});

describe('resumable uploads kept on disk', () => {
	let data: string;
	let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
	let stack: Stack;
	const start = async () => {
		stack = await createStack({
			workdir: fixture,
			port: 0,
			data,
			...(database && { databaseUrl: database.url })
		});
	};
	const staged = () => join(data, 'storage', 'resumable');

	beforeAll(async () => {
		data = await mkdtemp(join(tmpdir(), 'stack-resumable-'));
		if (onPostgres) database = await freshPostgresDatabase();
		await start();
	});
	afterAll(async () => {
		await stack?.stop();
		await database?.drop();
		await rm(data, { recursive: true, force: true });
	});

	it('survive a restart, and expired ones are removed when the stack starts', async () => {
		const token = await tokenFor(stack, alice);
		const creating = (name: string) =>
			fetch(`${stack.url}/storage/v1/upload/resumable`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${token}`,
					'tus-resumable': '1.0.0',
					'upload-length': '10',
					'content-type': 'application/offset+octet-stream',
					'upload-metadata': `bucketName ${Buffer.from('uploads').toString('base64')},objectName ${Buffer.from(name).toString('base64')}`
				},
				body: new Uint8Array(4).fill(7)
			});
		const kept = (await creating(`${alice}/kept.bin`)).headers.get('location')!;
		const stale = (await creating(`${alice}/stale.bin`)).headers.get('location')!;
		const staleId = stale.split('/').pop()!;
		expect((await readdir(staged())).sort()).toEqual(
			[kept.split('/').pop()!, `${kept.split('/').pop()}.json`, staleId, `${staleId}.json`].sort()
		);

		await stack.stop();
		// Two hours on, the second upload is past Storage's one-hour expiry.
		const info = join(staged(), `${staleId}.json`);
		const record = JSON.parse(await readFile(info, 'utf8'));
		record.creation_date = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
		await writeFile(info, JSON.stringify(record));
		await start();

		const port = new URL(stack.url).port;
		const at = (url: string) => url.replace(/:\d+\//, `:${port}/`);
		const headers = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
		expect((await fetch(at(stale), { method: 'HEAD', headers })).status).toBe(404);
		expect(await readdir(staged())).not.toContain(staleId);

		const resumed = await fetch(at(kept), { method: 'HEAD', headers });
		expect(resumed.headers.get('upload-offset')).toBe('4');
		const finished = await fetch(at(kept), {
			method: 'PATCH',
			headers: {
				...headers,
				'upload-offset': '4',
				'content-type': 'application/offset+octet-stream'
			},
			body: new Uint8Array(6).fill(8)
		});
		expect(finished.status).toBe(204);
		expect(await readdir(staged())).toEqual([]);
		const { rows } = await stack.db.query<{ size: number }>(
			`select (metadata->>'size')::int as size from storage.objects where name = $1`,
			[`${alice}/kept.bin`]
		);
		expect(rows).toEqual([{ size: 10 }]);
	});
});
