-- `Export CSV` of every ticket behind a report, a page of CSV text at a time. It replaces
-- report_tickets, whose pages of JSON rows the app turned into CSV: the API answers at most
-- max_rows (1,000) rows a call, so a million tickets took a thousand calls, each paying for a
-- request, JSON both ways and the formatting, and streamed at 27,000 rows a second. One row holding
-- up to 50,000 lines goes through any max_rows, and the lines are the app's csvLine of what
-- report_tickets answered: PostgREST's JSON text of each value (timestamps as
-- to_json prints them), RFC 4180 quoting, and a leading = + - or @ (but not a number) defused with
-- an apostrophe so a spreadsheet does not run it. The header stays with the app.
--
-- PostgREST's own `Accept: text/csv` is no substitute: it is still capped at max_rows a call,
-- prints values in PostgreSQL's text format and names the columns as the function does.

drop function public.report_tickets(date, date, uuid, uuid, public.ticket_priority, uuid,
  timestamptz, bigint, integer);
drop function private.report_tickets(date, date, uuid, uuid, public.ticket_priority, uuid,
  timestamptz, bigint, integer);

create function private.report_tickets_csv(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null,
  after_created_at timestamptz default null,
  after_id bigint default null,
  page_size integer default 10000
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
  perform private.report_check_range(from_day, to_day);
  if page_size is null or page_size < 1 or page_size > 50000 then
    raise exception 'Ask for 1 to 50,000 rows at a time.' using errcode = '22023';
  end if;
  select * into scope from private.report_scope(f_team, f_agent, f_type);
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
      p.id || ',' || (to_json(p.created_at) #>> '{}') || ','
      || case when s.safe ~ '[",\r\n]' then '"' || replace(s.safe, '"', '""') || '"' else s.safe end
      || ',' || p.status || ',' || p.priority || ',' || coalesce(tm.field, '') || ','
      || coalesce(ag.field, '') || ',' || coalesce(ty.field, '') || ','
      || coalesce(to_json(p.first_response_at) #>> '{}', '') || ','
      || coalesce(to_json(p.solved_at) #>> '{}', '') || ','
      -- private.report_seconds, written out for the same reason.
      || coalesce(greatest(round(extract(epoch from p.first_response_at - p.created_at)), 0)::bigint::text, '')
      || ','
      || coalesce(greatest(round(extract(epoch from p.solved_at - p.created_at)), 0)::bigint::text, '')
      || ',' || coalesce(p.satisfaction_rating::text, '') || e'\r\n' as line
    from page p
    cross join lateral (
      select case when p.subject ~ '^[-=+@]' and p.subject !~ '^-?[0-9]' then '''' || p.subject
        else p.subject end as safe
    ) s
    left join names tm on tm.id = p.team_id
    left join names ag on ag.id = p.assignee_id
    left join names ty on ty.id = p.type_id
  )
  select coalesce(string_agg(l.line, '' order by l.created_at, l.id), ''), count(*)::integer,
    (select p.created_at from page p order by p.created_at desc, p.id desc limit 1),
    (select p.id from page p order by p.created_at desc, p.id desc limit 1)
  from lines l;
end
$$;

revoke execute on function private.report_tickets_csv(date, date, uuid, uuid,
  public.ticket_priority, uuid, timestamptz, bigint, integer) from public, anon;
grant execute on function private.report_tickets_csv(date, date, uuid, uuid,
  public.ticket_priority, uuid, timestamptz, bigint, integer) to authenticated;

create function public.report_tickets_csv(
  from_day date,
  to_day date,
  team_id uuid default null,
  agent_id uuid default null,
  priority public.ticket_priority default null,
  type_id uuid default null,
  after_created_at timestamptz default null,
  after_id bigint default null,
  page_size integer default 10000
)
returns table (csv text, rows integer, last_created_at timestamptz, last_id bigint)
language sql
stable
set search_path = ''
as $$
  select * from private.report_tickets_csv(from_day, to_day, team_id, agent_id, priority, type_id,
    after_created_at, after_id, page_size)
$$;

comment on function public.report_tickets_csv(date, date, uuid, uuid, public.ticket_priority,
  uuid, timestamptz, bigint, integer) is
  'One keyset page of the tickets created in a range as CSV lines (no header), with the last '
  'ticket''s created_at and id to ask for the next page; staff only.';

revoke execute on function public.report_tickets_csv(date, date, uuid, uuid,
  public.ticket_priority, uuid, timestamptz, bigint, integer) from public, anon;
grant execute on function public.report_tickets_csv(date, date, uuid, uuid,
  public.ticket_priority, uuid, timestamptz, bigint, integer) to authenticated;
