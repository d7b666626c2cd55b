import { publicSupabaseEnv } from '$lib/supabase';
import { createMarkdownRenderer, type RenderMarkdown } from './render';

export { createMarkdownRenderer, type RenderMarkdown } from './render';

let renderer: RenderMarkdown | undefined;
let articleRenderer: RenderMarkdown | undefined;

const storagePrefix = () => `${publicSupabaseEnv().url}/storage/v1/object/`;

/** Ticket text as safe HTML; images only from this project's storage. */
export function renderMarkdown(text: string): string {
	renderer ??= createMarkdownRenderer({ imagePrefix: storagePrefix() });
	return renderer(text);
}

/** A knowledge base article as safe HTML: `#` and `##` are its sections (h2), under the title. */
export function renderArticle(text: string): string {
	articleRenderer ??= createMarkdownRenderer({
		imagePrefix: storagePrefix(),
		headingLevel: (depth) => depth,
		siteLinksInPlace: true
	});
	return articleRenderer(text);
}

/** Activities with their text rendered (`html`, null for rows without text). */
export const withRenderedBodies = <A extends { body: string | null }>(activities: A[]) =>
	activities.map((activity) => ({
		...activity,
		html: activity.body === null ? null : renderMarkdown(activity.body)
	}));
