import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { text } from '../test-support';
import Button from './button.svelte';

describe('Button', () => {
	it('is a button that runs its click handler from the keyboard', async () => {
		const onclick = vi.fn();
		render(Button, { type: 'button', onclick, children: text('Save') });
		const button = page.getByRole('button', { name: 'Save' });
		await userEvent.tab();
		await expect.element(button).toHaveFocus();
		await userEvent.keyboard('{Enter}');
		await userEvent.keyboard(' ');
		expect(onclick).toHaveBeenCalledTimes(2);
	});

	it('passes attributes through and merges classes, the caller’s last', async () => {
		render(Button, {
			type: 'button',
			'data-testid': 'save',
			'aria-describedby': 'hint',
			class: 'w-full px-8',
			variant: 'danger',
			children: text('Delete')
		});
		const button = page.getByTestId('save');
		await expect.element(button).toHaveAttribute('aria-describedby', 'hint');
		await expect.element(button).toHaveClass('w-full', 'px-8', 'bg-danger');
		expect(button.element().className).not.toMatch(/\bpx-3\b/);
	});

	it('is a link when given an href, and an inert one when disabled', async () => {
		const { rerender } = render(Button, { href: '/client', children: text('Home') });
		await expect
			.element(page.getByRole('link', { name: 'Home' }))
			.toHaveAttribute('href', '/client');
		await rerender({ href: '/client', disabled: true, children: text('Home') });
		const link = page.getByRole('link', { name: 'Home' });
		await expect.element(link).toHaveAttribute('aria-disabled', 'true');
		await expect.element(link).not.toHaveAttribute('href');
	});

	it('does nothing when disabled', async () => {
		const onclick = vi.fn();
		render(Button, { type: 'button', disabled: true, onclick, children: text('Busy') });
		await expect.element(page.getByRole('button', { name: 'Busy' })).toBeDisabled();
		await userEvent.tab();
		await expect.element(page.getByRole('button', { name: 'Busy' })).not.toHaveFocus();
		expect(onclick).not.toHaveBeenCalled();
	});
});
