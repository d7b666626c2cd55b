// Upload limits as hosted Supabase applies them: the bucket's file_size_limit and allowed MIME types
// (with wildcards), the project's storage.file_size_limit (2 MiB in this fixture), each refused with
// Storage's body, and nothing kept of a refused upload.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fixture, objectNames, rawRequest, serviceClient } from './fixtures/storage/people';

const tooLarge = {
	message: 'The object exceeded the maximum allowed size',
	status: 400,
	statusCode: '413'
};
const bytes = (size: number, type = 'text/plain') =>
	new Blob([new Uint8Array(size).fill(97)], { type });

describe('storage upload limits', () => {
	let stack: TestStack;
	let service: SupabaseClient;
	const forms = () => service.storage.from('forms');

	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
		service = serviceClient(stack);
	});
	afterAll(() => stack?.stop());

	it('takes a file of exactly the bucket’s limit and refuses one byte more', async () => {
		expect((await forms().upload('limit/exact.txt', bytes(1000))).error).toBeNull();
		const { error } = await forms().upload('limit/over.txt', bytes(1001));
		expect(error).toMatchObject(tooLarge);
		expect(await objectNames(stack, 'forms')).toEqual(['limit/exact.txt']);
	});

	it('refuses a raw upload whose declared length is over the limit before reading it', async () => {
		const { error } = await forms().upload('limit/raw.txt', new Uint8Array(5000), {
			contentType: 'text/plain'
		});
		expect(error).toMatchObject(tooLarge);
		expect(await objectNames(stack, 'forms')).not.toContain('limit/raw.txt');
	});

	it('applies the project limit to buckets without one', async () => {
		const limit = 2 * 1024 * 1024;
		expect(
			(await service.storage.from('open').upload('big/exact.bin', bytes(limit))).error
		).toBeNull();
		const { error } = await service.storage.from('open').upload('big/over.bin', bytes(limit + 1));
		expect(error).toMatchObject(tooLarge);
		expect(await objectNames(stack, 'open')).not.toContain('big/over.bin');
	});

	it('refuses a type the bucket does not allow, with Storage’s 415', async () => {
		const { error } = await forms().upload('types/photo.png', bytes(10, 'image/png'));
		expect(error).toMatchObject({
			message: 'mime type image/png is not supported',
			status: 400,
			statusCode: '415'
		});
		expect((await forms().upload('types/scan.pdf', bytes(10, 'application/pdf'))).error).toBeNull();
		expect(await objectNames(stack, 'forms')).not.toContain('types/photo.png');
	});

	it('matches wildcard types such as image/*', async () => {
		const avatars = service.storage.from('avatars');
		expect((await avatars.upload('w/a.png', bytes(10, 'image/png'))).error).toBeNull();
		expect((await avatars.upload('w/b.webp', bytes(10, 'image/webp'))).error).toBeNull();
		expect((await avatars.upload('w/c.txt', bytes(10, 'text/plain'))).error?.message).toBe(
			'mime type text/plain is not supported'
		);
	});

	it('refuses a declared content type that could not be sent back as a header', async () => {
		const form = new FormData();
		form.append('contentType', 'text/plain\r\nX-Injected: 1');
		form.append('', new Blob(['x']));
		const { error } = await service.storage.from('open').upload('headers/evil.txt', form);
		expect(error).toMatchObject({ statusCode: '415' });
		expect(await objectNames(stack, 'open')).not.toContain('headers/evil.txt');
	});

	it('answers a client that is still sending once it has refused the upload', async () => {
		const response = await rawRequest(stack, 'POST', '/storage/v1/object/forms/stream/big.txt', {
			headers: {
				authorization: `Bearer ${stack.keys.serviceRole}`,
				'content-type': 'text/plain',
				'transfer-encoding': 'chunked'
			},
			body: Buffer.alloc(300_000, 97)
		});
		expect(response.status).toBe(400);
		expect(JSON.parse(response.body)).toEqual({
			statusCode: '413',
			code: 'EntityTooLarge',
			error: 'Payload too large',
			message: 'The object exceeded the maximum allowed size'
		});
		expect(await objectNames(stack, 'forms')).not.toContain('stream/big.txt');
	});
});
