-- People and the teams agents belong to. A profile is created for every auth user by a trigger
-- (see new_users); its role is what the access token hook puts into the JWT.

create function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (btrim(name) <> '' and char_length(name) <= 100),
  description text not null default '' check (char_length(description) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger teams_set_updated_at
  before update on public.teams
  for each row execute function public.set_updated_at();

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null default '',
  full_name text not null default '' check (char_length(full_name) <= 200),
  role public.user_role not null default 'client',
  team_id uuid references public.teams (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index profiles_team_id_idx on public.profiles (team_id);
create index profiles_role_idx on public.profiles (role);

create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function public.set_updated_at();

-- RLS decides which rows a caller may update; this decides which columns. Through the API
-- (roles anon and authenticated) a person may edit their own name only: role and team are
-- changed by an admin, and id, email and created_at follow auth.users. Functions running as
-- their owner (triggers, the seed, the service role) are not restricted here.
create function public.guard_profile_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if new.id is distinct from old.id
    or new.email is distinct from old.email
    or new.created_at is distinct from old.created_at then
    raise exception 'id, email and created_at of a profile are maintained by the database'
      using errcode = '42501';
  end if;
  if (new.role is distinct from old.role or new.team_id is distinct from old.team_id)
    and public.user_role() is distinct from 'admin' then
    raise exception 'only an admin may change a role or a team'
      using errcode = '42501';
  end if;
  return new;
end
$$;

create trigger profiles_guard_update
  before update on public.profiles
  for each row execute function public.guard_profile_update();
