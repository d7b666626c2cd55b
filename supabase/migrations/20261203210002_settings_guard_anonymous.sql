-- may_manage_settings() (20261203180002) said null, not false, for an anonymous caller (no role
-- claim), so the settings triggers that skip their checks for people who may not manage settings
-- ran them for anonymous callers instead: an anonymous insert into team_members was answered with a
-- validation error (23514) rather than the policies' refusal (42501). It showed once the email
-- links (20261203150005) let anonymous callers use schema private.
create or replace function private.may_manage_settings()
returns boolean
language sql
stable
set search_path = ''
as $$
  select current_user not in ('anon', 'authenticated') or coalesce(public.user_role() = 'admin', false)
$$;
