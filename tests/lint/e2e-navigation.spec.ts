// The lint rule that sends every page the browser tests open through tests/e2e/support/pages.ts
// (eslint.config.js), so each is acted on only once it has hydrated: it must fire on a bare
// `goto` or `reload` anywhere in tests/e2e, and stay quiet in the one module allowed to call them.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

// Loading the config and its plugins is the slow part: done once, with time to spare on a busy machine.
beforeAll(async () => {
	eslint = new ESLint({ cwd: root });
	await eslint.lintText('', { filePath: join(root, 'tests/e2e/probe.spec.ts') });
}, 120_000);

/** The messages of the rule for `code` as if it were the file at `path`. */
async function findings(path: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: join(root, path) });
	return result.messages
		.filter((message) => message.ruleId === 'no-restricted-syntax')
		.map((message) => message.message);
}

describe('opening pages in the browser tests', { timeout: 30_000 }, () => {
	it('rejects a bare goto or reload, on any page, in a spec or a support module', async () => {
		for (const [path, code] of [
			['tests/e2e/probe.spec.ts', "await page.goto('/agent');"],
			['tests/e2e/probe.spec.ts', 'const response = await agent.page.goto(url);'],
			['tests/e2e/probe.spec.ts', 'await page.reload();'],
			['tests/e2e/support/probe.ts', "await page.goto('/login');"]
		]) {
			expect(await findings(path, code), code).toEqual([
				expect.stringContaining('tests/e2e/support/pages.ts')
			]);
		}
	});

	it('allows them in the module that waits for hydration, and visit and reload everywhere', async () => {
		expect(await findings('tests/e2e/support/pages.ts', 'await page.goto(url);')).toEqual([]);
		expect(
			await findings(
				'tests/e2e/probe.spec.ts',
				"await visit(page, '/agent');\nawait reload(page);\nawait page.goBack();"
			)
		).toEqual([]);
	});
});
