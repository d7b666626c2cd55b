// A RequestEvent for the hooks' unit tests: a real Request and URL, no cookies, and a `resolve` that
// records whether the request got past the hook.
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import type { AppClaims } from '$lib/auth';

export interface TestRequest {
	path: string;
	method?: string;
	headers?: Record<string, string>;
	body?: BodyInit;
	routeId?: RequestEvent['route']['id'];
	isDataRequest?: boolean;
	claims?: AppClaims | null;
}

export const appOrigin = 'http://app.test';

export function testEvent(request: TestRequest): RequestEvent {
	const url = new URL(request.path, appOrigin);
	const event: Partial<RequestEvent> = {
		url,
		request: new Request(url, {
			method: request.method ?? 'GET',
			headers: request.headers,
			body: request.body
		}),
		route: { id: request.routeId ?? null },
		isDataRequest: request.isDataRequest ?? false,
		params: {},
		locals: {
			getClaims: async () => request.claims ?? null
		} as App.Locals,
		setHeaders: () => {}
	};
	return event as RequestEvent;
}

/** A `resolve` that answers 200 with `response` (or "page") and counts its calls. */
export function testResolve(response: () => Response = () => new Response('page')) {
	const calls: RequestEvent[] = [];
	const resolve = async (event: RequestEvent, _options?: ResolveOptions) => {
		calls.push(event);
		return response();
	};
	return { resolve, calls };
}
