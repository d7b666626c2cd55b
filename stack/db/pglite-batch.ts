// A batch on PGlite as one call into the database: Parse/Bind/Describe/Execute for each statement
// (no Describe for a statement already prepared and described, see prepared-names.ts) and a single
// Sync in one protocol message, so the statements share one transaction (an implicit one, or the
// caller's) and the first error skips the rest, as on PostgreSQL.
import { protocol, types, type PGlite } from '@electric-sql/pglite';
import { affectedRowsOf, wireValue } from './postgres-batch';
import type { NameUse, PreparedNames } from './prepared-names';
import type { Field, QueryResult, Statement } from './types';

interface Message {
	name: string;
}
interface RowDescription extends Message {
	fields: Field[];
}
interface DataRow extends Message {
	fields: (string | null)[];
}
interface CommandComplete extends Message {
	text: string;
}

function concat(parts: Uint8Array[]): Uint8Array {
	const message = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		message.set(part, offset);
		offset += part.length;
	}
	return message;
}

function collect(
	messages: Message[],
	parsers: PGlite['parsers'],
	statements: Statement[],
	names: PreparedNames,
	uses: NameUse[]
): QueryResult[] {
	const results: QueryResult[] = [];
	// A statement run without a Describe answers with the columns its name has kept.
	let fields: readonly Field[] = uses[0]?.fields ?? [];
	let rows: Record<string, unknown>[] = [];
	for (const message of messages) {
		if (message.name === 'rowDescription') {
			fields = (message as RowDescription).fields.map(({ name, dataTypeID }) => ({
				name,
				dataTypeID
			}));
			names.described(uses[results.length], fields);
		} else if (message.name === 'dataRow') {
			const values = (message as DataRow).fields;
			const raw = statements[results.length]?.rawText === true;
			const row: Record<string, unknown> = {};
			for (let i = 0; i < values.length; i++)
				row[fields[i].name] = raw
					? values[i]
					: types.parseType(values[i], fields[i].dataTypeID, parsers);
			rows.push(row);
		} else if (message.name === 'commandComplete') {
			results.push({
				rows,
				fields: [...fields],
				affectedRows: affectedRowsOf((message as CommandComplete).text)
			});
			fields = uses[results.length]?.fields ?? [];
			rows = [];
		} else if (message.name === 'emptyQuery') {
			results.push({ rows: [], fields: [], affectedRows: 0 });
			fields = uses[results.length]?.fields ?? [];
		}
	}
	return results;
}

/** Runs `statements` as one batch; the caller holds the database's lock. */
export async function runPgliteBatch(
	pg: PGlite,
	names: PreparedNames,
	statements: Statement[]
): Promise<QueryResult[]> {
	const { serialize } = protocol;
	const parts: Uint8Array[] = [];
	for (const name of names.takeClosing()) parts.push(serialize.close({ type: 'S', name }));
	const parsed: string[] = [];
	const uses: NameUse[] = [];
	for (const statement of statements) {
		const use = names.use(statement);
		const { name } = use;
		uses.push(use);
		if (use.parse) {
			parts.push(serialize.parse({ text: statement.sql, name }));
			if (name) parsed.push(name);
		}
		parts.push(
			serialize.bind({ statement: name, values: (statement.params ?? []).map(wireValue) })
		);
		if (use.fields === undefined) parts.push(serialize.describe({ type: 'P' }));
		parts.push(serialize.execute({}));
	}
	parts.push(serialize.sync());
	try {
		const { messages } = await pg.runExclusive(() => pg.execProtocol(concat(parts)));
		return collect(messages as Message[], pg.parsers, statements, names, uses);
	} catch (error) {
		names.forget(parsed);
		throw error;
	}
}
