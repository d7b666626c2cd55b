// Object keys are checked before they reach SQL or the disk: keys outside Storage's safe characters
// and keys that try to climb out of the bucket (`..`, however encoded, absolute paths, backslashes,
// NUL) are refused with Storage's InvalidKey, and nothing is stored.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fixture, objectNames, rawRequest, serviceClient } from './fixtures/storage/people';

describe('object keys', () => {
	let stack: TestStack;
	let service: SupabaseClient;
	const upload = (path: string) =>
		rawRequest(stack, 'POST', `/storage/v1/object/${path}`, {
			headers: { authorization: `Bearer ${stack.keys.serviceRole}`, 'content-type': 'text/plain' },
			body: 'payload'
		});

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		service = serviceClient(stack);
	});
	afterAll(() => stack?.stop());

	it('refuses encoded traversal in a key', async () => {
		for (const [path, key] of [
			['open/a/%2e%2e%2f%2e%2e%2fescape.txt', 'a/../../escape.txt'],
			['open/a/..%2Fescape.txt', 'a/../escape.txt'],
			['open/a/%2E%2E%5Cescape.txt', 'a/..\\escape.txt']
		]) {
			const res = await upload(path);
			expect(res.status, path).toBe(400);
			expect(JSON.parse(res.body), path).toEqual({
				statusCode: '400',
				code: 'InvalidKey',
				error: 'InvalidKey',
				message: `Invalid key: ${key}`
			});
		}
		expect(await objectNames(stack, 'open')).toEqual([]);
	});

	it('refuses absolute keys, backslashes, NUL and characters Storage does not allow', async () => {
		for (const path of [
			'open//etc/passwd',
			'open/a%5Cb.txt',
			'open/a%00.txt',
			'open/r%C3%A9sum%C3%A9.pdf',
			'open/a%ZZ.txt'
		]) {
			const res = await upload(path);
			expect(res.status, path).toBe(400);
			expect(JSON.parse(res.body).code, path).toBe('InvalidKey');
		}
		expect(await objectNames(stack, 'open')).toEqual([]);
	});

	it('resolves a literal `..` in the URL before routing, so it names only API paths', async () => {
		// Like any HTTP server (and Supabase's gateway), the stack resolves dot segments first.
		const outside = await upload('open/x/../../../../etc/passwd');
		expect(outside.status).toBe(404);
		const otherBucket = await upload('open/x/../../handbook/welcome.txt');
		expect(JSON.parse(otherBucket.body).message).toBe('The resource already exists');
		const download = await service.storage.from('handbook').download('welcome.txt');
		expect(await download.data?.text()).toBe('Welcome to the team.\n');
		expect(await objectNames(stack, 'open')).toEqual([]);
	});

	it('refuses traversal through supabase-js, and as a move or copy destination', async () => {
		const open = service.storage.from('open');
		const viaJs = await open.upload('a/%2e%2e%2fb.txt', new Blob(['x']));
		expect(viaJs.error).toMatchObject({ message: 'Invalid key: a/../b.txt', statusCode: '400' });

		await open.upload('ok/file.txt', new Blob(['x']));
		expect((await open.move('ok/file.txt', '../file.txt')).error?.message).toBe(
			'Invalid key: ../file.txt'
		);
		expect((await open.copy('ok/file.txt', 'a/../../file.txt')).error?.message).toBe(
			'Invalid key: a/../../file.txt'
		);
		expect(
			(await open.copy('ok/file.txt', 'file.txt', { destinationBucket: '..' })).error?.message
		).toBe('Bucket name invalid');
		expect(await objectNames(stack, 'open')).toEqual(['ok/file.txt']);
	});

	it('keeps keys with spaces and S3-safe punctuation intact', async () => {
		const open = service.storage.from('open');
		const key = 'tickets/12/Invoice (final) v2!.txt';
		expect((await open.upload(key, new Blob(['safe']))).error).toBeNull();
		expect(await (await open.download(key)).data?.text()).toBe('safe');
		const { data } = await open.createSignedUrl(key, 60);
		expect(await (await fetch(data!.signedUrl)).text()).toBe('safe');
	});
});
