// What the agent's ticket page reads beyond the conversation (properties, custom fields, tags,
// macros, the customer's other tickets) and what it writes: messages with their files,
// compare-and-set property edits, macros and merges. All under the agent's JWT, so RLS decides.
import type { PostgrestError, QueryData } from '@supabase/supabase-js';
import { error } from '@sveltejs/kit';
import type { AppSupabaseClient, Database, Json, Tables, TablesUpdate } from '$lib/supabase';
import type { PropertyEdit } from '$lib/tickets/properties';
import { timelinePageSize } from '$lib/tickets/timeline';
import type { Person } from './queries';
import { shapeTimeline, type ActivityRow, type FileRow } from './timeline';

const propertyColumns =
	'id, subject, description, status, priority, created_at, updated_at, solved_at, due_at, version, tags, custom_fields, customer_id, assignee_id, team_id, type_id, first_response_at, sla_targets, sla_paused_at, first_response_due_at, next_response_due_at, resolution_due_at, first_response_breached_at, next_response_breached_at, resolution_breached_at, sla_policy:sla_policies(name), customer:profiles!tickets_customer_id_fkey(id, full_name, email, created_at, avatar_path), assignee:profiles!tickets_assignee_id_fkey(id, full_name)';

export const agentTicketQuery = (supabase: AppSupabaseClient, id: number) =>
	supabase.from('tickets').select(propertyColumns).eq('id', id).maybeSingle();

export type AgentTicket = NonNullable<QueryData<ReturnType<typeof agentTicketQuery>>>;
/** The ticket as the page gets it: the description goes as HTML beside it, not twice. */
export type ShownTicket = Omit<AgentTicket, 'description'>;
export type TicketField = Pick<
	Tables<'ticket_fields'>,
	'key' | 'label' | 'description' | 'field_type' | 'options' | 'required_on_solve'
>;
export type MacroSummary = Pick<
	Tables<'macros'>,
	'id' | 'name' | 'description' | 'message_kind' | 'owner_id'
>;
export type CustomerTicket = Pick<Tables<'tickets'>, 'id' | 'subject' | 'status' | 'created_at'>;
export type SuggestedArticle =
	Database['public']['Functions']['suggest_kb_articles']['Returns'][number];

/**
 * What `agent_ticket_page` answers: each part as the API answers the same read (the function
 * builds them with the same keys), the timeline's newest page oldest first.
 */
export interface AgentTicketPageData {
	ticket: AgentTicket;
	timeline: ActivityRow[];
	/** How many timeline items the ticket has in all. */
	timeline_total: number;
	/** The files of the page's messages and of the description. */
	files: FileRow[];
	staff: Person[];
	fields: TicketField[];
	teams: Pick<Tables<'teams'>, 'id' | 'name'>[];
	tags: string[];
	/** Shared macros and the agent's own (RLS shows no others). */
	macros: MacroSummary[];
	/** The customer's most recent tickets other than this one. */
	customer_tickets: CustomerTicket[];
	/** The merges into and out of the ticket. */
	merge_links: Pick<Tables<'ticket_links'>, 'source_ticket_id' | 'target_ticket_id'>[];
	suggested_articles: SuggestedArticle[];
}

function unwrap<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error || result.data === null) {
		console.error(`loading ${what} failed:`, result.error?.message);
		error(503, `Could not load ${what}. Try again in a moment.`);
	}
	return result.data;
}

export async function loadAgentTicket(supabase: AppSupabaseClient, id: number) {
	const result = await agentTicketQuery(supabase, id);
	if (result.error) unwrap(result, 'the ticket');
	return result.data ?? error(404, 'There is no such ticket.');
}

/**
 * Everything the ticket page shows, in one request (`agent_ticket_page`, under the caller's RLS),
 * then one more to sign the links of the files it lists, if any.
 */
export async function loadAgentTicketPage(supabase: AppSupabaseClient, id: number) {
	const result = await supabase.rpc('agent_ticket_page', {
		ticket: id,
		timeline_size: timelinePageSize
	});
	if (result.error) unwrap(result, 'the ticket');
	// The function's answer is typed as JSON; its shape is the one above (see its migration).
	const page = result.data as unknown as AgentTicketPageData | null;
	if (!page) error(404, 'There is no such ticket.');
	const timeline = await shapeTimeline(supabase, page.timeline, page.files, {
		withDescription: true
	});
	return {
		ticket: page.ticket,
		timeline: {
			items: timeline.items,
			earlier: Math.max(0, page.timeline_total - page.timeline.length)
		},
		descriptionFiles: timeline.descriptionFiles,
		staff: page.staff,
		fields: page.fields,
		teams: page.teams,
		tags: page.tags,
		macros: page.macros,
		customerTickets: page.customer_tickets,
		mergeLinks: page.merge_links,
		suggestedArticles: page.suggested_articles
	};
}

// Writes -------------------------------------------------------------------------------------------

export interface Refusal {
	status: number;
	message: string;
}

