-- The access token also says whether its person has a verified second factor (claim
-- `mfa_enrolled`), so the app asks for the code after sign-in from the verified token alone, without
-- a round trip to the Auth server on every request. The Auth server runs the hook again when a
-- factor is verified, so the claim is true from the first aal2 token on. Otherwise as before (see
-- 20261126001100_access_token_hook.sql).

create or replace function public.custom_access_token_hook(event jsonb)
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
  enrolled boolean;
begin
  select p.role into profile_role
  from public.profiles p
  where p.id = (event ->> 'user_id')::uuid;

  select exists (
    select 1 from auth.mfa_factors f
    where f.user_id = (event ->> 'user_id')::uuid and f.status = 'verified'
  ) into enrolled;

  if profile_role is null then
    -- No profile, no role: every policy then denies, rather than trusting a stale claim.
    claims := (claims - 'user_role') || jsonb_build_object('app_metadata', app_metadata - 'user_role');
  else
    claims := claims || jsonb_build_object(
      'user_role', profile_role,
      'app_metadata', app_metadata || jsonb_build_object('user_role', profile_role)
    );
  end if;
  return jsonb_build_object('claims', claims || jsonb_build_object('mfa_enrolled', enrolled));
end
$$;
