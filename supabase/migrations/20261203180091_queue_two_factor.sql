-- The queue's search and counts run as security definer (see 20261203130002), so the restrictive
-- two-factor policies of 20261203170001 never see them: the role check they all start with holds the
-- same rule. Saved views are workspace settings for shared ones, held like the others
-- (20261203180090). Named after both, which it depends on.

create or replace function private.require_queue_staff()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if public.user_role() is null or public.user_role() not in ('agent', 'admin') then
    raise exception 'Only agents and admins may search the ticket queue.' using errcode = '42501';
  end if;
  if not private.mfa_requirement_met() then
    raise exception 'Sign in with your authenticator app first.' using errcode = '42501';
  end if;
end
$$;

revoke execute on function private.require_queue_staff() from public, anon, authenticated;

create policy "two-factor sign-in where required to add" on public.views
  as restrictive for insert to authenticated
  with check ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to change" on public.views
  as restrictive for update to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to remove" on public.views
  as restrictive for delete to authenticated
  using ((select private.mfa_requirement_met()));
