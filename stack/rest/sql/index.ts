export {
	Params,
	bindParams,
	ident,
	qualified,
	column,
	arrayLiteral,
	type ParamSource
} from './fragments';
export { operandOf } from './conditions';
export { readSql, countSql } from './read';
export { insertSql, updateSql, deleteSql, type BodySource } from './mutate';
export { callSql, type CallArguments } from './call';
export {
	mainReadSql,
	mainWriteSql,
	mainCallSql,
	explainCountSql,
	type BodyFormat,
	type CountMode,
	type CountOptions
} from './statements';
export { settingsSql, type RequestSettings } from './settings';
