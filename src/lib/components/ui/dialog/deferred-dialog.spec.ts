import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Harness from './dialog.harness.svelte';

describe('Deferred dialog on the server', () => {
	it('is only its trigger, as the closed dialog’s plain button', () => {
		const { body } = render(Harness, { props: { kind: 'deferred' } });
		expect(body).toMatch(
			/<button type="button" class="trigger" aria-haspopup="dialog" aria-expanded="false" data-dialog-trigger="" data-state="closed">(<!---->)?Rename(<!---->)?<\/button>/
		);
		expect(body).not.toContain('Rename the view');
	});
});
