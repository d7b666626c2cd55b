import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { text } from '../test-support';
import Badge from './badge.svelte';

describe('Badge', () => {
	it('renders its text in the tone’s colours and passes attributes through', async () => {
		render(Badge, { tone: 'danger', title: 'Breached', class: 'ml-2', children: text('Overdue') });
		const badge = page.getByTitle('Breached');
		await expect.element(badge).toHaveTextContent('Overdue');
		await expect.element(badge).toHaveClass('bg-danger-soft', 'text-danger-text', 'ml-2');
	});
});
