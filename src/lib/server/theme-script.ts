// The theme is chosen before the first paint: mode-watcher's own start-up script (it reads the stored
// choice and the system preference, then sets the `dark` class) goes inline into the page head, in
// the <script> app.html marks with SvelteKit's CSP nonce, so a nonce-based CSP keeps it working.
import type { Handle } from '@sveltejs/kit';
import { createInitialModeExpression } from 'mode-watcher';

const placeholder = '%autocrm.theme%';
const script = createInitialModeExpression({ defaultMode: 'system' });

export const themeScript: Handle = ({ event, resolve }) =>
	resolve(event, {
		transformPageChunk: ({ html }) => html.replace(placeholder, script)
	});
