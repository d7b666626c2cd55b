// The JavaScript a browser loads first in each portal, from the production build: what SvelteKit
// modulepreloads for the portal's home page (the client entry, then every node of the route's branch
// and their static imports, as the server manifest lists them), summed gzipped and raw.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './support/types';

const root = join(import.meta.dirname, '..');
const output = join(root, '.svelte-kit', 'output');
const budgetKb = 200;

const pages = [
	{ route: '/client', name: 'client portal' },
	{ route: '/agent', name: 'agent portal' },
	{ route: '/admin', name: 'admin portal' },
	{ route: '/(auth)/login', name: 'sign-in page' }
];

interface ServerManifest {
	_: {
		client: { imports: string[] };
		routes: { id: string; page: { layouts: (number | undefined)[]; leaf: number } | null }[];
	};
}

function build() {
	const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (built.status !== 0) throw new Error('vite build failed');
}

/** The client files a server node preloads (its `imports` export), read without running it. */
async function nodeImports(index: number): Promise<string[]> {
	const source = await readFile(join(output, 'server', 'nodes', `${index}.js`), 'utf8');
	const list = /export const imports = (\[[^\]]*\]);/.exec(source)?.[1];
	if (!list) throw new Error(`server node ${index} lists no imports`);
	return JSON.parse(list) as string[];
}

async function firstLoad(manifest: ServerManifest, routeId: string): Promise<string[]> {
	const route = manifest._.routes.find((candidate) => candidate.id === routeId);
	if (!route?.page) throw new Error(`no page route ${routeId} in the build`);
	const branch = [...route.page.layouts, route.page.leaf].filter(
		(node): node is number => node !== undefined
	);
	const files = new Set(manifest._.client.imports);
	for (const node of branch) for (const file of await nodeImports(node)) files.add(file);
	return [...files];
}

export default {
	name: 'weight',
	async run(): Promise<BenchRow[]> {
		build();
		const manifestUrl = pathToFileURL(join(output, 'server', 'manifest.js')).href;
		const { manifest } = (await import(manifestUrl)) as { manifest: ServerManifest };
		const rows: BenchRow[] = [];
		for (const { route, name } of pages) {
			const files = await firstLoad(manifest, route);
			let raw = 0;
			let gzipped = 0;
			for (const file of files) {
				const bytes = await readFile(join(output, 'client', file));
				raw += bytes.length;
				gzipped += gzipSync(bytes, { level: 9 }).length;
			}
			const common = { suite: 'weight', case: `first load, ${name}`, database: '—' };
			rows.push(
				{
					...common,
					metric: 'JS gzipped',
					value: Math.round(gzipped / 102.4) / 10,
					unit: 'kB',
					target: route.startsWith('/(auth)') ? undefined : `≤ ${budgetKb} kB`
				},
				{ ...common, metric: 'JS raw', value: Math.round(raw / 102.4) / 10, unit: 'kB' },
				{ ...common, metric: 'JS files', value: files.length, unit: 'files' }
			);
		}
		return rows;
	}
};
