export * from './queries';
export { bulkUpdate, deleteView, saveView, type ViewInput } from './mutations';
export { effectiveQuery, resolveView, type ShownView } from './resolve';
export type { ViewNav } from './view-nav';
export { queueActions } from './actions';
export { loadQueue } from './load';
