import { z } from 'zod';
import { formResult, parseForm } from '$lib/forms';
import { categoryForm, slugify } from '$lib/kb';
import { guardPortal } from '$lib/server/guard-portal';
import {
	createCategory,
	deleteCategory,
	loadCategoriesForEditing,
	orderCategories
} from '$lib/server/kb';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	await guardPortal('agent', locals, url);
	return { categories: await loadCategoriesForEditing(locals.supabase) };
};

export const actions: Actions = {
	add: async ({ request, locals }) => {
		const result = formResult('add');
		const parsed = parseForm(categoryForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const slug = slugify(parsed.data.name);
		if (!slug) return result.fail(400, 'Use letters or digits in the name.', parsed.data);
		const existing = await loadCategoriesForEditing(locals.supabase);
		const position = Math.max(0, ...existing.map((category) => category.position)) + 1;
		const created = await createCategory(locals.supabase, parsed.data, slug, position);
		if ('message' in created) return result.fail(created.status, created.message, parsed.data);
		return result.ok();
	},
	// Positions as typed (or as the arrows left them): categories sort by them, ties by the order shown.
	order: async ({ request, locals }) => {
		const result = formResult('order');
		const form = await request.formData();
		const entries = [...form].flatMap(([name, value]) => {
			const id = /^position:([0-9a-f-]{36})$/.exec(name)?.[1];
			return id ? [{ id, position: Number(value) }] : [];
		});
		if (entries.length === 0 || entries.some((entry) => !Number.isInteger(entry.position))) {
			return result.fail(400, 'Give every category a whole number.');
		}
		const ids = entries
			.map((entry, index) => ({ ...entry, index }))
			.sort((a, b) => a.position - b.position || a.index - b.index)
			.map((entry) => entry.id);
		const refused = await orderCategories(locals.supabase, ids);
		if (refused) return result.fail(refused.status, refused.message);
		return result.ok();
	},
	remove: async ({ request, locals }) => {
		const result = formResult('remove');
		const parsed = parseForm(z.object({ id: z.uuid() }), await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const refused = await deleteCategory(locals.supabase, parsed.data.id);
		if (refused) {
			return result.fail(
				refused.status,
				refused.status === 409 ? 'Move or delete the category’s articles first.' : refused.message
			);
		}
		return result.ok();
	}
};
