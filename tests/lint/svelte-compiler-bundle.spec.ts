// The Svelte compiler's `import` export (what vite-plugin-svelte and SvelteKit imported) is its source:
// some 250 ES modules, which load the ~280 CommonJS files of aria-query and axobject-query, three to
// four times the CPU of its `require` export, the same compiler bundled into one file. Every
// `vite dev` start paid for it before the first page. Patched (patches/@sveltejs+vite-plugin-svelte+*
// and patches/@sveltejs+kit+*), both load the bundle, and components compile as before.
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbe, installed, nodeModules, type Probe } from './support/probe';

/**
 * Records every ES module Node loads (a loader hook, in this process only), loads SvelteKit's vite
 * plugin, then server-renders a component vite-plugin-svelte compiled; prints the HTML and which of
 * the loaded modules were the compiler's source.
 */
const probe = `
import Module from 'node:module';
import { readFile } from 'node:fs/promises';
const log = \`\${process.cwd()}/loaded.txt\`;
const hooks = \`import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
	appendFileSync(\${JSON.stringify(log)}, url + '\\\\n');
	return next(url, context);
}\`;
Module.register('data:text/javascript,' + encodeURIComponent(hooks));
await import(${installed('@sveltejs/kit/src/exports/vite/index.js')});
const { svelte } = await import(${installed('@sveltejs/vite-plugin-svelte/src/index.js')});
const { createServer } = await import(${installed('vite/dist/node/index.js')});
const server = await createServer({
	root: process.cwd(),
	cacheDir: '.vite',
	configFile: false,
	logLevel: 'silent',
	plugins: [svelte()],
	server: { middlewareMode: true, ws: false, watch: null }
});
const { default: Greeting } = await server.ssrLoadModule('/Greeting.svelte');
const { render } = await server.ssrLoadModule('svelte/server');
const { body } = render(Greeting, { props: { name: 'probe' } });
await server.close();
const loaded = (await readFile(log, 'utf-8')).split('\\n');
process.stdout.write(JSON.stringify({
	html: body.replace(/<!--.*?-->/g, ''),
	compilerSource: loaded.filter((url) => url.includes('/svelte/src/compiler/')).length
}));
`;

let project: Probe;

beforeAll(async () => {
	project = await createProbe('svelte-compiler', probe, {
		'Greeting.svelte': '<script>let { name } = $props();</script><h1>Hello {name}</h1>'
	});
	// The component's imports of svelte resolve from the project, as in the app.
	await symlink(nodeModules, join(project.dir, 'node_modules'));
});

afterAll(() => project?.remove());

describe("the Svelte compiler under vite dev's plugins", { timeout: 60_000 }, () => {
	it('is its one-file bundle, and compiles components as before', async () => {
		expect(await project.run()).toEqual({ html: '<h1>Hello probe</h1>', compilerSource: 0 });
	});
});
