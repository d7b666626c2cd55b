import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './tabs.harness.svelte';

describe('Tabs', () => {
	it('moves between tabs with the arrow keys and shows the chosen panel', async () => {
		render(Harness);
		await expect.element(page.getByRole('tablist', { name: 'Conversation' })).toHaveClass('extra');
		const replies = page.getByRole('tab', { name: 'Replies' });
		await expect.element(replies).toHaveAttribute('aria-selected', 'true');
		await expect.element(page.getByRole('tabpanel')).toHaveTextContent('All replies');
		await userEvent.tab();
		await expect.element(replies).toHaveFocus();
		await userEvent.keyboard('{ArrowRight}');
		const notes = page.getByRole('tab', { name: 'Notes' });
		await expect.element(notes).toHaveFocus();
		await expect.element(notes).toHaveAttribute('aria-selected', 'true');
		await expect.element(page.getByRole('tabpanel')).toHaveTextContent('Internal notes');
		await userEvent.keyboard('{End}');
		await expect.element(page.getByRole('tab', { name: 'History' })).toHaveFocus();
	});
});
