-- The report pages' reads: one call per page (report) and one for the live "today" tiles
-- (report_today), both over the rollups of 20261203195001, plus the ticket rows behind an export
-- (report_tickets). Each is a security definer function in private behind a plain one of the same
-- name in public for the API, and checks who is asking first: agents and admins only, with
-- two-factor sign-in where required; admins see everything, an agent their own stats and their
-- teams'. Bad filters are refused with a message a person can act on (22023, which PostgREST
-- answers with 400).

-- The caller's scope, after checking them and the filters: whether they see every row, and the
-- teams they see besides their own rows.
create function private.report_scope(team uuid, agent uuid, type uuid)
returns table (everything boolean, teams uuid[], me uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  caller public.user_role := public.user_role();
  mine uuid[];
begin
  if caller is null or caller not in ('agent', 'admin') then
    raise exception 'Reports are for agents and admins.' using errcode = '42501';
  end if;
  if not private.mfa_requirement_met() then
    raise exception 'Sign in with your authenticator app first.' using errcode = '42501';
  end if;
  if team is not null and not exists (select 1 from public.teams t where t.id = team) then
    raise exception 'There is no team with the id %.', team using errcode = '22023';
  end if;
  if agent is not null and not exists (
    select 1 from public.profiles p where p.id = agent and p.role in ('agent', 'admin')
  ) then
    raise exception 'There is no agent with the id %.', agent using errcode = '22023';
  end if;
  if type is not null and not exists (select 1 from public.ticket_types t where t.id = type) then
    raise exception 'There is no ticket type with the id %.', type using errcode = '22023';
  end if;
  mine := private.report_teams();
  if caller = 'agent' and team is not null and not team = any(mine) then
    raise exception 'You can see the reports of your own teams only.' using errcode = '42501';
  end if;
  return query select caller = 'admin', mine, auth.uid();
end
$$;

create function private.report_check_range(from_day date, to_day date)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if from_day is null or to_day is null then
    raise exception 'Choose a start and an end date.' using errcode = '22023';
  end if;
  if from_day > to_day then
    raise exception 'The start date (%) is after the end date (%).', from_day, to_day
      using errcode = '22023';
  end if;
  if to_day - from_day > 1095 then
    raise exception 'Choose a range of at most three years (this one has % days).',
      to_day - from_day + 1
      using errcode = '22023';
  end if;
end
$$;

create function private.report_today(
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  scope record;
  zone text := private.report_zone();
  today date := (private.clock() at time zone private.report_zone())::date;
  result jsonb;
begin
  select * into scope from private.report_scope(report_today.team_id, report_today.agent_id,
    report_today.type_id);
  select jsonb_build_object(
    'day', today,
    'time_zone', zone,
    'created', coalesce(sum(r.created), 0),
    'solved', coalesce(sum(r.solved), 0),
    'replies', coalesce(sum(r.replies), 0)
  ) into result
  from public.report_daily r
  where r.day = today
    and (scope.everything or r.team_id = any(scope.teams) or r.agent_id = scope.me)
    and (report_today.team_id is null or r.team_id = report_today.team_id)
    and (report_today.agent_id is null or r.agent_id = report_today.agent_id)
    and (report_today.priority is null or r.priority = report_today.priority)
    and (report_today.type_id is null or r.type_id = report_today.type_id);
  select result || jsonb_build_object(
    'open', coalesce(sum(o.tickets), 0),
    'unassigned', coalesce(sum(o.tickets) filter (where o.agent_id is null and o.status = 'open'), 0)
  ) into result
  from public.report_open o
  where (scope.everything or o.team_id = any(scope.teams) or o.agent_id = scope.me)
    and (report_today.team_id is null or o.team_id = report_today.team_id)
    and (report_today.agent_id is null or o.agent_id = report_today.agent_id)
    and (report_today.priority is null or o.priority = report_today.priority)
    and (report_today.type_id is null or o.type_id = report_today.type_id);
  return result;
end
$$;

create function private.report(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  scope record;
  f_team uuid := report.team_id;
  f_agent uuid := report.agent_id;
  f_priority public.ticket_priority := report.priority;
  f_type uuid := report.type_id;
  -- The whole calendar months inside the range: [first_month, after_months).
  first_month date := case when extract(day from from_day) = 1 then from_day
    else (date_trunc('month', from_day) + interval '1 month')::date end;
  after_months date := greatest(date_trunc('month', to_day + 1)::date, first_month);
  result jsonb;
begin
  perform private.report_check_range(from_day, to_day);
  select * into scope from private.report_scope(f_team, f_agent, f_type);

  with daily as materialized (
    select r.*
    from public.report_daily r
    where r.day between from_day and to_day
      and (scope.everything or r.team_id = any(scope.teams) or r.agent_id = scope.me)
      and (f_team is null or r.team_id = f_team)
      and (f_agent is null or r.agent_id = f_agent)
      and (f_priority is null or r.priority = f_priority)
      and (f_type is null or r.type_id = f_type)
  ),
  -- Whole months of the range from the monthly histograms, the days around them from the daily.
  durations as materialized (
    select d.metric, d.team_id, d.agent_id, d.priority, d.type_id, d.bucket, d.tickets
    from public.report_durations d
    where d.day between from_day and to_day
      and (d.day < first_month or d.day >= after_months)
      and (scope.everything or d.team_id = any(scope.teams) or d.agent_id = scope.me)
      and (f_team is null or d.team_id = f_team)
      and (f_agent is null or d.agent_id = f_agent)
      and (f_priority is null or d.priority = f_priority)
      and (f_type is null or d.type_id = f_type)
    union all
    select d.metric, d.team_id, d.agent_id, d.priority, d.type_id, d.bucket, d.tickets
    from public.report_durations_monthly d
    where d.month >= first_month and d.month < after_months
      and (scope.everything or d.team_id = any(scope.teams) or d.agent_id = scope.me)
      and (f_team is null or d.team_id = f_team)
      and (f_agent is null or d.agent_id = f_agent)
      and (f_priority is null or d.priority = f_priority)
      and (f_type is null or d.type_id = f_type)
  ),
  before_range as (
    select coalesce(sum(r.created - r.solved), 0) as backlog
    from public.report_daily r
    where r.day < from_day
      and (scope.everything or r.team_id = any(scope.teams) or r.agent_id = scope.me)
      and (f_team is null or r.team_id = f_team)
      and (f_agent is null or r.agent_id = f_agent)
      and (f_priority is null or r.priority = f_priority)
      and (f_type is null or r.type_id = f_type)
  ),
  per_day as (
    select g.day::date as day, coalesce(sum(d.created), 0) as created,
      coalesce(sum(d.solved), 0) as solved, coalesce(sum(d.rated), 0) as rated,
      coalesce(sum(d.rated_good), 0) as rated_good
    from generate_series(from_day, to_day, interval '1 day') g (day)
    left join daily d on d.day = g.day::date
    group by 1
  ),
  series as (
    select coalesce(jsonb_agg(jsonb_build_object(
      'day', p.day, 'created', p.created, 'solved', p.solved, 'backlog', p.backlog,
      'rated', p.rated, 'good', p.rated_good
    ) order by p.day), '[]') as value
    from (
      select d.*, b.backlog + sum(d.created - d.solved) over (order by d.day) as backlog
      from per_day d cross join before_range b
    ) p
  ),
  totals as (
    select jsonb_build_object(
      'created', coalesce(sum(d.created), 0),
      'solved', coalesce(sum(d.solved), 0),
      'replies', coalesce(sum(d.replies), 0),
      'first_responses', coalesce(sum(d.first_responses), 0),
      'rated', coalesce(sum(d.rated), 0),
      'good', coalesce(sum(d.rated_good), 0)
    ) as value
    from daily d
  ),
  open_now as (
    select coalesce(jsonb_agg(jsonb_build_object('status', o.status, 'priority', o.priority,
      'tickets', o.tickets) order by o.status, o.priority), '[]') as value
    from (
      select o.status, o.priority, sum(o.tickets) as tickets
      from public.report_open o
      where (scope.everything or o.team_id = any(scope.teams) or o.agent_id = scope.me)
        and (f_team is null or o.team_id = f_team)
        and (f_agent is null or o.agent_id = f_agent)
        and (f_priority is null or o.priority = f_priority)
        and (f_type is null or o.type_id = f_type)
      group by 1, 2
      having sum(o.tickets) <> 0
    ) o
  ),
  -- Median and 90th percentile per metric and group, from the histograms: the bucket holding the
  -- ceil(p * n)-th duration, as percentile_disc picks it.
  duration_buckets as (
    select
      case when grouping(d.priority) = 0 then 'priority' when grouping(d.team_id) = 0 then 'team'
        when grouping(d.agent_id) = 0 then 'agent' else 'all' end as dim,
      coalesce(d.priority::text, d.team_id::text, d.agent_id::text, '') as key,
      d.metric, d.bucket, sum(d.tickets) as n
    from durations d
    group by grouping sets (
      (d.metric, d.bucket), (d.metric, d.priority, d.bucket), (d.metric, d.team_id, d.bucket),
      (d.metric, d.agent_id, d.bucket)
    )
  ),
  duration_ranks as (
    select b.*,
      sum(b.n) over (partition by b.dim, b.key, b.metric order by b.bucket) as cum,
      sum(b.n) over (partition by b.dim, b.key, b.metric) as total
    from duration_buckets b
  ),
  duration_groups as (
    select coalesce(jsonb_agg(jsonb_build_object('dim', p.dim, 'key', p.key, 'metric', p.metric,
      'tickets', p.total, 'median_seconds', private.report_bucket_seconds(p.median),
      'p90_seconds', private.report_bucket_seconds(p.p90)) order by p.dim, p.key, p.metric), '[]')
      as value
    from (
      select r.dim, r.key, r.metric, r.total,
        min(r.bucket) filter (where r.cum >= ceil(0.5::float8 * r.total)) as median,
        min(r.bucket) filter (where r.cum >= ceil(0.9::float8 * r.total)) as p90
      from duration_ranks r
      where r.total > 0
      group by r.dim, r.key, r.metric, r.total
    ) p
  ),
  sla as (
    select coalesce(jsonb_agg(jsonb_build_object('policy_id', s.policy_id, 'policy', p.name,
      'target', s.target, 'met', s.met, 'breached', s.breached)
      order by p.name, s.target), '[]') as value
    from (
      select s.policy_id, s.target, sum(s.met) as met, sum(s.breached) as breached
      from public.report_sla s
      where s.day between from_day and to_day
        and (scope.everything or s.team_id = any(scope.teams) or s.agent_id = scope.me)
        and (f_team is null or s.team_id = f_team)
        and (f_agent is null or s.agent_id = f_agent)
        and (f_priority is null or s.priority = f_priority)
        and (f_type is null or s.type_id = f_type)
      group by 1, 2
      having sum(s.met) + sum(s.breached) > 0
    ) s
    join public.sla_policies p on p.id = s.policy_id
  ),
  agents as (
    select coalesce(jsonb_agg(jsonb_build_object('agent_id', a.agent_id,
      'name', coalesce(nullif(p.full_name, ''), p.email), 'solved', a.solved, 'replies', a.replies,
      'rated', a.rated, 'good', a.rated_good) order by a.solved desc, a.replies desc, p.full_name),
      '[]') as value
    from (
      select d.agent_id, sum(d.solved) as solved, sum(d.replies) as replies, sum(d.rated) as rated,
        sum(d.rated_good) as rated_good
      from daily d
      where d.agent_id is not null
      group by 1
      having sum(d.solved) + sum(d.replies) + sum(d.created) > 0
    ) a
    join public.profiles p on p.id = a.agent_id
  ),
  heatmap as (
    select coalesce(jsonb_agg(jsonb_build_object('weekday', h.weekday, 'hour', h.hour,
      'tickets', h.tickets) order by h.weekday, h.hour), '[]') as value
    from (
      select extract(isodow from h.day)::integer as weekday, h.hour, sum(h.created) as tickets
      from public.report_hourly h
      where h.day between from_day and to_day
        and (scope.everything or h.team_id = any(scope.teams))
        and (f_team is null or h.team_id = f_team)
      group by 1, 2
      having sum(h.created) <> 0
    ) h
  ),
  comments as (
    select coalesce(jsonb_agg(jsonb_build_object('ticket_id', c.id, 'subject', c.subject,
      'rating', c.satisfaction_rating,
      'comment', c.satisfaction_comment, 'solved_at', c.solved_at) order by c.solved_at desc),
      '[]') as value
    from (
      select t.id, t.subject, t.satisfaction_rating, t.satisfaction_comment, t.solved_at
      from public.tickets t
      where t.satisfaction_comment is not null
        and t.solved_at >= (from_day::timestamp at time zone private.report_zone())
        and t.solved_at < ((to_day + 1)::timestamp at time zone private.report_zone())
        and (scope.everything or t.team_id = any(scope.teams) or t.assignee_id = scope.me)
        and (f_team is null or t.team_id = f_team)
        and (f_agent is null or t.assignee_id = f_agent)
        and (f_priority is null or t.priority = f_priority)
        and (f_type is null or t.type_id = f_type)
      order by t.solved_at desc
      limit 5
    ) c
  ),
  names as (
    select jsonb_build_object(
      'teams', (select coalesce(jsonb_object_agg(t.id, t.name), '{}') from public.teams t),
      'agents', (
        select coalesce(jsonb_object_agg(p.id, coalesce(nullif(p.full_name, ''), p.email)), '{}')
        from public.profiles p where p.role in ('agent', 'admin')
      )
    ) as value
  )
  select jsonb_build_object(
    'from', from_day,
    'to', to_day,
    'time_zone', private.report_zone(),
    'totals', (select value from totals),
    'series', (select value from series),
    'open', (select value from open_now),
    'durations', (select value from duration_groups),
    'sla', (select value from sla),
    'leaderboard', (select value from agents),
    'heatmap', (select value from heatmap),
    'comments', (select value from comments),
    'names', (select value from names)
  ) into result;
  return result;
end
$$;

-- One page of the tickets created in a range (keyset: created_at, id), for the streamed export.
create function private.report_tickets(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null,
  after_created_at timestamptz default null,
  after_id bigint default null,
  page_size integer default 5000
)
returns table (
  ticket_id bigint,
  created_at timestamptz,
  subject text,
  status public.ticket_status,
  ticket_priority public.ticket_priority,
  team text,
  agent text,
  ticket_type text,
  first_response_at timestamptz,
  solved_at timestamptz,
  first_response_seconds bigint,
  resolution_seconds bigint,
  satisfaction public.satisfaction_rating
)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  scope record;
  f_team uuid := report_tickets.team_id;
  f_agent uuid := report_tickets.agent_id;
  f_priority public.ticket_priority := report_tickets.priority;
  f_type uuid := report_tickets.type_id;
  zone text := private.report_zone();
begin
  perform private.report_check_range(from_day, to_day);
  if page_size is null or page_size < 1 or page_size > 10000 then
    raise exception 'Ask for 1 to 10,000 rows at a time.' using errcode = '22023';
  end if;
  select * into scope from private.report_scope(f_team, f_agent, f_type);
  return query
  select t.id, t.created_at, t.subject, t.status, t.priority, tm.name, p.full_name, ty.name,
    t.first_response_at, t.solved_at,
    case when t.first_response_at is not null
      then private.report_seconds(t.created_at, t.first_response_at) end,
    case when t.solved_at is not null then private.report_seconds(t.created_at, t.solved_at) end,
    t.satisfaction_rating
  from public.tickets t
  left join public.teams tm on tm.id = t.team_id
  left join public.profiles p on p.id = t.assignee_id
  left join public.ticket_types ty on ty.id = t.type_id
  where t.created_at >= (from_day::timestamp at time zone zone)
    and t.created_at < ((to_day + 1)::timestamp at time zone zone)
    and (after_created_at is null or (t.created_at, t.id) > (after_created_at, after_id))
    and (scope.everything or t.team_id = any(scope.teams) or t.assignee_id = scope.me)
    and (f_team is null or t.team_id = f_team)
    and (f_agent is null or t.assignee_id = f_agent)
    and (f_priority is null or t.priority = f_priority)
    and (f_type is null or t.type_id = f_type)
  order by t.created_at, t.id
  limit page_size;
end
$$;

revoke execute on function private.report_scope(uuid, uuid, uuid) from public, anon, authenticated;
revoke execute on function private.report_check_range(date, date) from public, anon, authenticated;

revoke execute on function private.report(date, date, uuid, uuid, public.ticket_priority, uuid)
  from public, anon;
grant execute on function private.report(date, date, uuid, uuid, public.ticket_priority, uuid)
  to authenticated;
revoke execute on function private.report_today(uuid, uuid, public.ticket_priority, uuid)
  from public, anon;
grant execute on function private.report_today(uuid, uuid, public.ticket_priority, uuid)
  to authenticated;
revoke execute on function private.report_tickets(date, date, uuid, uuid, public.ticket_priority,
  uuid, timestamptz, bigint, integer) from public, anon;
grant execute on function private.report_tickets(date, date, uuid, uuid, public.ticket_priority,
  uuid, timestamptz, bigint, integer) to authenticated;

-- The API's face: security invoker functions (no security definer function in an exposed schema),
-- each handing over to the checked one above.

create function public.report(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select private.report(from_day, to_day, team_id, agent_id, priority, type_id)
$$;

comment on function public.report(date, date, uuid, uuid, public.ticket_priority, uuid) is
  'Every chart of the reports page for a date range and filters, from the rollups; staff only.';

create function public.report_today(
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select private.report_today(team_id, agent_id, priority, type_id)
$$;

comment on function public.report_today(uuid, uuid, public.ticket_priority, uuid) is
  'Today''s counters (created, solved, replies, open, unassigned) for the live tiles; staff only.';

create function public.report_tickets(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null,
  after_created_at timestamptz default null,
  after_id bigint default null,
  page_size integer default 5000
)
returns table (
  ticket_id bigint,
  created_at timestamptz,
  subject text,
  status public.ticket_status,
  ticket_priority public.ticket_priority,
  team text,
  agent text,
  ticket_type text,
  first_response_at timestamptz,
  solved_at timestamptz,
  first_response_seconds bigint,
  resolution_seconds bigint,
  satisfaction public.satisfaction_rating
)
language sql
stable
set search_path = ''
as $$
  select * from private.report_tickets(from_day, to_day, team_id, agent_id, priority, type_id,
    after_created_at, after_id, page_size)
$$;

comment on function public.report_tickets(date, date, uuid, uuid, public.ticket_priority, uuid,
  timestamptz, bigint, integer) is
  'One keyset page of the tickets created in a range, for the streamed CSV export; staff only.';

revoke execute on function public.report(date, date, uuid, uuid, public.ticket_priority, uuid)
  from public, anon;
grant execute on function public.report(date, date, uuid, uuid, public.ticket_priority, uuid)
  to authenticated;
revoke execute on function public.report_today(uuid, uuid, public.ticket_priority, uuid)
  from public, anon;
grant execute on function public.report_today(uuid, uuid, public.ticket_priority, uuid)
  to authenticated;
revoke execute on function public.report_tickets(date, date, uuid, uuid, public.ticket_priority,
  uuid, timestamptz, bigint, integer) from public, anon;
grant execute on function public.report_tickets(date, date, uuid, uuid, public.ticket_priority,
  uuid, timestamptz, bigint, integer) to authenticated;
