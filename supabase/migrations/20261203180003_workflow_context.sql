-- What SLA, routing and automations share: the clock they read, the conditions that select tickets
-- (for SLA policies and automation rules alike), and a per-transaction scratchpad through which
-- the ticket triggers pass what happened from the BEFORE row trigger (which may change the row but
-- not yet write history about it) to the AFTER row trigger (which writes that history).

-- The time the workflow runs at: the transaction's now(), unless the transaction set
-- `autocrm.clock` (set_config('autocrm.clock', '2026-03-02 09:00+01', true)). Tests and the minute
-- job's `now` parameter use it to replay time; API callers cannot set it (PostgREST only exposes
-- functions in public, none of which sets it from a caller's value).
create function private.clock()
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select coalesce(nullif(current_setting('autocrm.clock', true), '')::timestamptz, now())
$$;

-- The scratchpad: `autocrm.workflow` holds {"<ticket id>": {"events": [...], "effects": [...],
-- "sources": {"<column>": {...}}}}, local to the transaction (and rolled back with a savepoint).
--   events:  what a trigger elsewhere tells the ticket's BEFORE trigger (a customer or agent reply,
--            a routing request);
--   effects: history the AFTER trigger writes (rule runs, notes, SLA breaches, routing);
--   sources: who changed a column when it was not the caller (a rule, routing), so the history row
--            for that change names them.
create function private.workflow_entry(ticket_id bigint)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  select coalesce(
    (nullif(current_setting('autocrm.workflow', true), '')::jsonb) -> ticket_id::text,
    '{}'
  )
$$;

create function private.put_workflow_entry(ticket_id bigint, entry jsonb)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  entries jsonb := coalesce(nullif(current_setting('autocrm.workflow', true), '')::jsonb, '{}');
begin
  if entry is null or entry = '{}' then
    entries := entries - ticket_id::text;
  else
    entries := jsonb_set(entries, array[ticket_id::text], entry);
  end if;
  perform set_config('autocrm.workflow', entries::text, true);
end
$$;

-- Appends to one of the lists of a ticket's entry.
create function private.stash(ticket_id bigint, list text, item jsonb)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  entry jsonb := private.workflow_entry(ticket_id);
begin
  perform private.put_workflow_entry(ticket_id, jsonb_set(
    entry, array[list], coalesce(entry -> list, '[]') || jsonb_build_array(item)));
end
$$;

create function private.stash_source(ticket_id bigint, field text, source jsonb)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  entry jsonb := private.workflow_entry(ticket_id);
begin
  perform private.put_workflow_entry(ticket_id, jsonb_set(
    entry, array['sources'], coalesce(entry -> 'sources', '{}') || jsonb_build_object(field, source)));
end
$$;

-- Removes and returns the events told to a ticket's BEFORE trigger.
create function private.take_events(ticket_id bigint)
returns text[]
language plpgsql
volatile
set search_path = ''
as $$
declare
  entry jsonb := private.workflow_entry(ticket_id);
begin
  if not entry ? 'events' then
    return '{}';
  end if;
  perform private.put_workflow_entry(ticket_id, entry - 'events');
  return array(select jsonb_array_elements_text(entry -> 'events'));
end
$$;

-- Removes and returns what the AFTER trigger is to write for a ticket.
create function private.take_workflow_entry(ticket_id bigint)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  entry jsonb := private.workflow_entry(ticket_id);
begin
  if entry <> '{}' then
    perform private.put_workflow_entry(ticket_id, null);
  end if;
  return entry;
end
$$;

