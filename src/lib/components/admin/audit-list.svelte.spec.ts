import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import AuditList from './audit-list.svelte';
import type { AuditEntry } from './audit-entry';

const entry = (id: number, target: string, changes?: [string, string]): AuditEntry => ({
	id,
	at: '2026-12-05T10:00:00Z',
	actor_label: 'admin@autocrm.test',
	action: changes ? 'update' : 'insert',
	target_table: 'macros',
	target_id: String(id),
	target_label: target,
	old_values: changes ? { description: changes[0] } : null,
	new_values: changes ? { description: changes[1] } : { description: 'x' }
});

/** How many lines `word` is drawn on inside `root` (1 when it is not split). */
function linesOf(root: HTMLElement, word: string) {
	const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		const at = node.textContent!.indexOf(word);
		if (at < 0) continue;
		const range = document.createRange();
		range.setStart(node, at);
		range.setEnd(node, at + word.length);
		return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
	}
	throw new Error(`"${word}" is not shown`);
}

describe('AuditList', () => {
	it('wraps names and changes between words on a phone, never inside one', () => {
		const { container } = render(AuditList, {
			entries: [
				entry(1, 'Password questions get the reset steps', [
					'Walks the customer through resetting',
					'Walks the customer through resetting their password'
				])
			],
			empty: 'Nothing yet.'
		});
		container.style.width = '260px';
		for (const word of ['questions', 'customer', 'resetting', 'password']) {
			expect(linesOf(container, word), word).toBe(1);
		}
	});

	it('still breaks a name without spaces to stay inside its column', () => {
		const unbroken = `macro-${'x'.repeat(120)}`;
		const { container } = render(AuditList, {
			entries: [entry(2, unbroken, ['—', unbroken])],
			empty: 'Nothing yet.'
		});
		container.style.width = '260px';
		for (const item of container.querySelectorAll('li')) {
			expect(item.scrollWidth).toBeLessThanOrEqual(260);
		}
	});
});
