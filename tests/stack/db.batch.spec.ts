// What a batch hands back besides rows: the database's own errors, and the notifications its
// statements raise (PGlite delivers a batch's answer raw to the stack, which delivers these itself).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: join(import.meta.dirname, 'fixtures', 'rest-bench') });
});
afterAll(() => stack?.stop());

/** Listens on `channel`; `next()` is the next payload not taken yet. */
async function listener(channel: string) {
	const payloads: string[] = [];
	const waiting: ((payload: string) => void)[] = [];
	const stop = await stack.db.listen(channel, (payload) => {
		const wake = waiting.shift();
		if (wake) wake(payload);
		else payloads.push(payload);
	});
	return {
		stop,
		payloads,
		next: () =>
			payloads.length > 0
				? Promise.resolve(payloads.shift()!)
				: new Promise<string>((resolve) => waiting.push(resolve))
	};
}

const notify = (channel: string, payload: string) => ({
	sql: 'select pg_notify($1, $2)',
	params: [channel, payload],
	prepareKey: 'spec notify'
});

describe('a batch', () => {
	it('delivers the notifications its statements raise to every listener of the channel, until it stops', async () => {
		const first = await listener('spec_batch');
		const second = await listener('spec_batch');
		await stack.db.batch([notify('spec_batch', 'one'), { sql: 'select 1' }]);
		expect([await first.next(), await second.next()]).toEqual(['one', 'one']);

		await stack.db.transaction((tx) => tx.batch([notify('spec_batch', 'two')]));
		expect([await first.next(), await second.next()]).toEqual(['two', 'two']);

		await first.stop();
		await stack.db.batch([notify('spec_batch', 'three')]);
		expect(await second.next()).toBe('three');
		expect(first.payloads).toEqual([]);
		await second.stop();
	});

	it("fails with the database's own error, as a query does, and runs nothing after it", async () => {
		const sql = 'select 1 / (id - id) from public.items where id = $1';
		const query = await stack.db.query(sql, [2]).catch((error: unknown) => error);
		const batch = await stack.db
			.batch([
				{ sql: 'create temporary table spec_after (n int)' },
				{ sql, params: [2] },
				{ sql: 'insert into spec_after values (1)' }
			])
			.catch((error: unknown) => error);
		const shown = ['constructor', 'name', 'message', 'code', 'severity', 'position'] as const;
		const fields = (error: Error & Record<string, unknown>) =>
			Object.fromEntries(shown.map((key) => [key, error[key]]));
		expect(batch).toBeInstanceOf(Error);
		expect(fields(batch as Error & Record<string, unknown>)).toEqual(
			fields(query as Error & Record<string, unknown>)
		);
		expect(batch).toMatchObject({ code: '22012', message: 'division by zero' });
		const left = await stack.db.query(
			`select count(*)::int as n from pg_catalog.pg_class where relname = 'spec_after'`
		);
		expect(left.rows).toEqual([{ n: 0 }]);
	});
});
