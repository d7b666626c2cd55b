-- Row level security for people: teams, profiles and invitations.
-- Admins may do everything, including managing profiles and roles (which columns a non-admin may
-- change is enforced by profiles_guard_update). Profiles are created by the auth.users trigger and
-- removed with their auth user (Auth admin API), so nobody inserts or deletes them directly.

alter table public.teams enable row level security;
alter table public.profiles enable row level security;
alter table public.invitations enable row level security;

-- teams ------------------------------------------------------------------------------------------

create policy "signed-in users read teams"
  on public.teams for select to authenticated
  using (true);

create policy "admins create teams"
  on public.teams for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update teams"
  on public.teams for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete teams"
  on public.teams for delete to authenticated
  using ((select public.user_role()) = 'admin');

-- profiles ---------------------------------------------------------------------------------------

-- Clients see themselves and the staff who answer them, never other customers.
create policy "people read their own profile, staff profiles; staff read all"
  on public.profiles for select to authenticated
  using (
    id = (select auth.uid())
    or role in ('agent', 'admin')
    or (select public.user_role()) in ('agent', 'admin')
  );

create policy "people update their own profile, admins any"
  on public.profiles for update to authenticated
  using (id = (select auth.uid()) or (select public.user_role()) = 'admin')
  with check (id = (select auth.uid()) or (select public.user_role()) = 'admin');

-- invitations ------------------------------------------------------------------------------------

create policy "admins read invitations"
  on public.invitations for select to authenticated
  using ((select public.user_role()) = 'admin');

create policy "admins create invitations in their own name"
  on public.invitations for insert to authenticated
  with check ((select public.user_role()) = 'admin' and invited_by = (select auth.uid()));

create policy "admins update invitations"
  on public.invitations for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete invitations"
  on public.invitations for delete to authenticated
  using ((select public.user_role()) = 'admin');
