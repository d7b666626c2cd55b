// For the data layer's tests: a supabase-js client whose requests never leave the process. Each one
// is recorded (method, path, query parameters, headers, body) and answered by the test, so a test can
// check the PostgREST request a query sends, and what the query makes of the answer.
import { createClient } from '@supabase/supabase-js';
import type { AppSupabaseClient, Database } from '$lib/supabase';
import { serverRealtime } from './server-realtime';

export interface RecordedRequest {
	method: string;
	/** The path under the project URL, e.g. `/rest/v1/tickets`. */
	path: string;
	/** Query parameters; a repeated one keeps all its values, in order. */
	params: Record<string, string | string[]>;
	headers: Headers;
	/** The JSON body, if any. */
	body: unknown;
}

export type Answer = (request: RecordedRequest) => Response;

/** What a request asked for, headers aside: compare it whole, so any extra filter shows. */
export const sent = ({ method, path, params, body }: RecordedRequest) => ({
	method,
	path,
	params,
	body
});

const paramsOf = (url: URL) => {
	const params: Record<string, string | string[]> = {};
	for (const [name, value] of url.searchParams) {
		const seen = params[name];
		params[name] = seen === undefined ? value : [seen, value].flat();
	}
	return params;
};

/** A client answered by `answer` (by default: no rows), and the requests it has sent so far. */
export function recordingClient(answer: Answer = () => Response.json([])) {
	const requests: RecordedRequest[] = [];
	const client: AppSupabaseClient = createClient<Database>('http://supabase.test', 'anon-key', {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: serverRealtime,
		global: {
			fetch: async (input, init) => {
				const request = new Request(input, init);
				const url = new URL(request.url);
				const text = await request.text();
				const recorded: RecordedRequest = {
					method: request.method,
					path: url.pathname,
					params: paramsOf(url),
					headers: request.headers,
					body: text ? JSON.parse(text) : undefined
				};
				requests.push(recorded);
				return answer(recorded);
			}
		}
	});
	return { client, requests };
}
