-- Report rollups: what the report pages read instead of scanning tickets. Each ticket contributes
-- a fixed set of increments derived from its current row (created on its creation day, solved and
-- resolution time on its solved day, first response time on its first response day, its SLA
-- outcomes, its rating, its place in the open counts); triggers subtract a ticket's old
-- contribution and add its new one whenever a column it depends on changes, in the writing
-- transaction. So the rollups always equal a direct computation over the current rows, whoever
-- wrote them (tests/db/reports.sql.spec.ts compares them on random data).
--
-- Days and hours are local to the workspace's time zone: the default business calendar's (UTC
-- without one). Changing it rebuilds the rollups.
--
-- Dimensions: the ticket's current team, agent, priority and type. The agent is the assignee for
-- ticket metrics and the author for replies (public replies by agents and admins).
-- Durations are elapsed time. Percentiles come from histograms with buckets 10% wide (bucket 0:
-- under a minute, bucket b: up to 60 * 1.1^b seconds), so a median reads "about 42 min" exactly as
-- a direct percentile_disc over the raw durations, put in the same bucket, would.

create table private.report_settings (
  id boolean primary key default true check (id),
  time_zone text not null default 'UTC'
);

insert into private.report_settings default values;

-- The zone the rollups are bucketed in.
create function private.report_zone()
returns text
language sql
stable
set search_path = ''
as $$
  select s.time_zone from private.report_settings s
$$;

-- The zone the rollups should be bucketed in.
create function private.report_wanted_zone()
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce((select c.time_zone from public.business_calendars c where c.is_default), 'UTC')
$$;

create function private.report_bucket(seconds double precision)
returns smallint
language sql
immutable
set search_path = ''
as $$
  select case
    when seconds is null then null
    when seconds < 60 then 0
    else least(floor(ln(seconds / 60) / ln(1.1))::integer + 1, 300)
  end::smallint
$$;

-- The upper end of a bucket, in seconds: what a percentile in that bucket is reported as.
create function private.report_bucket_seconds(bucket smallint)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select case when bucket = 0 then 60 else round(60 * power(1.1, bucket)) end
$$;

create function private.report_seconds(since timestamptz, until timestamptz)
returns bigint
language sql
immutable
set search_path = ''
as $$
  select greatest(round(extract(epoch from until - since)), 0)::bigint
$$;

-- The tables ------------------------------------------------------------------------------------

create table public.report_daily (
  day date not null,
  team_id uuid,
  agent_id uuid,
  priority public.ticket_priority not null,
  type_id uuid,
  created integer not null default 0,
  solved integer not null default 0,
  replies integer not null default 0,
  first_responses integer not null default 0,
  first_response_seconds bigint not null default 0,
  resolution_seconds bigint not null default 0,
  rated integer not null default 0,
  rated_good integer not null default 0,
  constraint report_daily_key unique nulls not distinct (day, team_id, agent_id, priority, type_id)
);

create table public.report_durations (
  day date not null,
  metric text not null check (metric in ('first_response', 'resolution')),
  team_id uuid,
  agent_id uuid,
  priority public.ticket_priority not null,
  type_id uuid,
  bucket smallint not null,
  tickets integer not null default 0,
  constraint report_durations_key
    unique nulls not distinct (day, metric, team_id, agent_id, priority, type_id, bucket)
);

-- The same histograms per calendar month: a long range reads its whole months from here (a month
-- holds about as many rows as one busy day) and only its partial months from report_durations.
create table public.report_durations_monthly (
  month date not null check (extract(day from month) = 1),
  metric text not null check (metric in ('first_response', 'resolution')),
  team_id uuid,
  agent_id uuid,
  priority public.ticket_priority not null,
  type_id uuid,
  bucket smallint not null,
  tickets integer not null default 0,
  constraint report_durations_monthly_key
    unique nulls not distinct (month, metric, team_id, agent_id, priority, type_id, bucket)
);

-- SLA outcomes of the first response and resolution targets: met on the day the target was met,
-- breached on the day the breach was recorded.
create table public.report_sla (
  day date not null,
  policy_id uuid not null,
  target text not null check (target in ('first_response', 'resolution')),
  team_id uuid,
  agent_id uuid,
  priority public.ticket_priority not null,
  type_id uuid,
  met integer not null default 0,
  breached integer not null default 0,
  constraint report_sla_key
    unique nulls not distinct (day, policy_id, target, team_id, agent_id, priority, type_id)
);

