import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './registry.harness.svelte';

describe('the shortcut registry', () => {
	it('runs a registered shortcut', async () => {
		const log = vi.fn();
		render(Harness, { log });
		await userEvent.keyboard('?');
		expect(log).toHaveBeenCalledWith('help');
	});

	it('runs "g" then "v" as one sequence, and drops a sequence that goes wrong', async () => {
		const log = vi.fn();
		render(Harness, { log });
		await userEvent.keyboard('gv');
		expect(log).toHaveBeenCalledWith('views');
		await userEvent.keyboard('gxt');
		expect(log).toHaveBeenCalledTimes(1);
		await userEvent.keyboard('gt');
		expect(log).toHaveBeenLastCalledWith('tickets');
	});

	it('never fires while typing in an input, a textarea or an editable element', async () => {
		const log = vi.fn();
		render(Harness, { log });
		for (const name of ['Subject', 'Reply', 'Editor']) {
			await userEvent.click(page.getByRole('textbox', { name }));
			await userEvent.keyboard('?gv');
		}
		expect(log).not.toHaveBeenCalled();
		await expect.element(page.getByRole('textbox', { name: 'Subject' })).toHaveValue('?gv');
	});

	it('fires shortcuts meant for fields while typing', async () => {
		const log = vi.fn();
		render(Harness, { log });
		await userEvent.click(page.getByRole('textbox', { name: 'Subject' }));
		await userEvent.keyboard('{Control>}k{/Control}');
		expect(log).toHaveBeenCalledWith('palette');
	});

	it('submits the focused form with Ctrl+Enter, and does nothing outside a form', async () => {
		const log = vi.fn();
		render(Harness, { log });
		await userEvent.click(page.getByRole('textbox', { name: 'Subject' }));
		await userEvent.keyboard('{Control>}{Enter}{/Control}');
		expect(log).not.toHaveBeenCalledWith('submitted');
		await userEvent.click(page.getByRole('textbox', { name: 'Reply' }));
		await userEvent.keyboard('Thanks{Control>}{Enter}{/Control}');
		expect(log).toHaveBeenCalledWith('submitted');
	});

	it('lists what is registered by scope, and forgets a component’s shortcuts when it goes', async () => {
		const log = vi.fn();
		const { rerender } = render(Harness, { log });
		const list = page.getByRole('list', { name: 'Shortcuts' });
		await expect.element(list).toHaveTextContent('Navigation: g v Go to views');
		await expect.element(list).toHaveTextContent('General: mod+enter Send the form');
		await rerender({ mounted: false, log });
		await expect.element(list).not.toHaveTextContent('Go to views');
		await userEvent.keyboard('?');
		expect(log).not.toHaveBeenCalled();
	});
});
