// The knowledge base forms' input rules; the database checks the same limits, these say them in
// plain words.
import { z } from 'zod';
import { Constants, type Enums } from '$lib/supabase';

export const maxArticleLength = 100_000;

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A URL name from a title: "Reset your password!" → "reset-your-password". */
export function slugify(title: string): string {
	return title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 120)
		.replace(/-+$/, '');
}

/** Tags typed as "billing, vat invoices": lower-case words, each once, at most 20. */
export const parseTags = (text: string) => [
	...new Set(
		text
			.split(/[,\s]+/)
			.map((tag) => tag.trim().toLowerCase())
			.filter(Boolean)
	)
];

export const articleForm = z.object({
	title: z
		.string()
		.trim()
		.min(1, { error: 'Give the article a title.' })
		.max(200, { error: 'Keep the title to 200 characters.' }),
	slug: z
		.string()
		.trim()
		.max(120, { error: 'Keep the URL name to 120 characters.' })
		.refine((slug) => slug === '' || slugPattern.test(slug), {
			error: 'Use lower-case letters, digits and single dashes, like “reset-your-password”.'
		}),
	category_id: z.uuid({ error: 'Choose a category.' }),
	visibility: z.enum(Constants.public.Enums.kb_visibility, { error: 'Choose who may read it.' }),
	tags: z
		.string()
		.default('')
		.transform(parseTags)
		.refine((tags) => tags.length <= 20, { error: 'Use at most 20 tags.' })
		.refine((tags) => tags.every((tag) => tag.length <= 40), {
			error: 'Keep each tag to 40 characters.'
		}),
	body: z
		.string()
		.default('')
		.refine((body) => body.length <= maxArticleLength, {
			error: `Keep the article to ${maxArticleLength.toLocaleString('en')} characters.`
		})
});

export type ArticleInput = z.output<typeof articleForm>;

export const categoryForm = z.object({
	name: z
		.string()
		.trim()
		.min(1, { error: 'Name the category.' })
		.max(80, { error: 'Keep the name to 80 characters.' }),
	description: z
		.string()
		.trim()
		.max(300, { error: 'Keep the description to 300 characters.' })
		.default('')
});

/** A visibility from a form value, or `public`. */
export const readVisibility = (value: string | undefined): Enums<'kb_visibility'> =>
	Constants.public.Enums.kb_visibility.find((visibility) => visibility === value) ?? 'public';

/** An article id from a route parameter: a positive integer, or nothing. */
export function articleId(param: string): number | undefined {
	if (!/^[1-9][0-9]{0,15}$/.test(param)) return;
	const id = Number(param);
	return Number.isSafeInteger(id) ? id : undefined;
}
