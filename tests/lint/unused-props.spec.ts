// The lint rule that reports a prop a component declares but never takes from $props()
// (lint-rules/unused-props.js, enabled in eslint.config.js for .svelte files): it must fire on each way a
// component's own props type is written, and stay quiet when every prop is taken or the type is not
// the component's.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const path = join(root, 'src/lib/components/probe.svelte');
let eslint: ESLint;

// Loading the config and its plugins is the slow part: done once, with time to spare on a busy machine.
beforeAll(async () => {
	eslint = new ESLint({ cwd: root });
	await eslint.lintText('<p></p>', { filePath: path });
}, 120_000);

/** The rule's messages for a component whose script is `script`. */
async function unused(script: string): Promise<string[]> {
	const [result] = await eslint.lintText(`<script lang="ts">\n${script}\n</script>\n`, {
		filePath: path
	});
	return result.messages
		.filter((message) => message.ruleId === 'autocrm/unused-props')
		.map((message) => message.message);
}

describe('props a component declares', { timeout: 30_000 }, () => {
	it('reports each one never taken, however the type is written', async () => {
		for (const script of [
			'let { title }: { title: string; count: number } = $props();',
			'type Props = { title: string; count?: number };\nlet { title }: Props = $props();',
			'let { title }: Props = $props();\ninterface Props { title: string; count(): number }',
			"import type { Snippet } from 'svelte';\ntype Own = { count: number };\nlet { title }: Own & { title: Snippet } = $props();",
			'interface Base { count: number }\ninterface Props extends Base { title: string }\nlet { title }: Props = $props();'
		]) {
			expect(await unused(script), script).toEqual([
				"'count' is declared as a prop but never taken from $props()."
			]);
		}
	});

	it('is quiet when every prop is taken, renamed or gathered by a rest element', async () => {
		for (const script of [
			"let { title, class: className, 'aria-label': label }: { title: string; class?: string; 'aria-label': string } = $props();",
			'type Props = { title: string; count: number };\nlet { title, ...rest }: Props = $props();'
		]) {
			expect(await unused(script), script).toEqual([]);
		}
	});

	it('leaves types from other modules to their own module', async () => {
		const script =
			"import type { HTMLAttributes } from 'svelte/elements';\nlet { class: className }: HTMLAttributes<HTMLDivElement> = $props();";
		expect(await unused(script)).toEqual([]);
	});
});
