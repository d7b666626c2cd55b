// How a request's transaction ends, set by PostgREST's `pgrst.db_tx_end` on the authenticator role:
// committed by default, `Prefer: tx=rollback` honoured only where db-tx-end allows an override and
// quietly ignored otherwise (even with handling=strict), answered as if committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const labelExists = async (id: number) =>
	(await h.stack.db.query('select 1 from public.labels where id = $1', [id])).rows.length === 1;

const insertLabel = (id: number, prefer: string) =>
	h.raw('/labels', {
		method: 'POST',
		headers: {
			apikey: h.stack.keys.serviceRole,
			'Content-Type': 'application/json',
			Prefer: prefer
		},
		body: JSON.stringify({ id, name: `label ${id}` })
	});

describe('db-tx-end = commit (the default)', () => {
	it('ignores Prefer: tx=rollback and commits, without saying it applied it', async () => {
		const { data, error, status } = await h.service
			.from('labels')
			.insert({ id: 700, name: 'kept' })
			.select()
			.rollback();
		expect(error).toBeNull();
		expect(status).toBe(201);
		expect(data).toEqual([{ id: 700, name: 'kept' }]);
		expect(await labelExists(700)).toBe(true);
	});

	it('takes tx=rollback as a known preference under handling=strict: no 400, nothing applied', async () => {
		const response = await insertLabel(701, 'handling=strict, tx=rollback');
		expect(response.status).toBe(201);
		expect(response.headers.get('preference-applied')).toBe('handling=strict');
		expect(await labelExists(701)).toBe(true);
	});
});

describe('a tx preference PostgREST does not know', () => {
	it('is ignored, or with handling=strict answered 400 PGRST122, and changes nothing', async () => {
		const lenient = await insertLabel(702, 'tx=sometimes');
		expect(lenient.status).toBe(201);
		expect(await labelExists(702)).toBe(true);
		const strict = await insertLabel(703, 'handling=strict, tx=sometimes');
		expect(strict.status).toBe(400);
		expect(await strict.json()).toEqual({
			code: 'PGRST122',
			message: 'Invalid preferences given with handling=strict',
			details: 'Invalid preferences: tx=sometimes',
			hint: null
		});
		expect(await labelExists(703)).toBe(false);
	});
});

describe('db-tx-end = commit-allow-override', () => {
	beforeAll(() => h.configure({ db_tx_end: 'commit-allow-override' }));

	it('answers an insert with tx=rollback as if committed, and keeps nothing', async () => {
		const { data, error, status } = await h.service
			.from('labels')
			.insert({ id: 710, name: 'dry run' })
			.select()
			.rollback();
		expect(error).toBeNull();
		expect(status).toBe(201);
		expect(data).toEqual([{ id: 710, name: 'dry run' }]);
		expect(await labelExists(710)).toBe(false);

		const response = await h.raw('/labels?select=id,name', {
			method: 'POST',
			headers: {
				apikey: h.stack.keys.serviceRole,
				'Content-Type': 'application/json',
				Prefer: 'return=representation, tx=rollback'
			},
			body: JSON.stringify({ id: 711, name: 'dry run' })
		});
		expect(response.headers.get('preference-applied')).toBe('return=representation, tx=rollback');
		expect(await labelExists(711)).toBe(false);
	});

	it('rolls back updates, deletes and function calls alike', async () => {
		const update = await h.service
			.from('labels')
			.update({ name: 'renamed' })
			.eq('id', 1)
			.select()
			.rollback();
		expect(update.data).toEqual([{ id: 1, name: 'renamed' }]);
		const remove = await h.service.from('tasks').delete().eq('id', 3).select('id').rollback();
		expect(remove.data).toEqual([{ id: 3 }]);
		const call = await h.service.rpc('new_label', { id: 712, name: 'via rpc' }).rollback();
		expect(call.data).toEqual({ id: 712, name: 'via rpc' });
		const { data } = await h.service.from('labels').select('id, name').lte('id', 3).order('id');
		expect(data).toEqual([
			{ id: 1, name: 'bug' },
			{ id: 2, name: 'feature' },
			{ id: 3, name: 'chore' }
		]);
		expect(await labelExists(712)).toBe(false);
		expect((await h.service.from('tasks').select('id').eq('id', 3)).data).toEqual([{ id: 3 }]);
	});

	it('commits with tx=commit, and says so', async () => {
		const response = await insertLabel(713, 'tx=commit');
		expect(response.status).toBe(201);
		expect(response.headers.get('preference-applied')).toBe('tx=commit');
		expect(await labelExists(713)).toBe(true);
	});

	it('still checks deferred constraints before rolling back: the answer is what a commit would say', async () => {
		const { error, status } = await h.service
			.from('loans')
			.insert({ id: 1, shelf_id: 99 })
			.rollback();
		expect(status).toBe(409);
		expect(error?.code).toBe('23503');
		const reads = await h.anon.from('tasks').select('id').eq('id', 1).rollback();
		expect(reads.data).toEqual([{ id: 1 }]);
	});
});

describe('db-tx-end = rollback', () => {
	beforeAll(() => h.configure({ db_tx_end: 'rollback' }));

	it('rolls every request back and takes no tx preference', async () => {
		const plain = await insertLabel(720, 'return=minimal');
		expect(plain.status).toBe(201);
		const commit = await insertLabel(721, 'tx=commit');
		expect(commit.status).toBe(201);
		expect(commit.headers.get('preference-applied')).toBeNull();
		expect(await labelExists(720)).toBe(false);
		expect(await labelExists(721)).toBe(false);
	});
});

describe('db-tx-end = rollback-allow-override', () => {
	beforeAll(() => h.configure({ db_tx_end: 'rollback-allow-override' }));

	it('rolls back unless the request asks for tx=commit', async () => {
		await insertLabel(730, 'return=minimal');
		const commit = await insertLabel(731, 'tx=commit');
		expect(commit.headers.get('preference-applied')).toBe('tx=commit');
		expect(await labelExists(730)).toBe(false);
		expect(await labelExists(731)).toBe(true);
	});
});

describe('a db-tx-end PostgREST does not know', () => {
	it('keeps the configuration it had, and the API keeps answering', async () => {
		await h.configure({ db_tx_end: 'sometimes' });
		const commit = await insertLabel(740, 'tx=commit');
		expect(commit.status).toBe(201);
		expect(commit.headers.get('preference-applied')).toBe('tx=commit');
		await insertLabel(741, 'return=minimal');
		expect(await labelExists(741)).toBe(false);

		await h.configure({ db_tx_end: null });
		const rollback = await insertLabel(742, 'tx=rollback');
		expect(rollback.headers.get('preference-applied')).toBeNull();
		expect(await labelExists(742)).toBe(true);
	});
});
