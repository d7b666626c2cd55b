// The agent ticket page's inputs: one property edit at a time (with the version it started from),
// a message with its files and optional status, a macro, a merge. The database checks the same
// rules; these say what is wrong in plain words before anything is sent.
import { z } from 'zod';
import { ticketPriorities, ticketStatuses } from './status';

const uuidOrNobody = z.union([
	z.literal('').transform(() => null),
	z.uuid({ error: 'Choose from the list.' })
]);

const jsonValue = z.string().transform((text, context) => {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		context.addIssue({ code: 'custom', message: 'That value could not be read.' });
		return z.NEVER;
	}
});

const tagList = z
	.array(
		z
			.string()
			.trim()
			.min(1, { error: 'A tag needs at least one character.' })
			.max(50, { error: 'Keep a tag to 50 characters.' })
	)
	.max(20, { error: 'A ticket takes at most 20 tags.' })
	.transform((tags) => [...new Set(tags)]);

const customValue = z.union([
	z.string().max(1000, { error: 'Keep it to 1,000 characters.' }),
	z.number(),
	z.boolean(),
	z.array(z.string()),
	z.null()
]);

/** One property edit: which property, its new value, and the ticket version it was made on. */
export const propertyEditForm = z
	.object({
		version: z.coerce.number({ error: 'Reload the page.' }).int().positive(),
		field: z.enum(['status', 'priority', 'assignee_id', 'team_id', 'tags', 'due_at', 'custom']),
		key: z
			.string()
			.regex(/^[a-z][a-z0-9_]{0,49}$/)
			.optional(),
		value: z.string().max(5000, { error: 'That value is too long.' })
	})
	.transform((form, context) => {
		const parsed = propertyEdit.safeParse(
			form.field === 'tags' || form.field === 'custom'
				? { field: form.field, key: form.key, value: jsonValue.safeParse(form.value).data }
				: { field: form.field, value: form.value }
		);
		if (!parsed.success) {
			context.addIssue({
				code: 'custom',
				message: parsed.error.issues[0].message,
				path: ['value']
			});
			return z.NEVER;
		}
		return { version: form.version, edit: parsed.data };
	});

const dueAt = z.union([
	z.literal('').transform(() => null),
	z.iso.date({ error: 'Pick a day.' }).transform((day) => `${day}T17:00:00Z`),
	z.iso.datetime({ offset: true, error: 'Pick a day.' })
]);

export const propertyEdit = z.discriminatedUnion('field', [
	z.object({
		field: z.literal('status'),
		value: z.enum(ticketStatuses, { error: 'Choose a status.' })
	}),
	z.object({
		field: z.literal('priority'),
		value: z.enum(ticketPriorities, { error: 'Choose a priority.' })
	}),
	z.object({ field: z.literal('assignee_id'), value: uuidOrNobody }),
	z.object({ field: z.literal('team_id'), value: uuidOrNobody }),
	z.object({ field: z.literal('tags'), value: tagList }),
	z.object({ field: z.literal('due_at'), value: dueAt }),
	z.object({
		field: z.literal('custom'),
		key: z.string({ error: 'Which field?' }),
		value: customValue
	})
]);

export type PropertyEdit = z.output<typeof propertyEdit>;

/** The properties an edit can touch, as the page names them in messages. */
export const propertyLabels: Record<PropertyEdit['field'], string> = {
	status: 'Status',
	priority: 'Priority',
	assignee_id: 'Assignee',
	team_id: 'Team',
	tags: 'Tags',
	due_at: 'Due date',
	custom: 'Field'
};

export const messageForm = z.object({
	kind: z.enum(['reply', 'note'], { error: 'Choose reply or internal note.' }),
	body: z
		.string({ error: 'Write something first.' })
		.trim()
		.min(1, { error: 'Write something first.' })
		.max(20_000, { error: 'Keep a message to 20,000 characters.' }),
	// The draft files' ids, comma-separated.
	attachments: z
		.string()
		.default('')
		.transform((ids) => ids.split(',').filter(Boolean))
		.pipe(
			z
				.array(z.uuid({ error: 'A file is no longer there; attach it again.' }))
				.max(10, { error: 'Attach at most 10 files to one message.' })
		),
	status: z
		.union([z.literal(''), z.enum(ticketStatuses, { error: 'Choose a status.' })])
		.optional()
		.transform((status) => status || null)
});

export const macroForm = z.object({
	macro: z.uuid({ error: 'Choose a macro.' }),
	version: z.coerce.number().int().positive().optional()
});

export const mergeForm = z.object({
	target: z.coerce
		.number({ error: 'Enter a ticket number.' })
		.int({ error: 'Enter a ticket number.' })
		.positive({ error: 'Enter a ticket number.' })
});
