// The unit project shares workers between files; a spec that mocks a module must run isolated instead
// (tests/support/unit-specs-mocking-modules.js), or its mock would miss modules an earlier file
// imported. Every unit spec calling vi.mock or vi.doMock is on that list, and nothing else is.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unitSpecsMockingModules } from '../support/unit-specs-mocking-modules.js';

const root = join(import.meta.dirname, '..', '..');

/** The unit project's spec files (vite.config.ts): under src/, stack/ and tests/lint/, no components. */
async function unitSpecs(): Promise<string[]> {
	const found: string[] = [];
	for (const dir of ['src', 'stack', 'tests/lint']) {
		for (const entry of await readdir(join(root, dir), { recursive: true })) {
			const path = `${dir}/${entry}`;
			if (/\.(spec|test)\.(js|ts)$/.test(path) && !/\.svelte\.(spec|test)\./.test(path))
				found.push(path);
		}
	}
	return found;
}

/** Calls to vi.mock or vi.doMock, as code writes them (this file names them only in comments). */
const mocksModules = (text: string) => /\bvi\s*\.\s*(do)?[mM]ock\s*\(/.test(text);

describe('unit specs that mock modules', () => {
	it('are exactly the ones run isolated', async () => {
		const mocking: string[] = [];
		for (const path of await unitSpecs())
			if (mocksModules(await readFile(join(root, path), 'utf8'))) mocking.push(path);
		expect(mocking.sort()).toEqual([...unitSpecsMockingModules].sort());
	});
});
