import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import RelativeTime from './relative-time.svelte';

describe('RelativeTime', () => {
	afterEach(() => void vi.useRealTimers());

	it('reads relative to now, with the exact time on hover and in datetime', async () => {
		const at = new Date(Date.now() - 5 * 60_000);
		render(RelativeTime, { date: at.toISOString(), class: 'text-xs', 'data-testid': 'time' });
		const time = page.getByTestId('time');
		await expect.element(time).toHaveTextContent('5 minutes ago');
		await expect.element(time).toHaveAttribute('datetime', at.toISOString());
		await expect
			.element(time)
			.toHaveAttribute('title', expect.stringMatching(/\d{4}, \d{2}:\d{2}$/));
		await expect.element(time).toHaveClass('text-xs');
	});

	it('keeps itself current while on screen', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		vi.setSystemTime(new Date('2026-03-10T12:00:00Z'));
		render(RelativeTime, { date: '2026-03-10T11:59:50Z', 'data-testid': 'time' });
		const time = page.getByTestId('time');
		await expect.element(time).toHaveTextContent('just now');
		vi.advanceTimersByTime(3 * 60_000);
		await expect.element(time).toHaveTextContent('3 minutes ago');
	});
});
