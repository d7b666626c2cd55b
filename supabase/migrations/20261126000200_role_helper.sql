-- The caller's role, as the custom access token hook wrote it into the JWT (claim `user_role`).
-- Policies call it as `(select public.user_role())` so Postgres evaluates it once per statement.
-- It reads only the root claim, which the hook alone sets; never `user_metadata`, which users edit.
-- A missing or unknown claim gives null, which no policy grants anything to.

create function public.user_role()
returns public.user_role
language sql
stable
set search_path = ''
as $$
  select role
  from unnest(enum_range(null::public.user_role)) as role
  where role::text = auth.jwt() ->> 'user_role'
$$;

comment on function public.user_role() is
  'The user_role claim of the current request''s JWT (client, agent, admin), or null.';