-- Conditions, for SLA policies and automation rules: a JSON object whose keys all have to hold.
--   status, priority:                       lists of values ("status": ["open", "pending"])
--   team_id, type_id, assignee_id:          lists of ids; null in the list means "none"
--   customer_id:                            list of ids
--   tags_any, tags_all, tags_none:          lists of tags (has one of / all of / none of them)
--   subject_contains:                       list of words (the subject contains one of them)
-- {} selects every ticket.
--
-- Which of several conditions a ticket meets, in one call: the ticket triggers test every policy
-- and rule on every write, and a function call costs more than the test itself.
create function private.matching_conditions(conditions jsonb[], ticket public.tickets)
returns boolean[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  c jsonb;
  matched boolean;
  result boolean[] := '{}';
begin
  foreach c in array coalesce(conditions, '{}') loop
    matched := c = '{}' or (
      (not c ? 'status' or (c -> 'status') ? ticket.status::text)
      and (not c ? 'priority' or (c -> 'priority') ? ticket.priority::text)
      and (not c ? 'team_id' or (c -> 'team_id') @> jsonb_build_array(ticket.team_id))
      and (not c ? 'type_id' or (c -> 'type_id') @> jsonb_build_array(ticket.type_id))
      and (not c ? 'assignee_id' or (c -> 'assignee_id') @> jsonb_build_array(ticket.assignee_id))
      and (not c ? 'customer_id' or (c -> 'customer_id') @> jsonb_build_array(ticket.customer_id))
      and (not c ? 'tags_any' or (c -> 'tags_any') ?| ticket.tags)
      and (not c ? 'tags_all' or to_jsonb(ticket.tags) @> (c -> 'tags_all'))
      and (not c ? 'tags_none' or not ((c -> 'tags_none') ?| ticket.tags))
    );
    if matched and c ? 'subject_contains' then
      matched := exists (
        select 1 from jsonb_array_elements_text(c -> 'subject_contains') word
        where strpos(lower(ticket.subject), lower(word)) > 0
      );
    end if;
    result := result || matched;
  end loop;
  return result;
end
$$;

-- Whether a ticket meets one set of conditions (in queries over tickets).
create function private.ticket_matches(conditions jsonb, ticket public.tickets)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select (private.matching_conditions(array[conditions], ticket))[1]
$$;

-- A uuid from JSON, or null when the value is not one.
create function private.uuid_from_json(value jsonb)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(value) = 'string'
      and value #>> '{}' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then (value #>> '{}')::uuid
  end
$$;

-- Whether `id` names a row of the kind a condition or action refers to.
create function private.reference_exists(kind text, target uuid)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  return case kind
    when 'team_id' then exists (select 1 from public.teams t where t.id = target)
    when 'type_id' then exists (select 1 from public.ticket_types t where t.id = target)
    when 'assignee_id' then exists (
      select 1 from public.profiles p where p.id = target and p.role in ('agent', 'admin'))
    when 'customer_id' then exists (select 1 from public.profiles p where p.id = target)
    else false
  end;
end
$$;

-- What a reference names, for error messages.
create function private.reference_noun(kind text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case kind
    when 'team_id' then 'a team'
    when 'type_id' then 'a ticket type'
    when 'assignee_id' then 'an agent'
    when 'customer_id' then 'a person'
  end
$$;

-- Checks conditions on save and returns them normalised (canonical ids, trimmed words, no
-- duplicates), or refuses them with a reason. `allowed` lists the keys the caller accepts.
create function private.normalize_conditions(conditions jsonb, allowed text[])
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  key text;
  value jsonb;
  item jsonb;
  id uuid;
  list jsonb;
  normalized jsonb := '{}';
begin
  if jsonb_typeof(conditions) is distinct from 'object' then
    raise exception 'conditions must be an object, e.g. {"priority": ["urgent"]}'
      using errcode = '23514';
  end if;
  for key, value in select e.key, e.value from jsonb_each(conditions) e loop
    if not key = any(allowed) then
      raise exception 'conditions: unknown condition "%" (use %)', key, array_to_string(allowed, ', ')
        using errcode = '23514';
    end if;
    if jsonb_typeof(value) <> 'array' or jsonb_array_length(value) = 0 then
      raise exception 'conditions: % needs a non-empty list', key using errcode = '23514';
    end if;
    list := '[]';
    for item in select e from jsonb_array_elements(value) e loop
      if key = 'status' then
        if jsonb_typeof(item) <> 'string'
          or not (item #>> '{}') = any(enum_range(null::public.ticket_status)::text[]) then
          raise exception 'conditions: % is not a ticket status (open, pending, on_hold, solved, closed)',
            item
            using errcode = '23514';
        end if;
        list := list || jsonb_build_array(item);
      elsif key = 'priority' then
        if jsonb_typeof(item) <> 'string'
          or not (item #>> '{}') = any(enum_range(null::public.ticket_priority)::text[]) then
          raise exception 'conditions: % is not a priority (low, normal, high, urgent)', item
            using errcode = '23514';
        end if;
        list := list || jsonb_build_array(item);
      elsif key in ('team_id', 'type_id', 'assignee_id', 'customer_id') then
        if jsonb_typeof(item) = 'null' and key <> 'customer_id' then
          list := list || jsonb_build_array(null::text);
        else
          id := private.uuid_from_json(item);
          if id is null or not private.reference_exists(key, id) then
            raise exception 'conditions: % in % is not %', item, key, private.reference_noun(key)
              using errcode = '23514';
          end if;
          list := list || jsonb_build_array(id::text);
        end if;
      else
        if jsonb_typeof(item) <> 'string' or btrim(item #>> '{}') = '' then
          raise exception 'conditions: % needs words, not %', key, item using errcode = '23514';
        end if;
        list := list || jsonb_build_array(btrim(item #>> '{}'));
      end if;
    end loop;
    normalized := normalized || jsonb_build_object(key, (
      select jsonb_agg(e order by first_seen)
      from (
        select e, min(n) as first_seen
        from jsonb_array_elements(list) with ordinality as x(e, n)
        group by e
      ) deduplicated
    ));
  end loop;
  return normalized;
end
$$;

-- The scratchpad is written by triggers running as their owner; conditions are checked and
-- evaluated for the saving admin too (validation triggers run as the caller).
revoke execute on function private.workflow_entry(bigint) from public;
revoke execute on function private.put_workflow_entry(bigint, jsonb) from public;
revoke execute on function private.stash(bigint, text, jsonb) from public;
revoke execute on function private.stash_source(bigint, text, jsonb) from public;
revoke execute on function private.take_events(bigint) from public;
revoke execute on function private.take_workflow_entry(bigint) from public;
revoke execute on function private.clock() from public;
revoke execute on function private.matching_conditions(jsonb[], public.tickets) from public;
revoke execute on function private.ticket_matches(jsonb, public.tickets) from public;
revoke execute on function private.uuid_from_json(jsonb) from public;
revoke execute on function private.reference_exists(text, uuid) from public;
revoke execute on function private.reference_noun(text) from public;
revoke execute on function private.normalize_conditions(jsonb, text[]) from public;
grant execute on function private.clock() to authenticated;
grant execute on function private.matching_conditions(jsonb[], public.tickets) to authenticated;
grant execute on function private.ticket_matches(jsonb, public.tickets) to authenticated;
grant execute on function private.uuid_from_json(jsonb) to authenticated;
grant execute on function private.reference_exists(text, uuid) to authenticated;
grant execute on function private.reference_noun(text) to authenticated;
grant execute on function private.normalize_conditions(jsonb, text[]) to authenticated;
