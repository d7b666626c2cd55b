import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Avatar from './avatar.svelte';
import { avatarHue, initials } from './initials';

describe('initials', () => {
	it('come from the name, else from the email, else a question mark', () => {
		expect(initials('Ann Agent')).toBe('AA');
		expect(initials('  marta  de la  Cruz ')).toBe('MC');
		expect(initials('Cher')).toBe('C');
		expect(initials('', 'li.wei@example.test')).toBe('LW');
		expect(initials(null, null)).toBe('?');
	});

	it('keep the same hue for the same person', () => {
		expect(avatarHue('Ann Agent')).toBe(avatarHue('Ann Agent'));
		expect(avatarHue('Ann Agent')).toBeGreaterThanOrEqual(1);
		expect(avatarHue('Ann Agent')).toBeLessThanOrEqual(6);
	});
});

describe('Avatar', () => {
	it('shows initials and stays out of the accessibility tree next to a written name', async () => {
		render(Avatar, { name: 'Sam Support', 'data-testid': 'avatar', class: 'ring-2' });
		const avatar = page.getByTestId('avatar');
		await expect.element(avatar).toHaveTextContent('SS');
		await expect.element(avatar).toHaveAttribute('aria-hidden', 'true');
		await expect.element(avatar).toHaveClass('ring-2');
	});

	it('is an image with a name when it stands alone', async () => {
		render(Avatar, { name: 'Sam Support', label: 'Sam Support' });
		await expect.element(page.getByRole('img', { name: 'Sam Support' })).toHaveTextContent('SS');
	});
});
