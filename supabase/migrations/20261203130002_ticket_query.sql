-- The agent workspace's queries: views, filters, search, sorting, keyset pages and counts over a
-- million tickets.
--
-- Why security definer: under RLS, Postgres may not evaluate a caller's condition inside an index
-- scan before the row has passed the policy unless the condition's operator is leakproof, and enum
-- equality (`status = 'open'`) and text search (`@@`) are not. Every queue filter would then read
-- rows the policy admits and filter them afterwards: a sequential scan at a million tickets. So
-- the functions below check the caller's role first, and only for staff (who may read every ticket
-- and every activity under RLS: see rls_tickets) run the filtered query as their owner, where the
-- planner uses the indexes. If staff visibility ever narrows, these functions must apply it too.
--
-- Every page is read through an index in the view's order (one per sort, see queue_sort_indexes)
-- and stops after one page; the entry points tell the planner that random reads are cheap (the
-- data is cached or on SSD) and that no parallel workers are worth starting for one page.
-- Searches sorted by relevance rank the most recently updated matches, at most search_window().
--
-- A ticket query is a JSON object (the app's URL state, a saved view):
--   status, priority   lists of enum values
--   assignee           list of "me", "none" or agent ids      team: list of "none" or team ids
--   tags + tags_mode   list of tags, matching "any" (default) or "all"
--   customer           list of customer ids
--   created, updated   {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (UTC days, inclusive) or {"days": N}
--   search             words as people type them (websearch_to_tsquery: "quoted phrases", -word, or)
--   sort + dir         updated, created, id, subject, status, priority, customer, assignee, team,
--                      relevance (with a search); asc or desc
--   ids                list of ticket ids (the app refetching rows that changed)
-- Anything else is refused with SQLSTATE 22023 and a message for people.

-- Fails unless the caller is an agent or an admin.
create function private.require_queue_staff()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if public.user_role() is null or public.user_role() not in ('agent', 'admin') then
    raise exception 'Only agents and admins may search the ticket queue.' using errcode = '42501';
  end if;
end
$$;

-- A list of strings from the query (null when absent or empty), or a 22023 naming the filter.
create function private.query_list(query jsonb, key text, max_items integer)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  value jsonb := query -> key;
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(value) <> 'array' then
    raise exception 'The % filter must be a list.', key using errcode = '22023';
  end if;
  if jsonb_array_length(value) > max_items then
    raise exception 'The % filter takes at most % values.', key, max_items using errcode = '22023';
  end if;
  if exists (select 1 from jsonb_array_elements(value) e where jsonb_typeof(e) <> 'string') then
    raise exception 'The % filter must hold text values.', key using errcode = '22023';
  end if;
  if jsonb_array_length(value) = 0 then
    return null;
  end if;
  return array(select jsonb_array_elements_text(value));
end
$$;

create function private.is_uuid(value text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
$$;

-- The condition of a date filter on `column_name`, or null when absent.
create function private.date_condition(query jsonb, key text, column_name text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  value jsonb := query -> key;
  from_day date;
  to_day date;
  days numeric;
  conditions text[] := '{}';
  part text;
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(value) <> 'object' then
    raise exception 'The % filter must be a date range.', key using errcode = '22023';
  end if;
  for part in select jsonb_object_keys(value) loop
    if part not in ('from', 'to', 'days') then
      raise exception 'The % filter takes from, to or days, not "%".', key, part using errcode = '22023';
    end if;
  end loop;
  if value ? 'days' then
    if value ? 'from' or value ? 'to' then
      raise exception 'The % filter takes either days or a from/to range.', key using errcode = '22023';
    end if;
    if jsonb_typeof(value -> 'days') <> 'number' then
      raise exception 'The % filter''s days must be a whole number.', key using errcode = '22023';
    end if;
    days := (value ->> 'days')::numeric;
    if days <> trunc(days) or days < 1 or days > 3650 then
      raise exception 'The % filter''s days must be a whole number from 1 to 3650.', key
        using errcode = '22023';
    end if;
    return format('%s >= %L::timestamptz', column_name, now() - make_interval(days => days::integer));
  end if;
  foreach part in array array['from', 'to'] loop
    if value ? part then
      if jsonb_typeof(value -> part) <> 'string' or (value ->> part) !~ '^\d{4}-\d{2}-\d{2}$' then
        raise exception 'The % filter''s % date must look like 2026-01-31.', key, part
          using errcode = '22023';
      end if;
      begin
        if part = 'from' then from_day := (value ->> part)::date; else to_day := (value ->> part)::date; end if;
      exception when others then
        raise exception 'The % filter''s % date (%) is not a date.', key, part, value ->> part
          using errcode = '22023';
      end;
    end if;
  end loop;
  if from_day is not null and to_day is not null and from_day > to_day then
    raise exception 'The % filter starts after it ends.', key using errcode = '22023';
  end if;
  if from_day is not null then
    conditions := conditions
      || format('%s >= %L::timestamptz', column_name, from_day::timestamp at time zone 'UTC');
  end if;
  if to_day is not null then
    conditions := conditions
      || format('%s < %L::timestamptz', column_name, (to_day + 1)::timestamp at time zone 'UTC');
  end if;
  return nullif(array_to_string(conditions, ' and '), '');
end
$$;

-- The search of a query as a tsquery, or null when there is none.
create function private.query_search(query jsonb)
returns tsquery
language plpgsql
stable
set search_path = ''
as $$
declare
  value jsonb := query -> 'search';
  words tsquery;
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(value) <> 'string' then
    raise exception 'The search must be text.' using errcode = '22023';
  end if;
  if btrim(value #>> '{}') = '' then
    return null;
  end if;
  if char_length(value #>> '{}') > 200 then
    raise exception 'A search is at most 200 characters long.' using errcode = '22023';
  end if;
  words := websearch_to_tsquery('english'::regconfig, value #>> '{}');
  -- No words left (only punctuation or words like "the"), or only excluded ones (-word), which
  -- would match nearly everything and no index can answer.
  if numnode(words) = 0 or querytree(words) = 'T' then
    raise exception 'The search has no words to look for.'
      using errcode = '22023', hint = 'Common words like "the" and punctuation are ignored.';
  end if;
  return words;
end
$$;

-- `column` is one of `items` (SQL literals of `type`). One value is written as plain equality: an
-- index on (column, updated_at, id) then also gives the rows in order, which `= any(array)` cannot
-- on PostgreSQL 15.
create function private.one_of(column_name text, items text[], type text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when cardinality(items) = 1 then format('%s = %L::%s', column_name, items[1], type)
    else format('%s = any(%L::%s[])', column_name, items, type)
  end
$$;

-- The WHERE clause of a query, over tickets `t` (and the search document `s` when searching). Values
-- are validated here and embedded as literals, so each query is planned for its own values.
create function private.ticket_filter_sql(query jsonb)
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
      'updated', 'search', 'sort', 'dir', 'ids'
    ) then
      raise exception 'There is no "%" filter.', key
        using errcode = '22023',
          hint = 'Filters are status, priority, assignee, team, tags, customer, created, updated and search.';
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

-- The sort of a query: the key expressions (the last one always the ticket id, so the order is
-- total and a keyset cursor is exact), their types, and the direction shared by all of them.
create function private.ticket_sort(
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
          hint = 'Sort by updated, created, id, subject, status, priority, customer, assignee, team or relevance.';
  end case;
  dir := coalesce(
    query ->> 'dir',
    case when sort in ('subject', 'status', 'customer', 'assignee', 'team') then 'asc' else 'desc' end
  );
  descending := dir = 'desc';
end
$$;

-- Ranking a search reads every matching document; a common word matches half the tickets. So
-- relevance ranks the most recently updated matches, at most this many (all of them, usually).
create function private.search_window()
returns integer
language sql
immutable
set search_path = ''
as $$ select 1000 $$;

-- The whole SQL of one page of a query, after the keyset cursor `after` (the `cursor` of the last
-- row of the previous page). Exposed (to the owner only) so tests can EXPLAIN exactly what runs.
create function private.ticket_list_sql(query jsonb, after jsonb, page_size integer)
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
          t.customer_id, t.assignee_id, t.team_id, t.description, s.document
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
      x.team_id, tm.name as team_name, x.rank, %1$s as headline, %2$s as snippet,
      %3$s as snippet_kind, jsonb_build_array(%4$s) as cursor
    from (
      select t.id, t.subject, t.status, t.priority, t.tags, t.created_at, t.updated_at,
        t.customer_id, t.assignee_id, t.team_id, %5$s as rank, %6$s as description, %7$s
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

-- One page of tickets: exactly the columns a queue row shows, the rank and highlighted snippets
-- when searching, and each row's keyset cursor (pass the last one as `after` for the next page).
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

-- Counting stops at this many tickets; above it the planner's estimate is shown instead.
create function private.exact_count_limit()
returns integer
language sql
immutable
set search_path = ''
as $$ select 10000 $$;

-- The tickets `t` a filter reads from: with the search document `s` when the query searches.
create function private.ticket_source(query jsonb)
returns text
language sql
stable
set search_path = ''
as $$
  select 'public.tickets t'
    || case when private.query_search(query) is null then ''
       else ' join private.ticket_search s on s.ticket_id = t.id' end
$$;

-- The SQL that counts a query's tickets up to `limit_` (a count that stops reading there), or
-- with `explain`, the planner's estimate of all of them. Exposed to the owner for tests, as above.
create function private.ticket_count_sql(query jsonb, limit_ integer, explain boolean default false)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  source text := private.ticket_source(query);
  filter text := private.ticket_filter_sql(query);
begin
  if explain then
    return format('explain (format json) select from %s where %s', source, filter);
  end if;
  return format('select count(*) from (select from %s where %s limit %s) matching', source, filter, limit_);
end
$$;

-- How many tickets a query matches: exact up to exact_count_limit(), estimated above it (so a
-- count never reads more than that many rows).
create function private.count_tickets(query jsonb, out count bigint, out exact boolean)
language plpgsql
-- Volatile: EXPLAIN (the estimate) is not allowed in a stable function.
volatile
security definer
set search_path = ''
set random_page_cost = 1.1
set max_parallel_workers_per_gather = 0
as $$
declare
  plan json;
begin
  perform private.require_queue_staff();
  execute private.ticket_count_sql(query, private.exact_count_limit() + 1) into count;
  exact := count <= private.exact_count_limit();
  if not exact then
    execute private.ticket_count_sql(query, null, explain => true) into plan;
    count := greatest((plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, private.exact_count_limit() + 1);
  end if;
end
$$;

-- The counts of several queries at once (the sidebar's views), keyed as given.
create function private.count_ticket_queries(queries jsonb)
returns table (key text, count bigint, exact boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform private.require_queue_staff();
  if queries is null or jsonb_typeof(queries) <> 'object' then
    raise exception 'Counts are asked for as an object of named queries.' using errcode = '22023';
  end if;
  if (select count(*) from jsonb_object_keys(queries)) > 50 then
    raise exception 'At most 50 views are counted at once.' using errcode = '22023';
  end if;
  return query
    select e.key, c.count, c.exact
    from jsonb_each(queries) as e (key, value), private.count_tickets(e.value) c
    order by e.key;
end
$$;

-- The ids of every ticket a query matches, for a bulk action on a whole view; a 22023 when there
-- are more than `max_tickets`.
create function private.ticket_ids_matching(query jsonb, max_tickets integer)
returns bigint[]
language plpgsql
stable
security definer
set search_path = ''
set random_page_cost = 1.1
set max_parallel_workers_per_gather = 0
as $$
declare
  filter text := private.ticket_filter_sql(query);
  source text := private.ticket_source(query);
  ids bigint[];
begin
  perform private.require_queue_staff();
  execute format(
    'select array(select t.id from %s where %s order by t.id limit %s)', source, filter, max_tickets + 1
  ) into ids;
  if cardinality(ids) > max_tickets then
    raise exception 'More than % tickets match this view; a bulk action changes at most % at a time.',
      to_char(max_tickets, 'FM999,999,999'), to_char(max_tickets, 'FM999,999,999')
      using errcode = '22023', hint = 'Narrow the view with a filter first.';
  end if;
  return ids;
end
$$;

-- Only the three entry points are callable by signed-in users (through the wrappers below); the
-- builders run inside them, as their owner.
revoke execute on function private.require_queue_staff() from public, anon, authenticated;
revoke execute on function private.query_list(jsonb, text, integer) from public, anon, authenticated;
revoke execute on function private.is_uuid(text) from public, anon, authenticated;
revoke execute on function private.one_of(text, text[], text) from public, anon, authenticated;
revoke execute on function private.date_condition(jsonb, text, text) from public, anon, authenticated;
revoke execute on function private.query_search(jsonb) from public, anon, authenticated;
revoke execute on function private.ticket_filter_sql(jsonb) from public, anon, authenticated;
revoke execute on function private.ticket_sort(jsonb) from public, anon, authenticated;
revoke execute on function private.ticket_list_sql(jsonb, jsonb, integer) from public, anon, authenticated;
revoke execute on function private.search_window() from public, anon, authenticated;
revoke execute on function private.exact_count_limit() from public, anon, authenticated;
revoke execute on function private.ticket_count_sql(jsonb, integer, boolean) from public, anon, authenticated;
revoke execute on function private.ticket_source(jsonb) from public, anon, authenticated;
revoke execute on function private.count_tickets(jsonb) from public, anon, authenticated;
revoke execute on function private.list_tickets(jsonb, jsonb, integer) from public, anon;
revoke execute on function private.count_ticket_queries(jsonb) from public, anon;
revoke execute on function private.ticket_ids_matching(jsonb, integer) from public, anon;
grant execute on function private.list_tickets(jsonb, jsonb, integer) to authenticated;
grant execute on function private.count_ticket_queries(jsonb) to authenticated;
grant execute on function private.ticket_ids_matching(jsonb, integer) to authenticated;

-- The API's face: plain security invoker functions (so the Supabase linter's rule holds: no
-- security definer function in an exposed schema), each handing over to the checked one above.

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

create function public.count_tickets(queries jsonb)
returns table (key text, count bigint, exact boolean)
language sql
volatile
set search_path = ''
as $$
  select * from private.count_ticket_queries(queries)
$$;

comment on function public.count_tickets(jsonb) is
  'Counts of named ticket queries: exact up to 10,000, estimated above; staff only.';

revoke execute on function public.list_tickets(jsonb, jsonb, integer) from public, anon;
revoke execute on function public.count_tickets(jsonb) from public, anon;
grant execute on function public.list_tickets(jsonb, jsonb, integer) to authenticated;
grant execute on function public.count_tickets(jsonb) to authenticated;
