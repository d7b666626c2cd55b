-- Brute-force protection for password sign-in, for every client: GoTrue calls
-- password_verification_attempt_hook after each password check (config.toml,
-- [auth.hook.password_verification_attempt]), whoever sends the request (the app's form or a
-- direct call to /auth/v1/token). Five failures for one account within 15 minutes lock it for 15
-- minutes: every attempt is refused with a message saying when to try again, even with the right
-- password. A successful sign-in clears the count. Admins list and clear lockouts through two RPCs.

create table public.sign_in_lockouts (
  user_id uuid primary key references auth.users (id) on delete cascade,
  -- Failed password checks since window_started_at.
  failures integer not null check (failures > 0),
  window_started_at timestamptz not null,
  -- Set by the fifth failure of a window; attempts before this time are refused.
  locked_until timestamptz
);

comment on table public.sign_in_lockouts is
  'Failed password checks per account and the lockouts they caused; written only by the Auth server.';

alter table public.sign_in_lockouts enable row level security;

-- The Auth server (through the hook) keeps the table; admins read and clear it, through the RPCs
-- below or directly; nobody else sees a row.
revoke all on table public.sign_in_lockouts from anon, authenticated;
grant select, insert, update, delete on table public.sign_in_lockouts to supabase_auth_admin;
grant select, delete on table public.sign_in_lockouts to authenticated;

create policy "the auth server keeps the lockouts"
  on public.sign_in_lockouts
  for all
  to supabase_auth_admin
  using (true)
  with check (true);

create policy "admins see lockouts"
  on public.sign_in_lockouts
  for select
  to authenticated
  using ((select public.user_role()) = 'admin');

create policy "admins clear lockouts"
  on public.sign_in_lockouts
  for delete
  to authenticated
  using ((select public.user_role()) = 'admin');

-- The message a locked account's sign-in gets, with the minutes left.
create function public.sign_in_lockout_message(locked_until timestamptz)
returns text
language sql
stable
set search_path = ''
as $$
  select format(
    'Too many failed sign-in attempts. This account is locked for %s more minute%s; try again then, or ask an admin to unlock it.',
    minutes,
    case when minutes = 1 then '' else 's' end
  )
  from (select greatest(1, ceil(extract(epoch from locked_until - now()) / 60))::int as minutes) m
$$;

create function public.password_verification_attempt_hook(event jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  max_failures constant integer := 5;
  window_length constant interval := interval '15 minutes';
  account uuid := (event ->> 'user_id')::uuid;
  entry public.sign_in_lockouts;
begin
  select * into entry
  from public.sign_in_lockouts l
  where l.user_id = account
  for update;

  -- Locked: refuse every attempt, and do not count it (the lock ends when its window passes).
  if entry.locked_until > now() then
    return jsonb_build_object(
      'decision', 'reject',
      'message', public.sign_in_lockout_message(entry.locked_until),
      'should_logout_user', false
    );
  end if;

  if (event ->> 'valid')::boolean then
    delete from public.sign_in_lockouts l where l.user_id = account;
    return jsonb_build_object('decision', 'continue');
  end if;

  insert into public.sign_in_lockouts as l (user_id, failures, window_started_at)
  values (account, 1, now())
  on conflict (user_id) do update
  set failures = case when l.window_started_at <= now() - window_length then 1 else l.failures + 1 end,
      window_started_at = case
        when l.window_started_at <= now() - window_length then now()
        else l.window_started_at
      end,
      locked_until = null
  returning * into entry;

  if entry.failures >= max_failures then
    update public.sign_in_lockouts l
    set locked_until = now() + window_length
    where l.user_id = account
    returning * into entry;
    return jsonb_build_object(
      'decision', 'reject',
      'message', public.sign_in_lockout_message(entry.locked_until),
      'should_logout_user', false
    );
  end if;
  return jsonb_build_object('decision', 'continue');
end
$$;

comment on function public.password_verification_attempt_hook(jsonb) is
  'GoTrue password verification attempt hook: locks an account after 5 failures in 15 minutes.';

grant usage on schema public to supabase_auth_admin;
grant execute on function public.password_verification_attempt_hook(jsonb) to supabase_auth_admin;
grant execute on function public.sign_in_lockout_message(timestamptz) to supabase_auth_admin;
revoke execute on function public.password_verification_attempt_hook(jsonb) from public, anon, authenticated;
revoke execute on function public.sign_in_lockout_message(timestamptz) from public, anon, authenticated;

-- The accounts locked right now, for admins. Both RPCs run as the caller, so RLS applies too, and
-- refuse anyone but an admin outright.
create function public.admin_sign_in_lockouts()
returns table (
  user_id uuid,
  email text,
  full_name text,
  failures integer,
  locked_until timestamptz
)
language plpgsql
stable
set search_path = ''
as $$
begin
  if public.user_role() is distinct from 'admin' then
    raise exception 'only admins may see sign-in lockouts' using errcode = '42501';
  end if;
  return query
    select l.user_id, p.email, p.full_name, l.failures, l.locked_until
    from public.sign_in_lockouts l
    join public.profiles p on p.id = l.user_id
    where l.locked_until > now()
    order by l.locked_until desc;
end
$$;

-- Unlocks an account (and forgets its failures); true when there was something to clear.
create function public.admin_clear_sign_in_lockout(target uuid)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  cleared integer;
begin
  if public.user_role() is distinct from 'admin' then
    raise exception 'only admins may clear sign-in lockouts' using errcode = '42501';
  end if;
  delete from public.sign_in_lockouts l where l.user_id = target;
  get diagnostics cleared = row_count;
  return cleared > 0;
end
$$;

revoke execute on function public.admin_sign_in_lockouts() from public, anon;
revoke execute on function public.admin_clear_sign_in_lockout(uuid) from public, anon;
grant execute on function public.admin_sign_in_lockouts() to authenticated;
grant execute on function public.admin_clear_sign_in_lockout(uuid) to authenticated;
