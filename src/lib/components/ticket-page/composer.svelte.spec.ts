import { toast } from 'svelte-sonner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { invalidate } from '$app/navigation';
import { callAction } from '$lib/forms/call-action';
import type { TimelineItem } from '$lib/server/tickets/timeline';
import Harness from './composer.harness.svelte';

// The app's environment and SvelteKit's client exist only in the app.
vi.mock('$env/dynamic/public', () => ({ env: {} }));
vi.mock('$app/navigation', () => ({ invalidate: vi.fn() }));
vi.mock('$lib/forms/call-action', () => ({ callAction: vi.fn(), resultMessage: vi.fn() }));

const viewerId = 'agent-1';

const message = (id: number, kind: 'reply' | 'note', text: string, by: string): TimelineItem => ({
	id,
	created_at: `2026-12-05T10:0${id}:00Z`,
	kind,
	author: { id: by, full_name: by, role: 'agent', avatar_path: null },
	html: text,
	body: null,
	meta: null,
	files: []
});
const question = message(1, 'reply', 'Why is the export button grey?', 'customer-1');
const note = message(2, 'note', 'Legacy plan: exports are off by default.', viewerId);

/** Each toast the composer says, with what the timeline showed at that moment. */
function toasts() {
	const said: { text: string; timeline: string }[] = [];
	vi.spyOn(toast, 'success').mockImplementation((text) => {
		const timeline = document.querySelector('[aria-label="Timeline"]')?.textContent ?? '';
		said.push({ text: String(text), timeline });
		return said.length;
	});
	return said;
}

async function addNote() {
	await userEvent.click(page.getByRole('radio', { name: 'Internal note' }));
	await userEvent.fill(page.getByRole('textbox', { name: 'Internal note' }), note.html!);
	await userEvent.click(page.getByRole('button', { name: 'Add note' }));
}

describe('Composer sending a note', () => {
	beforeEach(() => {
		localStorage.clear();
		vi.clearAllMocks();
		vi.mocked(callAction).mockResolvedValue({ type: 'success', status: 200 });
	});
	afterEach(() => vi.restoreAllMocks());

	it('says it is added once the timeline above shows it, and Reply clicked next is Reply', async () => {
		// CI: the note landed above the composer just after the toast, moving the composer down under
		// a click on Reply, which never reached the toggle.
		const said = toasts();
		const { rerender } = render(Harness, { activities: [question], viewerId });
		// The page's reload brings the note.
		vi.mocked(invalidate).mockImplementation(() => rerender({ activities: [question, note] }));
		await addNote();
		await expect.poll(() => said.length).toBe(1);
		expect(said[0]).toEqual({
			text: 'Internal note added',
			timeline: expect.stringContaining(note.html!)
		});
		await userEvent.click(page.getByRole('radio', { name: 'Reply' }));
		await expect.element(page.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
	});

	it('stays sending when the reload answers before the page changes, until the live feed brings the note', async () => {
		// SvelteKit resolves a reload that a later one superseded before the page has changed.
		const said = toasts();
		const { rerender } = render(Harness, { activities: [question], viewerId });
		vi.mocked(invalidate).mockResolvedValue(undefined);
		await addNote();
		await expect.poll(() => vi.mocked(invalidate).mock.calls.length).toBe(1);
		await vi.mocked(invalidate).mock.results[0].value;
		await expect.element(page.getByRole('button', { name: 'Add note' })).toBeDisabled();
		await expect
			.element(page.getByRole('textbox', { name: 'Internal note' }))
			.toHaveValue(note.html!);
		expect(said).toEqual([]);
		await rerender({ activities: [question, note] });
		await expect.element(page.getByRole('button', { name: 'Add note' })).toBeEnabled();
		await expect.element(page.getByRole('textbox', { name: 'Internal note' })).toHaveValue('');
		expect(said).toEqual([
			{ text: 'Internal note added', timeline: expect.stringContaining(note.html!) }
		]);
	});

	it('says it is added when the reload fails, without waiting for the timeline', async () => {
		const said = toasts();
		render(Harness, { activities: [question], viewerId });
		vi.mocked(invalidate).mockRejectedValue(new Error('offline'));
		await addNote();
		await expect.element(page.getByRole('button', { name: 'Add note' })).toBeEnabled();
		await expect.element(page.getByRole('textbox', { name: 'Internal note' })).toHaveValue('');
		expect(said.map((toast) => toast.text)).toEqual(['Internal note added']);
	});

	it('frees the composer after a few seconds when the timeline never shows the note', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const said = toasts();
			render(Harness, { activities: [question], viewerId });
			vi.mocked(invalidate).mockResolvedValue(undefined);
			await addNote();
			await expect.poll(() => vi.mocked(invalidate).mock.calls.length).toBe(1);
			vi.advanceTimersByTime(4_000);
			await expect.element(page.getByRole('button', { name: 'Add note' })).toBeDisabled();
			expect(said).toEqual([]);
			vi.advanceTimersByTime(1_000);
			await expect.element(page.getByRole('button', { name: 'Add note' })).toBeEnabled();
			expect(said.map((toast) => toast.text)).toEqual(['Internal note added']);
		} finally {
			vi.useRealTimers();
		}
	});
});
