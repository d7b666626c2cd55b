import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import DeferredHarness from './deferred-popover.harness.svelte';

describe('Deferred popover on the server', () => {
	it('is only its trigger, as a plain closed button with the attributes given', () => {
		const { body } = render(DeferredHarness);
		expect(body).toMatch(
			/<button aria-labelledby="status-label" type="button" class="trigger" aria-haspopup="dialog" aria-expanded="false">/
		);
		expect(body).toContain('Pick one');
		expect(body).not.toContain('data-state');
		expect(body).not.toContain('data-testid="content"');
	});
});
