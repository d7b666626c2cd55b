-- Whether the Auth server runs the custom access token hook at all is set in the Auth server
-- (config.toml, or Authentication -> Hooks on a hosted project), which the database cannot read.
-- So the hook leaves a trace: each time the Auth server runs it, it records the session the token is
-- for. Diagnostics then compare the newest session the Auth server started or refreshed with that
-- trace: a session whose latest token never passed through the hook means the hook is not enabled,
-- and the claims a person's next token will carry are GoTrue's own, without `user_role`.

create table public.access_token_hook_runs (
  session_id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  ran_at timestamptz not null
);

-- Deleting a user removes their rows through the foreign key.
create index access_token_hook_runs_user_id_idx on public.access_token_hook_runs (user_id);

comment on table public.access_token_hook_runs is
  'The last time the Auth server ran the custom access token hook for each session; written only by the hook.';

alter table public.access_token_hook_runs enable row level security;

-- Only the Auth server (through the hook) writes it; diagnostics read it as its owner.
revoke all on table public.access_token_hook_runs from anon, authenticated;
grant select, insert, update on table public.access_token_hook_runs to supabase_auth_admin;

create policy "the auth server records its hook runs"
  on public.access_token_hook_runs
  for all
  to supabase_auth_admin
  using (true)
  with check (true);

-- As in 20261203170002_mfa_claim.sql, plus the trace. No longer `stable`: it writes.
create or replace function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  claims jsonb := coalesce(event -> 'claims', '{}');
  app_metadata jsonb := case
    when jsonb_typeof(event -> 'claims' -> 'app_metadata') = 'object'
    then event -> 'claims' -> 'app_metadata'
    else '{}'
  end;
  profile_role public.user_role;
  enrolled boolean;
begin
  select p.role into profile_role
  from public.profiles p
  where p.id = (event ->> 'user_id')::uuid;

  select exists (
    select 1 from auth.mfa_factors f
    where f.user_id = (event ->> 'user_id')::uuid and f.status = 'verified'
  ) into enrolled;

  -- Only a run by the Auth server counts: diagnostics and "view as" run the hook too (as the
  -- function owner, through private.claims_for), and must not pass for proof that it is enabled.
  if current_user = 'supabase_auth_admin' and (claims ->> 'session_id') is not null then
    insert into public.access_token_hook_runs as r (session_id, user_id, ran_at)
    values ((claims ->> 'session_id')::uuid, (event ->> 'user_id')::uuid, clock_timestamp())
    on conflict (session_id) do update set ran_at = excluded.ran_at;
  end if;

  if profile_role is null then
    -- No profile, no role: every policy then denies, rather than trusting a stale claim.
    claims := (claims - 'user_role') || jsonb_build_object('app_metadata', app_metadata - 'user_role');
  else
    claims := claims || jsonb_build_object(
      'user_role', profile_role,
      'app_metadata', app_metadata || jsonb_build_object('user_role', profile_role)
    );
  end if;
  return jsonb_build_object('claims', claims || jsonb_build_object('mfa_enrolled', enrolled));
end
$$;

-- The newest session the Auth server started or refreshed, and whether the hook ran for its latest
-- token; null before anybody has signed in. GoTrue stamps sessions with its own clock in the same
-- transaction as the hook's run, hence the few seconds of slack.
create function private.access_token_hook_state()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'last_token_at', s.issued_at,
    'ran', r.ran_at is not null and r.ran_at >= s.issued_at - interval '5 seconds'
  )
  from (
    select s.id, greatest(s.created_at, s.updated_at, s.refreshed_at at time zone 'UTC') as issued_at
    from auth.sessions s
    order by 2 desc nulls last
    limit 1
  ) s
  left join public.access_token_hook_runs r on r.session_id = s.id
$$;

revoke execute on function private.access_token_hook_state() from public, anon, authenticated;

-- As in 20261203190004_admin_two_factor.sql, except that while the Auth server does not run the hook
-- the next token carries GoTrue's claims alone, and that is what diagnostics and "view as" evaluate.
create or replace function private.claims_for(person uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  u auth.users;
  standard jsonb;
begin
  perform private.require_admin('read another person''s claims');
  select * into u from auth.users where id = person;
  if not found then
    raise exception 'There is no person with id %', person
      using errcode = 'P0002';
  end if;
  standard := jsonb_build_object(
    'iss', 'auth', 'aud', 'authenticated', 'sub', u.id, 'role', 'authenticated',
    'email', coalesce(u.email, ''), 'phone', coalesce(u.phone, ''),
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'),
    'user_metadata', coalesce(u.raw_user_meta_data, '{}'),
    'aal', case when exists (
      select 1 from auth.mfa_factors f where f.user_id = u.id and f.status = 'verified'
    ) then 'aal2' else 'aal1' end,
    'is_anonymous', coalesce(u.is_anonymous, false)
  );
  if (private.access_token_hook_state() ->> 'ran')::boolean is false then
    return standard;
  end if;
  return public.custom_access_token_hook(jsonb_build_object(
    'user_id', u.id,
    'authentication_method', 'password',
    'claims', standard
  )) -> 'claims';
end
$$;

-- diagnose_person as before, plus the hook's state.
create or replace function private.diagnose_person(person uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  who jsonb;
begin
  perform private.require_admin('run diagnostics');
  select jsonb_build_object(
    'id', p.id, 'email', p.email, 'full_name', p.full_name, 'role', p.role,
    'deactivated_at', p.deactivated_at, 'banned_until', u.banned_until,
    'last_sign_in_at', u.last_sign_in_at, 'has_auth_user', u.id is not null
  ) into who
  from public.profiles p left join auth.users u on u.id = p.id
  where p.id = person;
  if who is null then
    raise exception 'There is no person with id %', person
      using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'person', who,
    'hook', private.access_token_hook_state(),
    'claims', case when (who ->> 'has_auth_user')::boolean then private.claims_for(person) end,
    'tables', (
      select jsonb_agg(jsonb_build_object(
        'table', t.name,
        'published', exists (
          select 1 from pg_catalog.pg_publication_tables pt
          where pt.pubname = 'supabase_realtime' and pt.schemaname = 'public' and pt.tablename = t.name
        ),
        'replica_identity', case c.relreplident
          when 'f' then 'full' when 'd' then 'default' when 'n' then 'nothing' when 'i' then 'index' end,
        'rls_enabled', c.relrowsecurity,
        'select_policies', coalesce((
          select jsonb_agg(jsonb_build_object(
            'name', pol.policyname, 'roles', to_jsonb(pol.roles), 'using', pol.qual
          ) order by pol.policyname)
          from pg_catalog.pg_policies pol
          where pol.schemaname = 'public' and pol.tablename = t.name
            and pol.cmd in ('SELECT', 'ALL')
            and pol.roles && array['authenticated', 'public']::name[]
        ), '[]')
      ) order by t.ord)
      from unnest(private.realtime_tables()) with ordinality t(name, ord)
      join pg_catalog.pg_class c on c.relname = t.name
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    )
  );
end
$$;
