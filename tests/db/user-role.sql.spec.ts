// public.user_role(): the role the JWT's root claim `user_role` names, read once per transaction
// and claims, so it must follow every change of the claims within a transaction, including a
// rolled-back savepoint, and give null without claims or for a claim that names no role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot } from './support/demo';
import { actAs, actAsOwner, claimsOf, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

const roleNow = async (tx: Queryable) =>
	(await tx.query<{ role: string | null }>('select public.user_role()::text as role')).rows[0].role;

describe('public.user_role()', () => {
	it('follows the claims in force, however often they change within a transaction', async () => {
		const seen = await rolledBack(stack.db, async (tx) => {
			const roles: (string | null)[] = [];
			await actAs(tx, claimsOf('agent'));
			roles.push(await roleNow(tx), await roleNow(tx));
			await actAs(tx, claimsOf('client'));
			roles.push(await roleNow(tx));
			await actAs(tx, { ...claimsOf('agent'), user_role: 'root' });
			roles.push(await roleNow(tx));
			await actAs(tx, { ...claimsOf('admin'), user_role: undefined });
			roles.push(await roleNow(tx));
			await actAs(tx, claimsOf('admin'));
			roles.push(await roleNow(tx));
			await tx.query('savepoint other_person');
			await actAs(tx, claimsOf('client'));
			roles.push(await roleNow(tx));
			await tx.query('rollback to savepoint other_person');
			roles.push(await roleNow(tx));
			await actAsOwner(tx);
			await tx.query(`select set_config('request.jwt.claims', '', true)`);
			roles.push(await roleNow(tx));
			return roles;
		});
		expect(seen).toEqual([
			'agent',
			'agent',
			'client',
			null,
			null,
			'admin',
			'client',
			'admin',
			null
		]);
	});
});
