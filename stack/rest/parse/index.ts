export { canonicalQuery, parseQueryParams, pathKey } from './query-params';
export { parseSelect } from './select';
export {
	parseOpExpr,
	parseLogic,
	parseTreePath,
	isFilterValue,
	isEmptyList,
	filterShape
} from './filter';
export { parseOrder } from './order';
export { parsePreferences, preferenceApplied, type Preferences } from './prefer';
export {
	parseAccept,
	parseContentType,
	toMime,
	type MediaType,
	type PlanOption
} from './media-type';
export type * from './types';
