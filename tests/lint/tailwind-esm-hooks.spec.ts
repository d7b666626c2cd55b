// Tailwind's node package registered Node's module hooks as soon as it was imported, for its
// cache-busting imports of `@plugin`/`@config` files (a file imported with `?id=<time>` passes the
// id on to what it imports, so an edited plugin's own imports load fresh too). On Node 20 (no
// in-thread `registerHooks`) those hooks run in the loader-hooks worker thread, called for every
// later import of `vite dev`'s start and first page. Patched (patches/@tailwindcss+node+*.patch), they
// are registered before Tailwind's first such import, which then behaves as before.
// Run in a process of its own, on a small project, so no other code has registered hooks.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let project: string;

/**
 * Imports Tailwind's node package, then compiles a stylesheet whose plugin takes a colour from a
 * module of its own, edits that module and compiles again; prints the hooks registered at each step
 * and the colour each compile used.
 */
const probe = `
import Module, { syncBuiltinESMExports } from 'node:module';
import { writeFile } from 'node:fs/promises';
let registered = 0;
const register = Module.register;
Module.register = (...args) => { registered += 1; return register.apply(Module, args); };
// Tailwind calls it through the module's namespace, which holds the original until synced.
syncBuiltinESMExports();
const { compile } = await import(${JSON.stringify(pathToFileURL(join(root, 'node_modules/@tailwindcss/node/dist/index.mjs')).href)});
const afterImport = registered;
const css = '@import "tailwindcss/utilities"; @plugin "./plugin.mjs";';
const colour = async () => {
	const compiler = await compile(css, { base: process.cwd(), onDependency: () => {} });
	return compiler.build(['text-brand']).match(/color: (#[0-9a-f]+)/)?.[1];
};
const first = await colour();
await writeFile('colour.mjs', "export default '#222222';");
const second = await colour();
process.stdout.write(JSON.stringify({ afterImport, first, second, afterCompiles: registered }));
`;

const plugin = `import colour from './colour.mjs';
export default function ({ addUtilities }) {
	addUtilities({ '.text-brand': { color: colour } });
}`;

beforeAll(async () => {
	project = await mkdtemp(join(tmpdir(), 'autocrm-tailwind-hooks-'));
	await writeFile(join(project, 'package.json'), '{ "type": "module" }');
	await writeFile(join(project, 'plugin.mjs'), plugin);
	await writeFile(join(project, 'colour.mjs'), "export default '#111111';");
	await writeFile(join(project, 'probe.mjs'), probe);
});

afterAll(async () => {
	if (project) await rm(project, { recursive: true, force: true });
});

describe("Tailwind's module hooks", { timeout: 60_000 }, () => {
	it('are registered at the first plugin import, whose own imports still load fresh', async () => {
		const { stdout } = await run(process.execPath, [join(project, 'probe.mjs')], {
			cwd: project,
			env: { ...process.env, NODE_PATH: join(root, 'node_modules') }
		});
		expect(JSON.parse(stdout)).toEqual({
			afterImport: 0,
			first: '#111111',
			second: '#222222',
			afterCompiles: 1
		});
	});
});
