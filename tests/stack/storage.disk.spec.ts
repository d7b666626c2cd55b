// Object bytes on disk, in the data folder next to the database: one file per stored version,
// nothing left behind by a refused or abandoned upload, replaced and removed bytes deleted, and
// everything still there after a restart.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createStack, type Stack } from '../../stack';
import { freshPostgresDatabase, onPostgres } from '../support/stack';
import { alice, fixture, tokenFor } from './fixtures/storage/people';

async function filesUnder(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
		.sort();
}

describe('storage bytes on disk', () => {
	let data: string;
	// On PostgreSQL, a database of its own that outlives one stack, for the restart.
	let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
	let stack: Stack;
	let service: SupabaseClient;
	const storageDir = () => join(data, 'storage');
	const incoming = () => join(storageDir(), 'incoming');
	const stored = () => join(storageDir(), 'buckets');

	const start = async () => {
		stack = await createStack({
			workdir: fixture,
			port: 0,
			data,
			...(database && { databaseUrl: database.url })
		});
		service = createClient(stack.url, stack.keys.serviceRole, {
			auth: { persistSession: false },
			realtime: { transport: WebSocket as never }
		});
	};
	const version = async (bucket: string, name: string) =>
		(
			await stack.db.query<{ version: string }>(
				`select version from storage.objects where bucket_id = $1 and name = $2`,
				[bucket, name]
			)
		).rows[0]?.version;
	const rowCount = async (bucket: string) =>
		(
			await stack.db.query<{ n: number }>(
				`select count(*)::int as n from storage.objects where bucket_id = $1`,
				[bucket]
			)
		).rows[0].n;

	beforeAll(async () => {
		data = await mkdtemp(join(tmpdir(), 'autocrm-storage-'));
		if (onPostgres) database = await freshPostgresDatabase();
		await start();
	});
	afterAll(async () => {
		await stack?.stop();
		await database?.drop();
		await rm(data, { recursive: true, force: true });
	});

	it('keeps each upload as a file at buckets/<bucket>/<key>/<version>', async () => {
		const bytes = randomBytes(4096);
		await service.storage.from('open').upload('disk/blob.bin', bytes, {
			contentType: 'application/octet-stream'
		});
		const file = join(stored(), 'open', 'disk', 'blob.bin', await version('open', 'disk/blob.bin'));
		expect(await readFile(file)).toEqual(bytes);
	});

	it('leaves no bytes and no row behind a refused upload', async () => {
		const before = await filesUnder(storageDir());
		const forms = service.storage.from('forms');
		expect(
			(
				await forms.upload(
					'refused/big.txt',
					new Blob([randomBytes(1_500_000)], { type: 'text/plain' })
				)
			).error?.message
		).toBe('The object exceeded the maximum allowed size');
		expect(
			(await forms.upload('refused/photo.png', new Blob(['x'], { type: 'image/png' }))).error
		).not.toBeNull();
		const asAlice = createClient(stack.url, stack.keys.anon, {
			auth: { persistSession: false },
			realtime: { transport: WebSocket as never },
			global: { headers: { Authorization: `Bearer ${await tokenFor(stack as never, alice)}` } }
		});
		const denied = await asAlice.storage
			.from('attachments')
			.upload('someone-else/x.txt', new Blob(['x']));
		expect(denied.error?.message).toBe('new row violates row-level security policy');

		expect(await filesUnder(storageDir())).toEqual(before);
		expect(await rowCount('forms')).toBe(0);
	});

	it('leaves no bytes and no row behind an upload the client abandons', async () => {
		const before = await filesUnder(stored());
		const req = request({
			host: '127.0.0.1',
			port: stack.port,
			method: 'POST',
			path: '/storage/v1/object/open/abandoned/half.bin',
			headers: {
				authorization: `Bearer ${stack.keys.serviceRole}`,
				'content-type': 'application/octet-stream',
				'content-length': String(1_000_000)
			}
		});
		req.on('error', () => {});
		req.write(randomBytes(300_000));
		// Once the server has started keeping the bytes, the client goes away.
		await vi.waitFor(async () => expect(await filesUnder(incoming())).toHaveLength(1), {
			timeout: 10_000
		});
		req.destroy();
		await vi.waitFor(async () => expect(await filesUnder(incoming())).toEqual([]), {
			timeout: 10_000
		});
		expect(await filesUnder(stored())).toEqual(before);
		expect(await version('open', 'abandoned/half.bin')).toBeUndefined();
	});

	it('deletes the bytes an overwrite replaced, and a removed object’s file and folders', async () => {
		const open = service.storage.from('open');
		await open.upload('versions/deep/file.txt', new Blob(['one']));
		const first = await version('open', 'versions/deep/file.txt');
		await open.upload('versions/deep/file.txt', new Blob(['two']), { upsert: true });
		const second = await version('open', 'versions/deep/file.txt');
		expect(await filesUnder(join(stored(), 'open', 'versions'))).toEqual([
			join('deep', 'file.txt', second)
		]);
		expect(first).not.toBe(second);

		await open.remove(['versions/deep/file.txt']);
		expect(await readdir(join(stored(), 'open'))).not.toContain('versions');
	});

	it('keeps objects across a restart, and applies config.toml buckets again at start', async () => {
		await service.storage.from('open').upload('kept/after-restart.txt', new Blob(['still here']));
		await service.storage.updateBucket('avatars', { public: false });
		await stack.stop();
		await start();
		const kept = await service.storage.from('open').download('kept/after-restart.txt');
		expect(await kept.data?.text()).toBe('still here');
		expect((await service.storage.getBucket('avatars')).data?.public).toBe(true);
	});
});
