import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './list-v2';

describe('list-v2 cursors', () => {
	it('are Storage’s base64 lines, read back whole', () => {
		const cursor = {
			startAfter: 'a/b.txt',
			sortOrder: 'desc' as const,
			sortColumn: 'created_at' as const,
			sortColumnAfter: '2026-01-01T00:00:00.000Z'
		};
		const token = encodeCursor(cursor);
		expect(Buffer.from(token, 'base64').toString()).toBe(
			'l:a/b.txt\no:desc\nc:created_at\na:2026-01-01T00:00:00.000Z'
		);
		expect(decodeCursor(token)).toEqual(cursor);
		expect(decodeCursor(encodeCursor({ startAfter: 'x' }))).toEqual({ startAfter: 'x' });
	});

	it('are refused when any part is not one Storage writes', () => {
		for (const text of ['junk', 'l:a\nc:size', 'l:a\no:sideways', 'l:a\na:yesterday', 'z:1']) {
			expect(() => decodeCursor(Buffer.from(text).toString('base64'))).toThrow(
				'Invalid Parameter continuation token'
			);
		}
	});
});
