-- The reports page over a year at a million tickets (issue 19's benchmark): public.report spent
-- most of its time on the duration histograms, for two reasons fixed here.
--
-- 1. Plans. The filters are optional (null means any), so a plan prepared once for every call
--    cannot tell which apply nor how wide the range is; PL/pgSQL switches to such a generic plan
--    after five calls on a connection, and that plan read every day of the range from
--    report_durations (a year: 350,000 rows, 320,000 of them thrown away because the monthly
--    table holds those days), then sorted what was left on disk. private.report now plans each
--    call for its own filters and dates, and reads the days around the whole months as two index
--    ranges.
-- 2. Work. The histograms are summed over the range per metric, team, agent, priority and bucket
--    first (a year of the benchmark's data: 63,000 rows into 1,500), and only those are grouped four ways for the
--    percentiles.
--
-- And the rebuild writes each rollup in day order, so a range of days is a run of neighbouring
-- pages rather than rows spread over the whole table.
--
-- The numbers are unchanged: the same rows are summed, in a different order.

create or replace function private.report(
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
-- Planned per call, for the filters and dates it has (a generic plan reads whole ranges).
set plan_cache_mode = force_custom_plan
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
  -- Whole months of the range from the monthly histograms, the days around them from the daily,
  -- summed over the range first: the percentiles below group these few rows four ways instead of
  -- every day's and month's.
  durations as materialized (
    select h.metric, h.team_id, h.agent_id, h.priority, h.bucket, sum(h.tickets) as tickets
    from (
      select d.metric, d.team_id, d.agent_id, d.priority, d.bucket, d.tickets
      from public.report_durations d
      where (d.day between from_day and least(to_day, first_month - 1)
          or d.day between greatest(from_day, after_months) and to_day)
        and (scope.everything or d.team_id = any(scope.teams) or d.agent_id = scope.me)
        and (f_team is null or d.team_id = f_team)
        and (f_agent is null or d.agent_id = f_agent)
        and (f_priority is null or d.priority = f_priority)
        and (f_type is null or d.type_id = f_type)
      union all
      select d.metric, d.team_id, d.agent_id, d.priority, d.bucket, d.tickets
      from public.report_durations_monthly d
      where d.month >= first_month and d.month < after_months
        and (scope.everything or d.team_id = any(scope.teams) or d.agent_id = scope.me)
        and (f_team is null or d.team_id = f_team)
        and (f_agent is null or d.agent_id = f_agent)
        and (f_priority is null or d.priority = f_priority)
        and (f_type is null or d.type_id = f_type)
    ) h
    group by h.metric, h.team_id, h.agent_id, h.priority, h.bucket
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
  group by c.day, c.team_id, c.agent_id, c.priority, c.type_id
  order by c.day;

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
