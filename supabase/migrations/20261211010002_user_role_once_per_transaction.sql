-- Bulk actions on PGlite (issue 13): the caller's role read from the JWT once per transaction, not
-- once per row.
--
-- Row triggers ask for it on every row (public.guard_ticket_update on each updated ticket), and
-- each call parsed the whole claims text as jsonb, three times (the claim was compared with each
-- role of the enum): 1,000 calls in a bulk update of 1,000 tickets. It now keeps the role it read,
-- with the claims text it read it from, in two transaction-local settings, and parses again only
-- when the claims differ: a request's transaction, or a test that acts as someone else within one
-- transaction (set_config of request.jwt.claims), always gets the role of the claims in force.
-- A setting changed by a rolled-back subtransaction is restored, which only means reading again.
-- Anyone who could write those settings could write request.jwt.claims just as well.
--
-- Same answer as 20261126000200: the root claim `user_role` of auth.jwt() when it names a role,
-- otherwise null.
create or replace function public.user_role()
returns public.user_role
language plpgsql
stable
set search_path = ''
as $$
declare
  -- auth.jwt()'s source, as text: comparing it costs less than parsing it.
  claims text := coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  );
  role public.user_role;
begin
  if claims is null then
    return null;
  end if;
  if claims = current_setting('autocrm.user_role_claims', true) then
    return nullif(current_setting('autocrm.user_role', true), '')::public.user_role;
  end if;
  select r into role
  from unnest(enum_range(null::public.user_role)) r
  where r::text = claims::jsonb ->> 'user_role';
  perform set_config('autocrm.user_role_claims', claims, true),
    set_config('autocrm.user_role', coalesce(role::text, ''), true);
  return role;
end
$$;
