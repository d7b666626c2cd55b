-- Routing: which agents work which teams (team_members, with skills and a capacity), whether they
-- are there (agent_status: availability and a heartbeat), and how each team hands out new work
-- (teams.routing_mode). New, reopened and moved tickets are assigned inside the writing transaction
-- (see ticket_workflow); tickets nobody could take wait and are routed when someone becomes
-- available, or by the minute job.
--
-- profiles.team_id stays, as the agent's primary team: existing code (invitations, the admin
-- screens, the hook's consumers) reads it. team_members is the source of truth for routing and is
-- kept consistent with it: a primary team is always one of the agent's memberships (setting it adds
-- the membership; leaving that team moves the primary team to another membership, or clears it).

create type public.routing_mode as enum ('manual', 'round_robin', 'least_loaded');

create type public.agent_availability as enum ('available', 'away', 'offline');

alter table public.teams
  add column routing_mode public.routing_mode not null default 'manual',
  -- Route a ticket only to members whose skills cover its tags that are skills in this team.
  add column skills_routing boolean not null default false;

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  agent_id uuid not null references public.profiles (id) on delete cascade,
  skills text[] not null default '{}'
    check (cardinality(skills) <= 50 and array_position(skills, null) is null),
  -- Routing skips the agent while they hold this many open tickets (null: no limit).
  capacity integer check (capacity >= 0 and capacity <= 10000),
  -- Round robin: the routing turn (a global sequence number) of the member's last assignment from
  -- this team; the member with the oldest turn is next.
  last_routed_turn bigint,
  last_routed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (team_id, agent_id)
);

create index team_members_agent_id_idx on public.team_members (agent_id);

create sequence private.routing_turns;

create table public.agent_status (
  agent_id uuid primary key references public.profiles (id) on delete cascade,
  status public.agent_availability not null default 'available',
  -- Written every minute by each open tab (public.heartbeat()); older than two minutes means the
  -- agent is offline whatever their status says.
  last_seen_at timestamptz,
  -- Open, pending and on-hold tickets assigned to the agent, kept by a trigger on tickets.
  open_tickets integer not null default 0 check (open_tickets >= 0)
);

-- Tickets waiting for an agent.
create index tickets_waiting_idx on public.tickets (team_id, created_at)
  where assignee_id is null and status = 'open';

create function private.is_available(
  status public.agent_availability,
  last_seen_at timestamptz,
  at timestamptz
)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select status = 'available' and last_seen_at > at - interval '2 minutes'
$$;

-- Team members ----------------------------------------------------------------------------------

create function private.validate_team_member()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not private.may_manage_settings() then
    return new;
  end if;
  if not exists (
    select 1 from public.profiles p where p.id = new.agent_id and p.role in ('agent', 'admin')
  ) then
    raise exception 'team members must be agents or admins'
      using errcode = '23514';
  end if;
  new.skills := array(
    select skill from (
      select btrim(s) as skill, min(n) as first_seen
      from unnest(new.skills) with ordinality as x(s, n)
      where btrim(s) <> ''
      group by btrim(s)
    ) deduplicated
    order by first_seen
  );
  return new;
end
$$;

create trigger team_members_validate
  before insert or update of agent_id, skills on public.team_members
  for each row execute function private.validate_team_member();

