// Storage input the service must refuse or read as Storage does: bucket names that are not names
// (NUL, control characters) answer InvalidBucketName on every route, never a database error; media
// types match a bucket's allowed list without their parameters and whatever their case.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fixture, objectNames, serviceClient } from './fixtures/storage/people';

let stack: TestStack;
let service: SupabaseClient;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
	service = serviceClient(stack);
});
afterAll(() => stack?.stop());

const call = async (method: string, path: string, body?: string, type = 'application/json') => {
	const response = await fetch(`${stack.url}/storage/v1${path}`, {
		method,
		headers: {
			apikey: stack.keys.serviceRole,
			authorization: `Bearer ${stack.keys.serviceRole}`,
			'content-type': type
		},
		body
	});
	return { status: response.status, body: await response.json() };
};

const invalidBucketName = {
	status: 400,
	body: {
		statusCode: '400',
		code: 'InvalidBucketName',
		error: 'Invalid Input',
		message: 'Bucket name invalid'
	}
};

describe('bucket names in the path', () => {
	for (const name of ['%00', 'a%00b', '%01', 'tab%09bucket', '%7F']) {
		it(`answers InvalidBucketName for /bucket/${name} on every bucket route`, async () => {
			expect(await call('GET', `/bucket/${name}`)).toEqual(invalidBucketName);
			expect(await call('PUT', `/bucket/${name}`, '{"public":true}')).toEqual(invalidBucketName);
			expect(await call('DELETE', `/bucket/${name}`)).toEqual(invalidBucketName);
			expect(await call('POST', `/bucket/${name}/empty`)).toEqual(invalidBucketName);
		});
	}

	it('answers the same on the object routes', async () => {
		expect(await call('GET', '/object/%00/file.txt')).toEqual(invalidBucketName);
		expect(await call('POST', '/object/list/%00', '{"prefix":""}')).toEqual(invalidBucketName);
		expect(await call('POST', '/object/%00/file.txt', 'x', 'text/plain')).toEqual(
			invalidBucketName
		);
	});

	it('still finds a real bucket and says when one does not exist', async () => {
		expect((await call('GET', '/bucket/forms')).status).toBe(200);
		expect((await call('GET', '/bucket/no-such-bucket')).body).toMatchObject({
			code: 'NoSuchBucket'
		});
	});
});

describe('media types against a bucket’s allowed list', () => {
	// Raw bytes go up with the content type as the request's header, exactly as given (a Blob's
	// type would be lower-cased by the Blob itself).
	const bytes = new TextEncoder().encode('a note');
	const forms = () => service.storage.from('forms');

	it('ignores parameters and case, as Storage does', async () => {
		for (const [name, type] of [
			['charset.txt', 'text/plain; charset=utf-8'],
			['upper.txt', 'TEXT/PLAIN'],
			['mixed.pdf', 'Application/PDF; version=1.7'],
			['spaced.txt', ' text/plain ;charset=UTF-8']
		]) {
			const { error } = await forms().upload(`mime/${name}`, bytes, { contentType: type });
			expect(error, type).toBeNull();
		}
		expect(await objectNames(stack, 'forms')).toEqual(
			expect.arrayContaining(['mime/charset.txt', 'mime/upper.txt', 'mime/mixed.pdf'])
		);
	});

	it('takes supabase-js’s default text/plain;charset=UTF-8 for a text/plain bucket', async () => {
		const { error } = await forms().upload('mime/default.txt', 'a note');
		expect(error).toBeNull();
	});

	it('matches a wildcard whatever the case', async () => {
		const { error } = await service.storage
			.from('avatars')
			.upload('mime/photo.png', bytes, { contentType: 'IMAGE/PNG' });
		expect(error).toBeNull();
	});

	it('still refuses a type the bucket does not allow, parameters or not', async () => {
		const { error } = await forms().upload('mime/page.html', bytes, {
			contentType: 'text/html; charset=utf-8'
		});
		expect(error).toMatchObject({ statusCode: '415' });
		expect(await objectNames(stack, 'forms')).not.toContain('mime/page.html');
	});

	it('keeps a bucket’s allowed list lower-cased, without parameters, each type once', async () => {
		const { error } = await service.storage.createBucket('normalised', {
			public: false,
			allowedMimeTypes: ['Text/Plain; charset=utf-8', 'text/plain', 'IMAGE/*']
		});
		expect(error).toBeNull();
		const { data } = await service.storage.getBucket('normalised');
		expect(data?.allowed_mime_types).toEqual(['text/plain', 'image/*']);
	});
});
