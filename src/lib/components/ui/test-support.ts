// Helpers for the primitives' component tests.
import { createRawSnippet } from 'svelte';

/** A children snippet holding plain text. */
export const text = (value: string) =>
	createRawSnippet(() => ({ render: () => `<span>${value}</span>` }));

/** The element that has focus, inside a shadow-free document. */
export const focused = () => document.activeElement as HTMLElement | null;

/**
 * The attributes of each `tag` element in server-rendered `body` whose opening tag holds `marker`
 * (e.g. 'role="checkbox"'), in order: to compare a deferred widget's plain markup with bits-ui's.
 */
export function attributesOf(body: string, tag: string, marker: string) {
	// Attribute by attribute: a class may hold a ">" (`[&>span]:truncate`).
	const tags = body.matchAll(new RegExp(`<${tag}((?:\\s+[\\w-]+(?:="[^"]*")?)*)\\s*/?>`, 'g'));
	return [...tags]
		.map(([, attributes]) => attributes)
		.filter((attributes) => attributes.includes(marker))
		.map((attributes) =>
			Object.fromEntries(
				[...attributes.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k, v ?? ''])
			)
		);
}
