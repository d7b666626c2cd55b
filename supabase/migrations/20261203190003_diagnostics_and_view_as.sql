-- Realtime diagnostics and "view as": an admin sees what RLS lets another person see, evaluated by
-- the database itself. The checks run as the caller (role `authenticated`, security invoker) with
-- `request.jwt.claims` swapped for the claims the person's next token will carry, so every policy
-- applies exactly as it would for them; the admin's own claims are put back before returning.
-- (Postgres forbids `set role` inside a security definer function, and every signed-in person's
-- Postgres role is `authenticated` anyway: the claims are what differs.)

-- The tables the app subscribes to; each must be in publication supabase_realtime.
create function private.realtime_tables()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['tickets', 'ticket_activities', 'attachments', 'profiles']
$$;

-- Refuses callers whose token does not say admin. The invoker functions below also require the
-- Postgres role `authenticated`: a caller that bypasses RLS would get answers RLS never gave.
create function private.require_admin(what text)
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
end
$$;

-- The claims the Auth server would put into `person`'s next access token: GoTrue's standard set,
-- passed through the project's custom access token hook.
create function private.claims_for(person uuid)
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
      'aal', 'aal1', 'is_anonymous', coalesce(u.is_anonymous, false)
    )
  )) -> 'claims';
end
$$;

