-- Bulk actions on PGlite (issue 13): the plan of a statement-level trigger over transition tables
-- is made for the row count of the first statement that ran it in the session, whatever comes later.
--
-- PL/pgSQL prepares each statement once per session, and the parse analysis it keeps stores the row
-- count of every transition table (the only estimate the planner has for them). A custom plan
-- (plan_cache_mode = force_custom_plan, 20261207010001) plans again from that analysis, so it does
-- not help: checked with auto_explain on PostgreSQL 15, a 1,000-row update after a 1-row one still
-- joins old_rows and new_rows by a nested loop estimated at 1 row each. On PGlite everything runs on
-- one session, and the stack's minute job updates single tickets before any bulk action: the report
-- rollup of a 1,000-ticket bulk update then took 380 s at 20,000 tickets (its nested loops over
-- old_rows, new_rows and the CTEs joined on them), which is why the queue bench's bulk step never
-- finished. On PostgreSQL the same happens on any pooled connection whose first ticket update was
-- small.
--
-- PL/pgSQL keeps a separate compiled function, with its own prepared statements, per trigger. So
-- each function is attached twice: one trigger handles the statements of up to 50 rows, the other
-- those of more, and each returns at once for the statements that are the other's. The first keeps
-- the cheap plan for a few rows (planning the rollup costs more than running it for one ticket), the
-- second plans for the first large statement it sees, whose estimate (51 rows or more) gives hash
-- joins for any larger one. JIT stays off: these statements run in milliseconds.

-- Whether a statement of `row_count` rows is for the trigger attached with argument `size`.
create function private.statement_is_mine(size text, row_count bigint)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select case size
    when 'few' then row_count <= 50
    when 'many' then row_count > 50
  end
$$;

revoke execute on function private.statement_is_mine(text, bigint) from public, anon, authenticated;

create or replace function private.report_track_ticket_updates()
returns trigger
language plpgsql
security definer
set search_path = ''
set jit = off
as $$
declare
  zone text := private.report_zone();
begin
  if not private.statement_is_mine(tg_argv[0], (select count(*) from new_rows)) then
    return null;
  end if;
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
  -- Business time is the costly part: each duration is counted once per ticket, for the old row
  -- only when it has an end, and again for the new row only when its inputs moved (an assign, a
  -- tag or a priority change keeps both durations).
  timed as (
    select o.id, ofr.seconds as old_first_response, ores.seconds as old_resolution,
      case when (n.sla_policy_id, n.created_at, n.first_response_at)
          is not distinct from (o.sla_policy_id, o.created_at, o.first_response_at)
        then ofr.seconds
        when n.first_response_at is not null
        then private.report_business_seconds(n.sla_policy_id, n.created_at, n.first_response_at)
      end as new_first_response,
      case when (n.sla_policy_id, n.created_at, n.solved_at)
          is not distinct from (o.sla_policy_id, o.created_at, o.solved_at)
        then ores.seconds
        when n.solved_at is not null
        then private.report_business_seconds(n.sla_policy_id, n.created_at, n.solved_at)
      end as new_resolution
    from old_rows o
    join new_rows n on n.id = o.id
    cross join lateral (select case when o.first_response_at is not null then
      private.report_business_seconds(o.sla_policy_id, o.created_at, o.first_response_at) end) ofr (seconds)
    cross join lateral (select case when o.solved_at is not null then
      private.report_business_seconds(o.sla_policy_id, o.created_at, o.solved_at) end) ores (seconds)
    where o.id in (select id from changed)
  ),
  signed as (
    select -1 as sign, m.old_first_response as first_response, m.old_resolution as resolution, o.*
    from old_rows o join timed m on m.id = o.id
    union all
    select 1, m.new_first_response, m.new_resolution, n.*
    from new_rows n join timed m on m.id = n.id
  ),
  c as (
    select t.*,
      (t.created_at at time zone zone)::date as created_day,
      (t.solved_at at time zone zone)::date as solved_day,
      (t.first_response_at at time zone zone)::date as responded_day
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

create or replace function private.track_agent_load_updates()
returns trigger
language plpgsql
security definer
set search_path = ''
set jit = off
as $$
declare
  unsolved constant public.ticket_status[] := '{open,pending,on_hold}';
begin
  if not private.statement_is_mine(tg_argv[0], (select count(*) from new_rows)) then
    return null;
  end if;
  with moved as (
    select o.assignee_id as old_assignee, n.assignee_id as new_assignee,
      o.status = any(unsolved) as was_open,
      n.status = any(unsolved) as is_open
    from old_rows o
    join new_rows n on n.id = o.id
    where o.assignee_id is distinct from n.assignee_id
      or (o.status = any(unsolved)) <> (n.status = any(unsolved))
  ),
  left_behind as (
    select m.old_assignee as agent_id, count(*) as tickets
    from moved m
    where m.old_assignee is not null and m.was_open
    group by m.old_assignee
  )
  update public.agent_status s
  set open_tickets = greatest(s.open_tickets - l.tickets, 0)
  from left_behind l
  where s.agent_id = l.agent_id;

  insert into public.agent_status as s (agent_id, open_tickets)
  select n.assignee_id, count(*)
  from old_rows o
  join new_rows n on n.id = o.id
  where n.assignee_id is not null and n.status = any(unsolved)
    and (o.assignee_id is distinct from n.assignee_id or o.status <> all(unsolved))
  group by n.assignee_id
  on conflict (agent_id) do update set open_tickets = s.open_tickets + excluded.open_tickets;
  return null;
end
$$;

drop trigger tickets_report_update on public.tickets;
create trigger tickets_report_update_few
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_track_ticket_updates('few');
create trigger tickets_report_update_many
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_track_ticket_updates('many');

drop trigger tickets_track_agent_load_on_update on public.tickets;
create trigger tickets_track_agent_load_on_update_few
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.track_agent_load_updates('few');
create trigger tickets_track_agent_load_on_update_many
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.track_agent_load_updates('many');
