import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';
import Harness from './select.harness.svelte';

const serverRender = (deferred: boolean) =>
	render(Harness, { props: { onsubmit: vi.fn(), deferred } }).body;

/** The attributes of the select's trigger: the button with the combobox role. */
function triggerOf(body: string): Record<string, string> {
	// Attribute by attribute: a class may hold a ">" (`[&>span]:truncate`).
	const tags = body.matchAll(/<button((?:\s+[\w-]+(?:="[^"]*")?)*)>/g);
	const tag = [...tags].find(([, attributes]) => attributes.includes('role="combobox"'))?.[1];
	expect(tag).toBeDefined();
	return Object.fromEntries([...tag!.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
}

describe('SelectField on the server', () => {
	it('deferred: draws the closed trigger as a plain button and its value as a hidden input', () => {
		const body = serverRender(true);
		const trigger = triggerOf(body);
		expect(trigger).toMatchObject({
			type: 'button',
			'aria-haspopup': 'listbox',
			'aria-expanded': 'false',
			'data-state': 'closed'
		});
		expect(body).toContain(`for="${trigger.id}"`);
		expect(body).toMatch(/<span>Open<\/span>/);
		expect(body).toContain('<input type="hidden" name="status" value="open"/>');
		expect(body).not.toContain('data-select-content');
	});

	it('deferred: its trigger has the look and state of the full select’s closed trigger', () => {
		const { id: _deferredId, ...deferred } = triggerOf(serverRender(true));
		const { id: _fullId, ...full } = triggerOf(serverRender(false));
		expect(deferred).toEqual(full);
	});
});
