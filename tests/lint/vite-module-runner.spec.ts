// vite's module runner, which runs the server side of `vite dev`, gave every module it evaluated an
// `import.meta.resolve` and, for the first of them, registered Node's module hooks to back it. On
// Node 20 (no in-thread `registerHooks`) those run in the loader-hooks worker thread, called for
// every later import, before the first page can answer. Patched (patches/vite+*.patch), the hooks
// are registered when a module first calls `import.meta.resolve`, which then answers as before.
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

/** Loads plain.js, then resolves.js, through vite's server-side module runner; prints what happened. */
const probe = `
import Module from 'node:module';
let registered = 0;
const register = Module.register;
Module.register = (...args) => { registered += 1; return register.apply(Module, args); };
const { createServer } = await import(${JSON.stringify(pathToFileURL(join(root, 'node_modules/vite/dist/node/index.js')).href)});
const server = await createServer({
	root: process.cwd(),
	configFile: false,
	logLevel: 'silent',
	server: { middlewareMode: true, ws: false, watch: null }
});
const plain = await server.ssrLoadModule('/plain.js');
const afterPlain = registered;
const { resolved } = await server.ssrLoadModule('/resolves.js');
await server.close();
process.stdout.write(JSON.stringify({ plain: plain.url, afterPlain, resolved, afterResolve: registered }));
`;

beforeAll(async () => {
	project = await mkdtemp(join(tmpdir(), 'autocrm-vite-runner-'));
	await writeFile(join(project, 'package.json'), '{ "type": "module" }');
	await writeFile(join(project, 'plain.js'), 'export const url = import.meta.url;');
	await writeFile(
		join(project, 'resolves.js'),
		"export const resolved = import.meta.resolve('./plain.js');"
	);
	await writeFile(join(project, 'probe.mjs'), probe);
});

afterAll(async () => {
	if (project) await rm(project, { recursive: true, force: true });
});

describe("vite's server-side module runner", { timeout: 60_000 }, () => {
	it('registers module hooks only once a module calls import.meta.resolve, which still resolves', async () => {
		const { stdout } = await run(process.execPath, [join(project, 'probe.mjs')], {
			cwd: project
		});
		const plainUrl = pathToFileURL(join(project, 'plain.js')).href;
		expect(JSON.parse(stdout)).toEqual({
			plain: plainUrl,
			afterPlain: 0,
			resolved: plainUrl,
			afterResolve: 1
		});
	});
});
