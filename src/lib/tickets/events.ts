// The sentence for a `system` history row, by its `meta.event` (merges, macros, automations, SLA).

type Meta = { [key: string]: unknown };

const nameIn = (value: unknown) =>
	value && typeof value === 'object' && typeof (value as Meta).name === 'string'
		? ((value as Meta).name as string)
		: undefined;

/** The sentence for an event, or undefined for rows that are not events. */
export function describeEvent(meta: Meta): string | undefined {
	const other = typeof meta.ticket_id === 'number' ? `#${meta.ticket_id}` : 'another ticket';
	switch (meta.event) {
		case 'merged_into':
			return `Merged into ${other}`;
		case 'merged_from':
			return `Ticket ${other} was merged into this one`;
		case 'follow_up_opened':
			return `Follow-up ${other} opened`;
		case 'follow_up_of':
			return `Follow-up to ${other}`;
		case 'macro':
			return `Macro “${nameIn(meta.macro) ?? 'a macro'}” applied`;
		case 'automation':
			return `Automation “${nameIn(meta.automation) ?? 'a rule'}” ran`;
		case 'sla_breach':
			return 'Service level target missed';
	}
}

/** The ticket a merge or follow-up line points to. */
export const linkedTicket = (meta: Meta): number | undefined =>
	typeof meta.ticket_id === 'number' &&
	['merged_into', 'merged_from', 'follow_up_opened', 'follow_up_of'].includes(String(meta.event))
		? meta.ticket_id
		: undefined;
