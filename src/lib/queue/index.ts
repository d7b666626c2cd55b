export * from './columns';
export * from './query';
export * from './views';
export * from './rows';
export { highlightParts, type TextPart } from './highlight';
export {
	maxSearchLength,
	parseQueueUrl,
	queueSearch,
	parseDateRange,
	formatDateRange,
	type QueueUrlState
} from './url-state';
export {
	bulkChange,
	bulkTargets,
	bulkResult,
	changesOf,
	describeBulkResult,
	maxBulkTickets,
	type BulkChange,
	type BulkResult
} from './bulk';
