// Helpers for the primitives' component tests.
import { createRawSnippet } from 'svelte';

/** A children snippet holding plain text. */
export const text = (value: string) =>
	createRawSnippet(() => ({ render: () => `<span>${value}</span>` }));

/** The element that has focus, inside a shadow-free document. */
export const focused = () => document.activeElement as HTMLElement | null;
