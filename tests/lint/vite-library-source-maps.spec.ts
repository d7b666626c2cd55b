// Under `vite dev` every server module runs with a source map, so that a stack trace points at the
// file as written. Most of that work before the first page was the libraries' maps (SvelteKit's
// runtime, the pre-bundled dependencies), mapped at every word. Patched (patches/vite+*.patch), a
// library's map is line-level: its frames keep their file and line; the app's own files are mapped
// as before, to the column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbe, installed, type Probe } from './support/probe';

/** Runs app.js, which calls into the library, through vite's server; prints the stack and the maps. */
const probe = `
const { createServer } = await import(${installed('vite/dist/node/index.js')});
const server = await createServer({
	root: process.cwd(),
	configFile: false,
	logLevel: 'silent',
	ssr: { noExternal: ['some-lib'] },
	server: { middlewareMode: true, ws: false, watch: null }
});
const { run } = await server.ssrLoadModule('/app.js');
let stack = '';
try {
	run();
} catch (error) {
	// As SvelteKit's dev server does with an error it reports.
	server.ssrFixStacktrace(error);
	stack = error.stack;
}
const graph = server.environments.ssr.moduleGraph;
/** Mapped positions on the line of the code vite ran that declares \`words\`. */
const segmentsOnWords = async (url) => {
	const { code, map } = (await graph.getModuleByUrl(url)).transformResult;
	const line = code.split('\\n').findIndex((text) => text.includes('const words'));
	return map.mappings.split(';')[line].split(',').length;
};
const library = [...graph.idToModuleMap.values()].find((mod) => mod.file?.endsWith('some-lib/index.js'));
process.stdout.write(JSON.stringify({
	frames: stack.split('\\n').slice(1, 3).map((line) => line.replace(/^.*\\((.*)\\)$/, '$1').replace(process.cwd(), '')),
	library: await segmentsOnWords(library.url),
	app: await segmentsOnWords('/app.js')
}));
await server.close();
`;

let project: Probe;
// Line 4 of both modules.
const words = "\tconst words = ['one', 'two', 'three', 'four'];";

beforeAll(async () => {
	project = await createProbe('vite-maps', probe, {
		'node_modules/some-lib/package.json':
			'{ "name": "some-lib", "type": "module", "exports": "./index.js" }',
		'node_modules/some-lib/helper.js': 'export const helper = (reason) => `failed: ${reason}`;',
		'node_modules/some-lib/index.js': [
			"import { helper } from './helper.js';",
			'',
			'export function fail(reason) {',
			words,
			'\tconst detail = helper(reason);',
			'\tif (detail) throw new Error(`some-lib: ${detail} (${words.length})`);',
			'}'
		].join('\n'),
		'app.js': [
			"import { fail } from 'some-lib';",
			'',
			'export function run() {',
			words,
			'\treturn words && fail(words[0]);',
			'}'
		].join('\n')
	});
});

afterAll(() => project?.remove());

describe("vite dev's server source maps", { timeout: 60_000 }, () => {
	it("map a library's frames to its line and the app's to the line and column", async () => {
		const { frames, library, app } = (await project.run()) as {
			frames: string[];
			library: number;
			app: number;
		};
		expect(frames).toEqual([
			expect.stringMatching(/\/node_modules\/some-lib\/index\.js:6:\d+$/),
			'/app.js:5:18'
		]);
		// A line vite leaves as written: the library's is mapped at its start and first token only,
		// the app's at every word.
		expect(library).toBeLessThanOrEqual(2);
		expect(app).toBeGreaterThan(8);
	});
});
