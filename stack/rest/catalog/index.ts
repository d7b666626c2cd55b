export { createSchemaCache, type SchemaCache } from './schema-cache';
export { loadCatalog } from './load-catalog';
export { viewColumnOrigins } from './view-columns';
export * from './types';
export { type DbConfig, type TxEnd } from './db-config';
