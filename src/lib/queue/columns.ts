// The queue's columns: what each shows, whether the table can be sorted by it, and which show by
// default. Saved views store the keys of the columns they show (the database checks the same keys).

export const columnKeys = [
	'subject',
	'status',
	'priority',
	'sla',
	'customer',
	'assignee',
	'team',
	'tags',
	'created',
	'updated'
] as const;
export type ColumnKey = (typeof columnKeys)[number];

export const isColumnKey = (value: string): value is ColumnKey =>
	columnKeys.some((key) => key === value);

export const columnLabels: Record<ColumnKey, string> = {
	subject: 'Subject',
	status: 'Status',
	priority: 'Priority',
	sla: 'SLA',
	customer: 'Customer',
	assignee: 'Assignee',
	team: 'Team',
	tags: 'Tags',
	created: 'Created',
	updated: 'Updated'
};

/** What the queue can be sorted by: every column but tags, the ticket number and, searching, relevance. */
export const sortKeys = [
	'updated',
	'created',
	'id',
	'subject',
	'status',
	'priority',
	'customer',
	'assignee',
	'team',
	'sla',
	'relevance'
] as const;
export type SortKey = (typeof sortKeys)[number];

export const sortable = (column: ColumnKey): column is Exclude<ColumnKey, 'tags'> =>
	column !== 'tags';

/** The subject always shows: it is the row's link. */
export const defaultColumns: ColumnKey[] = [
	'subject',
	'status',
	'priority',
	'sla',
	'customer',
	'assignee',
	'updated'
];

/**
 * The direction a sort starts in when first chosen: names A–Z, newest and most urgent first, and
 * the SLA soonest due first.
 */
export const defaultDirection = (sort: SortKey): 'asc' | 'desc' =>
	['subject', 'status', 'customer', 'assignee', 'team', 'sla'].includes(sort) ? 'asc' : 'desc';
