export { createSchemaCache, type SchemaCache } from './schema-cache';
export { loadCatalog } from './load-catalog';
export { viewColumnOrigins } from './view-columns';
export * from './types';
