-- The queue's SLA column and views: each ticket's warning time (when its earliest running target
-- enters its last quarter), the `sla` filter ("breached": past a target; "soon": in the last
-- quarter of one) for the built-in views Breached and Breaching soon, the `sla` sort (earliest due
-- first, tickets without a running clock last), and the SLA columns on every queue row.
--
-- The quarter is measured in wall-clock time against the target's business minutes: what an agent
-- sees counting down in the queue. Replaces sla_refresh (sla_policies), and the queue's builders and
-- list_tickets (ticket_query) and validate_view (views) with the SLA parts added.

alter table public.tickets add column sla_warn_at timestamptz;

-- A quarter of a target (JSON number of minutes), or null without one.
create function private.sla_quarter(minutes jsonb)
returns interval
language sql
immutable
set search_path = ''
as $$
  select case when jsonb_typeof(minutes) = 'number' then interval '15 seconds' * (minutes #>> '{}')::numeric end
$$;

-- The derived columns: the earliest unfinished due time, when the earliest target enters its last
-- quarter, and the earliest unrecorded breach.
create or replace function private.sla_refresh(ticket public.tickets)
returns public.tickets
language plpgsql
immutable
set search_path = ''
as $$
declare
  first_response timestamptz :=
    case when ticket.first_response_at is null then ticket.first_response_due_at end;
begin
  if ticket.sla_paused_at is not null or ticket.status <> 'open' then
    ticket.sla_due_at := null;
    ticket.sla_warn_at := null;
    ticket.sla_next_breach_at := null;
    return ticket;
  end if;
  ticket.sla_due_at := least(first_response, ticket.next_response_due_at, ticket.resolution_due_at);
  ticket.sla_warn_at := least(
    first_response - private.sla_quarter(ticket.sla_targets -> 'first_response'),
    ticket.next_response_due_at - private.sla_quarter(ticket.sla_targets -> 'next_response'),
    ticket.resolution_due_at - private.sla_quarter(ticket.sla_targets -> 'resolution')
  );
  ticket.sla_next_breach_at := least(
    case when ticket.first_response_breached_at is null then first_response end,
    case when ticket.next_response_breached_at is null then ticket.next_response_due_at end,
    case when ticket.resolution_breached_at is null then ticket.resolution_due_at end
  );
  return ticket;
end
$$;

revoke execute on function private.sla_quarter(jsonb) from public;
revoke execute on function private.sla_refresh(public.tickets) from public;

-- Bookkeeping on existing rows: no history, no updated_at, no workflow.
alter table public.tickets disable trigger user;
update public.tickets t
set sla_warn_at = refreshed.sla_warn_at
from public.tickets source
cross join lateral private.sla_refresh(source) refreshed
where source.id = t.id and source.sla_due_at is not null;
alter table public.tickets enable trigger user;

-- Breaching soon (with its count): the tickets in a warning, read from this index alone.
create index tickets_sla_warn_at_idx on public.tickets (sla_warn_at, sla_due_at)
  where sla_warn_at is not null;
-- The sort by SLA, in both directions, with a keyset cursor (see ticket_sort).
create index tickets_sla_order_idx
  on public.tickets ((coalesce(sla_due_at, 'infinity'::timestamptz)), id);

create or replace function private.ticket_filter_sql(query jsonb)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  key text;
  values_ text[];
  conditions text[] := array['true'];
  options text[];
  ids uuid[];
  with_none boolean;
  bad text;
  search tsquery;
begin
  if query is null then
    return 'true';
  end if;
  if jsonb_typeof(query) <> 'object' then
    raise exception 'A ticket query must be an object.' using errcode = '22023';
  end if;
  for key in select jsonb_object_keys(query) loop
    if key not in (
      'status', 'priority', 'assignee', 'team', 'tags', 'tags_mode', 'customer', 'created',
      'updated', 'search', 'sort', 'dir', 'ids', 'sla'
    ) then
      raise exception 'There is no "%" filter.', key
        using errcode = '22023',
          hint = 'Filters are status, priority, assignee, team, tags, customer, created, updated, sla and search.';
    end if;
  end loop;

  values_ := private.query_list(query, 'status', 5);
  if values_ is not null then
    options := enum_range(null::public.ticket_status)::text[];
    select v into bad from unnest(values_) v where v <> all(options) limit 1;
    if found then
      raise exception 'There is no status "%".', left(bad, 40)
        using errcode = '22023', hint = 'Statuses are ' || array_to_string(options, ', ') || '.';
    end if;
    conditions := conditions || private.one_of('t.status', values_, 'public.ticket_status');
  end if;

  values_ := private.query_list(query, 'priority', 4);
  if values_ is not null then
    options := enum_range(null::public.ticket_priority)::text[];
    select v into bad from unnest(values_) v where v <> all(options) limit 1;
    if found then
      raise exception 'There is no priority "%".', left(bad, 40)
        using errcode = '22023', hint = 'Priorities are ' || array_to_string(options, ', ') || '.';
    end if;
    conditions := conditions || private.one_of('t.priority', values_, 'public.ticket_priority');
  end if;

  values_ := private.query_list(query, 'assignee', 50);
  if values_ is not null then
    select v into bad from unnest(values_) v
    where v not in ('me', 'none') and not private.is_uuid(v) limit 1;
    if found then
      raise exception 'The assignee filter takes "me", "none" or an agent''s id, not "%".', left(bad, 40)
        using errcode = '22023';
    end if;
    with_none := 'none' = any(values_);
    ids := array(
      select distinct case when v = 'me' then auth.uid() else v::uuid end
      from unnest(values_) v
      where v <> 'none' and (v <> 'me' or auth.uid() is not null)
    );
    -- "me" for a caller without an id (the service role) matches nobody.
    conditions := conditions || ('(' || coalesce(nullif(concat_ws(' or ',
      case when cardinality(ids) > 0 then private.one_of('t.assignee_id', ids::text[], 'uuid') end,
      case when with_none then 't.assignee_id is null' end
    ), ''), 'false') || ')');
  end if;

  values_ := private.query_list(query, 'team', 50);
  if values_ is not null then
    select v into bad from unnest(values_) v where v <> 'none' and not private.is_uuid(v) limit 1;
    if found then
      raise exception 'The team filter takes "none" or a team''s id, not "%".', left(bad, 40)
        using errcode = '22023';
    end if;
    with_none := 'none' = any(values_);
    ids := array(select distinct v::uuid from unnest(values_) v where v <> 'none');
    conditions := conditions || ('(' || concat_ws(' or ',
      case when cardinality(ids) > 0 then private.one_of('t.team_id', ids::text[], 'uuid') end,
      case when with_none then 't.team_id is null' end
    ) || ')');
  end if;

  values_ := private.query_list(query, 'tags', 20);
  if query ? 'tags_mode' and (
    jsonb_typeof(query -> 'tags_mode') <> 'string' or query ->> 'tags_mode' not in ('any', 'all')
  ) then
    raise exception 'Tags match "any" or "all".' using errcode = '22023';
  end if;
  if values_ is not null then
    if exists (select 1 from unnest(values_) v where char_length(v) > 50 or btrim(v) = '') then
      raise exception 'A tag is 1 to 50 characters long.' using errcode = '22023';
    end if;
    conditions := conditions || format(
      case when query ->> 'tags_mode' = 'all' then 't.tags @> %L::text[]' else 't.tags && %L::text[]' end,
      values_
    );
  end if;

  values_ := private.query_list(query, 'customer', 50);
  if values_ is not null then
    select v into bad from unnest(values_) v where not private.is_uuid(v) limit 1;
    if found then
      raise exception 'The customer filter takes customers'' ids, not "%".', left(bad, 40)
        using errcode = '22023';
    end if;
    conditions := conditions || private.one_of('t.customer_id', values_::uuid[]::text[], 'uuid');
  end if;

  conditions := conditions || private.date_condition(query, 'created', 't.created_at');
  conditions := conditions || private.date_condition(query, 'updated', 't.updated_at');

  -- The SLA views: tickets whose clock runs past a target, or into its last quarter.
  if query ? 'sla' and jsonb_typeof(query -> 'sla') <> 'null' then
    if jsonb_typeof(query -> 'sla') <> 'string' or query ->> 'sla' not in ('breached', 'soon') then
      raise exception 'The sla filter is "breached" or "soon".' using errcode = '22023';
    end if;
    -- Each also bounds the sort key by SLA (see ticket_sort), so a page sorted that way, in either
    -- direction, starts reading its index where the view's tickets are.
    conditions := conditions || format(case query ->> 'sla'
      when 'breached' then
        't.sla_due_at <= %1$L::timestamptz and coalesce(t.sla_due_at, ''infinity'') <= %1$L::timestamptz'
      else
        't.sla_warn_at <= %1$L::timestamptz and t.sla_due_at > %1$L::timestamptz'
        ' and coalesce(t.sla_due_at, ''infinity'') > %1$L::timestamptz'
    end, private.clock());
  end if;

  values_ := private.query_list(query, 'ids', 500);
  if values_ is not null then
    select v into bad from unnest(values_) v where v !~ '^[0-9]{1,18}$' limit 1;
    if found then
      raise exception 'Ticket ids are whole numbers, not "%".', left(bad, 40) using errcode = '22023';
    end if;
    conditions := conditions || format('t.id = any(%L::bigint[])', values_::bigint[]);
  end if;

  search := private.query_search(query);
  if search is not null then
    conditions := conditions || format('s.document @@ %L::tsquery', search);
  end if;

  return array_to_string(conditions, ' and ');
end
$$;

create or replace function private.ticket_sort(
  query jsonb,
  out keys text[],
  out types text[],
  out descending boolean
)
language plpgsql
stable
set search_path = ''
as $$
declare
  search tsquery := private.query_search(query);
  sort text;
  dir text;
begin
  if query ? 'sort' and jsonb_typeof(query -> 'sort') <> 'string' then
    raise exception 'The sort must name a column.' using errcode = '22023';
  end if;
  if query ? 'dir' and (jsonb_typeof(query -> 'dir') <> 'string' or query ->> 'dir' not in ('asc', 'desc')) then
    raise exception 'The sort direction is asc or desc.' using errcode = '22023';
  end if;
  sort := coalesce(query ->> 'sort', case when search is null then 'updated' else 'relevance' end);
  case sort
    when 'updated' then keys := array['t.updated_at', 't.id']; types := array['timestamptz', 'bigint'];
    when 'created' then keys := array['t.created_at', 't.id']; types := array['timestamptz', 'bigint'];
    when 'id' then keys := array['t.id']; types := array['bigint'];
    when 'subject' then keys := array['t.subject', 't.id']; types := array['text', 'bigint'];
    when 'status' then
      keys := array['t.status', 't.updated_at', 't.id'];
      types := array['public.ticket_status', 'timestamptz', 'bigint'];
    when 'priority' then
      keys := array['t.priority', 't.updated_at', 't.id'];
      types := array['public.ticket_priority', 'timestamptz', 'bigint'];
    -- The joins these need (`sc`, `sa`, `st`) are added by ticket_list_sql.
    when 'customer' then keys := array['lower(sc.full_name)', 't.id']; types := array['text', 'bigint'];
    when 'assignee' then
      keys := array['coalesce(lower(sa.full_name), '''')', 't.id']; types := array['text', 'bigint'];
    when 'team' then
      keys := array['coalesce(lower(st.name), '''')', 't.id']; types := array['text', 'bigint'];
    -- Tickets without a running clock last, in both directions' index order.
    when 'sla' then
      keys := array['coalesce(t.sla_due_at, ''infinity'')', 't.id'];
      types := array['timestamptz', 'bigint'];
    when 'relevance' then
      if search is null then
        raise exception 'Sorting by relevance needs a search.' using errcode = '22023';
      end if;
      -- The rank of the lateral `r` of ticket_list_sql.
      keys := array['r.rank', 't.id'];
      types := array['real', 'bigint'];
    else
      raise exception 'Tickets cannot be sorted by "%".', left(sort, 40)
        using errcode = '22023',
          hint = 'Sort by updated, created, id, subject, status, priority, customer, assignee, team, sla or relevance.';
  end case;
  dir := coalesce(
    query ->> 'dir',
    case when sort in ('subject', 'status', 'customer', 'assignee', 'team', 'sla') then 'asc' else 'desc' end
  );
  descending := dir = 'desc';
end
$$;

create or replace function private.ticket_list_sql(query jsonb, after jsonb, page_size integer)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  filter text := private.ticket_filter_sql(query);
  search tsquery := private.query_search(query);
  sort record := private.ticket_sort(query);
  by_relevance boolean := sort.keys[1] = 'r.rank';
  dir text := case when sort.descending then 'desc' else 'asc' end;
  keyset text := 'true';
  cursor_values text[] := '{}';
  source text;
  conditions text;
  order_inner text;
  order_outer text;
  key_columns text;
  cursor_columns text;
  highlight text;
  i integer;
begin
  if page_size is null or page_size < 1 or page_size > 500 then
    raise exception 'A page holds 1 to 500 tickets.' using errcode = '22023';
  end if;
  if after is not null and jsonb_typeof(after) <> 'null' then
    if jsonb_typeof(after) <> 'array' or jsonb_array_length(after) <> cardinality(sort.keys) then
      raise exception 'That page cursor does not belong to this view.' using errcode = '22023';
    end if;
    for i in 1 .. cardinality(sort.keys) loop
      if jsonb_typeof(after -> (i - 1)) not in ('string', 'number') then
        raise exception 'That page cursor does not belong to this view.' using errcode = '22023';
      end if;
      begin
        execute format('select %L::%s', after ->> (i - 1), sort.types[i]);
      exception when others then
        raise exception 'That page cursor does not belong to this view.' using errcode = '22023';
      end;
      cursor_values := cursor_values || format('%L::%s', after ->> (i - 1), sort.types[i]);
    end loop;
    keyset := format(
      '(%s) %s (%s)',
      array_to_string(sort.keys, ', '),
      case when sort.descending then '<' else '>' end,
      array_to_string(cursor_values, ', ')
    );
  end if;

  if by_relevance then
    -- The window of candidates first (by the queue's own index order), then their ranks.
    source := format(
      $source$(
        select t.id, t.subject, t.status, t.priority, t.tags, t.created_at, t.updated_at,
          t.customer_id, t.assignee_id, t.team_id, t.sla_due_at, t.sla_warn_at, t.sla_paused_at,
          t.description, s.document
        from public.tickets t
          join private.ticket_search s on s.ticket_id = t.id
        where %s
        order by t.updated_at desc, t.id desc
        limit %s
      ) t
        -- offset 0 keeps the subquery from being flattened, which would repeat ts_rank per use.
        cross join lateral (select ts_rank(t.document, %L::tsquery, 1) as rank offset 0) r$source$,
      filter, private.search_window(), search
    );
    conditions := keyset;
  else
    source := concat_ws(' ',
      'public.tickets t',
      case when search is not null then 'join private.ticket_search s on s.ticket_id = t.id' end,
      -- The joins the name sorts need (see ticket_sort).
      case
        when sort.keys[1] like '%sc.%' then 'join public.profiles sc on sc.id = t.customer_id'
        when sort.keys[1] like '%sa.%' then 'left join public.profiles sa on sa.id = t.assignee_id'
        when sort.keys[1] like '%st.%' then 'left join public.teams st on st.id = t.team_id'
      end
    );
    conditions := filter || ' and ' || keyset;
  end if;

  select
    string_agg(format('%s %s', key, dir), ', ' order by n),
    string_agg(format('x.k%s %s', n, dir), ', ' order by n),
    string_agg(format('%s as k%s', key, n), ', ' order by n),
    string_agg(format('x.k%s', n), ', ' order by n)
  into order_inner, order_outer, key_columns, cursor_columns
  from unnest(sort.keys) with ordinality as k(key, n);

  -- Matches are marked with the control characters STX and ETX, which ticket text cannot hold as
  -- markup: the app splits on them and renders every part as text.
  highlight := 'StartSel=' || chr(2) || ', StopSel=' || chr(3);

  -- The page is chosen from tickets alone (joined only to what the filter and sort need), and the
  -- names and snippets are added to its rows only.
  return format(
    $sql$
    select x.id, x.subject, x.status, x.priority, x.tags, x.created_at, x.updated_at,
      x.customer_id, c.full_name as customer_name, x.assignee_id, a.full_name as assignee_name,
      x.team_id, tm.name as team_name, x.sla_due_at, x.sla_warn_at, x.sla_paused_at, x.rank, %1$s as headline, %2$s as snippet,
      %3$s as snippet_kind, jsonb_build_array(%4$s) as cursor
    from (
      select t.id, t.subject, t.status, t.priority, t.tags, t.created_at, t.updated_at,
        t.customer_id, t.assignee_id, t.team_id, t.sla_due_at, t.sla_warn_at, t.sla_paused_at,
        %5$s as rank, %6$s as description, %7$s
      from %8$s
      where %9$s
      order by %10$s
      limit %11$s
    ) x
      join public.profiles c on c.id = x.customer_id
      left join public.profiles a on a.id = x.assignee_id
      left join public.teams tm on tm.id = x.team_id
      %12$s
    order by %13$s
    $sql$,
    case when search is null then 'null::text'
      else format('ts_headline(''english'', x.subject, %L::tsquery, %L)', search, highlight || ', HighlightAll=true') end,
    case when search is null then 'null::text'
      else format('ts_headline(''english'', hit.body, %L::tsquery, %L)', search,
        highlight || ', MaxFragments=2, MaxWords=20, MinWords=8, FragmentDelimiter=" … "') end,
    case when search is null then 'null::text' else 'hit.kind' end,
    cursor_columns,
    case when by_relevance then 'r.rank' else 'null::real' end,
    case when search is null then 'null::text' else 't.description' end,
    key_columns,
    source,
    conditions,
    order_inner,
    page_size,
    case when search is null then ''
      else format(
        $lateral$
        left join lateral (
          (select 'description'::text as kind, x.description as body
           where to_tsvector('english'::regconfig, x.description) @@ %1$L::tsquery)
          union all
          (select m.kind::text, m.body
           from public.ticket_activities m
           where m.ticket_id = x.id and m.kind in ('reply', 'note')
             and to_tsvector('english'::regconfig, m.body) @@ %1$L::tsquery
           order by m.id desc
           limit 1)
          union all
          -- Matched in the subject only: the description's beginning, for context.
          (select 'description'::text, x.description)
          limit 1
        ) hit on true
        $lateral$,
        search
      ) end,
    order_outer
  );
end
$$;

-- Their rows gain the SLA columns: a new return type, so they are created again.
drop function public.list_tickets(jsonb, jsonb, integer);
drop function private.list_tickets(jsonb, jsonb, integer);

create function private.list_tickets(query jsonb, after jsonb, page_size integer)
returns table (
  id bigint,
  subject text,
  status public.ticket_status,
  priority public.ticket_priority,
  tags text[],
  created_at timestamptz,
  updated_at timestamptz,
  customer_id uuid,
  customer_name text,
  assignee_id uuid,
  assignee_name text,
  team_id uuid,
  team_name text,
  sla_due_at timestamptz,
  sla_warn_at timestamptz,
  sla_paused_at timestamptz,
  rank real,
  headline text,
  snippet text,
  snippet_kind text,
  cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
set random_page_cost = 1.1
set max_parallel_workers_per_gather = 0
as $$
begin
  perform private.require_queue_staff();
  return query execute private.ticket_list_sql(query, after, page_size);
end
$$;

create function public.list_tickets(
  query jsonb default '{}',
  after jsonb default null,
  page_size integer default 50
)
returns table (
  id bigint,
  subject text,
  status public.ticket_status,
  priority public.ticket_priority,
  tags text[],
  created_at timestamptz,
  updated_at timestamptz,
  customer_id uuid,
  customer_name text,
  assignee_id uuid,
  assignee_name text,
  team_id uuid,
  team_name text,
  sla_due_at timestamptz,
  sla_warn_at timestamptz,
  sla_paused_at timestamptz,
  rank real,
  headline text,
  snippet text,
  snippet_kind text,
  cursor jsonb
)
language sql
stable
set search_path = ''
as $$
  select * from private.list_tickets(query, after, page_size)
$$;

comment on function public.list_tickets(jsonb, jsonb, integer) is
  'One keyset page of the agent queue for a ticket query (filters, search, sort); staff only.';

revoke execute on function private.ticket_filter_sql(jsonb) from public, anon, authenticated;
revoke execute on function private.ticket_sort(jsonb) from public, anon, authenticated;
revoke execute on function private.ticket_list_sql(jsonb, jsonb, integer) from public, anon, authenticated;
revoke execute on function private.list_tickets(jsonb, jsonb, integer) from public, anon;
grant execute on function private.list_tickets(jsonb, jsonb, integer) to authenticated;
revoke execute on function public.list_tickets(jsonb, jsonb, integer) from public, anon;
grant execute on function public.list_tickets(jsonb, jsonb, integer) to authenticated;

create or replace function private.validate_view()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.query ? 'ids' then
    raise exception 'A saved view cannot hold a list of ticket ids.' using errcode = '22023';
  end if;
  perform private.ticket_filter_sql(new.query);
  perform private.ticket_sort(new.query);
  if exists (
    select 1 from unnest(new.columns) c
    where c not in ('subject', 'status', 'priority', 'customer', 'assignee', 'team', 'tags', 'created',
      'updated', 'sla')
  ) then
    raise exception 'A view shows the columns subject, status, priority, customer, assignee, team, tags, created, updated and sla.'
      using errcode = '22023';
  end if;
  new.name := btrim(new.name);
  return new;
end
$$;

revoke execute on function private.validate_view() from public, anon, authenticated;
