// Two revisions of an article compared line by line (jsdiff), as rows the history page shows:
// each line added, removed or unchanged, and the fields other than the body that changed.
import { diffLines } from 'diff';

export interface DiffLine {
	kind: 'added' | 'removed' | 'same';
	text: string;
}

export interface RevisionFields {
	title: string;
	slug: string;
	body: string;
	tags: string[];
	status: string;
	visibility: string;
}

export interface RevisionDiff {
	lines: DiffLine[];
	changed: { field: string; from: string; to: string }[];
}

const fieldNames: [keyof Omit<RevisionFields, 'body'>, string][] = [
	['title', 'Title'],
	['slug', 'URL name'],
	['tags', 'Tags'],
	['status', 'Status'],
	['visibility', 'Visibility']
];

const shown = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : value);

export function diffRevisions(from: RevisionFields, to: RevisionFields): RevisionDiff {
	const lines = diffLines(from.body, to.body).flatMap((change) =>
		change.value
			.replace(/\n$/, '')
			.split('\n')
			.map((text) => ({
				kind: change.added
					? ('added' as const)
					: change.removed
						? ('removed' as const)
						: ('same' as const),
				text
			}))
	);
	const changed = fieldNames
		.filter(([key]) => shown(from[key]) !== shown(to[key]))
		.map(([key, field]) => ({ field, from: shown(from[key]), to: shown(to[key]) }));
	return { lines, changed };
}
