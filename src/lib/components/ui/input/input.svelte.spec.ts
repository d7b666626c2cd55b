import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Input from './input.svelte';
import Textarea from '../textarea/textarea.svelte';

describe('Input', () => {
	it('takes typing and passes attributes through', async () => {
		render(Input, {
			'aria-label': 'Email',
			type: 'email',
			autocomplete: 'email',
			placeholder: 'you@example.com',
			class: 'max-w-xs'
		});
		const input = page.getByRole('textbox', { name: 'Email' });
		await expect.element(input).toHaveAttribute('type', 'email');
		await expect.element(input).toHaveAttribute('autocomplete', 'email');
		await expect.element(input).toHaveClass('max-w-xs');
		await userEvent.tab();
		await userEvent.keyboard('ann@example.test');
		await expect.element(input).toHaveValue('ann@example.test');
	});
});

describe('Textarea', () => {
	it('takes several lines and passes attributes through', async () => {
		render(Textarea, { 'aria-label': 'Reply', rows: 6, maxlength: 50 });
		const area = page.getByRole('textbox', { name: 'Reply' });
		await expect.element(area).toHaveAttribute('rows', '6');
		await expect.element(area).toHaveAttribute('maxlength', '50');
		await userEvent.click(area);
		await userEvent.keyboard('one{Enter}two');
		await expect.element(area).toHaveValue('one\ntwo');
	});
});