-- A routed team whose members all have capacity 0 could never assign a ticket.
create function private.check_team_capacity(team uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  team_name text;
begin
  select t.name into team_name
  from public.teams t
  where t.id = team
    and t.routing_mode <> 'manual'
    and exists (select 1 from public.team_members m where m.team_id = t.id)
    and not exists (
      select 1 from public.team_members m
      where m.team_id = t.id and (m.capacity is null or m.capacity > 0)
    );
  if team_name is not null then
    raise exception 'every member of team "%" has capacity 0, so routing could never assign a ticket',
      team_name
      using errcode = '23514',
        hint = 'Give at least one member a capacity above 0, or set the team''s routing to manual.';
  end if;
end
$$;

create function private.team_members_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.check_team_capacity(old.team_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.check_team_capacity(new.team_id);
  end if;
  -- Keep profiles.team_id one of the agent's teams.
  if tg_op = 'INSERT' then
    update public.profiles p set team_id = new.team_id
    where p.id = new.agent_id and p.team_id is null;
  elsif tg_op = 'DELETE' then
    update public.profiles p
    set team_id = (
      select m.team_id from public.team_members m
      where m.agent_id = old.agent_id
      order by m.created_at, m.team_id
      limit 1
    )
    where p.id = old.agent_id and p.team_id = old.team_id;
  end if;
  return null;
end
$$;

-- Not on the turn columns routing updates with every assignment.
create trigger team_members_changed
  after insert or delete or update of team_id, agent_id, capacity on public.team_members
  for each row execute function private.team_members_changed();

create function private.teams_routing_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.check_team_capacity(new.id);
  return null;
end
$$;

create trigger teams_routing_changed
  after update of routing_mode on public.teams
  for each row
  when (new.routing_mode is distinct from old.routing_mode)
  execute function private.teams_routing_changed();

-- Setting a staff member's primary team makes them a member of it; a person who is no longer staff
-- leaves their teams.
create function private.profile_team_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.role = 'client' then
    delete from public.team_members m where m.agent_id = new.id;
  elsif new.team_id is not null then
    insert into public.team_members (team_id, agent_id)
    values (new.team_id, new.id)
    on conflict (team_id, agent_id) do nothing;
  end if;
  return null;
end
$$;

create trigger profiles_team_membership
  after insert or update of team_id, role on public.profiles
  for each row execute function private.profile_team_membership();

insert into public.team_members (team_id, agent_id)
select p.team_id, p.id
from public.profiles p
where p.team_id is not null and p.role in ('agent', 'admin')
on conflict do nothing;

-- Load: open tickets per assignee -----------------------------------------------------------------

create function private.track_agent_load()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.assignee_id is not null
    and old.status in ('open', 'pending', 'on_hold') then
    update public.agent_status s
    set open_tickets = greatest(s.open_tickets - 1, 0)
    where s.agent_id = old.assignee_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.assignee_id is not null
    and new.status in ('open', 'pending', 'on_hold') then
    insert into public.agent_status as s (agent_id, open_tickets)
    values (new.assignee_id, 1)
    on conflict (agent_id) do update set open_tickets = s.open_tickets + 1;
  end if;
  return null;
end
$$;

create trigger tickets_track_agent_load
  after insert or delete on public.tickets
  for each row execute function private.track_agent_load();

create trigger tickets_track_agent_load_on_update
  after update of assignee_id, status on public.tickets
  for each row
  when (
    old.assignee_id is distinct from new.assignee_id
    or (old.status in ('open', 'pending', 'on_hold')) <> (new.status in ('open', 'pending', 'on_hold'))
  )
  execute function private.track_agent_load();

insert into public.agent_status (agent_id, open_tickets)
select t.assignee_id, count(*)
from public.tickets t
where t.assignee_id is not null and t.status in ('open', 'pending', 'on_hold')
group by t.assignee_id
on conflict (agent_id) do update set open_tickets = excluded.open_tickets;

-- Picking an agent --------------------------------------------------------------------------------

-- Advisory lock keys (first half): routing one team, and one run of the minute job.
create function private.lock_key(purpose text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case purpose when 'routing' then 18001 when 'minute_jobs' then 18002 end
$$;

-- The member of `team` who gets the next ticket with `tags` at `at`, or null when the team routes
-- manually or nobody can take it. Routing of one team is serialised by an advisory lock held until
-- the transaction ends (waited for when `wait`, else given up), so concurrent transactions see
-- each other's turns and loads: round robin gives nobody a second ticket before every available
-- member had one. The chosen agent's load row is locked too, since teams route in parallel.
create function private.pick_agent(team uuid, tags text[], at timestamptz, wait boolean)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  mode public.routing_mode;
  by_skills boolean;
  required text[];
  candidate uuid;
  cap integer;
  held integer;
begin
  select t.routing_mode, t.skills_routing into mode, by_skills from public.teams t where t.id = team;
  if mode is null or mode = 'manual' then
    return null;
  end if;
  if wait then
    perform pg_advisory_xact_lock(private.lock_key('routing'), hashtext(team::text));
  elsif not pg_try_advisory_xact_lock(private.lock_key('routing'), hashtext(team::text)) then
    return null;
  end if;
  required := case when by_skills then array(
    select distinct tag from unnest(tags) tag
    where exists (select 1 from public.team_members m where m.team_id = team and tag = any(m.skills))
  ) else '{}' end;
  for candidate, cap in
    select m.agent_id, m.capacity
    from public.team_members m
    join public.profiles p on p.id = m.agent_id and p.role in ('agent', 'admin')
    join public.agent_status s on s.agent_id = m.agent_id
    where m.team_id = team
      -- private.is_available(s.status, s.last_seen_at, at), spelled out: it runs on every insert.
      and s.status = 'available' and s.last_seen_at > at - interval '2 minutes'
      and (m.capacity is null or s.open_tickets < m.capacity)
      and m.skills @> required
    order by
      case when mode = 'least_loaded' then s.open_tickets else 0 end,
      m.last_routed_turn nulls first,
      m.agent_id
  loop
    -- A member whose row another transaction holds (another team routing to them, their heartbeat)
    -- is passed over this once: waiting could deadlock with that transaction.
    select s.open_tickets into held from public.agent_status s
    where s.agent_id = candidate
    for update skip locked;
    continue when not found;
    if cap is null or held < cap then
      update public.team_members m
      set last_routed_turn = nextval('private.routing_turns'), last_routed_at = at
      where m.team_id = team and m.agent_id = candidate;
      return candidate;
    end if;
  end loop;
  return null;
end
$$;

-- How a routed assignment is described in the ticket's history (meta `routing`): the team's mode
-- and the member's turn.
create function private.routing_source(team uuid, agent uuid)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  return (
    select jsonb_build_object('routing', jsonb_build_object(
      'mode', t.routing_mode, 'team_id', t.id, 'turn', m.last_routed_turn))
    from public.teams t
    join public.team_members m on m.team_id = t.id and m.agent_id = agent
    where t.id = team
  );
end
$$;

-- Assigns waiting tickets (open, unassigned, oldest first) of routed teams among `team_ids`, at most
-- `per_team` each; a team whose routing another transaction holds is left for the next run.
create function private.route_waiting(team_ids uuid[], at timestamptz, per_team integer)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  team record;
  ticket record;
  agent uuid;
  routed integer := 0;
begin
  for team in
    select t.id, t.skills_routing from public.teams t
    where t.id = any(team_ids) and t.routing_mode <> 'manual'
    order by t.id
  loop
    continue when not pg_try_advisory_xact_lock(private.lock_key('routing'), hashtext(team.id::text));
    for ticket in
      select t.id, t.tags from public.tickets t
      where t.team_id = team.id and t.assignee_id is null and t.status = 'open'
      order by t.created_at, t.id
      limit per_team
      for update skip locked
    loop
      agent := private.pick_agent(team.id, ticket.tags, at, true);
      -- Without skills every ticket needs the same thing: nobody now means nobody for the rest.
      exit when agent is null and not team.skills_routing;
      continue when agent is null;
      perform private.stash_source(ticket.id, 'assignee_id', private.routing_source(team.id, agent));
      update public.tickets t set assignee_id = agent where t.id = ticket.id;
      routed := routed + 1;
    end loop;
  end loop;
  return routed;
end
$$;

-- Availability ------------------------------------------------------------------------------------

-- Someone who just became available (chose Available, or came back after their heartbeat lapsed)
-- takes over waiting tickets of their teams.
create function private.route_on_availability()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  at timestamptz := private.clock();
begin
  if private.is_available(new.status, new.last_seen_at, at)
    and not (tg_op = 'UPDATE' and private.is_available(old.status, old.last_seen_at, at)) then
    perform private.route_waiting(
      array(select m.team_id from public.team_members m where m.agent_id = new.agent_id),
      at,
      25
    );
  end if;
  return null;
end
$$;

create trigger agent_status_route_on_availability
  after insert or update of status, last_seen_at on public.agent_status
  for each row execute function private.route_on_availability();

create function private.require_staff()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if public.user_role() is distinct from 'agent' and public.user_role() is distinct from 'admin' then
    raise exception 'only agents and admins have an availability' using errcode = '42501';
  end if;
end
$$;

create function private.set_availability(status public.agent_availability, agent uuid)
returns public.agent_status
language plpgsql
security definer
set search_path = ''
as $$
declare
  own boolean := agent = auth.uid();
  result public.agent_status;
begin
  perform private.require_staff();
  if status is null then
    raise exception 'availability must be available, away or offline' using errcode = '22023';
  end if;
  if not own and public.user_role() is distinct from 'admin' then
    raise exception 'only an admin may set someone else''s availability' using errcode = '42501';
  end if;
  if not exists (select 1 from public.profiles p where p.id = agent and p.role in ('agent', 'admin')) then
    raise exception 'no agent with id %', agent using errcode = '22023';
  end if;
  insert into public.agent_status as s (agent_id, status, last_seen_at)
  values (agent, set_availability.status, case when own then private.clock() end)
  on conflict (agent_id) do update
    set status = excluded.status, last_seen_at = coalesce(excluded.last_seen_at, s.last_seen_at)
  returning * into result;
  return result;
end
$$;

create function private.record_heartbeat()
returns public.agent_status
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.agent_status;
begin
  perform private.require_staff();
  insert into public.agent_status as s (agent_id, last_seen_at)
  values (auth.uid(), private.clock())
  on conflict (agent_id) do update set last_seen_at = excluded.last_seen_at
  returning * into result;
  return result;
end
$$;

-- The RPCs the agent workspace calls: `set_availability` from the account menu (an admin may pass
-- another agent's id), `heartbeat` every minute while a tab is open.
create function public.set_availability(
  status public.agent_availability,
  agent_id uuid default null
)
returns public.agent_status
language sql
volatile
set search_path = ''
as $$
  select private.set_availability(status, coalesce(agent_id, auth.uid()))
$$;

create function public.heartbeat()
returns public.agent_status
language sql
volatile
set search_path = ''
as $$
  select private.record_heartbeat()
$$;

revoke execute on function public.set_availability(public.agent_availability, uuid) from public, anon;
revoke execute on function public.heartbeat() from public, anon;
grant execute on function public.set_availability(public.agent_availability, uuid) to authenticated;
grant execute on function public.heartbeat() to authenticated;
revoke execute on function private.set_availability(public.agent_availability, uuid) from public;
revoke execute on function private.record_heartbeat() from public;
grant execute on function private.set_availability(public.agent_availability, uuid) to authenticated;
grant execute on function private.record_heartbeat() to authenticated;
revoke execute on function private.is_available(public.agent_availability, timestamptz, timestamptz)
  from public;
revoke execute on function private.validate_team_member() from public;
revoke execute on function private.check_team_capacity(uuid) from public;
revoke execute on function private.team_members_changed() from public;
revoke execute on function private.teams_routing_changed() from public;
revoke execute on function private.profile_team_membership() from public;
revoke execute on function private.track_agent_load() from public;
revoke execute on function private.lock_key(text) from public;
revoke execute on function private.pick_agent(uuid, text[], timestamptz, boolean) from public;
revoke execute on function private.routing_source(uuid, uuid) from public;
revoke execute on function private.route_waiting(uuid[], timestamptz, integer) from public;
revoke execute on function private.route_on_availability() from public;
revoke execute on function private.require_staff() from public;
grant execute on function private.require_staff() to authenticated;
revoke all on sequence private.routing_turns from public;

-- RLS ---------------------------------------------------------------------------------------------

alter table public.team_members enable row level security;
alter table public.agent_status enable row level security;

create policy "staff read team members"
  on public.team_members for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "admins add team members"
  on public.team_members for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update team members"
  on public.team_members for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins remove team members"
  on public.team_members for delete to authenticated
  using ((select public.user_role()) = 'admin');

-- Availability changes only through set_availability() and heartbeat(); the load only through the
-- ticket trigger.
create policy "staff read agent status"
  on public.agent_status for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

revoke insert, update, delete, truncate on table public.agent_status from anon, authenticated;
