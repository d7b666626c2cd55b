import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { text } from '../test-support';
import Kbd from './kbd.svelte';

describe('Kbd', () => {
	it('is a kbd element with attributes passed through', async () => {
		render(Kbd, { title: 'Control', class: 'ml-1', children: text('Ctrl') });
		const key = page.getByTitle('Control');
		await expect.element(key).toHaveTextContent('Ctrl');
		expect(key.element().tagName).toBe('KBD');
		await expect.element(key).toHaveClass('ml-1');
	});
});
