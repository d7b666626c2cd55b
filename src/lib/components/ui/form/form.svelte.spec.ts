import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import FormMessage from './form-message.svelte';
import TextField from './text-field.svelte';
import SelectField from './select-field.svelte';

describe('TextField', () => {
	it('labels its input and ties its hint and error to it', async () => {
		render(TextField, {
			label: 'Password',
			name: 'password',
			type: 'password',
			hint: 'At least 8 characters.',
			error: 'Too short.',
			autocomplete: 'new-password',
			required: true
		});
		const input = page.getByLabelText('Password');
		await expect.element(input).toHaveAttribute('name', 'password');
		await expect.element(input).toHaveAttribute('type', 'password');
		await expect.element(input).toHaveAttribute('autocomplete', 'new-password');
		await expect.element(input).toBeRequired();
		await expect.element(input).toHaveAttribute('aria-invalid', 'true');
		await expect.element(input).toHaveAccessibleDescription('Too short. At least 8 characters.');
	});

	it('is a textarea when multiline, keeping what was typed', async () => {
		render(TextField, { label: 'Reply', name: 'body', multiline: true, rows: 3, value: 'Hi' });
		const area = page.getByRole('textbox', { name: 'Reply' });
		expect(area.element().tagName).toBe('TEXTAREA');
		await userEvent.click(area);
		await userEvent.keyboard(' there');
		await expect.element(area).toHaveValue('Hi there');
		await expect.element(area).not.toHaveAttribute('aria-invalid');
	});
});

describe('SelectField', () => {
	it('ties its error to the select', async () => {
		render(SelectField, {
			label: 'Role',
			name: 'role',
			value: 'agent',
			error: 'Choose a role.',
			options: [
				{ value: 'agent', label: 'Agent' },
				{ value: 'admin', label: 'Admin' }
			]
		});
		const select = page.getByRole('combobox', { name: 'Role' });
		await expect.element(select).toHaveTextContent('Agent');
		await expect.element(select).toHaveAccessibleDescription('Choose a role.');
	});
});

describe('FormMessage', () => {
	it('announces an error at once', async () => {
		render(FormMessage, { error: 'Wrong email or password.' });
		await expect.element(page.getByRole('alert')).toHaveTextContent('Wrong email or password.');
	});

	it('announces a notice politely, and nothing when there is neither', async () => {
		const { rerender } = render(FormMessage, { notice: 'We sent a link.' });
		await expect.element(page.getByText('We sent a link.')).toBeVisible();
		expect(
			page.getByText('We sent a link.').element().closest('[aria-live="polite"]')
		).not.toBeNull();
		await rerender({ notice: undefined });
		await expect.element(page.getByText('We sent a link.')).not.toBeInTheDocument();
	});
});
