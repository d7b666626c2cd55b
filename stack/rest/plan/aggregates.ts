// Aggregates in a read plan, by PostgREST's rules (Plan.hs): refused unless db-aggregates-enabled;
// those inside a to-one spread are hoisted to the nearest ancestor that is not one, so they
// aggregate over its rows (grouped by its other columns) instead of over the single embedded row;
// none may reach a to-many spread.
import { isToOne } from '../catalog';
import { aggregatesNotAllowed, notImplemented } from '../errors';
import { embedName, type ReadNode, type SpreadSelect } from './types';

const isToOneSpread = (node: ReadNode) =>
	node.spread && node.relationship !== undefined && isToOne(node.relationship);

const isToManySpread = (node: ReadNode) =>
	node.spread && node.relationship !== undefined && !isToOne(node.relationship);

export const hasAggregate = (node: ReadNode): boolean =>
	node.select.some((s) => s.aggregate !== undefined) || node.children.some(hasAggregate);

export function refuseAggregatesUnlessEnabled(root: ReadNode, enabled: boolean): void {
	if (!enabled && hasAggregate(root)) throw aggregatesNotAllowed();
}

/** An embed with nothing selected anywhere below it joins (to filter) but adds no output. */
export const isEmptyEmbed = (node: ReadNode): boolean =>
	node.select.length === 0 && node.children.every(isEmptyEmbed);

/** Fills `spreadSelect` on every spread: its columns, then what its own embeds add. */
export function addSpreadSelects(node: ReadNode): void {
	for (const child of node.children) addSpreadSelects(child);
	if (!node.spread) return;
	node.spreadSelect = [
		...node.select.map((s) => ({ name: s.alias ?? s.field.name })),
		...node.children.flatMap((child): SpreadSelect[] =>
			child.spread
				? child.spreadSelect.map((s) => ({ name: s.name }))
				: isEmptyEmbed(child)
					? []
					: [{ name: embedName(child) }]
		)
	];
}

interface Hoisted {
	/** The aggAlias of the spread whose column carries the value. */
	via: string;
	name: string;
	aggregate: NonNullable<SpreadSelect['aggregate']>;
	aggregateCast?: string;
	alias?: string;
}

/** Moves aggregates out of to-one spreads; returns those its parent must apply. */
export function hoistAggregates(node: ReadNode): Hoisted[] {
	const fromChildren = node.children.flatMap(hoistAggregates);
	if (isToOneSpread(node)) {
		const own: Hoisted[] = [];
		for (const item of node.select) {
			if (item.aggregate === undefined) continue;
			own.push({
				via: node.aggAlias,
				name: item.alias ?? item.field.name,
				aggregate: item.aggregate,
				aggregateCast: item.aggregateCast,
				alias: item.alias
			});
			item.aggregate = undefined;
			item.aggregateCast = undefined;
		}
		return [...own, ...fromChildren.map((h) => ({ ...h, via: node.aggAlias }))];
	}
	for (const child of node.children)
		child.spreadSelect = child.spreadSelect.map((item) => {
			const hoisted = fromChildren.find((h) => h.via === child.aggAlias && h.name === item.name);
			return hoisted
				? {
						...item,
						aggregate: hoisted.aggregate,
						aggregateCast: hoisted.aggregateCast,
						alias: hoisted.alias
					}
				: item;
		});
	return [];
}

export function refuseToManySpreadAggregates(node: ReadNode): void {
	if (
		isToManySpread(node) &&
		(node.select.some((s) => s.aggregate !== undefined) ||
			node.children.some((c) => c.spreadSelect.some((s) => s.aggregate !== undefined)))
	)
		throw notImplemented('Aggregates are not implemented for one-to-many or many-to-many spreads.');
	for (const child of node.children) refuseToManySpreadAggregates(child);
}
