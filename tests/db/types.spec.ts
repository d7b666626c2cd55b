// The committed Database types match what `npm run db:types` generates from the migrations.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCatalog, renderTypes, typesPath } from '../../scripts/db-types';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot } from './support/demo';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

it('src/lib/supabase/database.types.ts is up to date with the migrations (else run npm run db:types)', async () => {
	const generated = await renderTypes(await readCatalog(stack.db));
	expect(await readFile(typesPath, 'utf8')).toBe(generated);
});

it('renders the enums, generated identity columns and relationships as the Supabase CLI does', async () => {
	const generated = await renderTypes(await readCatalog(stack.db));
	expect(generated).toContain('user_role: "client" | "agent" | "admin"');
	expect(generated).toContain('id?: never');
	expect(generated).toContain('foreignKeyName: "tickets_customer_id_fkey"');
	expect(generated).toContain('user_role: ["client", "agent", "admin"]');
});
