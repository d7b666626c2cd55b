// Parses a postgres_changes binding (`{event, schema, table, filter, select}`) the way Supabase's
// Realtime does: PostgREST-style filters `column=op.value`, AND-ed with top-level commas, `not.`
// negation, `in.(a,b)` lists, double-quoted values; with Supabase's error messages.

const filterOps = [
	'eq',
	'neq',
	'lt',
	'lte',
	'gt',
	'gte',
	'in',
	'like',
	'ilike',
	'is',
	'match',
	'imatch',
	'isdistinct'
] as const;
export type FilterOp = (typeof filterOps)[number];

export interface Filter {
	column: string;
	op: FilterOp;
	/** For `in`, a PostgreSQL array literal (`{a,b}`); otherwise the bare value. */
	value: string;
	negate: boolean;
}

export type ChangeEvent = 'INSERT' | 'UPDATE' | 'DELETE';

export interface Binding {
	event: '*' | ChangeEvent;
	/** `*` matches every schema or table of the publication. */
	schema: string;
	table: string;
	filters: Filter[];
	/** Columns to send (primary key columns always go too); null for all. */
	select: string[] | null;
}

export type BindingParse = { ok: true; binding: Binding } | { ok: false; message: string };

/** Elixir's `inspect` of a list of strings, as Supabase's messages print them. */
const inspectList = (items: string[]) => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;

function eventOf(params: Record<string, unknown>): Binding['event'] {
	const event = params.event;
	if (typeof event !== 'string' || event === '*') return '*';
	const upper = event.toUpperCase();
	return upper === 'INSERT' || upper === 'UPDATE' || upper === 'DELETE' ? upper : '*';
}

/** Splits on commas outside parentheses and double quotes. */
function splitTopLevel(filter: string): string[] {
	const segments: string[] = [];
	let current = '';
	let depth = 0;
	let quoted = false;
	let previous = '';
	for (let i = 0; i < filter.length; i++) {
		const char = filter[i];
		if (quoted) {
			if (char === '\\' && i + 1 < filter.length) {
				current += char + filter[++i];
				previous = filter[i];
				continue;
			}
			if (char === '"') quoted = false;
			current += char;
			previous = char;
			continue;
		}
		if (char === '"' && ['.', '(', ','].includes(previous)) quoted = true;
		else if (char === '(') depth++;
		else if (char === ')') depth = Math.max(0, depth - 1);
		else if (char === ',' && depth === 0) {
			segments.push(current);
			current = '';
			previous = '';
			continue;
		}
		current += char;
		previous = char;
	}
	segments.push(current);
	return segments;
}

/** `"a,b"` becomes `a,b` (backslash escapes a character); anything else stays as written. */
function unquote(value: string): string {
	if (!value.startsWith('"')) return value;
	let result = '';
	for (let i = 1; i < value.length; i++) {
		const char = value[i];
		if (char === '\\' && i + 1 < value.length) result += value[++i];
		else if (char === '"') return i === value.length - 1 ? result : value;
		else result += char;
	}
	return value;
}

type SegmentParse = { ok: true; filter: Filter } | { ok: false; reason: string };

function parseSegment(segment: string): SegmentParse {
	const trimmed = segment.trim();
	if (trimmed === '')
		return { ok: false, reason: 'filter must not contain empty segments (check for extra commas)' };
	const equals = trimmed.indexOf('=');
	if (equals < 0) return { ok: false, reason: inspectList([trimmed]) };
	const column = trimmed.slice(0, equals);
	let rest = trimmed.slice(equals + 1);
	const negate = rest.startsWith('not.');
	if (negate) rest = rest.slice(4);
	const dot = rest.indexOf('.');
	if (dot < 0) return { ok: false, reason: inspectList([rest]) };
	const op = rest.slice(0, dot);
	const value = rest.slice(dot + 1);
	if (!(filterOps as readonly string[]).includes(op))
		return { ok: false, reason: inspectList([op, value]) };
	if (op === 'in') {
		if (value.length < 2 || !value.startsWith('(') || !value.endsWith(')'))
			return { ok: false, reason: '`in` filter value must be wrapped by parentheses' };
		return { ok: true, filter: { column, op, value: `{${value.slice(1, -1)}}`, negate } };
	}
	return { ok: true, filter: { column, op: op as FilterOp, value: unquote(value), negate } };
}

export function parseFilters(
	filter: string
): { ok: true; filters: Filter[] } | { ok: false; message: string } {
	if (filter.trim() === '') return { ok: true, filters: [] };
	const filters: Filter[] = [];
	for (const segment of splitTopLevel(filter.trim())) {
		const parsed = parseSegment(segment);
		if (!parsed.ok)
			return { ok: false, message: `Error parsing \`filter\` params: ${parsed.reason}` };
		filters.push(parsed.filter);
	}
	return { ok: true, filters };
}

function parseSelect(
	params: Record<string, unknown>
): { ok: true; select: string[] | null } | { ok: false; message: string } {
	const select = params.select;
	if (Array.isArray(select)) {
		const columns = select.filter((c): c is string => typeof c === 'string');
		return { ok: true, select: columns.length > 0 ? columns : null };
	}
	if (typeof select === 'string')
		return {
			ok: false,
			message:
				'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]'
		};
	return { ok: true, select: null };
}

export function parseBinding(params: Record<string, unknown>): BindingParse {
	const event = eventOf(params);
	const select = parseSelect(params);
	if (!select.ok) return select;
	const has = (key: string) => key in params;
	const { schema, table, filter } = params;
	let binding: Binding;
	if (typeof schema === 'string' && typeof table === 'string' && typeof filter === 'string') {
		const parsed = parseFilters(filter);
		if (!parsed.ok) return parsed;
		binding = { event, schema, table, filters: parsed.filters, select: select.select };
	} else if (typeof schema === 'string' && typeof table === 'string' && !has('filter')) {
		binding = { event, schema, table, filters: [], select: select.select };
	} else if (typeof schema === 'string' && !has('table') && !has('filter')) {
		binding = { event, schema, table: '*', filters: [], select: select.select };
	} else if (typeof table === 'string' && !has('schema') && !has('filter')) {
		binding = { event, schema: 'public', table, filters: [], select: select.select };
	} else {
		return {
			ok: false,
			message: `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${JSON.stringify(params)}`
		};
	}
	if (binding.select && (binding.schema === '*' || binding.table === '*'))
		return {
			ok: false,
			message:
				'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.'
		};
	return { ok: true, binding };
}

/** How Supabase prints a binding in its subscription error messages. */
export function describeBinding(binding: Binding): string {
	const filters = binding.filters
		.map(
			(f) =>
				`{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.value)}, ${f.negate}}`
		)
		.join(', ');
	const select = binding.select ? inspectList(binding.select) : 'nil';
	return `[event: ${binding.event}, schema: ${binding.schema}, table: ${binding.table}, filters: [${filters}], select: ${select}]`;
}
