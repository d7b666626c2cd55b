// Relationships between relations, inferred as PostgREST infers them: a foreign key gives a
// many-to-one (one-to-one when its columns are also unique) and the inverse one-to-many; views that
// show a key's columns get the same relationships; a table whose primary key covers foreign keys to
// two tables joins them many-to-many; and functions of a row returning rows are relationships of
// their own (computed), overriding those to a table of the same name.
import type { Junction, QualifiedName, Relationship } from './types';

export interface ForeignKey {
	constraint: string;
	table: QualifiedName;
	tableIsView: boolean;
	foreignTable: QualifiedName;
	tableOid: number;
	foreignOid: number;
	/** (column, foreign column, attnum, foreign attnum) */
	columns: [string, string, number, number][];
	oneToOne: boolean;
}

/** A function of a row of `table` returning rows of `foreignTable`. */
export interface ComputedRelationship {
	function: QualifiedName;
	table: QualifiedName;
	foreignTable: QualifiedName;
	toOne: boolean;
}

/** For each view, the table columns (by oid and number) its columns show. */
export interface ViewKeyColumns {
	view: QualifiedName;
	/** `${tableOid}:${attnum}` -> view columns showing it */
	origins: Map<string, string[]>;
}

const same = (a: QualifiedName, b: QualifiedName) => a.schema === b.schema && a.name === b.name;

/** Every way of naming the key's columns with view columns (one view column may repeat a key column). */
function viewColumnChoices(
	view: ViewKeyColumns,
	oid: number,
	attnums: number[]
): string[][] | undefined {
	let choices: string[][] = [[]];
	for (const attnum of attnums) {
		const columns = view.origins.get(`${oid}:${attnum}`);
		if (!columns) return undefined;
		choices = choices.flatMap((prefix) => columns.map((column) => [...prefix, column]));
	}
	return choices;
}

function manyToOne(keys: ForeignKey[], views: ViewKeyColumns[]): Relationship[] {
	const direct: Relationship[] = keys.map((fk) => ({
		table: fk.table,
		foreignTable: fk.foreignTable,
		isSelf: fk.tableOid === fk.foreignOid,
		cardinality: fk.oneToOne ? 'one-to-one' : 'many-to-one',
		constraint: fk.constraint,
		columns: fk.columns.map(([column, foreign]) => [column, foreign]),
		isParent: fk.oneToOne ? false : undefined,
		tableIsView: fk.tableIsView,
		foreignTableIsView: false
	}));

	const throughViews: Relationship[] = [];
	for (const fk of keys) {
		if (fk.tableIsView) continue;
		const base = direct.find((r) => r.constraint === fk.constraint && same(r.table, fk.table))!;
		const sourceViews = views.flatMap((view) =>
			(
				viewColumnChoices(
					view,
					fk.tableOid,
					fk.columns.map((c) => c[2])
				) ?? []
			).map((cols) => ({ view: view.view, cols }))
		);
		const targetViews = views.flatMap((view) =>
			(
				viewColumnChoices(
					view,
					fk.foreignOid,
					fk.columns.map((c) => c[3])
				) ?? []
			).map((cols) => ({ view: view.view, cols }))
		);
		for (const source of sourceViews)
			throughViews.push({
				...base,
				table: source.view,
				isSelf: false,
				columns: source.cols.map((col, i) => [col, fk.columns[i][1]]),
				tableIsView: true
			});
		for (const target of targetViews)
			throughViews.push({
				...base,
				foreignTable: target.view,
				isSelf: false,
				columns: fk.columns.map((c, i) => [c[0], target.cols[i]]),
				foreignTableIsView: true
			});
		for (const source of sourceViews)
			for (const target of targetViews)
				throughViews.push({
					...base,
					table: source.view,
					foreignTable: target.view,
					isSelf: same(source.view, target.view),
					columns: source.cols.map((col, i) => [col, target.cols[i]]),
					tableIsView: true,
					foreignTableIsView: true
				});
	}
	return [...direct, ...throughViews];
}