/** A database refusal as a message for people; the SQL details stay in the server log. */
export function refusal(failure: Pick<PostgrestError, 'code' | 'message'>, what: string): Refusal {
	// P0001/P0002 and PT409 carry reasons the database wrote for people.
	if (failure.code === 'P0001') return { status: 400, message: failure.message };
	if (failure.code === 'P0002') return { status: 404, message: failure.message };
	if (failure.code === 'PT409') {
		return {
			status: 409,
			message: 'Someone changed this ticket meanwhile. Look again, then retry.'
		};
	}
	console.error(`${what} failed:`, failure.code, failure.message);
	if (failure.code === '42501') return { status: 403, message: `You may not ${what} here.` };
	if (failure.code === '23514' || failure.code === '22P02' || failure.code === '22001') {
		return { status: 400, message: 'That cannot be saved: check what you entered.' };
	}
	return { status: 503, message: `Could not ${what}. Try again in a moment.` };
}

export async function sendMessage(
	supabase: AppSupabaseClient,
	message: {
		ticketId: number;
		kind: 'reply' | 'note';
		body: string;
		attachmentIds: string[];
		status: TablesUpdate<'tickets'>['status'] | null;
	}
): Promise<Refusal | undefined> {
	const { error: failed } = await supabase.rpc('post_message', {
		ticket_id: message.ticketId,
		kind: message.kind,
		body: message.body,
		attachment_ids: message.attachmentIds,
		...(message.status ? { new_status: message.status } : {})
	});
	if (failed) return refusal(failed, message.kind === 'note' ? 'add a note' : 'reply');
}

/** The ticket columns one property edit writes. */
export function propertyChange(edit: PropertyEdit, customFields: Json): TablesUpdate<'tickets'> {
	switch (edit.field) {
		case 'status':
			return { status: edit.value };
		case 'priority':
			return { priority: edit.value };
		case 'assignee_id':
			return { assignee_id: edit.value };
		case 'team_id':
			return { team_id: edit.value };
		case 'tags':
			return { tags: edit.value };
		case 'due_at':
			return { due_at: edit.value };
		case 'custom': {
			const current =
				customFields && typeof customFields === 'object' && !Array.isArray(customFields)
					? customFields
					: {};
			return { custom_fields: { ...current, [edit.key]: edit.value } };
		}
	}
}

export type PropertyOutcome =
	| { ok: true; version: number }
	| { ok: false; conflict: true; current: AgentTicket }
	| ({ ok: false; conflict: false } & Refusal);

/**
 * Saves one property edit if the ticket is still at `version` (compare-and-set): when someone else
 * changed it first nothing is written, and the caller gets the ticket as it now is to choose from.
 */
export async function saveProperty(
	supabase: AppSupabaseClient,
	id: number,
	version: number,
	edit: PropertyEdit
): Promise<PropertyOutcome> {
	const before = await loadAgentTicket(supabase, id);
	if (before.version !== version) return { ok: false, conflict: true, current: before };
	const { data, error: failed } = await supabase
		.from('tickets')
		.update(propertyChange(edit, before.custom_fields))
		.eq('id', id)
		.eq('version', version)
		.select('version');
	if (failed) return { ok: false, conflict: false, ...refusal(failed, 'update this ticket') };
	if (data.length === 1) return { ok: true, version: data[0].version };
	return { ok: false, conflict: true, current: await loadAgentTicket(supabase, id) };
}

export interface MacroResult {
	body: string;
	message_kind: 'reply' | 'note';
	changes: { field: string; old: Json; new: Json }[];
	version: number;
	macro: { id: string; name: string };
}

const isMacroResult = (value: Json): value is Json & MacroResult =>
	value !== null &&
	typeof value === 'object' &&
	!Array.isArray(value) &&
	typeof value.body === 'string' &&
	(value.message_kind === 'reply' || value.message_kind === 'note') &&
	Array.isArray(value.changes);

export async function previewMacro(
	supabase: AppSupabaseClient,
	macroId: string,
	ticketId: number
): Promise<MacroResult | Refusal> {
	const { data, error: failed } = await supabase.rpc('preview_macro', {
		macro_id: macroId,
		ticket_id: ticketId
	});
	if (failed) return refusal(failed, 'preview this macro');
	if (!isMacroResult(data)) return { status: 503, message: 'The macro could not be read.' };
	return data;
}

export async function applyMacro(
	supabase: AppSupabaseClient,
	macroId: string,
	ticketId: number,
	version: number
): Promise<MacroResult | Refusal> {
	const { data, error: failed } = await supabase.rpc('apply_macro', {
		macro_id: macroId,
		ticket_id: ticketId,
		expected_version: version
	});
	if (failed) return refusal(failed, 'apply this macro');
	if (!isMacroResult(data)) return { status: 503, message: 'The macro could not be read.' };
	return data;
}

export async function mergeTicket(
	supabase: AppSupabaseClient,
	sourceId: number,
	targetId: number
): Promise<Refusal | undefined> {
	const { error: failed } = await supabase.rpc('merge_ticket', {
		source_id: sourceId,
		target_id: targetId
	});
	if (failed) return refusal(failed, 'merge tickets');
}