-- Incoming tickets per local hour, for the weekday x hour heatmap.
create table public.report_hourly (
  day date not null,
  hour smallint not null check (hour between 0 and 23),
  team_id uuid,
  created integer not null default 0,
  constraint report_hourly_key unique nulls not distinct (day, hour, team_id)
);

-- Tickets still to be worked (open, pending, on hold), now.
create table public.report_open (
  status public.ticket_status not null check (status in ('open', 'pending', 'on_hold')),
  team_id uuid,
  agent_id uuid,
  priority public.ticket_priority not null,
  type_id uuid,
  tickets integer not null default 0,
  constraint report_open_key unique nulls not distinct (status, team_id, agent_id, priority, type_id)
);

-- The latest CSAT comments for the report (the ticket export's keyset uses
-- tickets_created_at_id_idx).
create index tickets_rated_comments_idx on public.tickets (solved_at desc)
  where satisfaction_comment is not null;

-- Maintenance -----------------------------------------------------------------------------------

-- Adds `sign` (1 or -1) times the ticket's contribution to every rollup.
create function private.report_add_ticket(t public.tickets, sign integer, zone text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  created_day date := (t.created_at at time zone zone)::date;
  solved_day date := (t.solved_at at time zone zone)::date;
  responded_day date := (t.first_response_at at time zone zone)::date;
  first_response bigint := private.report_seconds(t.created_at, t.first_response_at);
  resolution bigint := private.report_seconds(t.created_at, t.solved_at);
  rated integer := case when t.satisfaction_rating is not null then sign else 0 end;
  good integer := case when t.satisfaction_rating = 'good' then sign else 0 end;
begin
  insert into public.report_daily as r (
    day, team_id, agent_id, priority, type_id, created, solved, first_responses,
    first_response_seconds, resolution_seconds, rated, rated_good
  )
  select d.day, t.team_id, t.assignee_id, t.priority, t.type_id, sum(d.created), sum(d.solved),
    sum(d.first_responses), sum(d.first_response_seconds), sum(d.resolution_seconds), sum(d.rated),
    sum(d.rated_good)
  from (values
    (created_day, sign, 0, 0, 0::bigint, 0::bigint, 0, 0),
    (solved_day, 0, sign, 0, 0, sign * resolution, rated, good),
    (responded_day, 0, 0, sign, sign * first_response, 0, 0, 0)
  ) as d (day, created, solved, first_responses, first_response_seconds, resolution_seconds, rated,
    rated_good)
  where d.day is not null
  group by d.day
  on conflict on constraint report_daily_key do update set
    created = r.created + excluded.created,
    solved = r.solved + excluded.solved,
    first_responses = r.first_responses + excluded.first_responses,
    first_response_seconds = r.first_response_seconds + excluded.first_response_seconds,
    resolution_seconds = r.resolution_seconds + excluded.resolution_seconds,
    rated = r.rated + excluded.rated,
    rated_good = r.rated_good + excluded.rated_good;

  insert into public.report_durations as r (
    day, metric, team_id, agent_id, priority, type_id, bucket, tickets
  )
  select d.day, d.metric, t.team_id, t.assignee_id, t.priority, t.type_id, d.bucket, sign
  from (values
    (responded_day, 'first_response', private.report_bucket(first_response)),
    (solved_day, 'resolution', private.report_bucket(resolution))
  ) as d (day, metric, bucket)
  where d.day is not null
  on conflict on constraint report_durations_key do update set tickets = r.tickets + excluded.tickets;

  insert into public.report_durations_monthly as r (
    month, metric, team_id, agent_id, priority, type_id, bucket, tickets
  )
  select date_trunc('month', d.day)::date, d.metric, t.team_id, t.assignee_id, t.priority,
    t.type_id, d.bucket, sign
  from (values
    (responded_day, 'first_response', private.report_bucket(first_response)),
    (solved_day, 'resolution', private.report_bucket(resolution))
  ) as d (day, metric, bucket)
  where d.day is not null
  on conflict on constraint report_durations_monthly_key do update
    set tickets = r.tickets + excluded.tickets;

  if t.sla_policy_id is not null then
    insert into public.report_sla as r (
      day, policy_id, target, team_id, agent_id, priority, type_id, met, breached
    )
    select (d.at at time zone zone)::date, t.sla_policy_id, d.target, t.team_id, t.assignee_id,
      t.priority, t.type_id, case when d.breached then 0 else sign end,
      case when d.breached then sign else 0 end
    from (values
      ('first_response', t.first_response_breached_at is not null,
        case when t.first_response_breached_at is not null then t.first_response_breached_at
          when t.first_response_due_at is not null then t.first_response_at end),
      ('resolution', t.resolution_breached_at is not null,
        case when t.resolution_breached_at is not null then t.resolution_breached_at
          when t.resolution_due_at is not null then t.solved_at end)
    ) as d (target, breached, at)
    where d.at is not null
    on conflict on constraint report_sla_key do update set
      met = r.met + excluded.met,
      breached = r.breached + excluded.breached;
  end if;

  insert into public.report_hourly as r (day, hour, team_id, created)
  values (created_day, extract(hour from t.created_at at time zone zone), t.team_id, sign)
  on conflict on constraint report_hourly_key do update set created = r.created + excluded.created;

  if t.status in ('open', 'pending', 'on_hold') then
    insert into public.report_open as r (status, team_id, agent_id, priority, type_id, tickets)
    values (t.status, t.team_id, t.assignee_id, t.priority, t.type_id, sign)
    on conflict on constraint report_open_key do update set tickets = r.tickets + excluded.tickets;
  end if;
end
$$;

-- Adds `sign` times the ticket's staff replies, under the ticket's team, priority and type.
create function private.report_add_replies(t public.tickets, sign integer, zone text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  insert into public.report_daily as r (day, team_id, agent_id, priority, type_id, replies)
  select (a.created_at at time zone zone)::date, t.team_id, a.author_id, t.priority, t.type_id,
    sign * count(*)
  from public.ticket_activities a
  join public.profiles p on p.id = a.author_id and p.role in ('agent', 'admin')
  where a.ticket_id = t.id and a.kind = 'reply'
  group by 1, 3
  on conflict on constraint report_daily_key do update set replies = r.replies + excluded.replies;
end
$$;

create function private.report_track_ticket()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  zone text := private.report_zone();
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.report_add_ticket(old, -1, zone);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.report_add_ticket(new, 1, zone);
  end if;
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and (old.team_id, old.priority, old.type_id)
      is distinct from (new.team_id, new.priority, new.type_id)) then
    perform private.report_add_replies(old, -1, zone);
  end if;
  if tg_op = 'UPDATE' and (old.team_id, old.priority, old.type_id)
      is distinct from (new.team_id, new.priority, new.type_id) then
    perform private.report_add_replies(new, 1, zone);
  end if;
  -- The delete trigger runs before the delete, which must go ahead.
  return old;
end
$$;

create trigger tickets_report_insert
  after insert on public.tickets
  for each row execute function private.report_track_ticket();

create trigger tickets_report_update
  after update on public.tickets
  for each row
  when ((old.created_at, old.solved_at, old.first_response_at, old.status, old.team_id,
      old.assignee_id, old.priority, old.type_id, old.satisfaction_rating, old.sla_policy_id,
      old.first_response_due_at, old.first_response_breached_at, old.resolution_due_at,
      old.resolution_breached_at)
    is distinct from (new.created_at, new.solved_at, new.first_response_at, new.status,
      new.team_id, new.assignee_id, new.priority, new.type_id, new.satisfaction_rating,
      new.sla_policy_id, new.first_response_due_at, new.first_response_breached_at,
      new.resolution_due_at, new.resolution_breached_at))
  execute function private.report_track_ticket();

-- Before the delete: its replies are still there to subtract (the cascade removes them first
-- otherwise), and report_track_reply then finds no ticket and leaves the rollups alone.
create trigger tickets_report_delete
  before delete on public.tickets
  for each row execute function private.report_track_ticket();

create function private.report_track_reply()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  a public.ticket_activities := case when tg_op = 'DELETE' then old else new end;
  zone text := private.report_zone();
begin
  insert into public.report_daily as r (day, team_id, agent_id, priority, type_id, replies)
  select (a.created_at at time zone zone)::date, t.team_id, a.author_id, t.priority, t.type_id,
    case when tg_op = 'DELETE' then -1 else 1 end
  from public.tickets t
  join public.profiles p on p.id = a.author_id and p.role in ('agent', 'admin')
  where t.id = a.ticket_id
  on conflict on constraint report_daily_key do update set replies = r.replies + excluded.replies;
  return null;
end
$$;

create trigger ticket_activities_report_insert
  after insert on public.ticket_activities
  for each row when (new.kind = 'reply')
  execute function private.report_track_reply();

create trigger ticket_activities_report_delete
  after delete on public.ticket_activities
  for each row when (old.kind = 'reply')
  execute function private.report_track_reply();

-- Recomputes every rollup from the tickets and their replies, set-based: after a bulk load or a
-- seed that wrote with triggers paused, and when the workspace's time zone changes.
create function private.rebuild_report_rollups()
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  zone text := private.report_wanted_zone();
begin
  update private.report_settings set time_zone = zone;
  truncate public.report_daily, public.report_durations, public.report_durations_monthly,
    public.report_sla, public.report_hourly, public.report_open;

  insert into public.report_daily (
    day, team_id, agent_id, priority, type_id, created, solved, replies, first_responses,
    first_response_seconds, resolution_seconds, rated, rated_good
  )
  select c.day, c.team_id, c.agent_id, c.priority, c.type_id, sum(c.created), sum(c.solved),
    sum(c.replies), sum(c.first_responses), sum(c.first_response_seconds),
    sum(c.resolution_seconds), sum(c.rated), sum(c.rated_good)
  from (
    select (t.created_at at time zone zone)::date as day, t.team_id, t.assignee_id as agent_id,
      t.priority, t.type_id, 1 as created, 0 as solved, 0 as replies, 0 as first_responses,
      0::bigint as first_response_seconds, 0::bigint as resolution_seconds, 0 as rated,
      0 as rated_good
    from public.tickets t
    union all
    select (t.solved_at at time zone zone)::date, t.team_id, t.assignee_id, t.priority, t.type_id,
      0, 1, 0, 0, 0, private.report_seconds(t.created_at, t.solved_at),
      (t.satisfaction_rating is not null)::integer,
      coalesce(t.satisfaction_rating = 'good', false)::integer
    from public.tickets t
    where t.solved_at is not null
    union all
    select (t.first_response_at at time zone zone)::date, t.team_id, t.assignee_id, t.priority,
      t.type_id, 0, 0, 0, 1, private.report_seconds(t.created_at, t.first_response_at), 0, 0, 0
    from public.tickets t
    where t.first_response_at is not null
    union all
    select (a.created_at at time zone zone)::date, t.team_id, a.author_id, t.priority, t.type_id,
      0, 0, 1, 0, 0, 0, 0, 0
    from public.ticket_activities a
    join public.tickets t on t.id = a.ticket_id
    join public.profiles p on p.id = a.author_id and p.role in ('agent', 'admin')
    where a.kind = 'reply'
  ) c
  group by c.day, c.team_id, c.agent_id, c.priority, c.type_id;

  insert into public.report_durations (day, metric, team_id, agent_id, priority, type_id, bucket,
    tickets)
  select d.day, d.metric, d.team_id, d.assignee_id, d.priority, d.type_id, d.bucket, count(*)
  from (
    select (t.first_response_at at time zone zone)::date as day, 'first_response' as metric,
      t.team_id, t.assignee_id, t.priority, t.type_id,
      private.report_bucket(private.report_seconds(t.created_at, t.first_response_at)) as bucket
    from public.tickets t
    where t.first_response_at is not null
    union all
    select (t.solved_at at time zone zone)::date, 'resolution', t.team_id, t.assignee_id,
      t.priority, t.type_id, private.report_bucket(private.report_seconds(t.created_at, t.solved_at))
    from public.tickets t
    where t.solved_at is not null
  ) d
  group by 1, 2, 3, 4, 5, 6, 7;

  insert into public.report_durations_monthly (month, metric, team_id, agent_id, priority, type_id,
    bucket, tickets)
  select date_trunc('month', d.day)::date, d.metric, d.team_id, d.agent_id, d.priority, d.type_id,
    d.bucket, sum(d.tickets)
  from public.report_durations d
  group by 1, 2, 3, 4, 5, 6, 7;

  insert into public.report_sla (day, policy_id, target, team_id, agent_id, priority, type_id, met,
    breached)
  select (o.at at time zone zone)::date, o.sla_policy_id, o.target, o.team_id, o.assignee_id,
    o.priority, o.type_id, count(*) filter (where not o.breached),
    count(*) filter (where o.breached)
  from (
    select t.sla_policy_id, t.team_id, t.assignee_id, t.priority, t.type_id, d.target, d.breached,
      d.at
    from public.tickets t
    cross join lateral (values
      ('first_response', t.first_response_breached_at is not null,
        case when t.first_response_breached_at is not null then t.first_response_breached_at
          when t.first_response_due_at is not null then t.first_response_at end),
      ('resolution', t.resolution_breached_at is not null,
        case when t.resolution_breached_at is not null then t.resolution_breached_at
          when t.resolution_due_at is not null then t.solved_at end)
    ) as d (target, breached, at)
    where t.sla_policy_id is not null and d.at is not null
  ) o
  group by 1, 2, 3, 4, 5, 6, 7;

  insert into public.report_hourly (day, hour, team_id, created)
  select (t.created_at at time zone zone)::date, extract(hour from t.created_at at time zone zone),
    t.team_id, count(*)
  from public.tickets t
  group by 1, 2, 3;

  insert into public.report_open (status, team_id, agent_id, priority, type_id, tickets)
  select t.status, t.team_id, t.assignee_id, t.priority, t.type_id, count(*)
  from public.tickets t
  where t.status in ('open', 'pending', 'on_hold')
  group by 1, 2, 3, 4, 5;
end
$$;

-- A new default calendar, or a new zone for it, moves every local day: rebuild.
create function private.report_follow_time_zone()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.report_wanted_zone() is distinct from private.report_zone() then
    perform private.rebuild_report_rollups();
  end if;
  return null;
end
$$;

create trigger business_calendars_report_zone
  after insert or update or delete on public.business_calendars
  for each statement execute function private.report_follow_time_zone();

revoke execute on function private.report_zone() from public, anon, authenticated;
revoke execute on function private.report_wanted_zone() from public, anon, authenticated;
revoke execute on function private.report_bucket(double precision) from public, anon, authenticated;
revoke execute on function private.report_bucket_seconds(smallint) from public, anon, authenticated;
revoke execute on function private.report_seconds(timestamptz, timestamptz)
  from public, anon, authenticated;
revoke execute on function private.report_add_ticket(public.tickets, integer, text)
  from public, anon, authenticated;
revoke execute on function private.report_add_replies(public.tickets, integer, text)
  from public, anon, authenticated;
revoke execute on function private.report_track_ticket() from public, anon, authenticated;
revoke execute on function private.report_track_reply() from public, anon, authenticated;
revoke execute on function private.rebuild_report_rollups() from public, anon, authenticated;
revoke execute on function private.report_follow_time_zone() from public, anon, authenticated;

-- Access: read-only for staff, within their scope (the report functions check the same); written
-- only by the triggers above.
alter table public.report_daily enable row level security;
alter table public.report_durations enable row level security;
alter table public.report_durations_monthly enable row level security;
alter table public.report_sla enable row level security;
alter table public.report_hourly enable row level security;
alter table public.report_open enable row level security;
alter table private.report_settings enable row level security;

revoke insert, update, delete, truncate on public.report_daily, public.report_durations,
  public.report_durations_monthly, public.report_sla, public.report_hourly, public.report_open
  from anon, authenticated;

-- The teams whose stats the caller sees besides their own: all for admins, their memberships for
-- agents, none for anyone else.
create function private.report_teams()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select case public.user_role()
    when 'admin' then (select coalesce(array_agg(t.id), '{}') from public.teams t)
    when 'agent' then (
      select coalesce(array_agg(m.team_id), '{}') from public.team_members m
      where m.agent_id = auth.uid()
    )
    else '{}'::uuid[]
  end
$$;

revoke execute on function private.report_teams() from public, anon;
grant execute on function private.report_teams() to authenticated;

do $$
declare
  rollup text;
begin
  foreach rollup in array array[
    'report_daily', 'report_durations', 'report_durations_monthly', 'report_sla', 'report_open'
  ]
  loop
    execute format(
      'create policy "staff read their own and their teams'' stats" on public.%I
         for select to authenticated
         using (
           (select public.user_role()) = ''admin''
           or ((select public.user_role()) = ''agent''
             and (agent_id = (select auth.uid()) or team_id = any((select private.report_teams())::uuid[])))
         )', rollup);
    execute format(
      'create policy "two-factor sign-in where required" on public.%I
         as restrictive for select to authenticated
         using ((select private.mfa_requirement_met()))', rollup);
  end loop;
end
$$;

create policy "staff read their teams' incoming tickets" on public.report_hourly
  for select to authenticated
  using (
    (select public.user_role()) = 'admin'
    or ((select public.user_role()) = 'agent' and team_id = any((select private.report_teams())::uuid[]))
  );

create policy "two-factor sign-in where required" on public.report_hourly
  as restrictive for select to authenticated
  using ((select private.mfa_requirement_met()));

-- Whatever a database holds already (a hosted project migrating).
select private.rebuild_report_rollups();
