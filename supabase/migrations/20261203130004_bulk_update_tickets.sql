-- Bulk actions of the agent workspace: one call, one transaction, changing up to 5,000 tickets
-- picked by id or by a view's query. It runs as the caller (security invoker), so RLS decides per
-- row which tickets may be changed, the ticket triggers guard the columns and write one history row
-- per change (with the caller as author), and realtime sees every change. Rows that are refused
-- are reported with the reason; the others change.
--
-- changes: any of
--   status, priority      an enum value
--   assignee              an agent's id, "me", or null (unassign)
--   team                  a team's id, or null
--   add_tags, remove_tags lists of tags (trimmed, lower case)
-- Returns {"changed": n, "unchanged": n, "refused": n, "reasons": [{"reason", "count", "ids"}]}.

-- The words a refused row is reported with.
create function private.bulk_refusal(state text, constraint_name text, message text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when constraint_name = 'tickets_tags_check' then 'It would have more than 20 tags.'
    when state = '42501' then upper(left(message, 1)) || substr(message, 2) || '.'
    when state like '23%' then 'The change breaks a rule of the ticket (' || coalesce(constraint_name, state) || ').'
    else 'It could not be changed (' || state || ').'
  end
$$;

-- The bulk action runs as the caller, so the helpers it calls are granted to signed-in users.
revoke execute on function private.bulk_refusal(text, text, text) from public, anon;
grant execute on function private.bulk_refusal(text, text, text) to authenticated;
grant execute on function private.is_uuid(text) to authenticated;

-- A ticket's tags with some added (at the end, once) and some removed.
create function private.edit_tags(tags text[], added text[], removed text[])
returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(tag order by first), '{}')
  from (
    select tag, min(n) as first
    from unnest(tags || added) with ordinality as u (tag, n)
    where tag <> all(removed)
    group by tag
  ) kept
$$;

revoke execute on function private.edit_tags(text[], text[], text[]) from public, anon;
grant execute on function private.edit_tags(text[], text[], text[]) to authenticated;

create function public.bulk_update_tickets(
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
  one bigint;
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

  -- Change them in one statement; if any row is refused, one at a time to say which and why.
  begin
    with updated as (
      update public.tickets t
      set
        status = case when set_status then new_status else t.status end,
        priority = case when set_priority then new_priority else t.priority end,
        assignee_id = case when set_assignee then new_assignee else t.assignee_id end,
        team_id = case when set_team then new_team else t.team_id end,
        tags = case when edit_tags then private.edit_tags(t.tags, add_tags, remove_tags) else t.tags end
      where t.id = any(allowed)
        and (
          (set_status and t.status is distinct from new_status)
          or (set_priority and t.priority is distinct from new_priority)
          or (set_assignee and t.assignee_id is distinct from new_assignee)
          or (set_team and t.team_id is distinct from new_team)
          or not t.tags @> add_tags
          or t.tags && remove_tags
        )
      returning t.id
    )
    select coalesce(array_agg(u.id), '{}') into changed from updated u;
  exception when others then
    changed := '{}';
    foreach ticket in array allowed loop
      begin
        update public.tickets t
        set
          status = case when set_status then new_status else t.status end,
          priority = case when set_priority then new_priority else t.priority end,
          assignee_id = case when set_assignee then new_assignee else t.assignee_id end,
          team_id = case when set_team then new_team else t.team_id end,
          tags = case when edit_tags then private.edit_tags(t.tags, add_tags, remove_tags) else t.tags end
        where t.id = ticket
          and (
            (set_status and t.status is distinct from new_status)
            or (set_priority and t.priority is distinct from new_priority)
            or (set_assignee and t.assignee_id is distinct from new_assignee)
            or (set_team and t.team_id is distinct from new_team)
            or not t.tags @> add_tags
            or t.tags && remove_tags
          )
        returning t.id into one;
        if found then
          changed := changed || one;
        end if;
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

comment on function public.bulk_update_tickets(jsonb, bigint[], jsonb) is
  'Changes up to 5,000 tickets in one transaction, as the caller (RLS per row); staff only.';

revoke execute on function public.bulk_update_tickets(jsonb, bigint[], jsonb) from public, anon;
grant execute on function public.bulk_update_tickets(jsonb, bigint[], jsonb) to authenticated;
