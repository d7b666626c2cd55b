-- The custom access token hook (config.toml: [auth.hook.custom_access_token]). The Auth server
-- calls it as supabase_auth_admin for every token it issues, sign-in and refresh alike, so a role
-- change reaches the JWT at the next refresh. It copies profiles.role into the root claim
-- `user_role` (read by public.user_role() and the app's portal guard) and into
-- `app_metadata.user_role`. It never touches `role`, which must stay `authenticated`: PostgREST
-- and Realtime switch to the Postgres role named there.

create function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql
stable
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
begin
  select p.role into profile_role
  from public.profiles p
  where p.id = (event ->> 'user_id')::uuid;

  if profile_role is null then
    -- No profile, no role: every policy then denies, rather than trusting a stale claim.
    claims := (claims - 'user_role') || jsonb_build_object('app_metadata', app_metadata - 'user_role');
  else
    claims := claims || jsonb_build_object(
      'user_role', profile_role,
      'app_metadata', app_metadata || jsonb_build_object('user_role', profile_role)
    );
  end if;
  return jsonb_build_object('claims', claims);
end
$$;

-- As Supabase documents for hooks: only the Auth server may run it, and it reads profiles through
-- an explicit grant and policy.
grant usage on schema public to supabase_auth_admin;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
revoke execute on function public.custom_access_token_hook(jsonb) from public, anon, authenticated;

grant select on table public.profiles to supabase_auth_admin;

create policy "auth server reads roles for tokens"
  on public.profiles
  for select
  to supabase_auth_admin
  using (true);
