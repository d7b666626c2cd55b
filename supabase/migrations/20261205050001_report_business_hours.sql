-- Report durations in business time (issue 19: "first response time and resolution time ... in
-- business hours once calendars exist"). A ticket's first response and resolution times count the
-- business seconds between its creation and that moment, in the calendar the SLA code uses for it:
-- private.sla_calendar(ticket.sla_policy_id), i.e. its SLA policy's calendar, or the default
-- calendar when the ticket has no policy or its policy has no calendar of its own (and elapsed time
-- when no calendar exists at all). Both report_daily's *_seconds sums and the duration histograms
-- change with it.
--
-- The three functions that compute durations (the insert/delete row trigger's report_add_ticket,
-- the update statement trigger's report_track_ticket_updates, and the full rebuild) are replaced
-- with the elapsed-time private.report_seconds swapped for report_business_seconds; nothing else in
-- them changes. A change to the arithmetic's inputs (a calendar's hours, holidays or zone, which
-- calendar is the default, a policy's calendar) moves durations already rolled up, so it rebuilds
-- the rollups: rare admin edits, paid for by the editor's save.
--
-- The tickets CSV export keeps elapsed seconds (its header says so): computing business time per
-- exported row would cost the stream most of its speed, and the elapsed times are the raw facts a
-- spreadsheet can recompute in any calendar.

-- Business seconds from `since` to `until` in the calendar of the SLA policy (see above), rounded
-- to the second and never negative, like private.report_seconds.
create function private.report_business_seconds(policy_id uuid, since timestamptz, until timestamptz)
returns bigint
language sql
stable
set search_path = ''
as $$
  select greatest(round(private.business_between(private.sla_calendar(policy_id), since, until)), 0)::bigint
$$;

revoke execute on function private.report_business_seconds(uuid, timestamptz, timestamptz)
  from public, anon, authenticated;

create or replace function private.report_add_ticket(t public.tickets, sign integer, zone text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  created_day date := (t.created_at at time zone zone)::date;
  solved_day date := (t.solved_at at time zone zone)::date;
  responded_day date := (t.first_response_at at time zone zone)::date;
  first_response bigint := private.report_business_seconds(t.sla_policy_id, t.created_at, t.first_response_at);
  resolution bigint := private.report_business_seconds(t.sla_policy_id, t.created_at, t.solved_at);
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

create or replace function private.report_track_ticket_updates()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  zone text := private.report_zone();
begin
  -- One statement: each changed ticket's old contribution (sign -1) and new one (+1), as
  -- report_add_ticket computes them, summed per rollup row and added to every rollup.
  with changed as (
    select o.id
    from old_rows o
    join new_rows n on n.id = o.id
    where (o.created_at, o.solved_at, o.first_response_at, o.status, o.team_id, o.assignee_id,
        o.priority, o.type_id, o.satisfaction_rating, o.sla_policy_id, o.first_response_due_at,
        o.first_response_breached_at, o.resolution_due_at, o.resolution_breached_at)
      is distinct from (n.created_at, n.solved_at, n.first_response_at, n.status, n.team_id,
        n.assignee_id, n.priority, n.type_id, n.satisfaction_rating, n.sla_policy_id,
        n.first_response_due_at, n.first_response_breached_at, n.resolution_due_at,
        n.resolution_breached_at)
  ),
  signed as (
    select -1 as sign, o.* from old_rows o where o.id in (select id from changed)
    union all
    select 1, n.* from new_rows n where n.id in (select id from changed)
  ),
  c as (
    select t.*,
      (t.created_at at time zone zone)::date as created_day,
      (t.solved_at at time zone zone)::date as solved_day,
      (t.first_response_at at time zone zone)::date as responded_day,
      private.report_business_seconds(t.sla_policy_id, t.created_at, t.first_response_at) as first_response,
      private.report_business_seconds(t.sla_policy_id, t.created_at, t.solved_at) as resolution
    from signed t
  ),
  daily as (
    insert into public.report_daily as r (
      day, team_id, agent_id, priority, type_id, created, solved, first_responses,
      first_response_seconds, resolution_seconds, rated, rated_good
    )
    select d.day, c.team_id, c.assignee_id, c.priority, c.type_id, sum(d.created), sum(d.solved),
      sum(d.first_responses), sum(d.first_response_seconds), sum(d.resolution_seconds),
      sum(d.rated), sum(d.rated_good)
    from c
    cross join lateral (values
      (c.created_day, c.sign, 0, 0, 0::bigint, 0::bigint, 0, 0),
      (c.solved_day, 0, c.sign, 0, 0, c.sign * c.resolution,
        case when c.satisfaction_rating is not null then c.sign else 0 end,
        case when c.satisfaction_rating = 'good' then c.sign else 0 end),
      (c.responded_day, 0, 0, c.sign, c.sign * c.first_response, 0, 0, 0)
    ) as d (day, created, solved, first_responses, first_response_seconds, resolution_seconds,
      rated, rated_good)
    where d.day is not null
    group by d.day, c.team_id, c.assignee_id, c.priority, c.type_id
    on conflict on constraint report_daily_key do update set
      created = r.created + excluded.created,
      solved = r.solved + excluded.solved,
      first_responses = r.first_responses + excluded.first_responses,
      first_response_seconds = r.first_response_seconds + excluded.first_response_seconds,
      resolution_seconds = r.resolution_seconds + excluded.resolution_seconds,
      rated = r.rated + excluded.rated,
      rated_good = r.rated_good + excluded.rated_good
  ),
  -- The duration histograms, daily and monthly, from one computation of the buckets.
  durations as (
    select d.day, d.metric, c.team_id, c.assignee_id, c.priority, c.type_id,
      private.report_bucket(d.seconds) as bucket, c.sign
    from c
    cross join lateral (values
      (c.responded_day, 'first_response', c.first_response),
      (c.solved_day, 'resolution', c.resolution)
    ) as d (day, metric, seconds)
    where d.day is not null
  ),
  durations_daily as (
    insert into public.report_durations as r (
      day, metric, team_id, agent_id, priority, type_id, bucket, tickets
    )
    select d.day, d.metric, d.team_id, d.assignee_id, d.priority, d.type_id, d.bucket, sum(d.sign)
    from durations d
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict on constraint report_durations_key do update
      set tickets = r.tickets + excluded.tickets
  ),
  durations_monthly as (
    insert into public.report_durations_monthly as r (
      month, metric, team_id, agent_id, priority, type_id, bucket, tickets
    )
    select date_trunc('month', d.day)::date, d.metric, d.team_id, d.assignee_id, d.priority,
      d.type_id, d.bucket, sum(d.sign)
    from durations d
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict on constraint report_durations_monthly_key do update
      set tickets = r.tickets + excluded.tickets
  ),
  sla as (
    insert into public.report_sla as r (
      day, policy_id, target, team_id, agent_id, priority, type_id, met, breached
    )
    select (d.at at time zone zone)::date, c.sla_policy_id, d.target, c.team_id, c.assignee_id,
      c.priority, c.type_id, sum(case when d.breached then 0 else c.sign end),
      sum(case when d.breached then c.sign else 0 end)
    from c
    cross join lateral (values
      ('first_response', c.first_response_breached_at is not null,
        case when c.first_response_breached_at is not null then c.first_response_breached_at
          when c.first_response_due_at is not null then c.first_response_at end),
      ('resolution', c.resolution_breached_at is not null,
        case when c.resolution_breached_at is not null then c.resolution_breached_at
          when c.resolution_due_at is not null then c.solved_at end)
    ) as d (target, breached, at)
    where c.sla_policy_id is not null and d.at is not null
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict on constraint report_sla_key do update set
      met = r.met + excluded.met,
      breached = r.breached + excluded.breached
  ),
  hourly as (
    insert into public.report_hourly as r (day, hour, team_id, created)
    select c.created_day, extract(hour from c.created_at at time zone zone), c.team_id, sum(c.sign)
    from c
    group by 1, 2, 3
    on conflict on constraint report_hourly_key do update set created = r.created + excluded.created
  )
  insert into public.report_open as r (status, team_id, agent_id, priority, type_id, tickets)
  select c.status, c.team_id, c.assignee_id, c.priority, c.type_id, sum(c.sign)
  from c
  where c.status in ('open', 'pending', 'on_hold')
  group by 1, 2, 3, 4, 5
  on conflict on constraint report_open_key do update set tickets = r.tickets + excluded.tickets;

  -- Replies count under their ticket's team, priority and type: moved when one of those changed
  -- (see report_add_replies).
  with moved as (
    select o.id, o.team_id as old_team, o.priority as old_priority, o.type_id as old_type,
      n.team_id as new_team, n.priority as new_priority, n.type_id as new_type
    from old_rows o
    join new_rows n on n.id = o.id
    where (o.team_id, o.priority, o.type_id) is distinct from (n.team_id, n.priority, n.type_id)
  ),
  replies as (
    select a.ticket_id, (a.created_at at time zone zone)::date as day, a.author_id, count(*) as n
    from public.ticket_activities a
    join public.profiles p on p.id = a.author_id and p.role in ('agent', 'admin')
    where a.ticket_id in (select id from moved) and a.kind = 'reply'
    group by 1, 2, 3
  )
  insert into public.report_daily as r (day, team_id, agent_id, priority, type_id, replies)
  select y.day, s.team_id, y.author_id, s.priority, s.type_id, sum(s.sign * y.n)
  from replies y
  join moved m on m.id = y.ticket_id
  cross join lateral (values
    (-1, m.old_team, m.old_priority, m.old_type),
    (1, m.new_team, m.new_priority, m.new_type)
  ) as s (sign, team_id, priority, type_id)
  group by 1, 2, 3, 4, 5
  on conflict on constraint report_daily_key do update set replies = r.replies + excluded.replies;
  return null;
end
$$;

create or replace function private.rebuild_report_rollups()
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
      0, 1, 0, 0, 0, private.report_business_seconds(t.sla_policy_id, t.created_at, t.solved_at),
      (t.satisfaction_rating is not null)::integer,
      coalesce(t.satisfaction_rating = 'good', false)::integer
    from public.tickets t
    where t.solved_at is not null
    union all
    select (t.first_response_at at time zone zone)::date, t.team_id, t.assignee_id, t.priority,
      t.type_id, 0, 0, 0, 1, private.report_business_seconds(t.sla_policy_id, t.created_at, t.first_response_at), 0, 0, 0
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
  group by c.day, c.team_id, c.agent_id, c.priority, c.type_id
  order by c.day;

  insert into public.report_durations (day, metric, team_id, agent_id, priority, type_id, bucket,
    tickets)
  select d.day, d.metric, d.team_id, d.assignee_id, d.priority, d.type_id, d.bucket, count(*)
  from (
    select (t.first_response_at at time zone zone)::date as day, 'first_response' as metric,
      t.team_id, t.assignee_id, t.priority, t.type_id,
      private.report_bucket(private.report_business_seconds(t.sla_policy_id, t.created_at, t.first_response_at)) as bucket
    from public.tickets t
    where t.first_response_at is not null
    union all
    select (t.solved_at at time zone zone)::date, 'resolution', t.team_id, t.assignee_id,
      t.priority, t.type_id, private.report_bucket(private.report_business_seconds(t.sla_policy_id, t.created_at, t.solved_at))
    from public.tickets t
    where t.solved_at is not null
  ) d
  group by 1, 2, 3, 4, 5, 6, 7
  order by 1;

  insert into public.report_durations_monthly (month, metric, team_id, agent_id, priority, type_id,
    bucket, tickets)
  select date_trunc('month', d.day)::date, d.metric, d.team_id, d.agent_id, d.priority, d.type_id,
    d.bucket, sum(d.tickets)
  from public.report_durations d
  group by 1, 2, 3, 4, 5, 6, 7
  order by 1;

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
  group by 1, 2, 3, 4, 5, 6, 7
  order by 1;

  insert into public.report_hourly (day, hour, team_id, created)
  select (t.created_at at time zone zone)::date, extract(hour from t.created_at at time zone zone),
    t.team_id, count(*)
  from public.tickets t
  group by 1, 2, 3
  order by 1;

  insert into public.report_open (status, team_id, agent_id, priority, type_id, tickets)
  select t.status, t.team_id, t.assignee_id, t.priority, t.type_id, count(*)
  from public.tickets t
  where t.status in ('open', 'pending', 'on_hold')
  group by 1, 2, 3, 4, 5;
end
$$;

-- Rebuild whenever the business time of a rolled-up duration may have moved (and, as before, when
-- the default calendar's zone moves every local day).
create function private.report_follow_calendars()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.rebuild_report_rollups();
  return null;
end
$$;

revoke execute on function private.report_follow_calendars() from public, anon, authenticated;

drop trigger business_calendars_report_zone on public.business_calendars;
drop function private.report_follow_time_zone();

-- Row triggers, so that a save which changes none of the arithmetic's inputs (a calendar's name, a
-- policy's targets) costs nothing. Moving the default flag touches two calendars and rebuilds
-- twice; the second rebuild sees the final state.
create trigger business_calendars_report_durations_insert
  after insert on public.business_calendars
  for each row when (new.is_default)
  execute function private.report_follow_calendars();

create trigger business_calendars_report_durations_update
  after update on public.business_calendars
  for each row
  when ((old.time_zone, old.week_minutes, old.holiday_dates, old.is_default)
    is distinct from (new.time_zone, new.week_minutes, new.holiday_dates, new.is_default))
  execute function private.report_follow_calendars();

create trigger business_calendars_report_durations_delete
  after delete on public.business_calendars
  for each row when (old.is_default)
  execute function private.report_follow_calendars();

create trigger sla_policies_report_durations
  after update on public.sla_policies
  for each row when (old.calendar_id is distinct from new.calendar_id)
  execute function private.report_follow_calendars();

-- The durations rolled up so far were elapsed time.
select private.rebuild_report_rollups();
