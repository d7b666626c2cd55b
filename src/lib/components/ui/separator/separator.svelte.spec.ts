import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Separator from './separator.svelte';

describe('Separator', () => {
	it('is a separator when it means one, in either orientation', async () => {
		render(Separator, { decorative: false, orientation: 'vertical', class: 'mx-2' });
		const line = page.getByRole('separator');
		await expect.element(line).toHaveAttribute('aria-orientation', 'vertical');
		await expect.element(line).toHaveClass('w-px', 'mx-2');
	});

	it('is hidden from assistive technology when decorative', async () => {
		render(Separator, { decorative: true, 'data-testid': 'line' });
		await expect.element(page.getByTestId('line')).toHaveAttribute('role', 'none');
	});
});
