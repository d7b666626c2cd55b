// Tailwind's node package registered Node's module hooks as soon as it was imported, for its
// cache-busting imports of `@plugin`/`@config` files (a file imported with `?id=<time>` passes the
// id on to what it imports, so an edited plugin's own imports load fresh too). On Node 20 (no
// in-thread `registerHooks`) those hooks run in the loader-hooks worker thread, called for every
// later import of `vite dev`'s start and first page. Patched (patches/@tailwindcss+node+*.patch), they
// are registered before Tailwind's first such import, which then behaves as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	countRegistrations,
	createProbe,
	installed,
	nodeModules,
	type Probe
} from './support/probe';

/**
 * Imports Tailwind's node package, then compiles a stylesheet whose plugin takes a colour from a
 * module of its own, edits that module and compiles again; prints the hooks registered at each step
 * and the colour each compile used.
 */
const probe = `${countRegistrations}
import { writeFile } from 'node:fs/promises';
const { compile } = await import(${installed('@tailwindcss/node/dist/index.mjs')});
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

let project: Probe;

beforeAll(async () => {
	project = await createProbe('tailwind-hooks', probe, {
		'plugin.mjs': plugin,
		'colour.mjs': "export default '#111111';"
	});
});

afterAll(() => project?.remove());

describe("Tailwind's module hooks", { timeout: 60_000 }, () => {
	it('are registered at the first plugin import, whose own imports still load fresh', async () => {
		// The stylesheet's `tailwindcss/utilities` is resolved from the project, which has no packages.
		expect(await project.run({ NODE_PATH: nodeModules })).toEqual({
			afterImport: 0,
			first: '#111111',
			second: '#222222',
			afterCompiles: 1
		});
	});
});
