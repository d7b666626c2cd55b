-- Invitations: an admin invites a person by email with a role (and optionally a team). The role is
-- kept here, server-side, and applied to the profile when the Auth server creates the invited
-- account (see new_users); it is never read from user or app metadata.

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(btrim(email)) and email like '_%@_%'),
  role public.user_role not null,
  team_id uuid references public.teams (id) on delete set null,
  invited_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  -- When the role was applied to the invited account, and which account that was.
  accepted_at timestamptz,
  user_id uuid references public.profiles (id) on delete set null
);

create index invitations_pending_email_idx on public.invitations (email, created_at desc)
  where accepted_at is null;
create index invitations_team_id_idx on public.invitations (team_id);
create index invitations_invited_by_idx on public.invitations (invited_by);
create index invitations_user_id_idx on public.invitations (user_id);
