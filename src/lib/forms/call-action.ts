// Calls a page's form action from code (a property saved on change, a macro preview) the way
// `use:enhance` does, and hands back SvelteKit's ActionResult.
import { deserialize } from '$app/forms';
import type { ActionResult } from '@sveltejs/kit';

export async function callAction(
	action: string,
	fields: Record<string, string>
): Promise<ActionResult> {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	try {
		const response = await fetch(action, {
			method: 'POST',
			body,
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
		});
		return deserialize(await response.text());
	} catch {
		return { type: 'error', error: { message: 'The server could not be reached. Try again.' } };
	}
}

/** The message a failed or broken result carries, for a toast. */
export function resultMessage(result: ActionResult): string | undefined {
	if (result.type === 'failure') {
		const data = result.data as { message?: string } | undefined;
		return data?.message ?? 'That did not work. Try again.';
	}
	if (result.type === 'error') {
		return (result.error as { message?: string } | undefined)?.message ?? 'Something went wrong.';
	}
}
