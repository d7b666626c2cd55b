// Signing out is a POST to /logout (it clears the session cookies on the server), then a full page
// load of the sign-in page, so nothing of the session stays in memory.
import { resolve } from '$app/paths';

export function signOut() {
	const form = document.createElement('form');
	form.method = 'POST';
	form.action = resolve('/logout');
	document.body.append(form);
	form.submit();
}
