// The lint rule that keeps the app and the local stack apart (eslint.config.js), run on sample files
// placed where real ones live: it must fire on every way across, and stay quiet on imports within.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

// Loading the config and its plugins is the slow part: done once, with time to spare on a busy machine.
beforeAll(async () => {
	eslint = new ESLint({ cwd: root });
	await eslint.lintText('', { filePath: join(root, 'src/probe.ts') });
}, 120_000);

/** The boundary messages ESLint reports for `code` as if it were the file at `path`. */
async function crossings(path: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: join(root, path) });
	return result.messages
		.filter((message) => message.ruleId === 'no-restricted-imports')
		.map((message) => message.message);
}

describe('the app', { timeout: 30_000 }, () => {
	it('never imports the stack, from any depth', async () => {
		for (const [path, code] of [
			['src/hooks.server.ts', "import { createStack } from '../stack';"],
			['src/lib/server/probe.ts', "import { createStack } from '../../../stack/create-stack';"],
			['src/routes/agent/tickets/[id]/probe.ts', "export * from '../../../../../stack/db';"],
			['src/lib/auth/probe.ts', "import type { Database } from '../../../stack/db';"]
		]) {
			expect(await crossings(path, code), path).toEqual([
				expect.stringContaining('src/ and stack/ never import each other')
			]);
		}
	});

	it('imports its own modules freely, even from a folder named like the stack', async () => {
		expect(await crossings('src/lib/server/probe.ts', "import { x } from '../stack';")).toEqual([]);
		expect(await crossings('src/lib/server/probe.ts', "import { x } from '$lib/auth';")).toEqual(
			[]
		);
	});
});

describe('the stack', { timeout: 30_000 }, () => {
	it('never imports the app, by path or through SvelteKit’s aliases', async () => {
		for (const [path, code] of [
			['stack/cli.ts', "import { roles } from '../src/lib/auth/roles';"],
			['stack/rest/catalog/probe.ts', "import { roles } from '../../../src/lib/auth';"],
			['stack/auth/probe.ts', "import { roles } from '$lib/auth';"],
			['stack/db/probe.ts', "import { env } from '$env/dynamic/private';"],
			['stack/realtime/probe.ts', "import { browser } from '$app/environment';"]
		]) {
			expect(await crossings(path, code), path).toEqual([
				expect.stringContaining('src/ and stack/ never import each other')
			]);
		}
	});

	it('imports its own modules freely', async () => {
		expect(
			await crossings('stack/rest/catalog/probe.ts', "import type { Database } from '../../db';")
		).toEqual([]);
	});
});
