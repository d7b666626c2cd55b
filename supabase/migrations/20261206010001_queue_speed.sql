-- The agent queue at a million tickets (issue 13), the points the last quiet run missed.

-- Recently solved (solved or closed, newest activity first) read the index of every ticket by
-- date and dropped the unsolved ones on the way, 1,238 of them for a page of 51 after a morning's
-- bulk work, each a heap fetch. Its own partial index gives the page from 51 entries; only tickets
-- solved or closed are in it, so updates of open tickets (the bulk actions) do not maintain it.
create index tickets_done_updated_at_id_idx on public.tickets (updated_at, id)
  where status in ('solved', 'closed');

-- A search's exact count reads documents until 10,001 match: for two common words that is some
-- 35,000 documents (5,000 pages, p50 90 ms) to show the same "about N" as the estimate would.
-- When the planner expects more than five times the limit, the estimate is shown without
-- counting; a search it expects to be smaller is still counted exactly. Filters alone stay as they
-- were: their counts read one index and their estimates are the planner's own statistics.
create or replace function private.count_tickets(query jsonb, out count bigint, out exact boolean)
returns record
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
  estimate bigint;
begin
  perform private.require_queue_staff();
  if private.query_search(query) is not null then
    execute private.ticket_count_sql(query, null, explain => true) into plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    if estimate > 5 * private.exact_count_limit() then
      count := estimate;
      exact := false;
      return;
    end if;
  end if;
  execute private.ticket_count_sql(query, private.exact_count_limit() + 1) into count;
  exact := count <= private.exact_count_limit();
  if not exact then
    if plan is null then
      execute private.ticket_count_sql(query, null, explain => true) into plan;
    end if;
    count := greatest((plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, private.exact_count_limit() + 1);
  end if;
end
$$;

-- Bulk actions set only the columns they change (see the comment in the body); the rest is as in
-- bulk_update_tickets.
create or replace function public.bulk_update_tickets(
  changes jsonb,
  ids bigint[] default null,
  query jsonb default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  max_tickets constant integer := 5000;
  caller public.user_role := public.user_role();
  key text;
  set_status boolean := changes ? 'status';
  set_priority boolean := changes ? 'priority';
  set_assignee boolean := changes ? 'assignee';
  set_team boolean := changes ? 'team';
  new_status public.ticket_status;
  new_priority public.ticket_priority;
  new_assignee uuid;
  new_team uuid;
  add_tags text[];
  remove_tags text[];
  edit_tags boolean;
  targets bigint[];
  allowed bigint[];
  changed bigint[];
  refused jsonb := '[]';
  ticket bigint;
  change text;
  one_changed bigint[];
  failed_state text;
  failed_constraint text;
  failure text;
begin
  if caller is null or caller not in ('agent', 'admin') then
    raise exception 'Only agents and admins may change tickets in bulk.' using errcode = '42501';
  end if;

  -- What to change ------------------------------------------------------------------------------
  if changes is null or jsonb_typeof(changes) <> 'object' or changes = '{}' then
    raise exception 'Say what to change: status, priority, assignee, team, add_tags or remove_tags.'
      using errcode = '22023';
  end if;
  for key in select jsonb_object_keys(changes) loop
    if key not in ('status', 'priority', 'assignee', 'team', 'add_tags', 'remove_tags') then
      raise exception 'A bulk action cannot change "%".', left(key, 40)
        using errcode = '22023',
          hint = 'It changes status, priority, assignee, team, add_tags and remove_tags.';
    end if;
  end loop;
  if set_status then
    if jsonb_typeof(changes -> 'status') <> 'string'
      or changes ->> 'status' <> all(enum_range(null::public.ticket_status)::text[]) then
      raise exception 'There is no status "%".', left(changes ->> 'status', 40) using errcode = '22023';
    end if;
    new_status := (changes ->> 'status')::public.ticket_status;
  end if;
  if set_priority then
    if jsonb_typeof(changes -> 'priority') <> 'string'
      or changes ->> 'priority' <> all(enum_range(null::public.ticket_priority)::text[]) then
      raise exception 'There is no priority "%".', left(changes ->> 'priority', 40) using errcode = '22023';
    end if;
    new_priority := (changes ->> 'priority')::public.ticket_priority;
  end if;
  if set_assignee and jsonb_typeof(changes -> 'assignee') <> 'null' then
    if changes ->> 'assignee' = 'me' then
      new_assignee := auth.uid();
    elsif jsonb_typeof(changes -> 'assignee') = 'string' and private.is_uuid(changes ->> 'assignee') then
      new_assignee := (changes ->> 'assignee')::uuid;
    end if;
    if new_assignee is null or not exists (
      select 1 from public.profiles p where p.id = new_assignee and p.role in ('agent', 'admin')
    ) then
      raise exception 'Tickets can only be assigned to an agent or an admin.' using errcode = '22023';
    end if;
  end if;
  if set_team and jsonb_typeof(changes -> 'team') <> 'null' then
    if jsonb_typeof(changes -> 'team') = 'string' and private.is_uuid(changes ->> 'team') then
      new_team := (changes ->> 'team')::uuid;
    end if;
    if new_team is null or not exists (select 1 from public.teams tm where tm.id = new_team) then
      raise exception 'There is no such team.' using errcode = '22023';
    end if;
  end if;
  foreach key in array array['add_tags', 'remove_tags'] loop
    if changes ? key then
      if jsonb_typeof(changes -> key) <> 'array' or jsonb_array_length(changes -> key) = 0
        or jsonb_array_length(changes -> key) > 20
        or exists (
          select 1 from jsonb_array_elements(changes -> key) e
          where jsonb_typeof(e) <> 'string' or btrim(e #>> '{}') = '' or char_length(btrim(e #>> '{}')) > 50
        ) then
        raise exception 'Tags to add or remove are a list of 1 to 20 tags of 1 to 50 characters.'
          using errcode = '22023';
      end if;
    end if;
  end loop;
  -- Trimmed, lower case, once each, in the order given.
  add_tags := array(
    select tag from jsonb_array_elements_text(changes -> 'add_tags') with ordinality as e (value, n)
    cross join lateral (select lower(btrim(e.value)) as tag) t
    group by tag order by min(n)
  );
  remove_tags := array(
    select distinct lower(btrim(e)) from jsonb_array_elements_text(changes -> 'remove_tags') e
  );
  edit_tags := cardinality(add_tags) + cardinality(remove_tags) > 0;
  if add_tags && remove_tags then
    raise exception 'A tag cannot be added and removed at once.' using errcode = '22023';
  end if;

  -- Which tickets -------------------------------------------------------------------------------
  if (ids is null) = (query is null) then
    raise exception 'Pick the tickets either by their ids or by a view, not both.' using errcode = '22023';
  end if;
  if ids is not null then
    if cardinality(ids) > max_tickets then
      raise exception 'A bulk action changes at most % tickets at a time; % were picked.',
        to_char(max_tickets, 'FM999,999,999'), to_char(cardinality(ids), 'FM999,999,999')
        using errcode = '22023', hint = 'Pick fewer tickets, or narrow the view.';
    end if;
    if array_position(ids, null) is not null then
      raise exception 'Ticket ids cannot be null.' using errcode = '22023';
    end if;
    targets := array(select distinct unnest(ids) order by 1);
  else
    targets := private.ticket_ids_matching(query, max_tickets);
  end if;

  -- Lock what RLS lets the caller change, in id order so two bulk actions cannot deadlock.
  allowed := array(
    select t.id from public.tickets t where t.id = any(targets) order by t.id for update
  );
  if cardinality(allowed) < cardinality(targets) then
    refused := refused || (
      select jsonb_agg(jsonb_build_object('id', missing, 'reason', 'Not found, or not yours to change.'))
      from unnest(targets) missing
      where missing <> all(allowed)
    );
  end if;

  -- Only the columns the action changes are set, and only on tickets where one of them differs:
  -- a trigger declared `update of` a column (the reopen guard on status, the tag catalogue on tags)
  -- fires whenever that column is in the SET list, even when its value stays. The history trigger
  -- still runs once per changed row, in id order, as before.
  change := format(
    'with u as (update public.tickets t set %s where t.id = any($7) and (%s) returning t.id) '
      'select coalesce(array_agg(u.id), ''{}'') from u',
    array_to_string(array_remove(array[
      case when set_status then 'status = $1' end,
      case when set_priority then 'priority = $2' end,
      case when set_assignee then 'assignee_id = $3' end,
      case when set_team then 'team_id = $4' end,
      case when edit_tags then 'tags = private.edit_tags(t.tags, $5, $6)' end
    ], null), ', '),
    array_to_string(array_remove(array[
      case when set_status then 't.status is distinct from $1' end,
      case when set_priority then 't.priority is distinct from $2' end,
      case when set_assignee then 't.assignee_id is distinct from $3' end,
      case when set_team then 't.team_id is distinct from $4' end,
      case when edit_tags then 'not t.tags @> $5 or t.tags && $6' end
    ], null), ' or ')
  );

  -- Change them in one statement; if any row is refused, one at a time to say which and why.
  begin
    execute change into changed
      using new_status, new_priority, new_assignee, new_team, add_tags, remove_tags, allowed;
  exception when others then
    changed := '{}';
    foreach ticket in array allowed loop
      begin
        execute change into one_changed
          using new_status, new_priority, new_assignee, new_team, add_tags, remove_tags, array[ticket];
        changed := changed || one_changed;
      exception when others then
        get stacked diagnostics failed_state = returned_sqlstate,
          failed_constraint = constraint_name, failure = message_text;
        refused := refused || jsonb_build_array(jsonb_build_object(
          'id', ticket,
          'reason', private.bulk_refusal(failed_state, nullif(failed_constraint, ''), failure)
        ));
      end;
    end loop;
  end;

  return jsonb_build_object(
    'changed', cardinality(changed),
    'unchanged', cardinality(allowed) - cardinality(changed) - (
      select count(*) from jsonb_array_elements(refused) r where (r ->> 'id')::bigint = any(allowed)
    ),
    'refused', jsonb_array_length(refused),
    'reasons', coalesce((
      select jsonb_agg(jsonb_build_object('reason', reason, 'count', n, 'ids', sample) order by n desc, reason)
      from (
        select r ->> 'reason' as reason, count(*) as n,
          (array_agg((r ->> 'id')::bigint order by (r ->> 'id')::bigint))[1:20] as sample
        from jsonb_array_elements(refused) r
        group by r ->> 'reason'
      ) grouped
    ), '[]')
  );
end
$$;

