// Refuses cross-site form posts, in dev as in the build, so a page on another site cannot reply,
// file a ticket or sign someone out. SvelteKit's own check is off (svelte.config.js) because it
// cannot spare the one post that comes from elsewhere by design: RFC 8058 one-click unsubscribe.
import type { Handle } from '@sveltejs/kit';
import { isOneClickUnsubscribe } from '../unsubscribe';

// The content types an HTML form can send without a CORS preflight.
const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const writeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The media type of a request body, without parameters, lower-cased. */
export const mediaTypeOf = (request: Request) =>
	(request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

export function isCrossSiteFormPost(request: Request, origin: string): boolean {
	return (
		writeMethods.includes(request.method) &&
		formTypes.includes(mediaTypeOf(request)) &&
		request.headers.get('origin') !== origin
	);
}

export const refuseCrossSiteForms: Handle = ({ event, resolve }) => {
	if (
		!isCrossSiteFormPost(event.request, event.url.origin) ||
		isOneClickUnsubscribe(event.request, event.url)
	) {
		return resolve(event);
	}
	const message = `Cross-site ${event.request.method} form submissions are forbidden`;
	return event.request.headers.get('accept') === 'application/json'
		? Response.json({ message }, { status: 403 })
		: new Response(message, { status: 403 });
};
