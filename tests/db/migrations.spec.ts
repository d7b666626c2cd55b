// The project's migrations apply to a fresh database (PGlite here, PostgreSQL 15 in the
// stack-postgres project), and the Supabase database linter's rules that SQL can check hold.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot } from './support/demo';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

const rows = async <T>(sql: string) => (await stack.db.query<T>(sql)).rows;

describe('the migrations', () => {
	it('all apply to a fresh database, in order, recorded as the Supabase CLI records them', async () => {
		const files = (await readdir(join(projectRoot, 'supabase', 'migrations')))
			.filter((f) => f.endsWith('.sql'))
			.sort();
		const applied = await rows<{ version: string; name: string }>(
			'select version, name from supabase_migrations.schema_migrations order by version'
		);
		expect(applied.map((m) => `${m.version}_${m.name}.sql`)).toEqual(files);
	});

	it('create the tables the architecture names, the invitations and the ticket types', async () => {
		const tables = await rows<{ relname: string }>(
			`select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'
			 order by relname`
		);
		expect(tables.map((t) => t.relname)).toEqual([
			'access_token_hook_runs',
			'agent_status',
			'app_settings',
			'attachments',
			'audit_log',
			'automation_rules',
			'business_calendars',
			'email_outbox',
			'invitations',
			'kb_article_stats',
			'kb_articles',
			'kb_categories',
			'kb_revisions',
			'kb_votes',
			'macros',
			'notification_preferences',
			'notifications',
			'profiles',
			'report_daily',
			'report_durations',
			'report_durations_monthly',
			'report_hourly',
			'report_open',
			'report_sla',
			'sign_in_lockouts',
			'sla_policies',
			'tags',
			'team_members',
			'teams',
			'ticket_activities',
			'ticket_fields',
			'ticket_links',
			'ticket_types',
			'tickets',
			'views'
		]);
	});

	it('define the enums with the fixed values', async () => {
		const enums = await rows<{ name: string; labels: string[] }>(
			`select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
			 from pg_type t join pg_enum e on e.enumtypid = t.oid
			 where t.typnamespace = 'public'::regnamespace group by t.typname order by t.typname`
		);
		expect(enums).toEqual([
			{
				name: 'activity_kind',
				labels: ['reply', 'note', 'status', 'assignment', 'priority', 'tags', 'rating', 'system']
			},
			{ name: 'agent_availability', labels: ['available', 'away', 'offline'] },
			{ name: 'email_status', labels: ['pending', 'sending', 'sent', 'failed', 'cancelled'] },
			{ name: 'email_template', labels: ['ticket_received', 'agent_reply', 'ticket_solved'] },
			{ name: 'kb_article_status', labels: ['draft', 'published', 'archived'] },
			{ name: 'kb_visibility', labels: ['public', 'customers', 'internal'] },
			{
				name: 'notification_kind',
				labels: ['reply', 'status', 'solved', 'assigned', 'mention', 'rating', 'automation']
			},
			{ name: 'routing_mode', labels: ['manual', 'round_robin', 'least_loaded'] },
			{ name: 'satisfaction_rating', labels: ['good', 'bad'] },
			{ name: 'ticket_link_kind', labels: ['follow_up', 'merge'] },
			{ name: 'ticket_priority', labels: ['low', 'normal', 'high', 'urgent'] },
			{ name: 'ticket_status', labels: ['open', 'pending', 'on_hold', 'solved', 'closed'] },
			{ name: 'user_role', labels: ['client', 'agent', 'admin'] }
		]);
	});
});

