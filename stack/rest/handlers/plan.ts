// The plan media type (`Accept: application/vnd.pgrst.plan+json; for="…"; options=analyze`): the
// request's main statement run under EXPLAIN, answered with the plan as PostgreSQL prints it, one
// line per row, as PostgREST's explain does. Checks on the outcome (a single object, max-affected)
// do not apply: there is no outcome, only its plan.
import type { RestRequest } from '../request';
import { contentHeaders } from './common';
import type { Negotiated } from './negotiate';
import type { Prepared } from './types';

export function explainedIf(
	prepared: Prepared,
	negotiated: Negotiated,
	request: RestRequest
): Prepared {
	const { plan } = negotiated;
	if (!plan) return prepared;
	const options = [
		`FORMAT ${plan.format.toUpperCase()}`,
		...plan.options.map((o) => o.toUpperCase())
	];
	return {
		readOnly: prepared.readOnly,
		main: {
			sql: `EXPLAIN (${options.join(', ')}) ${prepared.main.sql}`,
			params: prepared.main.params,
			rawText: true
		},
		respond: ({ rows }) => ({
			status: 200,
			headers: contentHeaders(request, negotiated),
			body: rows.map((row) => `${String(row['QUERY PLAN'])}\n`).join('')
		})
	};
}
