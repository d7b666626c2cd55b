-- Managing people: deactivation, the rule that an active admin always remains, audit rows for
-- every change to a person, and the admin's directory of people with what only Auth knows (last
-- sign-in, whether an invitation is still pending).

alter table public.profiles add column deactivated_at timestamptz;

-- Non-admins may not deactivate anyone, themselves included (see guard_profile_update).
create or replace function public.guard_profile_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if new.id is distinct from old.id
    or new.email is distinct from old.email
    or new.created_at is distinct from old.created_at then
    raise exception 'id, email and created_at of a profile are maintained by the database'
      using errcode = '42501';
  end if;
  if (new.role is distinct from old.role
      or new.team_id is distinct from old.team_id
      or new.deactivated_at is distinct from old.deactivated_at)
    and public.user_role() is distinct from 'admin' then
    raise exception 'only an admin may change a role, a team or whether a person is active'
      using errcode = '42501';
  end if;
  return new;
end
$$;

-- Whoever writes (the app, the API, SQL), the helpdesk keeps at least one active admin. The lock
-- makes two admins demoting each other at once wait for each other instead of both succeeding.
create function private.keep_an_admin()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role <> 'admin' or old.deactivated_at is not null then
    return coalesce(new, old);
  end if;
  if tg_op = 'UPDATE' and new.role = 'admin' and new.deactivated_at is null then
    return new;
  end if;
  perform pg_advisory_xact_lock(hashtext('public.profiles: active admins'));
  if not exists (
    select 1 from public.profiles p
    where p.role = 'admin' and p.deactivated_at is null and p.id <> old.id
  ) then
    raise exception '% is the last active admin', old.email
      using errcode = '23514',
        hint = 'Make someone else an admin first, then change this person.';
  end if;
  return coalesce(new, old);
end
$$;

revoke execute on function private.keep_an_admin() from public, anon, authenticated;

create trigger profiles_keep_an_admin
  before update of role, deactivated_at or delete on public.profiles
  for each row execute function private.keep_an_admin();

-- One audit row per kind of change, so the log can be filtered by what happened.
create function private.audit_profile()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.write_audit('person.deleted', 'profiles', old.id::text, old.email,
      jsonb_build_object('email', old.email, 'full_name', old.full_name, 'role', old.role), null);
    return null;
  end if;
  if new.role is distinct from old.role then
    perform private.write_audit('person.role_changed', 'profiles', new.id::text, new.email,
      jsonb_build_object('role', old.role), jsonb_build_object('role', new.role));
  end if;
  if new.deactivated_at is distinct from old.deactivated_at then
    perform private.write_audit(
      case when new.deactivated_at is null then 'person.reactivated' else 'person.deactivated' end,
      'profiles', new.id::text, new.email,
      jsonb_build_object('deactivated_at', old.deactivated_at),
      jsonb_build_object('deactivated_at', new.deactivated_at));
  end if;
  if new.team_id is distinct from old.team_id then
    perform private.write_audit('person.team_changed', 'profiles', new.id::text, new.email,
      jsonb_build_object('team_id', old.team_id,
        'team', (select t.name from public.teams t where t.id = old.team_id)),
      jsonb_build_object('team_id', new.team_id,
        'team', (select t.name from public.teams t where t.id = new.team_id)));
  end if;
  if new.full_name is distinct from old.full_name then
    perform private.write_audit('person.renamed', 'profiles', new.id::text, new.email,
      jsonb_build_object('full_name', old.full_name), jsonb_build_object('full_name', new.full_name));
  end if;
  return null;
end
$$;

revoke execute on function private.audit_profile() from public, anon, authenticated;

create trigger profiles_audit
  after update or delete on public.profiles
  for each row execute function private.audit_profile();

-- Deactivates or reactivates a person: marks the profile (audited by its trigger) and, on
-- deactivation, ends every session so no refresh token of theirs works again. The app also bans
-- the auth user through the Auth admin API, which stops new sign-ins. Their tickets stay.
create function private.set_person_active(person uuid, active boolean)
returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.profiles;
begin
  if public.user_role() is distinct from 'admin' then
    raise exception 'only admins may deactivate or reactivate people'
      using errcode = '42501';
  end if;
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

revoke execute on function private.set_person_active(uuid, boolean) from public, anon;
grant execute on function private.set_person_active(uuid, boolean) to authenticated;

-- The API's face of it: security invoker, so no security definer function in public is callable
-- (Supabase's linter rule); the private function checks the caller's role itself.
create function public.set_person_active(person uuid, active boolean)
returns public.profiles
language sql
volatile
set search_path = ''
as $$
  select * from private.set_person_active(person, active)
$$;

-- The admin's directory: profiles with their team, last sign-in and status, searched, filtered and
-- paged in the database, with the total for the pager.
create function private.admin_people(
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
  if public.user_role() is distinct from 'admin' then
    raise exception 'only admins may list people'
      using errcode = '42501';
  end if;
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

revoke execute on function private.admin_people(text, public.user_role, text, uuid, integer, integer, uuid)
  from public, anon;
grant execute on function private.admin_people(text, public.user_role, text, uuid, integer, integer, uuid)
  to authenticated;

create function public.admin_people(
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
language sql
stable
set search_path = ''
as $$
  select * from private.admin_people(search, role_filter, status_filter, team_filter, page_size,
    page_offset, person)
$$;
