-- Calendar edits no longer rebuild the report rollups inside the admin's save (issue 19
-- follow-up). 20261205050001 rebuilt every rollup from row triggers on business_calendars and
-- sla_policies, once per changed row (moving the default flag rebuilt twice); at a million tickets
-- a rebuild takes one to two minutes, far beyond hosted Supabase's 8 s statement timeout for
-- signed-in users, so the save failed. Now a statement trigger only marks the rollups stale, and
-- the minute job (20261203180008) rebuilds them once, in its own transaction. Until it has, the
-- report functions answer `stale: true` and the report pages say the figures are being
-- recalculated. Meanwhile the triggers keep the rollups up to date as before, in the zone and the
-- calendars they see; whatever that mixes up, the rebuild replaces. The rebuild itself is
-- unchanged: it truncates the rollups, so ticket writes and report reads still wait for it while
-- it runs, now in the job's transaction.
--
-- Also: report_tickets_csv and report_tickets_csv_bounds check their arguments and look up the
-- caller's scope through one helper, report_tickets_csv_scope, instead of each writing it out.

-- Staleness as two counters rather than a flag, so that a rebuild clears only the changes made
-- before it started: a save committed while a rebuild runs (which may or may not have seen it)
-- leaves `marked` ahead of `rebuilt`, and the next run rebuilds again. The rebuild writes this row only
-- after its work, so a save waits at most for the end of the job's transaction, never for the
-- rebuild itself.
create table private.report_rollups_state (
  id boolean primary key default true check (id),
  -- Statements that changed an input of the rolled-up figures (a calendar, the default, a
  -- policy's calendar).
  marked bigint not null default 0,
  -- The value of `marked` the last rebuild started from.
  rebuilt bigint not null default 0
);

insert into private.report_rollups_state default values;

alter table private.report_rollups_state enable row level security;

-- Whether the rollups wait for a rebuild: what the report pages' notice shows.
create function private.report_rollups_stale()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select s.marked <> s.rebuilt from private.report_rollups_state s
$$;

revoke execute on function private.report_rollups_stale() from public, anon;
grant execute on function private.report_rollups_stale() to authenticated;

-- The rebuild itself is unchanged; under its old name it now also records which changes it
-- covers, for every caller (the minute job, the seed, the benchmarks).
alter function private.rebuild_report_rollups() rename to report_recompute_rollups;

create function private.rebuild_report_rollups()
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  seen bigint := (select s.marked from private.report_rollups_state s);
begin
  perform private.report_recompute_rollups();
  update private.report_rollups_state set rebuilt = seen;
end
$$;

revoke execute on function private.rebuild_report_rollups() from public, anon, authenticated;

-- The minute job's step: rebuilds when something marked the rollups stale. Returns whether it did.
create function private.rebuild_stale_report_rollups()
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
  if not private.report_rollups_stale() then
    return false;
  end if;
  perform private.rebuild_report_rollups();
  return true;
end
$$;

revoke execute on function private.rebuild_stale_report_rollups() from public, anon, authenticated;

-- Marks the rollups stale when a statement changed what their durations or days are computed
-- from: a calendar's hours, holidays or zone, which calendar is the default, a policy's calendar.
-- Once per statement, whatever the number of rows. The default moves by a calendar becoming the
-- default, which marks; the update that takes the flag off the old default
-- (keep_one_default_calendar) does not mark again.
create function private.report_mark_rollups_stale()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed boolean;
begin
  -- One query per trigger: each sees only the transition tables its trigger declares.
  if tg_table_name = 'sla_policies' then
    changed := exists (
      select 1 from old_rows o join new_rows n on n.id = o.id
      where o.calendar_id is distinct from n.calendar_id
    );
  elsif tg_op = 'INSERT' then
    changed := exists (select 1 from new_rows n where n.is_default);
  elsif tg_op = 'DELETE' then
    changed := exists (select 1 from old_rows o where o.is_default);
  else
    changed := exists (
      select 1 from old_rows o join new_rows n on n.id = o.id
      where (o.time_zone, o.week_minutes, o.holiday_dates)
          is distinct from (n.time_zone, n.week_minutes, n.holiday_dates)
        or (n.is_default and not o.is_default)
    );
  end if;
  if changed then
    update private.report_rollups_state set marked = marked + 1;
  end if;
  return null;
end
$$;

revoke execute on function private.report_mark_rollups_stale() from public, anon, authenticated;

drop trigger business_calendars_report_durations_insert on public.business_calendars;
drop trigger business_calendars_report_durations_update on public.business_calendars;
drop trigger business_calendars_report_durations_delete on public.business_calendars;
drop trigger sla_policies_report_durations on public.sla_policies;
drop function private.report_follow_calendars();

create trigger business_calendars_report_stale_insert
  after insert on public.business_calendars
  referencing new table as new_rows
  for each statement execute function private.report_mark_rollups_stale();

create trigger business_calendars_report_stale_update
  after update on public.business_calendars
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_mark_rollups_stale();

create trigger business_calendars_report_stale_delete
  after delete on public.business_calendars
  referencing old table as old_rows
  for each statement execute function private.report_mark_rollups_stale();

create trigger sla_policies_report_stale
  after update on public.sla_policies
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_mark_rollups_stale();

-- The minute job, as in 20261203180008, with the rebuild as its first step: the later steps lock
-- the tickets they touch until the job commits, and must not hold them through a rebuild.
create or replace function public.run_minute_jobs(now timestamptz default null, wait boolean default false)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  at timestamptz;
  rebuilt boolean;
  breached integer;
  rules integer;
  routed integer;
begin
  if run_minute_jobs.now is not null then
    perform set_config('autocrm.clock', run_minute_jobs.now::text, true);
  end if;
  at := private.clock();
  if wait then
    perform pg_advisory_xact_lock(private.lock_key('minute_jobs'), 0);
  elsif not pg_try_advisory_xact_lock(private.lock_key('minute_jobs'), 0) then
    return jsonb_build_object('at', at, 'skipped', true);
  end if;
  rebuilt := private.rebuild_stale_report_rollups();
  breached := private.record_due_breaches(at, 5000);
  rules := private.run_time_rules(at, 500);
  routed := private.route_waiting(
    array(select t.id from public.teams t where t.routing_mode <> 'manual'), at, 200);
  return jsonb_build_object(
    'at', at,
    'skipped', false,
    'report_rollups_rebuilt', rebuilt,
    'sla_breached_tickets', breached,
    'time_rule_runs', rules,
    'routed_tickets', routed
  );
end
$$;

-- The report and today's tiles say whether their figures wait for a rebuild.
create or replace function public.report(
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
    || jsonb_build_object('stale', private.report_rollups_stale())
$$;

create or replace function public.report_today(
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
    || jsonb_build_object('stale', private.report_rollups_stale())
$$;

-- The tickets CSV's checks, shared by its pages and their bounds: the range, the page size and
-- the caller's scope (private.report_scope).
create function private.report_tickets_csv_scope(
  from_day date,
  to_day date,
  team_id uuid,
  agent_id uuid,
  type_id uuid,
  page_size integer
)
returns table (everything boolean, teams uuid[], me uuid)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.report_check_range(from_day, to_day);
  if page_size is null or page_size < 1 or page_size > 50000 then
    raise exception 'Ask for 1 to 50,000 rows at a time.' using errcode = '22023';
  end if;
  return query select * from private.report_scope(team_id, agent_id, type_id);
end
$$;

revoke execute on function private.report_tickets_csv_scope(date, date, uuid, uuid, uuid, integer)
  from public, anon, authenticated;

-- Both as in 20261205030001 but for their checks, now the helper's.
create or replace function private.report_tickets_csv(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null,
  after_created_at timestamptz default null,
  after_id bigint default null,
  page_size integer default 10000,
  until_created_at timestamptz default null,
  until_id bigint default null
)
returns table (csv text, rows integer, last_created_at timestamptz, last_id bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  scope record;
  f_team uuid := report_tickets_csv.team_id;
  f_agent uuid := report_tickets_csv.agent_id;
  f_priority public.ticket_priority := report_tickets_csv.priority;
  f_type uuid := report_tickets_csv.type_id;
  zone text := private.report_zone();
begin
  select * into scope
  from private.report_tickets_csv_scope(from_day, to_day, f_team, f_agent, f_type, page_size);
  -- The quoting is written out rather than called: a function with a fixed search_path is not
  -- inlined, and a call per field would cost as much as the rest of the line. Names of teams,
  -- agents and types are quoted once, not once per ticket.
  return query
  with names as (
    select n.id,
      case when n.safe ~ '[",\r\n]' then '"' || replace(n.safe, '"', '""') || '"' else n.safe end
        as field
    from (
      select x.id,
        case when x.name ~ '^[-=+@]' and x.name !~ '^-?[0-9]' then '''' || x.name else x.name end
          as safe
      from (
        select tm.id, tm.name from public.teams tm
        union all
        select p.id, p.full_name from public.profiles p
        union all
        select ty.id, ty.name from public.ticket_types ty
      ) x
    ) n
  ),
  page as materialized (
    select t.id, t.created_at, t.subject, t.status, t.priority, t.team_id, t.assignee_id,
      t.type_id, t.first_response_at, t.solved_at, t.satisfaction_rating
    from public.tickets t
    where t.created_at >= (from_day::timestamp at time zone zone)
      and t.created_at < ((to_day + 1)::timestamp at time zone zone)
      and (t.created_at, t.id)
        > (coalesce(after_created_at, '-infinity'::timestamptz), coalesce(after_id, 0))
      and (t.created_at, t.id)
        <= (coalesce(until_created_at, 'infinity'::timestamptz), coalesce(until_id, 0))
      and (scope.everything or t.team_id = any(scope.teams) or t.assignee_id = scope.me)
      and (f_team is null or t.team_id = f_team)
      and (f_agent is null or t.assignee_id = f_agent)
      and (f_priority is null or t.priority = f_priority)
      and (f_type is null or t.type_id = f_type)
    order by t.created_at, t.id
    limit page_size
  ),
  lines as (
    select p.created_at, p.id,
      concat_ws(',', p.id, btrim(to_json(p.created_at)::text, '"'),
        -- The subject: an apostrophe before a leading = + @, or a - not starting a number (the
        -- app's /^[=+\-@]/ and /^-?\d/; ascii('') is 0), then quoted when it holds " , CR or LF.
        case when strpos(p.subject, '"') > 0 or strpos(p.subject, ',') > 0
            or strpos(p.subject, e'\n') > 0 or strpos(p.subject, e'\r') > 0
          then '"' || s.apostrophe || replace(p.subject, '"', '""') || '"'
          else s.apostrophe || p.subject end,
        p.status, p.priority, coalesce(tm.field, ''), coalesce(ag.field, ''),
        coalesce(ty.field, ''),
        coalesce(btrim(to_json(p.first_response_at)::text, '"'), ''),
        coalesce(btrim(to_json(p.solved_at)::text, '"'), ''),
        -- private.report_seconds, written out for the same reason.
        coalesce(greatest(floor(date_part('epoch', p.first_response_at - p.created_at) + 0.5),
          0)::bigint::text, ''),
        coalesce(greatest(floor(date_part('epoch', p.solved_at - p.created_at) + 0.5),
          0)::bigint::text, ''),
        coalesce(p.satisfaction_rating::text, '')) as line
    from page p
    cross join lateral (
      select case when ascii(p.subject) in (43, 61, 64)
          or (ascii(p.subject) = 45 and ascii(substr(p.subject, 2, 1)) not between 48 and 57)
        then '''' else '' end as apostrophe
    ) s
    left join names tm on tm.id = p.team_id
    left join names ag on ag.id = p.assignee_id
    left join names ty on ty.id = p.type_id
  )
  select coalesce(string_agg(l.line, e'\r\n' order by l.created_at, l.id) || e'\r\n', ''),
    count(*)::integer,
    (select p.created_at from page p order by p.created_at desc, p.id desc limit 1),
    (select p.id from page p order by p.created_at desc, p.id desc limit 1)
  from lines l;
end
$$;

create or replace function private.report_tickets_csv_bounds(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null,
  after_created_at timestamptz default null,
  after_id bigint default null,
  page_size integer default 10000,
  pages integer default 20
)
returns table (ends_created_at timestamptz[], ends_id bigint[])
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  scope record;
  f_team uuid := report_tickets_csv_bounds.team_id;
  f_agent uuid := report_tickets_csv_bounds.agent_id;
  f_priority public.ticket_priority := report_tickets_csv_bounds.priority;
  f_type uuid := report_tickets_csv_bounds.type_id;
  zone text := private.report_zone();
begin
  select * into scope
  from private.report_tickets_csv_scope(from_day, to_day, f_team, f_agent, f_type, page_size);
  if pages is null or pages < 1 or pages > 100 then
    raise exception 'Ask for the ends of 1 to 100 pages at a time.' using errcode = '22023';
  end if;
  -- The same tickets in the same order as report_tickets_csv's pages.
  return query
  select coalesce(array_agg(k.created_at order by k.n), '{}'),
    coalesce(array_agg(k.id order by k.n), '{}')
  from (
    select t.created_at, t.id, row_number() over (order by t.created_at, t.id) as n
    from public.tickets t
    where t.created_at >= (from_day::timestamp at time zone zone)
      and t.created_at < ((to_day + 1)::timestamp at time zone zone)
      and (t.created_at, t.id)
        > (coalesce(after_created_at, '-infinity'::timestamptz), coalesce(after_id, 0))
      and (scope.everything or t.team_id = any(scope.teams) or t.assignee_id = scope.me)
      and (f_team is null or t.team_id = f_team)
      and (f_agent is null or t.assignee_id = f_agent)
      and (f_priority is null or t.priority = f_priority)
      and (f_type is null or t.type_id = f_type)
    order by t.created_at, t.id
    limit page_size * pages
  ) k
  where k.n % page_size = 0;
end
$$;