-- Records a "view as" in the audit log; the caller must be an admin.
create function private.audit_view_as(person uuid, what text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_admin('view the helpdesk as another person');
  perform private.write_audit('person.viewed_as', 'profiles', person::text,
    coalesce((select p.email from public.profiles p where p.id = person), ''),
    null, jsonb_build_object('viewed', what));
end
$$;

revoke execute on function private.claims_for(uuid), private.audit_view_as(uuid, text)
  from public, anon;
grant execute on function private.claims_for(uuid), private.audit_view_as(uuid, text),
  private.require_admin(text), private.realtime_tables() to authenticated;

-- What an admin needs to see why a person does or does not get live updates: who they are, their
-- next token's claims (null without an auth user), and for each realtime table its publication, replica identity and SELECT
-- policies.
create function private.diagnose_person(person uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  who jsonb;
begin
  if public.user_role() is distinct from 'admin' then
    raise exception 'only admins may run diagnostics'
      using errcode = '42501';
  end if;
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

revoke execute on function private.diagnose_person(uuid) from public, anon;
grant execute on function private.diagnose_person(uuid) to authenticated;

create function public.diagnose_person(person uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select private.diagnose_person(person)
$$;

-- "Would <person> receive changes to ticket #N?", answered by evaluating RLS as that person, with
-- the reasons in plain words when the answer is no.
create function public.check_delivery(person uuid, ticket bigint)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  own_claims text := current_setting('request.jwt.claims', true);
  claims jsonb;
  profile public.profiles;
  activities_total integer;
  public_total integer;
  ticket_visible boolean;
  activities_visible integer;
  published text[];
  reasons text[] := '{}';
  policies text;
begin
  perform private.require_admin('check delivery for another person');
  if current_user <> 'authenticated' then
    raise exception 'run this as a signed-in admin (role authenticated), so RLS applies'
      using errcode = '42501';
  end if;
  if person is null or ticket is null then
    raise exception 'A person and a ticket number are required'
      using errcode = '22023';
  end if;
  select * into profile from public.profiles p where p.id = person;
  if not found then
    raise exception 'There is no person with id %', person
      using errcode = 'P0002';
  end if;
  if not exists (select 1 from public.tickets t where t.id = ticket) then
    raise exception 'There is no ticket #%', ticket
      using errcode = 'P0002';
  end if;
  select count(*), count(*) filter (where not a.is_internal)
    into activities_total, public_total
  from public.ticket_activities a where a.ticket_id = ticket;
  select coalesce(array_agg(pt.tablename::text), '{}') into published
  from pg_catalog.pg_publication_tables pt
  where pt.pubname = 'supabase_realtime' and pt.schemaname = 'public';

  claims := private.claims_for(person);
  perform set_config('request.jwt.claims', claims::text, true);
  select exists (select 1 from public.tickets t where t.id = ticket) into ticket_visible;
  select count(*) into activities_visible from public.ticket_activities a where a.ticket_id = ticket;
  perform set_config('request.jwt.claims', coalesce(own_claims, ''), true);

  if claims ->> 'role' is distinct from 'authenticated' then
    reasons := reasons || format(
      'The `role` claim is %s, not `authenticated`: PostgREST and Realtime switch to the Postgres role named there, so the subscription fails.',
      coalesce('`' || (claims ->> 'role') || '`', 'missing'));
  end if;
  if profile.deactivated_at is not null then
    reasons := reasons || 'The person is deactivated: their sessions were ended and they cannot sign in.'::text;
  elsif claims ->> 'user_role' is null then
    reasons := reasons || 'The `user_role` claim is missing from the token: the custom access token hook is not enabled or found no profile, so every policy denies.'::text;
  end if;
  if not ('tickets' = any (published)) then
    reasons := reasons || 'Table `tickets` is not in publication `supabase_realtime`: nobody receives changes to tickets.'::text;
  end if;
  if not ('ticket_activities' = any (published)) then
    reasons := reasons || 'Table `ticket_activities` is not in publication `supabase_realtime`: nobody receives new replies or notes.'::text;
  end if;
  if not ticket_visible and claims ->> 'user_role' is not null then
    select string_agg(format('"%s"', pol.policyname), ', ' order by pol.policyname) into policies
    from pg_catalog.pg_policies pol
    where pol.schemaname = 'public' and pol.tablename = 'tickets' and pol.cmd in ('SELECT', 'ALL');
    reasons := reasons || format(
      'RLS denies: none of the SELECT policies on `tickets` (%s) lets a %s read ticket #%s%s.',
      coalesce(policies, 'there are none'), profile.role, ticket,
      case when profile.role = 'client' then ', which belongs to another customer' else '' end);
  end if;

  return jsonb_build_object(
    'person', jsonb_build_object('id', profile.id, 'email', profile.email, 'full_name', profile.full_name, 'role', profile.role),
    'ticket', ticket,
    'claims', claims,
    'receives', cardinality(reasons) = 0,
    'ticket_visible', ticket_visible,
    'activities_visible', activities_visible,
    'activities_total', activities_total,
    'internal_hidden', activities_total - activities_visible,
    'reasons', to_jsonb(reasons)
  );
end
$$;

revoke execute on function public.check_delivery(uuid, bigint) from public, anon;
grant execute on function public.check_delivery(uuid, bigint) to authenticated;

-- "View as": the tickets `person` sees in their portal, newest first, read as them. Audited.
create function public.view_as_tickets(person uuid, max_rows integer default 100)
returns setof public.tickets
language plpgsql
volatile
set search_path = ''
as $$
declare
  own_claims text := current_setting('request.jwt.claims', true);
begin
  perform private.require_admin('view the helpdesk as another person');
  if current_user <> 'authenticated' then
    raise exception 'run this as a signed-in admin (role authenticated), so RLS applies'
      using errcode = '42501';
  end if;
  if max_rows not between 1 and 500 then
    raise exception 'max_rows must be 1 to 500'
      using errcode = '22023';
  end if;
  perform private.audit_view_as(person, 'tickets');
  perform set_config('request.jwt.claims', private.claims_for(person)::text, true);
  return query select t.* from public.tickets t order by t.updated_at desc, t.id desc limit max_rows;
  perform set_config('request.jwt.claims', coalesce(own_claims, ''), true);
end
$$;

-- "View as": one ticket's conversation as `person` sees it (internal notes only if they may).
create function public.view_as_activities(person uuid, ticket bigint)
returns setof public.ticket_activities
language plpgsql
volatile
set search_path = ''
as $$
declare
  own_claims text := current_setting('request.jwt.claims', true);
begin
  perform private.require_admin('view the helpdesk as another person');
  if current_user <> 'authenticated' then
    raise exception 'run this as a signed-in admin (role authenticated), so RLS applies'
      using errcode = '42501';
  end if;
  perform private.audit_view_as(person, format('ticket #%s', ticket));
  perform set_config('request.jwt.claims', private.claims_for(person)::text, true);
  return query select a.* from public.ticket_activities a where a.ticket_id = ticket
    order by a.created_at, a.id;
  perform set_config('request.jwt.claims', coalesce(own_claims, ''), true);
end
$$;

revoke execute on function public.view_as_tickets(uuid, integer), public.view_as_activities(uuid, bigint)
  from public, anon;
grant execute on function public.view_as_tickets(uuid, integer), public.view_as_activities(uuid, bigint)
  to authenticated;
