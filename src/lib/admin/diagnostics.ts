// Realtime diagnostics: the shape of what the database reports about a person (diagnose_person,
// check_delivery), and the checks the page lists, each passing or failing with a reason in plain
// words. The checks are those the original investigation made by hand: role claims, the hook,
// policies per role, the publication, replica identity, token expiry and the origin.
import { z } from 'zod';
import { roles } from '$lib/auth';

const claims = z.looseObject({
	role: z.string().optional(),
	sub: z.string().optional(),
	user_role: z.string().optional(),
	exp: z.number().optional(),
	iat: z.number().optional()
});

export type Claims = z.output<typeof claims>;

export const diagnosis = z.object({
	person: z.object({
		id: z.string(),
		email: z.string(),
		full_name: z.string(),
		role: z.enum(roles),
		deactivated_at: z.string().nullable(),
		banned_until: z.string().nullable(),
		last_sign_in_at: z.string().nullable(),
		has_auth_user: z.boolean()
	}),
	/** The newest session the Auth server issued a token for, and whether the hook ran for it. */
	hook: z.object({ last_token_at: z.string(), ran: z.boolean() }).nullable(),
	claims: claims.nullable(),
	tables: z.array(
		z.object({
			table: z.string(),
			published: z.boolean(),
			replica_identity: z.string().nullable(),
			rls_enabled: z.boolean(),
			select_policies: z.array(
				z.object({ name: z.string(), roles: z.array(z.string()), using: z.string().nullable() })
			)
		})
	)
});

export type Diagnosis = z.output<typeof diagnosis>;

export const deliveryCheck = z.object({
	ticket: z.number(),
	receives: z.boolean(),
	ticket_visible: z.boolean(),
	activities_visible: z.number(),
	activities_total: z.number(),
	internal_hidden: z.number(),
	reasons: z.array(z.string())
});

export type DeliveryCheck = z.output<typeof deliveryCheck>;

export interface Check {
	name: string;
	pass: boolean;
	detail: string;
}

/** Tables whose updates must carry the whole previous row (queues tell which status a ticket left). */
const needsFullReplicaIdentity = new Set(['tickets']);

/** The checks for one person, with the Auth server's hook, which holds for everybody. */
export function diagnosisChecks(found: Diagnosis, now = Date.now()): Check[] {
	const { person, hook } = found;
	const banned = person.banned_until !== null && Date.parse(person.banned_until) > now;
	const hookOff = hook?.ran === false;
	const checks: Check[] = [
		{
			name: 'Account',
			pass: person.has_auth_user && !person.deactivated_at && !banned,
			detail: !person.has_auth_user
				? 'There is no auth user for this profile: they cannot sign in.'
				: person.deactivated_at || banned
					? 'Deactivated: their sessions were ended and they cannot sign in.'
					: 'Active: they can sign in and hold a session.'
		},
		{
			name: 'Access token hook',
			pass: !hookOff,
			detail: !hook
				? 'Nobody has signed in yet: the first token the Auth server issues will show whether it runs the hook.'
				: hook.ran
					? 'Enabled: the newest token the Auth server issued passed through custom_access_token_hook.'
					: 'Not enabled: the newest token the Auth server issued did not pass through custom_access_token_hook, so tokens carry no user_role claim. Enable the hook in the Auth server (Authentication → Hooks, or [auth.hook.custom_access_token] in config.toml).'
		}
	];
	const next = found.claims;
	checks.push(
		{
			name: '`role` claim',
			pass: next?.role === 'authenticated',
			detail:
				next?.role === 'authenticated'
					? 'authenticated: PostgREST and Realtime use the authenticated Postgres role.'
					: `${next?.role ?? 'missing'}: it must be authenticated, or PostgREST and Realtime switch to a role that does not exist and subscriptions fail.`
		},
		{
			name: '`user_role` claim',
			pass: next?.user_role === person.role,
			detail:
				next?.user_role === person.role
					? `${person.role}, matching their profile: policies see them as ${article(person.role)}.`
					: next?.user_role
						? `${next.user_role}, but their profile says ${person.role}: their next token refresh fixes it.`
						: hookOff
							? 'Missing from their token: the custom access token hook is not enabled, so every policy denies and they get no live updates.'
							: 'Missing: the hook found no profile for them, so every policy denies.'
		}
	);
	for (const table of found.tables) {
		checks.push({
			name: `Publication: ${table.table}`,
			pass: table.published,
			detail: table.published
				? 'In supabase_realtime: its changes are streamed.'
				: 'Not in publication supabase_realtime: nobody receives its changes.'
		});
		if (needsFullReplicaIdentity.has(table.table)) {
			checks.push({
				name: `Replica identity: ${table.table}`,
				pass: table.replica_identity === 'full',
				detail:
					table.replica_identity === 'full'
						? 'full: updates carry the previous row.'
						: `${table.replica_identity}: updates carry only the primary key of the previous row, so queues cannot tell which status a ticket left.`
			});
		}
		checks.push({
			name: `Policies: ${table.table}`,
			pass: table.rls_enabled && table.select_policies.length > 0,
			detail: !table.rls_enabled
				? 'Row level security is off: every signed-in person would receive every row.'
				: table.select_policies.length
					? `SELECT policies that decide what ${article(person.role)} receives: ${table.select_policies.map((p) => `“${p.name}”`).join(', ')}.`
					: 'No SELECT policy: nobody receives its changes.'
		});
	}
	return checks;
}

/** Token expiry and origin, for the admin's own tab. */
export function sessionChecks(
	own: Claims,
	origin: string,
	supabaseUrl: string,
	now = Date.now()
): Check[] {
	const lifetime = own.exp && own.iat ? own.exp - own.iat : undefined;
	const left = own.exp ? own.exp - Math.floor(now / 1000) : undefined;
	return [
		{
			name: 'Token expiry',
			pass: left !== undefined && left > 0 && (lifetime ?? 0) <= 3600,
			detail:
				left === undefined
					? 'The token has no exp claim.'
					: left <= 0
						? 'Expired: the realtime server closes channels on an expired token.'
						: `Valid for ${Math.round(left / 60)} more minutes (lifetime ${Math.round((lifetime ?? 0) / 60)} minutes); the store hands each refreshed token to the socket.`
		},
		{
			name: 'Origin',
			pass: /^https?:\/\//.test(supabaseUrl),
			detail: `This app (${origin}) talks to Supabase at ${supabaseUrl}, over one socket for every portal.`
		}
	];
}

const article = (role: string) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
