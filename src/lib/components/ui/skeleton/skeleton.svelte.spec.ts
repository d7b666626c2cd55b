import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Skeleton from './skeleton.svelte';

describe('Skeleton', () => {
	it('is a sized placeholder hidden from assistive technology', async () => {
		render(Skeleton, { class: 'h-4 w-40', 'data-testid': 'bone' });
		const bone = page.getByTestId('bone');
		await expect.element(bone).toHaveAttribute('aria-hidden', 'true');
		await expect.element(bone).toHaveClass('h-4', 'w-40');
		expect(bone.element().getBoundingClientRect().width).toBe(160);
	});
});
