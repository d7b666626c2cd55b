import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	allowedAttachmentTypes,
	attachmentPath,
	attachmentProblem,
	attachmentType,
	maxAttachmentBytes
} from './rules';

const bucketSql = readFileSync(
	join(import.meta.dirname, '../../../supabase/migrations/20261126001400_storage.sql'),
	'utf8'
);

describe('the attachment rules', () => {
	it('are the bucket’s own limits', () => {
		const types = [...(/array\[([\s\S]*?)\]/.exec(bucketSql)?.[1] ?? '').matchAll(/'([^']+)'/g)];
		expect(types.map((match) => match[1])).toEqual([...allowedAttachmentTypes]);
		expect(bucketSql).toContain(`${maxAttachmentBytes / 1024 / 1024} * 1024 * 1024`);
	});

	it('refuse a forbidden type and an oversized file with a reason', () => {
		expect(
			attachmentProblem({ name: 'run.exe', type: 'application/x-msdownload', size: 10 })
		).toMatch(/cannot be attached/);
		expect(
			attachmentProblem({ name: 'big.png', type: 'image/png', size: maxAttachmentBytes + 1 })
		).toMatch(/up to 25\.0 MB/);
		expect(attachmentProblem({ name: 'shot.png', type: 'image/png', size: 2048 })).toBeUndefined();
	});

	it('guess the type browsers leave blank from the extension', () => {
		expect(attachmentType({ name: 'notes.md', type: '' })).toBe('text/markdown');
		expect(attachmentType({ name: 'blob', type: '' })).toBe('application/octet-stream');
	});

	it('store a file under its ticket with a key-safe name', () => {
		expect(attachmentPath(42, 'Screen shot (1).png', 'u-1')).toBe('42/u-1/Screen-shot-1-.png');
		expect(attachmentPath(42, '../../etc/passwd', 'u-1')).toBe('42/u-1/..-..-etc-passwd');
		expect(attachmentPath(42, '???', 'u-1')).toBe('42/u-1/file');
	});
});
