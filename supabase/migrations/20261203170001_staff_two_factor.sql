-- Two-factor sign-in (TOTP through Supabase Auth's MFA). The JWT says how a session signed in:
-- `aal` is `aal2` once a second factor was verified. Supabase's documented pattern enforces it with
-- restrictive policies, so no client can read or write ticket data (or run the workspace) past it,
-- whatever the app shows:
--   * anyone who has a verified factor must use it (an aal1 session of theirs sees no ticket data);
--   * agents and admins must sign in with a second factor when an admin requires it
--     (app_settings.require_staff_mfa), which takes effect at once, token or not.

-- app_settings: one row of workspace settings -------------------------------------------------

create table public.app_settings (
  id boolean primary key default true check (id),
  require_staff_mfa boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by uuid references public.profiles (id) on delete set null
);

comment on table public.app_settings is
  'Workspace settings: exactly one row. Readable by signed-in people, changed by admins.';

create index app_settings_updated_by_idx on public.app_settings (updated_by);

insert into public.app_settings default values;

-- Who changed the settings last, from the JWT, never from the request body.
create function public.stamp_app_settings()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end
$$;

create trigger app_settings_stamp
  before update on public.app_settings
  for each row execute function public.stamp_app_settings();

alter table public.app_settings enable row level security;

create policy "signed-in people read the settings"
  on public.app_settings for select to authenticated
  using (true);

create policy "admins change the settings"
  on public.app_settings for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

-- The row is the table: nobody adds or removes rows through the API.
revoke insert, delete, truncate on table public.app_settings from anon, authenticated, service_role;
revoke all on table public.app_settings from anon;

-- The check, and the restrictive policies ---------------------------------------------------

-- Security definer to read auth.mfa_factors, which API roles may not; in schema `private` so
-- nobody can call it as an RPC. plpgsql, so it compiles whether or not the Auth server has created
-- its tables yet when migrations run.
create function private.mfa_requirement_met()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if coalesce(auth.jwt() ->> 'aal', '') = 'aal2' then
    return true;
  end if;
  if exists (
    select 1 from auth.mfa_factors f where f.user_id = auth.uid() and f.status = 'verified'
  ) then
    return false;
  end if;
  return not (
    public.user_role() in ('agent', 'admin')
    and coalesce((select s.require_staff_mfa from public.app_settings s), false)
  );
end
$$;

comment on function private.mfa_requirement_met() is
  'False when the caller must sign in with a second factor first: they have one, or they are staff and app_settings requires it.';

revoke execute on function private.mfa_requirement_met() from public, anon;
grant execute on function private.mfa_requirement_met() to authenticated;

create policy "two-factor sign-in where required"
  on public.tickets as restrictive for all to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

create policy "two-factor sign-in where required"
  on public.ticket_activities as restrictive for all to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

create policy "two-factor sign-in where required"
  on public.attachments as restrictive for all to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

-- Running the workspace is held to the same rule: inviting people, changing profiles and roles,
-- managing teams. (Everyone still reads profiles and teams, which the pages need to show who is
-- signed in and where to go.)
create policy "two-factor sign-in where required"
  on public.invitations as restrictive for all to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

create policy "two-factor sign-in where required for changes"
  on public.profiles as restrictive for update to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

create policy "two-factor sign-in where required to add"
  on public.teams as restrictive for insert to authenticated
  with check ((select private.mfa_requirement_met()));

create policy "two-factor sign-in where required to change"
  on public.teams as restrictive for update to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

create policy "two-factor sign-in where required to remove"
  on public.teams as restrictive for delete to authenticated
  using ((select private.mfa_requirement_met()));

-- Turning the requirement off is itself work that needs the second factor when it is on.
create policy "two-factor sign-in where required"
  on public.app_settings as restrictive for update to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));

-- Attachment files are read through security definer helpers that look past the policies above,
-- so their objects get the same rule.
create policy "attachments: two-factor sign-in where required"
  on storage.objects as restrictive for all to authenticated
  using (bucket_id <> 'attachments' or (select private.mfa_requirement_met()))
  with check (bucket_id <> 'attachments' or (select private.mfa_requirement_met()));
