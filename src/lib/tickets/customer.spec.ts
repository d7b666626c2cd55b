import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	customerTab,
	mayRate,
	mayReopen,
	ratingForm,
	ratingWindowDays,
	reopenWindowDays
} from './customer';

const migrations = join(import.meta.dirname, '../../../supabase/migrations');
const windowIn = (fn: string) => {
	const sql = readdirSync(migrations)
		.map((file) => readFileSync(join(migrations, file), 'utf8'))
		.find((text) => text.includes(`create function private.${fn}()`));
	return Number(
		new RegExp(`private\\.${fn}\\(\\)[\\s\\S]*?interval '(\\d+) days'`).exec(sql ?? '')?.[1]
	);
};

const now = Date.parse('2026-12-03T12:00:00Z');
const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();

describe('the customer rules', () => {
	it('use the same windows as the database', () => {
		expect(windowIn('rating_window')).toBe(ratingWindowDays);
		expect(windowIn('reopen_window')).toBe(reopenWindowDays);
	});

	it('let a solved ticket be rated for seven days', () => {
		expect(mayRate('solved', daysAgo(6.9), now)).toBe(true);
		expect(mayRate('closed', daysAgo(7.1), now)).toBe(false);
		expect(mayRate('open', daysAgo(1), now)).toBe(false);
	});

	it('let a finished ticket be reopened for fourteen days, then only followed up', () => {
		expect(mayReopen('closed', daysAgo(13), now)).toBe(true);
		expect(mayReopen('closed', daysAgo(15), now)).toBe(false);
		expect(mayReopen('pending', null, now)).toBe(false);
	});

	it('read an unknown tab as All', () => {
		expect(customerTab('solved')).toBe('solved');
		expect(customerTab('<script>')).toBe('all');
		expect(customerTab(null)).toBe('all');
	});

	it('accept only Good or Bad as a rating', () => {
		expect(ratingForm.safeParse({ rating: 'good' }).success).toBe(true);
		expect(ratingForm.safeParse({ rating: '7' }).success).toBe(false);
	});
});
