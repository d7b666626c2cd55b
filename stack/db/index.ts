export type {
	Database,
	Queryable,
	QueryResult,
	SqlParam,
	Statement,
	PostgresError,
	ServerError,
	Session,
	SimpleOutcome,
	SimpleResult,
	TransactionOptions
} from './types';
export { isPostgresError } from './types';
export {
	openDatabase,
	DataFolderError,
	type DataOption,
	type OpenedDatabase
} from './open-database';
export { MigrationError, type SqlFile } from './migrate';
export { splitSql } from './split-sql';
