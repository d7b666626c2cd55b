export {
	buildReadPlan,
	returningColumns,
	rootConditions,
	sourceName,
	type ReadPlanOptions
} from './read-plan';
export { findRelationship } from './find-relationship';
export { isEmptyEmbed } from './aggregates';
export { findRoutine } from './find-routine';
export { closest } from './fuzzy';
export * from './types';
