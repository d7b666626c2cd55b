-- Two-factor sign-in for the admin portal (see 20261203170001 and 20261203180090). The admin
-- functions run as security definer, so the restrictive two-factor policies never see what they
-- read or change: each starts with private.require_admin, which now also refuses while the caller
-- must first use their second factor. "View as" and "check delivery" run as security invoker and
-- call it too, with the admin's own claims, before they take on the person's.

create or replace function private.require_admin(what text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if public.user_role() is distinct from 'admin' then
    raise exception 'only admins may %', what
      using errcode = '42501';
  end if;
  if not private.mfa_requirement_met() then
    raise exception 'Confirm it is you with your authenticator app first: two-factor sign-in is required to %', what
      using errcode = '42501';
  end if;
end
$$;

-- The functions of 20261203190002 and 20261203190003 that checked the role themselves, unchanged
-- but for that check.

create or replace function private.set_person_active(person uuid, active boolean)
returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.profiles;
begin
  perform private.require_admin('deactivate or reactivate people');
  if person is null or active is null then
    raise exception 'A person and whether they are active are required'
      using errcode = '22023';
  end if;
  if person = auth.uid() and not active then
    raise exception 'You cannot deactivate yourself'
      using errcode = '23514', hint = 'Ask another admin to do it.';
  end if;
  update public.profiles p
  set deactivated_at = case when active then null else coalesce(p.deactivated_at, now()) end
  where p.id = person
  returning * into result;
  if not found then
    raise exception 'There is no person with id %', person
      using errcode = 'P0002';
  end if;
  if not active then
    delete from auth.sessions s where s.user_id = person;
  end if;
  return result;
end
$$;

create or replace function private.admin_people(
  search text default null,
  role_filter public.user_role default null,
  status_filter text default null,
  team_filter uuid default null,
  page_size integer default 25,
  page_offset integer default 0,
  person uuid default null
)
returns table (
  id uuid,
  email text,
  full_name text,
  role public.user_role,
  team_id uuid,
  team_name text,
  status text,
  last_sign_in_at timestamptz,
  invited_at timestamptz,
  invitation_expires_at timestamptz,
  deactivated_at timestamptz,
  created_at timestamptz,
  total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pattern text := '%' || replace(replace(replace(btrim(coalesce(search, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%';
begin
  perform private.require_admin('list people');
  if status_filter is not null and status_filter not in ('active', 'invited', 'deactivated') then
    raise exception 'Status must be active, invited or deactivated'
      using errcode = '22023';
  end if;
  if page_size not between 1 and 200 or page_offset < 0 then
    raise exception 'Page size must be 1 to 200 and the offset not negative'
      using errcode = '22023';
  end if;
  return query
  with people as (
    select
      p.id, p.email, p.full_name, p.role, p.team_id, t.name as team_name,
      case
        when p.deactivated_at is not null then 'deactivated'
        when u.invited_at is not null and u.last_sign_in_at is null then 'invited'
        else 'active'
      end as status,
      u.last_sign_in_at, u.invited_at,
      (select max(i.expires_at) from public.invitations i where i.user_id = p.id) as invitation_expires_at,
      p.deactivated_at, p.created_at
    from public.profiles p
    left join auth.users u on u.id = p.id
    left join public.teams t on t.id = p.team_id
    where (search is null or btrim(search) = ''
        or p.email ilike pattern or p.full_name ilike pattern)
      and (person is null or p.id = person)
      and (role_filter is null or p.role = role_filter)
      and (team_filter is null or p.team_id = team_filter
        or exists (select 1 from public.team_members m where m.agent_id = p.id and m.team_id = team_filter))
  )
  select people.*, count(*) over () as total
  from people
  where status_filter is null or people.status = status_filter
  order by lower(people.full_name), people.email
  limit page_size offset page_offset;
end
$$;

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

-- A person who has set up an authenticator works at aal2 (their aal1 sessions see no ticket data),
-- so that is the token "view as" and the diagnostics evaluate for them.
create or replace function private.claims_for(person uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  u auth.users;
begin
  perform private.require_admin('read another person''s claims');
  select * into u from auth.users where id = person;
  if not found then
    raise exception 'There is no person with id %', person
      using errcode = 'P0002';
  end if;
  return public.custom_access_token_hook(jsonb_build_object(
    'user_id', u.id,
    'authentication_method', 'password',
    'claims', jsonb_build_object(
      'iss', 'auth', 'aud', 'authenticated', 'sub', u.id, 'role', 'authenticated',
      'email', coalesce(u.email, ''), 'phone', coalesce(u.phone, ''),
      'app_metadata', coalesce(u.raw_app_meta_data, '{}'),
      'user_metadata', coalesce(u.raw_user_meta_data, '{}'),
      'aal', case when exists (
        select 1 from auth.mfa_factors f where f.user_id = u.id and f.status = 'verified'
      ) then 'aal2' else 'aal1' end,
      'is_anonymous', coalesce(u.is_anonymous, false)
    )
  )) -> 'claims';
end
$$;

-- The audit log is admin-visible data: read with the second factor where it is required. Nobody
-- may write it through the API at all (20261203190001); the write policies hold the same rule as
-- every other table's, should a grant ever be added.
create policy "two-factor sign-in where required to read"
  on public.audit_log as restrictive for select to authenticated
  using ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to add"
  on public.audit_log as restrictive for insert to authenticated
  with check ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to change"
  on public.audit_log as restrictive for update to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to remove"
  on public.audit_log as restrictive for delete to authenticated
  using ((select private.mfa_requirement_met()));
