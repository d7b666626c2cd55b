// The words the admin screens use for roles, statuses and audit actions.
import type { Role } from '$lib/auth';
import type { Enums } from '$lib/supabase';
import type { PersonStatus } from './forms';

export const roleLabels: Record<Role, string> = {
	client: 'Customer',
	agent: 'Agent',
	admin: 'Admin'
};

export const statusLabels: Record<PersonStatus, string> = {
	active: 'Active',
	invited: 'Invited',
	deactivated: 'Deactivated'
};

export const roleOptions = (['agent', 'admin', 'client'] as const).map((value) => ({
	value,
	label: roleLabels[value]
}));

const actionLabels: Record<string, string> = {
	'person.role_changed': 'Changed role',
	'person.deactivated': 'Deactivated',
	'person.reactivated': 'Reactivated',
	'person.team_changed': 'Changed primary team',
	'person.renamed': 'Renamed',
	'person.deleted': 'Deleted person',
	'person.viewed_as': 'Viewed as',
	'invitation.created': 'Invited',
	'invitation.revoked': 'Revoked invitation',
	'invitation.accepted': 'Invitation applied',
	'team.created': 'Created team',
	'team.updated': 'Changed team',
	'team.deleted': 'Deleted team',
	'team_member.created': 'Added to team',
	'team_member.updated': 'Changed membership',
	'team_member.deleted': 'Removed from team',
	'ticket_type.created': 'Created ticket type',
	'ticket_type.updated': 'Changed ticket type',
	'ticket_type.deleted': 'Deleted ticket type',
	'business_calendar.created': 'Created calendar',
	'business_calendar.updated': 'Changed calendar',
	'business_calendar.deleted': 'Deleted calendar',
	'sla_policy.created': 'Created SLA policy',
	'sla_policy.updated': 'Changed SLA policy',
	'sla_policy.deleted': 'Deleted SLA policy',
	'automation_rule.created': 'Created automation',
	'automation_rule.updated': 'Changed automation',
	'automation_rule.deleted': 'Deleted automation',
	'ticket_field.created': 'Created ticket field',
	'ticket_field.updated': 'Changed ticket field',
	'ticket_field.deleted': 'Deleted ticket field',
	'macro.created': 'Created macro',
	'macro.updated': 'Changed macro',
	'macro.deleted': 'Deleted macro',
	'tag.renamed': 'Renamed tag',
	'tag.merged': 'Merged tag',
	'tag.deleted': 'Deleted tag',
	'settings.updated': 'Changed settings',
	'ticket.deleted': 'Deleted ticket'
};

export const auditActions = Object.keys(actionLabels);

/** An audit action in words ("Changed role"); an action this list does not know, as written. */
export const actionLabel = (action: string) => actionLabels[action] ?? action;

/** A status as the database wrote it; anything unexpected reads as active. */
export const personStatus = (value: string): PersonStatus =>
	value === 'invited' || value === 'deactivated' ? value : 'active';

export const routingLabels: Record<Enums<'routing_mode'>, string> = {
	manual: 'Manual',
	round_robin: 'Round robin',
	least_loaded: 'Least loaded'
};
