// list-v2 as storage-js `listV2()` calls it: pages of objects (and, with a delimiter, folders) below
// a prefix in name or date order, an opaque cursor that carries the order to the next page, RLS
// deciding what each caller sees, and Storage's errors for bad bodies and cursors.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { alice, bob, fixture, serviceClient, userClient } from './fixtures/storage/people';

type ListV2Options = NonNullable<
	Parameters<ReturnType<SupabaseClient['storage']['from']>['listV2']>[0]
>;

// Root files, folders (one with more inside), and names that test byte order and LIKE wildcards.
const rootFiles = ['Zeta.txt', 'aal.txt', 'alpha.txt', 'beta.txt', 'b_c.txt'];
const nested = [
	'aal/one.txt',
	'aal/two.txt',
	'aal/deeper/three.txt',
	'docs/guide.txt',
	'docs/faq.txt',
	'mixed/x.txt',
	'wild_card/hit.txt',
	'wildXcard/miss.txt'
];
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('list-v2', () => {
	let stack: TestStack;
	let service: SupabaseClient;
	const open = () => service.storage.from('open');

	/** Every entry of a listing, page by page, and how many pages it took. */
	async function everyPage(options: ListV2Options, limit: number) {
		const folders: string[] = [];
		const objects: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		for (;;) {
			const { data, error } = await open().listV2({ ...options, limit, cursor });
			expect(error).toBeNull();
			pages++;
			folders.push(...data!.folders.map((f) => f.name));
			objects.push(...data!.objects.map((o) => o.name));
			expect(data!.folders.length + data!.objects.length).toBeLessThanOrEqual(limit);
			if (!data!.hasNext) {
				expect(data!.nextCursor).toBeUndefined();
				return { folders, objects, pages };
			}
			cursor = data!.nextCursor;
			expect(cursor).toEqual(expect.any(String));
		}
	}

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		service = serviceClient(stack);
		// One at a time, so created_at follows this order.
		for (const name of [...rootFiles, ...nested]) {
			const { error } = await open().upload(name, new Blob([name], { type: 'text/plain' }));
			expect(error).toBeNull();
		}
	});
	afterAll(() => stack?.stop());

	it('lists one level with folders, page by page, in byte order', async () => {
		const expectedFolders = ['aal/', 'docs/', 'mixed/', 'wildXcard/', 'wild_card/'];
		const all = await everyPage({ with_delimiter: true }, 3);
		expect(all.folders).toEqual(expectedFolders);
		expect(all.objects).toEqual([...rootFiles].sort(byteOrder));
		expect(all.pages).toBe(Math.ceil((expectedFolders.length + rootFiles.length) / 3));

		const reversed = await everyPage(
			{ with_delimiter: true, sortBy: { column: 'name', order: 'desc' } },
			4
		);
		expect(reversed.folders).toEqual([...expectedFolders].reverse());
		expect(reversed.objects).toEqual([...rootFiles].sort(byteOrder).reverse());
	});

	it('gives files and folders Storage’s shape', async () => {
		const { data } = await open().listV2({ prefix: 'aal/', with_delimiter: true });
		expect(data).toEqual({
			hasNext: false,
			folders: [
				{
					key: 'deeper',
					name: 'aal/deeper/',
					id: null,
					updated_at: null,
					created_at: null,
					last_accessed_at: null,
					metadata: null
				}
			],
			objects: [
				expect.objectContaining({ key: 'one.txt', name: 'aal/one.txt', id: expect.any(String) }),
				expect.objectContaining({ key: 'two.txt', name: 'aal/two.txt' })
			]
		});
		expect(data!.objects[0]).toMatchObject({
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			metadata: expect.objectContaining({ size: 11, mimetype: 'text/plain' })
		});
	});

	it('lists everything below a prefix flat without a delimiter', async () => {
		const all = await everyPage({}, 4);
		expect(all.folders).toEqual([]);
		expect(all.objects).toEqual([...rootFiles, ...nested].sort(byteOrder));

		const { data } = await open().listV2({ prefix: 'aal' });
		expect(data!.objects.map((o) => o.name)).toEqual([
			'aal.txt',
			'aal/deeper/three.txt',
			'aal/one.txt',
			'aal/two.txt'
		]);
	});

	it('treats the prefix as a plain string, wildcards included', async () => {
		const { data } = await open().listV2({ prefix: 'aal', with_delimiter: true });
		expect(data!.folders.map((f) => f.name)).toEqual(['aal/']);
		expect(data!.objects.map((o) => o.name)).toEqual(['aal.txt']);

		const wild = await open().listV2({ prefix: 'wild_' });
		expect(wild.data!.objects.map((o) => o.name)).toEqual(['wild_card/hit.txt']);
		expect((await open().listV2({ prefix: '%' })).data).toMatchObject({ folders: [], objects: [] });
	});

	it('pages by creation date, folders dated by their oldest object, and the cursor keeps the order', async () => {
		const created = await everyPage({ sortBy: { column: 'created_at', order: 'asc' } }, 3);
		expect(created.objects).toEqual([...rootFiles, ...nested]);

		const newestFirst = await everyPage(
			{ with_delimiter: true, sortBy: { column: 'created_at', order: 'desc' } },
			2
		);
		expect(newestFirst.objects).toEqual([...rootFiles].reverse());
		expect(newestFirst.folders).toEqual(['wildXcard/', 'wild_card/', 'mixed/', 'docs/', 'aal/']);

		const first = await open().listV2({
			limit: 2,
			sortBy: { column: 'updated_at', order: 'desc' }
		});
		// The next page follows the first one's order even when the body asks for another.
		const next = await open().listV2({
			limit: 2,
			cursor: first.data!.nextCursor,
			sortBy: { column: 'name', order: 'asc' }
		});
		expect([...first.data!.objects, ...next.data!.objects].map((o) => o.name)).toEqual(
			[...rootFiles, ...nested].reverse().slice(0, 4)
		);
	});

	it('shows each caller only what RLS lets them read', async () => {
		const asAlice = await userClient(stack, alice);
		const asBob = await userClient(stack, bob);
		await asAlice.storage.from('attachments').upload(`${alice}/a.txt`, new Blob(['a']));
		await asBob.storage.from('attachments').upload(`${bob}/b.txt`, new Blob(['b']));
		await service.storage.from('attachments').upload('shared/s.txt', new Blob(['s']));

		const names = async (client: SupabaseClient) =>
			(await client.storage.from('attachments').listV2()).data!.objects.map((o) => o.name);
		expect(await names(asAlice)).toEqual([`${alice}/a.txt`, 'shared/s.txt']);
		expect(await names(asBob)).toEqual([`${bob}/b.txt`, 'shared/s.txt']);
		expect(await names(stack.client())).toEqual([]);
	});

	describe('bad input', () => {
		it('refuses a body outside Storage’s schema', async () => {
			const refused = async (options: object, message: string) => {
				const { data, error } = await open().listV2(options as ListV2Options);
				expect(data).toBeNull();
				expect(error).toMatchObject({ status: 400, statusCode: '400', message });
			};
			await refused({ limit: 0 }, 'body/limit must be >= 1');
			await refused({ limit: 2.5 }, 'body/limit must be integer');
			await refused(
				{ sortBy: { column: 'size' } },
				'body/sortBy/column must be equal to one of the allowed values'
			);
			await refused(
				{ sortBy: { order: 'asc' } },
				"body/sortBy must have required property 'column'"
			);
		});

		it('refuses a cursor it did not write', async () => {
			for (const cursor of [
				'not a cursor',
				Buffer.from('l:a\nc:metadata').toString('base64'),
				Buffer.from("l:a\nc:created_at\na:'; drop table x").toString('base64')
			]) {
				const { error } = await open().listV2({ cursor });
				expect(error).toMatchObject({
					status: 400,
					statusCode: '400',
					message: 'Invalid Parameter continuation token'
				});
			}
			expect((await open().listV2({ limit: 1 })).data!.objects).toHaveLength(1);
		});
	});
});