function manyToMany(
	relationships: Relationship[],
	primaryKeyOf: (table: QualifiedName) => string[]
): Relationship[] {
	const byTable = new Map<string, Relationship[]>();
	for (const r of relationships) {
		if (r.cardinality !== 'many-to-one') continue;
		const k = `${r.table.schema}.${r.table.name}`;
		byTable.set(k, [...(byTable.get(k) ?? []), r]);
	}
	const found: Relationship[] = [];
	for (const fromJunction of byTable.values())
		for (const toSource of fromJunction)
			for (const toTarget of fromJunction) {
				if (toSource.constraint === toTarget.constraint) continue;
				const pk = new Set(primaryKeyOf(toSource.table));
				const junctionColumns = [...toSource.columns, ...toTarget.columns].map(([c]) => c);
				if (!junctionColumns.every((c) => pk.has(c))) continue;
				const junction: Junction = {
					table: toSource.table,
					sourceConstraint: toSource.constraint,
					sourceColumns: toSource.columns,
					targetConstraint: toTarget.constraint,
					targetColumns: toTarget.columns
				};
				found.push({
					table: toSource.foreignTable,
					foreignTable: toTarget.foreignTable,
					isSelf: same(toSource.foreignTable, toTarget.foreignTable),
					cardinality: 'many-to-many',
					constraint: '',
					columns: [],
					junction,
					tableIsView: toSource.foreignTableIsView,
					foreignTableIsView: toTarget.foreignTableIsView
				});
			}
	return found;
}

const fromFunction = (c: ComputedRelationship): Relationship => ({
	table: c.table,
	foreignTable: c.foreignTable,
	isSelf: same(c.table, c.foreignTable),
	cardinality: c.toOne ? 'many-to-one' : 'one-to-many',
	constraint: '',
	columns: [],
	tableIsView: false,
	foreignTableIsView: false,
	computed: c.function
});

function inverses(relationships: Relationship[]): Relationship[] {
	const swap = (columns: [string, string][]) => columns.map(([a, b]) => [b, a] as [string, string]);
	return relationships.flatMap((r): Relationship[] => {
		if (r.cardinality !== 'many-to-one' && r.cardinality !== 'one-to-one') return [];
		return [
			{
				...r,
				table: r.foreignTable,
				foreignTable: r.table,
				cardinality: r.cardinality === 'many-to-one' ? 'one-to-many' : 'one-to-one',
				columns: swap(r.columns),
				isParent: r.cardinality === 'one-to-one' ? !r.isParent : undefined,
				tableIsView: r.foreignTableIsView,
				foreignTableIsView: r.tableIsView
			}
		];
	});
}

/** All relationships among the exposed schemas, keyed by origin (`schema.name` via `keyOf`). */
export function buildRelationships(
	keys: ForeignKey[],
	computed: ComputedRelationship[],
	views: ViewKeyColumns[],
	primaryKeyOf: (table: QualifiedName) => string[],
	exposed: Set<string>,
	keyOf: (name: QualifiedName) => string
): Map<string, Relationship[]> {
	const toOne = manyToOne(keys, views);
	const all = [...toOne, ...manyToMany(toOne, primaryKeyOf)];
	// A function named like a table (same schema) replaces every relationship to that table from its
	// argument's table, as PostgREST keys both by (table, target) and lets the function win.
	const overridden = (r: Relationship) =>
		computed.some((c) => same(c.table, r.table) && same(c.function, r.foreignTable));
	const withInverses = [...all, ...inverses(all)].filter((r) => !overridden(r));
	const byOrigin = new Map<string, Relationship[]>();
	for (const r of [...withInverses, ...computed.map(fromFunction)]) {
		if (!exposed.has(r.table.schema) || !exposed.has(r.foreignTable.schema)) continue;
		if (r.junction && !exposed.has(r.junction.table.schema)) continue;
		if (r.computed && !exposed.has(r.computed.schema)) continue;
		const k = keyOf(r.table);
		byOrigin.set(k, [...(byOrigin.get(k) ?? []), r]);
	}
	return byOrigin;
}
