import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './label.harness.svelte';

describe('Label', () => {
	it('names its field and focuses it when clicked', async () => {
		render(Harness);
		const input = page.getByRole('textbox', { name: 'Subject' });
		await userEvent.click(page.getByText('Subject'));
		await expect.element(input).toHaveFocus();
		await expect.element(page.getByText('Subject')).toHaveClass('extra');
	});
});
