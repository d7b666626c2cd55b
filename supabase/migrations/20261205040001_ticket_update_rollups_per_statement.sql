-- Bulk updates at scale (issue 13: 1,000 tickets in one RPC under a second). Two row triggers did
-- per ticket what one statement can do for all of them: the report rollups (report_track_ticket:
-- about a dozen upserts per changed ticket) and the agents' open-ticket counts (track_agent_load:
-- two upserts per ticket, on the same few agent_status rows, whose chains of row versions grew
-- with every ticket of the statement). Both become statement triggers over the statement's old
-- and new rows, adding the same increments, summed per rollup row first.
--
-- Row triggers fire at the end of their statement too, so nothing reads these counts differently:
-- routing within a statement already saw the load as it was before it. Inserts and deletes keep
-- their row triggers (one ticket at a time). Transition tables cannot be combined with a column
-- list or a WHEN condition, so each function picks the changed rows itself, by the conditions the
-- row triggers had.

-- The report rollups -----------------------------------------------------------------------------

-- Subtracts the old contribution and adds the new one of every ticket whose report columns
-- changed (see report_add_ticket, which this does for many tickets at once).
create function private.report_track_ticket_updates()
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
      private.report_seconds(t.created_at, t.first_response_at) as first_response,
      private.report_seconds(t.created_at, t.solved_at) as resolution
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

revoke execute on function private.report_track_ticket_updates() from public, anon, authenticated;

drop trigger tickets_report_update on public.tickets;
create trigger tickets_report_update
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_track_ticket_updates();

-- The agents' open tickets ------------------------------------------------------------------------

-- Moves the open-ticket counts of the statement's tickets whose assignee changed or that were
-- opened or solved, one update per agent (see track_agent_load).
create function private.track_agent_load_updates()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  with moved as (
    select o.assignee_id as old_assignee, n.assignee_id as new_assignee,
      o.status in ('open', 'pending', 'on_hold') as was_open,
      n.status in ('open', 'pending', 'on_hold') as is_open
    from old_rows o
    join new_rows n on n.id = o.id
    where o.assignee_id is distinct from n.assignee_id
      or (o.status in ('open', 'pending', 'on_hold')) <> (n.status in ('open', 'pending', 'on_hold'))
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
  where n.assignee_id is not null and n.status in ('open', 'pending', 'on_hold')
    and (o.assignee_id is distinct from n.assignee_id
      or o.status not in ('open', 'pending', 'on_hold'))
  group by n.assignee_id
  on conflict (agent_id) do update set open_tickets = s.open_tickets + excluded.open_tickets;
  return null;
end
$$;

revoke execute on function private.track_agent_load_updates() from public, anon, authenticated;

drop trigger tickets_track_agent_load_on_update on public.tickets;
create trigger tickets_track_agent_load_on_update
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.track_agent_load_updates();