describe('the Supabase linter rules', () => {
	it('RLS is enabled on every table in public', async () => {
		const unprotected = await rows(
			`select relname from pg_class
			 where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not relrowsecurity`
		);
		expect(unprotected).toEqual([]);
	});

	it('no policy reads user_metadata', async () => {
		const policies = await rows<{ policyname: string; uses_metadata: boolean }>(
			`select policyname,
			   coalesce(qual, '') || coalesce(with_check, '') ~* 'user_metadata|raw_user_meta_data' as uses_metadata
			 from pg_policies`
		);
		expect(policies.length).toBeGreaterThan(20);
		expect(policies.filter((p) => p.uses_metadata)).toEqual([]);
	});

	it('every function of the project (schemas public and private) has a fixed, empty search_path', async () => {
		const functions = await rows<{ proname: string; fixed: boolean }>(
			`select proname, coalesce(proconfig, '{}') @> array['search_path=""'] as fixed
			 from pg_proc where pronamespace in ('public'::regnamespace, 'private'::regnamespace)`
		);
		expect(functions.length).toBeGreaterThan(10);
		expect(functions.filter((f) => !f.fixed)).toEqual([]);
	});

	it('no security definer function in public can be called by anon or authenticated', async () => {
		const callable = await rows(
			`select proname from pg_proc
			 where pronamespace = 'public'::regnamespace and prosecdef
			   and (has_function_privilege('anon', oid, 'execute')
			     or has_function_privilege('authenticated', oid, 'execute'))`
		);
		expect(callable).toEqual([]);
	});

	it('every foreign key in public is covered by an index', async () => {
		const unindexed = await rows(
			`select c.conrelid::regclass::text as table_name, c.conname
			 from pg_constraint c
			 where c.contype = 'f' and c.connamespace = 'public'::regnamespace
			   and not exists (
			     select 1 from pg_index i
			     where i.indrelid = c.conrelid
			       and (select array_agg(k order by k)
			            from unnest((i.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
			         = (select array_agg(k order by k) from unnest(c.conkey) k)
			   )`
		);
		expect(unindexed).toEqual([]);
	});
});

describe('the access token hook', () => {
	it('may be executed by supabase_auth_admin only, which may read profiles', async () => {
		const [grants] = await rows(
			`select
			   has_function_privilege('supabase_auth_admin', 'public.custom_access_token_hook(jsonb)', 'execute') as auth_admin,
			   has_function_privilege('authenticated', 'public.custom_access_token_hook(jsonb)', 'execute') as authenticated,
			   has_function_privilege('anon', 'public.custom_access_token_hook(jsonb)', 'execute') as anon,
			   has_schema_privilege('supabase_auth_admin', 'public', 'usage') as schema_usage,
			   has_table_privilege('supabase_auth_admin', 'public.profiles', 'select') as reads_profiles,
			   exists (select 1 from pg_policies where tablename = 'profiles' and cmd = 'SELECT'
			     and roles = '{supabase_auth_admin}') as has_policy`
		);
		expect(grants).toEqual({
			auth_admin: true,
			authenticated: false,
			anon: false,
			schema_usage: true,
			reads_profiles: true,
			has_policy: true
		});
	});
});

describe('realtime and storage', () => {
	it('publishes tickets, activities, attachments, profiles, notifications and agent status, with tickets in replica identity full', async () => {
		const published = await rows<{ tablename: string }>(
			`select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by 1`
		);
		expect(published.map((p) => p.tablename)).toEqual([
			'agent_status',
			'attachments',
			'notifications',
			'profiles',
			'ticket_activities',
			'tickets'
		]);
		const [identity] = await rows(
			`select relreplident from pg_class where oid = 'public.tickets'::regclass`
		);
		expect(identity).toEqual({ relreplident: 'f' });
	});

	it('creates the private attachments bucket with a 25 MB limit and a MIME allow list', async () => {
		const [bucket] = await rows<{
			public: boolean;
			file_size_limit: number;
			allowed_mime_types: string[];
		}>(
			`select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'attachments'`
		);
		expect(bucket.public).toBe(false);
		expect(bucket.file_size_limit).toBe(25 * 1024 * 1024);
		expect(bucket.allowed_mime_types).toEqual(
			expect.arrayContaining(['application/pdf', 'image/png', 'image/jpeg', 'text/plain'])
		);
		expect(bucket.allowed_mime_types).not.toContain('text/html');
		expect(bucket.allowed_mime_types).not.toContain('image/svg+xml');
	});
});
