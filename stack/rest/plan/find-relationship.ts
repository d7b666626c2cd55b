// Which relationship `origin?select=target!hint(…)` means, by PostgREST's rules (Plan.hs findRel):
// the target names a table or view, or (for tables) a foreign key or one of its columns, or a
// computed relationship's function; a hint names a foreign key, a column on either side, or a
// many-to-many junction. None: PGRST200; several: PGRST201.
import { key, type Catalog, type QualifiedName, type Relationship } from '../catalog';
import { ambiguousRelationship, noRelationship, type RelationshipDescription } from '../errors';
import { closest } from './fuzzy';

const single = (columns: [string, string][]) => (columns.length === 1 ? columns[0] : undefined);

function matches(
	r: Relationship,
	schema: string,
	target: string,
	hint: string | undefined
): boolean {
	// A computed relationship answers to its function's name alone, hint or not.
	if (r.computed) return r.computed.schema === schema && r.computed.name === target;
	const pair = single(r.columns);
	const isM2O = r.cardinality === 'many-to-one';
	const isO2M = r.cardinality === 'one-to-many';
	const fkCardinality = r.cardinality !== 'many-to-many';
	const matchesConstraint = (name: string) => fkCardinality && r.constraint === name;
	const matchesColumn = (name: string) => fkCardinality && pair?.[0] === name;
	const matchesForeignColumn = (name: string) => fkCardinality && pair?.[1] === name;

	if (r.isSelf) {
		if (hint === undefined)
			return (target === r.foreignTable.name && isO2M) || (isM2O && matchesColumn(target));
		return target === r.foreignTable.name && isO2M && matchesForeignColumn(hint);
	}
	if (hint === undefined)
		return (
			target === r.foreignTable.name ||
			(matchesConstraint(target) && !r.foreignTableIsView) ||
			(matchesColumn(target) && !r.foreignTableIsView)
		);
	return (
		target === r.foreignTable.name &&
		(matchesConstraint(hint) ||
			matchesColumn(hint) ||
			matchesForeignColumn(hint) ||
			(r.cardinality === 'many-to-many' && r.junction?.table.name === hint))
	);
}

const list = (columns: string[]) => `(${columns.join(', ')})`;

function describe(r: Relationship): RelationshipDescription | Record<string, never> {
	// PostgREST describes a computed relationship with an empty object.
	if (r.computed) return {};
	const embedding = `${r.table.name} with ${r.foreignTable.name}`;
	if (r.cardinality === 'many-to-many' && r.junction) {
		const j = r.junction;
		return {
			cardinality: 'many-to-many',
			embedding,
			relationship: `${j.table.name} using ${j.sourceConstraint}${list(j.sourceColumns.map(([c]) => c))} and ${j.targetConstraint}${list(j.targetColumns.map(([c]) => c))}`
		};
	}
	return {
		cardinality: r.cardinality,
		embedding,
		relationship: `${r.constraint} using ${r.table.name}${list(r.columns.map(([c]) => c))} and ${r.foreignTable.name}${list(r.columns.map(([, f]) => f))}`
	};
}

const hintFor = (r: Relationship) =>
	`'${r.foreignTable.name}!${r.cardinality === 'many-to-many' ? r.junction!.table.name : r.constraint}'`;

export function findRelationship(
	catalog: Catalog,
	schema: string,
	origin: QualifiedName,
	target: string,
	hint: string | undefined
): Relationship {
	const candidates = catalog.relationships.get(key(origin.schema, origin.name)) ?? [];
	const found = candidates.filter((r) => matches(r, schema, target, hint));
	if (found.length === 1) return found[0];
	if (found.length > 1)
		throw ambiguousRelationship(
			origin.name,
			target,
			found.map(describe),
			found.filter((r) => !r.computed).map(hintFor)
		);

	// PostgREST suggests a parent when the origin has no relationships, else a child.
	let suggestion: string | null = null;
	if (candidates.length === 0) {
		const origins = [...catalog.relationships.values()]
			.map((rs) => rs[0].table)
			.filter((t) => t.schema === schema)
			.map((t) => t.name);
		const parent = closest(origin.name, origins);
		if (parent !== null) suggestion = `Perhaps you meant '${parent}' instead of '${origin.name}'.`;
	} else {
		const child = closest(
			target,
			candidates.map((r) => r.foreignTable.name),
			0.33,
			1
		);
		if (child !== null) suggestion = `Perhaps you meant '${child}' instead of '${target}'.`;
	}
	throw noRelationship(origin.name, target, hint, schema, suggestion);
}
