// A function call as PostgREST writes it (callPlanToQuery): named arguments from a JSON body through
// json_to_record, or from query parameters cast to the parameters' types, or the whole body to a
// single unnamed json parameter. Scalar results come out as the column `pgrst_scalar`.
import { returnsScalar, returnsSetOfScalar, type Routine, type RoutineParam } from '../catalog';
import { bodySql } from './mutate';
import { arrayLiteral, ident, qualified, type Params } from './fragments';

export type CallArguments =
	/** A JSON body whose keys name parameters. */
	| { kind: 'json'; json: string; isObject: boolean; params: RoutineParam[] }
	/** Query (or form) arguments: one value each, several for a variadic parameter. */
	| { kind: 'direct'; values: Map<string, string[]>; params: RoutineParam[] }
	/** The whole body for a single unnamed json/jsonb parameter. */
	| { kind: 'whole'; json: string; type: string };

export function callSql(routine: Routine, args: CallArguments, p: Params): string {
	const scalar = returnsScalar(routine) || returnsSetOfScalar(routine);
	const fn = qualified(routine);
	const call = (argumentList: string) =>
		scalar
			? `(SELECT ${fn}(${argumentList}) pgrst_scalar) pgrst_call`
			: `${fn}(${argumentList}) pgrst_call`;
	const selected = scalar ? 'pgrst_call.pgrst_scalar' : 'pgrst_call.*';
	const variadic = (param: RoutineParam) => (param.variadic ? 'VARIADIC ' : '');

	switch (args.kind) {
		case 'whole':
			return `SELECT ${selected} FROM ${call(`${p.add(args.json)}::${args.type}`)}`;
		case 'direct': {
			const list = args.params.map((param) => {
				const values = args.values.get(param.name) ?? [];
				const value = param.variadic ? arrayLiteral(values) : (values[values.length - 1] ?? '');
				return `${variadic(param)}${ident(param.name)} := ${p.add(value)}::${param.typeMaxLength}`;
			});
			return `SELECT ${selected} FROM ${call(list.join(', '))}`;
		}
		case 'json': {
			if (args.params.length === 0) return `SELECT ${selected} FROM ${call('')}`;
			const body = bodySql(
				{
					json: args.json,
					isObject: args.isObject,
					columns: args.params.map((param) => ({
						name: param.name,
						type: param.typeMaxLength,
						baseType: param.type,
						nullable: true,
						default: null
					})),
					applyDefaults: false,
					limitOne: true
				},
				p
			);
			const list = args.params
				.map((param) => `${variadic(param)}${ident(param.name)} := pgrst_body.${ident(param.name)}`)
				.join(', ');
			return `SELECT ${selected} ${body}, LATERAL ${call(list)}`;
		}
	}
}
