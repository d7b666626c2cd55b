// `npm run bench [-- name …]`: runs every bench/*.bench.ts (or those named), prints a Markdown table
// and writes bench/results/latest.{json,md}. Numbers, not pass/fail.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from './support/types';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = files.filter(
	(f) => wanted.length === 0 || wanted.includes(f.replace('.bench.ts', ''))
);
if (chosen.length === 0) {
	console.error(`no benchmark matches ${wanted.join(', ')}; there are: ${files.join(', ')}`);
	process.exit(1);
}

const rows: BenchRow[] = [];
for (const file of chosen) {
	const suite = (await import(join(here, file))).default as BenchSuite;
	console.error(`running ${suite.name}…`);
	rows.push(...(await suite.run()));
}

const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
const table = [
	'| suite | case | database | metric | value | target |',
	'|---|---|---|---|---|---|',
	...rows.map(
		(r) =>
			`| ${r.suite} | ${r.case} | ${r.database} | ${r.metric} | ${format(r.value)} ${r.unit} | ${r.target ?? ''} |`
	)
].join('\n');

const results = join(here, 'results');
await mkdir(results, { recursive: true });
const machine = {
	node: process.version,
	cpus: (await import('node:os')).cpus().length,
	at: new Date().toISOString()
};
await writeFile(join(results, 'latest.json'), JSON.stringify({ machine, rows }, null, '\t'));
await writeFile(join(results, 'latest.md'), `${table}\n`);
console.log(table);
