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

	it('shows the picture over the initials, and drops a picture that fails to load', async () => {
		const picture =
			'data:image/svg+xml,' +
			encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
		render(Avatar, { name: 'Sam Support', src: picture, 'data-testid': 'loaded' });
		const loaded = () => page.getByTestId('loaded').element().querySelector('img');
		await expect.poll(() => loaded()?.complete && loaded()?.naturalWidth).toBe(4);
		await expect.element(page.getByTestId('loaded')).toHaveTextContent('SS');

		render(Avatar, {
			name: 'Sam Support',
			src: 'data:image/png;base64,AAAA',
			'data-testid': 'broken'
		});
		await expect.poll(() => page.getByTestId('broken').element().querySelector('img')).toBeNull();
		await expect.element(page.getByTestId('broken')).toHaveTextContent('SS');
	});
});
