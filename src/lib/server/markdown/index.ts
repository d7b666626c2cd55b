import { publicSupabaseEnv } from '$lib/supabase';
import { createMarkdownRenderer, type RenderMarkdown } from './render';

export { createMarkdownRenderer, type RenderMarkdown } from './render';

let renderer: RenderMarkdown | undefined;

/** Ticket text as safe HTML; images only from this project's storage. */
export function renderMarkdown(text: string): string {
	renderer ??= createMarkdownRenderer({
		imagePrefix: `${publicSupabaseEnv().url}/storage/v1/object/`
	});
	return renderer(text);
}

/** Activities with their text rendered (`html`, null for rows without text). */
export const withRenderedBodies = <A extends { body: string | null }>(activities: A[]) =>
	activities.map((activity) => ({
		...activity,
		html: activity.body === null ? null : renderMarkdown(activity.body)
	}));
