// Which function `/rpc/name` calls, by PostgREST's overload rules (Plan.hs findProc): the given
// argument names must cover the required parameters and fall within all parameters; failing that, a
// POSTed JSON body may go whole to a single unnamed json/jsonb parameter.
import { key, type Catalog, type Routine } from '../catalog';
import { ambiguousFunction, functionNotFound } from '../errors';
import { closest } from './fuzzy';

function matchesArguments(routine: Routine, given: Set<string>): boolean {
	const { params } = routine;
	if (params.length === 0) return given.size === 0;
	const required = params.filter((p) => p.required).map((p) => p.name);
	const optional = new Set(params.filter((p) => !p.required).map((p) => p.name));
	const rest = [...given].filter((name) => !optional.has(name));
	return rest.length === required.length && required.every((name) => given.has(name));
}

const takesWholeJson = (routine: Routine) =>
	routine.params.length === 1 &&
	routine.params[0].name === '' &&
	(routine.params[0].type === 'json' || routine.params[0].type === 'jsonb');

const signature = (r: Routine) =>
	`${r.schema}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`;

function notFound(
	catalog: Catalog,
	schema: string,
	name: string,
	given: string[],
	jsonBody: boolean,
	overloads: Routine[]
) {
	const fn = `${schema}.${name}`;
	const listed = given.length === 0 ? ' without parameters' : `(${given.join(', ')})`;
	const searched =
		given.length === 0
			? ' without parameters'
			: ` with parameter${given.length > 1 ? 's' : ''} ${given.join(', ')}`;
	const details = `Searched for the function ${fn}${searched}${jsonBody ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`;

	let hint: string | null = null;
	if (overloads.length === 0) {
		const names = [...catalog.routines.values()]
			.map((rs) => rs[0])
			.filter((r) => r.schema === schema)
			.map((r) => r.name);
		const best = closest(name, names, 0.75);
		if (best !== null) hint = `Perhaps you meant to call the function ${schema}.${best}`;
	} else {
		const asText = (names: string[]) => `(${[...names].sort().join(', ')})`;
		const best = closest(
			asText(given),
			overloads.map((r) => asText(r.params.map((p) => p.name)))
		);
		if (best !== null) hint = `Perhaps you meant to call the function ${fn}${best}`;
	}
	return functionNotFound(
		`Could not find the function ${fn}${listed} in the schema cache`,
		details,
		hint
	);
}

/**
 * @param jsonBody the arguments came as a POSTed JSON body (which a single json parameter may take).
 */
export function findRoutine(
	catalog: Catalog,
	schema: string,
	name: string,
	argumentNames: Set<string>,
	jsonBody: boolean
): Routine {
	const overloads = catalog.routines.get(key(schema, name)) ?? [];
	const matching = overloads.filter((r) => matchesArguments(r, argumentNames));
	const fallback = jsonBody
		? overloads.filter((r) => !matching.includes(r) && takesWholeJson(r))
		: [];
	if (matching.length === 1) return matching[0];
	if (matching.length > 1) throw ambiguousFunction(matching.map(signature));
	if (fallback.length === 1) return fallback[0];
	if (fallback.length > 1) throw ambiguousFunction(fallback.map(signature));
	throw notFound(catalog, schema, name, [...argumentNames].sort(), jsonBody, overloads);
}
