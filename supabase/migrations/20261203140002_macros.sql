-- Macros: canned answers that also triage. A macro sets any of status, priority, type, team,
-- assignee and tags (its `actions`, in the automation rules' format) and carries a reply or note
-- text with placeholders ({{customer.first_name}}, {{ticket.id}}, {{agent.name}}, …) filled in
-- for the ticket it is applied to. Shared macros (owner_id null) are managed by admins and usable
-- by every agent; personal ones belong to their owner alone. Automation rules apply shared macros
-- with the action {"type": "apply_macro", "macro_id": "…"}.

create table public.macros (
  id uuid primary key default gen_random_uuid(),
  name text not null check (btrim(name) <> '' and char_length(name) <= 100),
  description text not null default '' check (char_length(description) <= 500),
  owner_id uuid references public.profiles (id) on delete cascade,
  message_kind text not null default 'reply' check (message_kind in ('reply', 'note')),
  body text not null default '' check (char_length(body) <= 20000),
  actions jsonb not null default '[]',
  position integer not null default 0,
  is_active boolean not null default true,
  usage_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One name per owner (and one among the shared macros), whatever the case.
create unique index macros_owner_name_idx
  on public.macros (coalesce(owner_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
create index macros_owner_id_idx on public.macros (owner_id);

create trigger macros_set_updated_at
  before update on public.macros
  for each row execute function public.set_updated_at();

-- Placeholders --------------------------------------------------------------------------------------

create function private.macro_placeholders()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['customer.first_name', 'customer.name', 'customer.email', 'ticket.id',
    'ticket.subject', 'agent.name', 'agent.first_name']
$$;

-- Why a macro text cannot be used (an unknown placeholder, braces left open), or null.
create function private.macro_text_error(body text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  name text;
  known text[] := private.macro_placeholders();
begin
  for name in select btrim(m[1]) from regexp_matches(body, '\{\{([^{}]*)\}\}', 'g') m loop
    if not name = any(known) then
      return format('Unknown placeholder {{%s}}. Use one of: %s.', name,
        (select string_agg('{{' || k || '}}', ', ') from unnest(known) k));
    end if;
  end loop;
  if regexp_replace(body, '\{\{[^{}]*\}\}', '', 'g') ~ '\{\{|\}\}' then
    return 'A placeholder is not closed: write it as {{customer.first_name}}.';
  end if;
  return null;
end
$$;

-- The first word of a name, or the whole of it.
create function private.first_name(full_name text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(split_part(btrim(coalesce(full_name, '')), ' ', 1), '')
$$;

-- A macro text with its placeholders filled in for `ticket`, written by `agent_id` (or, for a rule,
-- nobody: then the agent's name is the team's).
create function private.render_macro_text(body text, ticket public.tickets, agent_id uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  customer public.profiles;
  agent public.profiles;
  values_by_name jsonb;
  literals text[];
  names text[];
  rendered text;
begin
  select * into customer from public.profiles p where p.id = ticket.customer_id;
  select * into agent from public.profiles p where p.id = agent_id;
  values_by_name := jsonb_build_object(
    'customer.first_name', coalesce(private.first_name(customer.full_name), 'there'),
    'customer.name', coalesce(nullif(btrim(customer.full_name), ''), customer.email, 'there'),
    'customer.email', coalesce(customer.email, ''),
    'ticket.id', ticket.id::text,
    'ticket.subject', ticket.subject,
    'agent.name', coalesce(nullif(btrim(agent.full_name), ''), agent.email, 'The support team'),
    'agent.first_name', coalesce(private.first_name(agent.full_name), agent.email, 'The support team')
  );
  -- One pass, so a filled-in value is never read as a placeholder itself.
  literals := regexp_split_to_array(body, '\{\{[^{}]*\}\}');
  names := array(
    select btrim(m[1]) from regexp_matches(body, '\{\{([^{}]*)\}\}', 'g') with ordinality as x(m, n)
    order by n);
  rendered := literals[1];
  for i in 1..coalesce(cardinality(names), 0) loop
    rendered := rendered || coalesce(values_by_name ->> names[i], '{{' || names[i] || '}}') || literals[i + 1];
  end loop;
  return rendered;
end
$$;

-- Saving a macro ----------------------------------------------------------------------------------

create function private.validate_macro()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  reason text;
  allowed constant text[] := array['set_status', 'set_priority', 'set_type', 'set_team', 'assign',
    'unassign', 'add_tags', 'remove_tags'];
  kind text;
begin
  reason := private.macro_text_error(new.body);
  if reason is not null then
    raise exception '%', reason using errcode = 'P0001';
  end if;
  if new.actions = '[]' then
    if btrim(new.body) = '' then
      raise exception 'A macro needs a text or at least one change to make.' using errcode = 'P0001';
    end if;
  else
    new.actions := private.normalize_actions(new.actions);
    select a ->> 'type' into kind from jsonb_array_elements(new.actions) a
    where not (a ->> 'type') = any(allowed) limit 1;
    if kind is not null then
      raise exception 'A macro cannot %; it may set status, priority, type, team, assignee and tags.',
        replace(kind, '_', ' ')
        using errcode = 'P0001';
    end if;
  end if;
  return new;
end
$$;

create trigger macros_validate
  before insert or update on public.macros
  for each row execute function private.validate_macro();

alter table public.macros enable row level security;

create policy "staff read shared macros and their own"
  on public.macros for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    and (owner_id is null or owner_id = (select auth.uid()))
  );

create policy "staff write their own macros, admins the shared ones"
  on public.macros for insert to authenticated
  with check (
    ((select public.user_role()) in ('agent', 'admin') and owner_id = (select auth.uid()))
    or ((select public.user_role()) = 'admin' and owner_id is null)
  );

create policy "staff edit their own macros, admins the shared ones"
  on public.macros for update to authenticated
  using (
    ((select public.user_role()) in ('agent', 'admin') and owner_id = (select auth.uid()))
    or ((select public.user_role()) = 'admin' and owner_id is null)
  )
  with check (
    ((select public.user_role()) in ('agent', 'admin') and owner_id = (select auth.uid()))
    or ((select public.user_role()) = 'admin' and owner_id is null)
  );

create policy "staff remove their own macros, admins the shared ones"
  on public.macros for delete to authenticated
  using (
    ((select public.user_role()) in ('agent', 'admin') and owner_id = (select auth.uid()))
    or ((select public.user_role()) = 'admin' and owner_id is null)
  );

-- Applying a macro --------------------------------------------------------------------------------

-- `ticket` with a macro's field actions applied (no history, no write).
create function private.apply_macro_actions(actions jsonb, ticket public.tickets)
returns public.tickets
language plpgsql
stable
set search_path = ''
as $$
declare
  action jsonb;
begin
  for action in select e from jsonb_array_elements(actions) e loop
    case action ->> 'type'
      when 'set_status' then ticket.status := (action ->> 'status')::public.ticket_status;
      when 'set_priority' then ticket.priority := (action ->> 'priority')::public.ticket_priority;
      when 'set_type' then ticket.type_id := (action ->> 'type_id')::uuid;
      when 'set_team' then ticket.team_id := (action ->> 'team_id')::uuid;
      when 'assign' then ticket.assignee_id := (action ->> 'assignee_id')::uuid;
      when 'unassign' then ticket.assignee_id := null;
      when 'add_tags' then
        ticket.tags := ticket.tags || array(
          select t from jsonb_array_elements_text(action -> 'tags') t where not t = any(ticket.tags));
      when 'remove_tags' then
        ticket.tags := array(select t from unnest(ticket.tags) t where not (action -> 'tags') ? t);
      else
        null;
    end case;
  end loop;
  return ticket;
end
$$;

-- The fields that differ between two versions of a ticket: [{"field", "old", "new"}].
create function private.ticket_changes(old_ticket public.tickets, new_ticket public.tickets)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('field', f, 'old', b -> f, 'new', a -> f) order by n), '[]')
  from (select to_jsonb(old_ticket) as b, to_jsonb(new_ticket) as a) rows,
    unnest(array['status', 'priority', 'type_id', 'team_id', 'assignee_id', 'tags'])
      with ordinality as x(f, n)
  where b -> f is distinct from a -> f
$$;

-- What applying a macro the caller may use to a ticket would do: the text to insert (placeholders
-- filled in for the caller) and the changes, without changing anything.
create function public.preview_macro(macro_id uuid, ticket_id bigint)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_column
declare
  macro public.macros;
  ticket public.tickets;
begin
  select * into macro from public.macros m where m.id = preview_macro.macro_id and m.is_active;
  if not found then
    raise exception 'There is no such macro, or it is not yours to use.' using errcode = 'P0002';
  end if;
  select * into ticket from public.tickets t where t.id = preview_macro.ticket_id;
  if not found then
    raise exception 'There is no ticket #%.', preview_macro.ticket_id using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'macro', jsonb_build_object('id', macro.id, 'name', macro.name),
    'message_kind', macro.message_kind,
    'body', private.render_macro_text(macro.body, ticket, auth.uid()),
    'changes', private.ticket_changes(ticket, private.apply_macro_actions(macro.actions, ticket)),
    'version', ticket.version
  );
end
$$;

-- The history row of a macro applied by the caller, and the macro's use count.
create function private.record_macro_use(macro public.macros, ticket_id bigint, changes jsonb)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
  values (ticket_id, auth.uid(), 'system', true, jsonb_build_object(
    'event', 'macro', 'macro', jsonb_build_object('id', macro.id, 'name', macro.name),
    'changes', changes));
  update public.macros m set usage_count = m.usage_count + 1 where m.id = macro.id;
end
$$;

-- Applies a macro to a ticket as the caller (RLS and the ticket rules decide, as for any edit):
-- its changes, compare-and-set on `expected_version` (SQLSTATE PT409, HTTP 409, when someone
-- changed the ticket first; null skips the check), and returns the text to insert into the
-- composer with the ticket's new version.
create function public.apply_macro(macro_id uuid, ticket_id bigint, expected_version integer)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
  macro public.macros;
  ticket public.tickets;
  changed public.tickets;
  changes jsonb;
begin
  if public.user_role() is distinct from 'agent' and public.user_role() is distinct from 'admin' then
    raise exception 'Only agents apply macros.' using errcode = '42501';
  end if;
  select * into macro from public.macros m where m.id = apply_macro.macro_id and m.is_active;
  if not found then
    raise exception 'There is no such macro, or it is not yours to use.' using errcode = 'P0002';
  end if;
  select * into ticket from public.tickets t where t.id = apply_macro.ticket_id for update;
  if not found then
    raise exception 'There is no ticket #%.', apply_macro.ticket_id using errcode = 'P0002';
  end if;
  if expected_version is not null and ticket.version <> expected_version then
    raise exception 'Someone changed ticket #% since you opened it.', ticket.id
      using errcode = 'PT409', detail = format('version %s, not %s', ticket.version, expected_version);
  end if;
  changed := private.apply_macro_actions(macro.actions, ticket);
  changes := private.ticket_changes(ticket, changed);
  if changes <> '[]' then
    update public.tickets t
    set status = changed.status, priority = changed.priority, type_id = changed.type_id,
      team_id = changed.team_id, assignee_id = changed.assignee_id, tags = changed.tags
    where t.id = ticket.id
    returning * into changed;
  end if;
  perform private.record_macro_use(macro, ticket.id, changes);
  return jsonb_build_object(
    'macro', jsonb_build_object('id', macro.id, 'name', macro.name),
    'message_kind', macro.message_kind,
    'body', private.render_macro_text(macro.body, changed, auth.uid()),
    'changes', changes,
    'version', changed.version
  );
end
$$;

revoke execute on function private.macro_placeholders() from public;
revoke execute on function private.macro_text_error(text) from public;
revoke execute on function private.first_name(text) from public;
revoke execute on function private.render_macro_text(text, public.tickets, uuid) from public;
revoke execute on function private.validate_macro() from public;
revoke execute on function private.apply_macro_actions(jsonb, public.tickets) from public;
revoke execute on function private.ticket_changes(public.tickets, public.tickets) from public;
revoke execute on function private.record_macro_use(public.macros, bigint, jsonb) from public;
grant execute on function private.macro_placeholders() to authenticated;
grant execute on function private.macro_text_error(text) to authenticated;
grant execute on function private.first_name(text) to authenticated;
grant execute on function private.render_macro_text(text, public.tickets, uuid) to authenticated;
grant execute on function private.apply_macro_actions(jsonb, public.tickets) to authenticated;
grant execute on function private.ticket_changes(public.tickets, public.tickets) to authenticated;
grant execute on function private.record_macro_use(public.macros, bigint, jsonb) to authenticated;
revoke execute on function public.preview_macro(uuid, bigint) from public, anon;
revoke execute on function public.apply_macro(uuid, bigint, integer) from public, anon;
grant execute on function public.preview_macro(uuid, bigint) to authenticated;
grant execute on function public.apply_macro(uuid, bigint, integer) to authenticated;

-- Automation rules apply shared macros --------------------------------------------------------------
-- The action {"type": "apply_macro", "macro_id": "…"} stands for the macro's actions followed by its
-- text as a reply or note, filled in when the rule runs (the assignee speaks as {{agent.name}}).
-- Changing the macro changes what the rule does; a macro deleted since is skipped and reported.

create function private.expand_macro_actions(actions jsonb, ticket public.tickets)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  action jsonb;
  macro public.macros;
  expanded jsonb := '[]';
begin
  for action in select e from jsonb_array_elements(actions) e loop
    if action ->> 'type' <> 'apply_macro' then
      expanded := expanded || jsonb_build_array(action);
      continue;
    end if;
    select * into macro from public.macros m
    where m.id = private.uuid_from_json(action -> 'macro_id') and m.owner_id is null and m.is_active;
    if not found then
      expanded := expanded || jsonb_build_array(action);
      continue;
    end if;
    expanded := expanded || macro.actions;
    if btrim(macro.body) <> '' then
      expanded := expanded || jsonb_build_array(jsonb_build_object(
        'type', case macro.message_kind when 'note' then 'add_note' else 'reply' end,
        'body', private.render_macro_text(macro.body, ticket, ticket.assignee_id),
        'macro', jsonb_build_object('id', macro.id, 'name', macro.name)));
    end if;
  end loop;
  return expanded;
end
$$;

revoke execute on function private.expand_macro_actions(jsonb, public.tickets) from public;

-- As in automation_rules, with apply_macro checked: a shared, active macro whose changes do not
-- collide with the rule's other actions.
create or replace function private.normalize_actions(actions jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  types constant text[] := array['set_status', 'set_priority', 'raise_priority', 'set_team',
    'set_type', 'assign', 'unassign', 'route', 'add_tags', 'remove_tags', 'add_note', 'reply',
    'notify', 'apply_macro'];
  action jsonb;
  kind text;
  normalized jsonb := '[]';
  item jsonb;
  id uuid;
  fields text[] := '{}';
  field text;
  changed_fields text[];
  added text[] := '{}';
  removed text[] := '{}';
  tags text[];
  macro_actions jsonb;
  macro_id uuid;
begin
  if jsonb_typeof(actions) is distinct from 'array' or jsonb_array_length(actions) = 0 then
    raise exception 'actions: give a list of at least one action, e.g. [{"type": "add_tags", "tags": ["vip"]}]'
      using errcode = '23514';
  end if;
  if jsonb_array_length(actions) > 20 then
    raise exception 'actions: at most 20 actions per rule' using errcode = '23514';
  end if;
  for action in select e from jsonb_array_elements(actions) e loop
    kind := action ->> 'type';
    if jsonb_typeof(action) <> 'object' or kind is null then
      raise exception 'actions: % is not an action ({"type": …})', action using errcode = '23514';
    end if;
    if not kind = any(types) then
      raise exception 'actions: unknown action "%" (use %)', kind, array_to_string(types, ', ')
        using errcode = '23514';
    end if;
    changed_fields := '{}';
    if kind = 'set_status' then
      if not coalesce(action ->> 'status', '') = any(enum_range(null::public.ticket_status)::text[]) then
        raise exception 'actions: set_status needs "status": open, pending, on_hold, solved or closed'
          using errcode = '23514';
      end if;
      item := jsonb_build_object('type', kind, 'status', action -> 'status');
    elsif kind = 'set_priority' then
      if not coalesce(action ->> 'priority', '') = any(enum_range(null::public.ticket_priority)::text[]) then
        raise exception 'actions: set_priority needs "priority": low, normal, high or urgent'
          using errcode = '23514';
      end if;
      item := jsonb_build_object('type', kind, 'priority', action -> 'priority');
    elsif kind in ('set_team', 'set_type', 'assign') then
      field := case kind when 'set_team' then 'team_id' when 'set_type' then 'type_id' else 'assignee_id' end;
      if kind <> 'assign' and jsonb_typeof(action -> field) = 'null' then
        item := jsonb_build_object('type', kind, field, null);
      else
        id := private.uuid_from_json(action -> field);
        if id is null or not private.reference_exists(field, id) then
          raise exception 'actions: % needs "%": the id of %', kind, field, private.reference_noun(field)
            using errcode = '23514';
        end if;
        item := jsonb_build_object('type', kind, field, id);
      end if;
    elsif kind in ('add_tags', 'remove_tags') then
      if jsonb_typeof(action -> 'tags') is distinct from 'array' or jsonb_array_length(action -> 'tags') = 0
        or exists (
          select 1 from jsonb_array_elements(action -> 'tags') t
          where jsonb_typeof(t) <> 'string' or btrim(t #>> '{}') = '' or char_length(t #>> '{}') > 50
        ) then
        raise exception 'actions: % needs "tags": a list of tags (1 to 50 characters each)', kind
          using errcode = '23514';
      end if;
      tags := array(select distinct btrim(t) from jsonb_array_elements_text(action -> 'tags') t);
      if kind = 'add_tags' then added := added || tags; else removed := removed || tags; end if;
      item := jsonb_build_object('type', kind, 'tags', to_jsonb(tags));
    elsif kind in ('add_note', 'reply') then
      if jsonb_typeof(action -> 'body') is distinct from 'string' or btrim(action ->> 'body') = ''
        or char_length(action ->> 'body') > 10000 then
        raise exception 'actions: % needs "body": text of 1 to 10000 characters', kind
          using errcode = '23514';
      end if;
      item := jsonb_build_object('type', kind, 'body', action -> 'body');
    elsif kind = 'notify' then
      if coalesce(action ->> 'recipients', '') not in ('team', 'assignee') then
        raise exception 'actions: notify needs "recipients": "team" or "assignee"' using errcode = '23514';
      end if;
      if jsonb_typeof(action -> 'message') is distinct from 'string' or btrim(action ->> 'message') = ''
        or char_length(action ->> 'message') > 1000 then
        raise exception 'actions: notify needs "message": text of 1 to 1000 characters'
          using errcode = '23514';
      end if;
      item := jsonb_build_object('type', kind, 'recipients', action -> 'recipients',
        'message', action -> 'message');
    elsif kind = 'apply_macro' then
      macro_id := private.uuid_from_json(action -> 'macro_id');
      select m.actions into macro_actions from public.macros m
      where m.id = macro_id and m.owner_id is null and m.is_active;
      if not found then
        raise exception 'actions: apply_macro needs "macro_id": the id of a shared macro'
          using errcode = '23514';
      end if;
      changed_fields := array(
        select distinct private.action_field(a) from jsonb_array_elements(macro_actions) a
        where private.action_field(a) is not null);
      for item in select a from jsonb_array_elements(macro_actions) a
        where a ->> 'type' in ('add_tags', 'remove_tags') loop
        tags := array(select jsonb_array_elements_text(item -> 'tags'));
        if item ->> 'type' = 'add_tags' then added := added || tags; else removed := removed || tags; end if;
      end loop;
      item := jsonb_build_object('type', kind, 'macro_id', macro_id);
    else
      item := jsonb_build_object('type', kind);
    end if;
    if private.action_field(item) is not null then
      changed_fields := changed_fields || private.action_field(item);
    end if;
    foreach field in array changed_fields loop
      if field = any(fields) then
        raise exception 'actions: two actions change %; keep one', field using errcode = '23514';
      end if;
      fields := fields || field;
    end loop;
    normalized := normalized || jsonb_build_array(item);
  end loop;
  select t into field from unnest(added) t where t = any(removed) limit 1;
  if field is not null then
    raise exception 'actions: tag "%" is both added and removed', field using errcode = '23514';
  end if;
  return normalized;
end
$$;

-- As in automation_rules, with shared macros expanded first; a reply or note from a macro names it.
create or replace function private.apply_automation(rule public.automation_rules, n public.tickets)
returns public.tickets
language plpgsql
volatile
set search_path = ''
as $$
declare
  action jsonb;
  kind text;
  original public.tickets := n;
  skipped jsonb := '[]';
  changes jsonb := '[]';
  source jsonb := jsonb_build_object('automation', jsonb_build_object('id', rule.id, 'name', rule.name));
  field text;
  id uuid;
  before_json jsonb;
  after_json jsonb;
begin
  for action in select e from jsonb_array_elements(private.expand_macro_actions(rule.actions, n)) e loop
    kind := action ->> 'type';
    if kind = 'set_status' then
      n.status := (action ->> 'status')::public.ticket_status;
    elsif kind = 'set_priority' then
      n.priority := (action ->> 'priority')::public.ticket_priority;
    elsif kind = 'raise_priority' then
      n.priority := case n.priority when 'low' then 'normal' when 'normal' then 'high' else 'urgent' end;
    elsif kind in ('set_team', 'set_type', 'assign') then
      field := private.action_field(action);
      id := (action ->> field)::uuid;
      if id is not null and not private.reference_exists(field, id) then
        skipped := skipped || jsonb_build_array(action);
      elsif kind = 'set_team' then
        n.team_id := id;
      elsif kind = 'set_type' then
        n.type_id := id;
      else
        n.assignee_id := id;
      end if;
    elsif kind = 'unassign' then
      n.assignee_id := null;
    elsif kind = 'route' then
      n.assignee_id := null;
      perform private.stash(n.id, 'events', '"route"');
    elsif kind = 'add_tags' then
      n.tags := n.tags || array(
        select t from jsonb_array_elements_text(action -> 'tags') t where not t = any(n.tags));
      if cardinality(n.tags) > 20 then
        n.tags := n.tags[1:20];
        skipped := skipped || jsonb_build_array(action);
      end if;
    elsif kind = 'remove_tags' then
      n.tags := array(
        select t from unnest(n.tags) t where not (action -> 'tags') ? t);
    elsif kind in ('add_note', 'reply', 'notify') then
      perform private.stash(n.id, 'effects', action || jsonb_build_object('event', kind) || source);
    elsif kind = 'apply_macro' then
      skipped := skipped || jsonb_build_array(action);
    end if;
  end loop;

  before_json := to_jsonb(original);
  after_json := to_jsonb(n);
  foreach field in array array['status', 'priority', 'team_id', 'type_id', 'assignee_id', 'tags'] loop
    continue when after_json -> field is not distinct from before_json -> field;
    changes := changes || jsonb_build_object(
      'field', field, 'old', before_json -> field, 'new', after_json -> field);
    perform private.stash_source(n.id, field, source);
  end loop;
  perform private.stash(n.id, 'effects', jsonb_build_object(
    'event', 'automation', 'rule', source -> 'automation', 'trigger', rule.event,
    'changes', changes, 'skipped', skipped));
  return n;
end
$$;

-- A reply or note a rule writes from a macro says which macro it came from.
create or replace function private.write_workflow_effect(ticket public.tickets, effect jsonb, at timestamptz)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  origin jsonb := jsonb_build_object('automation', effect -> 'automation')
    || case when effect ? 'macro' then jsonb_build_object('macro', effect -> 'macro') else '{}' end;
begin
  case effect ->> 'event'
    when 'automation' then
      insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
      values (ticket.id, null, 'system', true, jsonb_build_object(
        'event', 'automation',
        'automation', effect -> 'rule',
        'trigger', effect -> 'trigger',
        'changes', effect -> 'changes',
        'skipped', effect -> 'skipped'
      ), at);
    when 'add_note' then
      insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta, created_at)
      values (ticket.id, null, 'note', effect ->> 'body', true, origin, at);
    when 'reply' then
      insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta, created_at)
      values (ticket.id, null, 'reply', effect ->> 'body', false, origin, at);
    when 'notify' then
      perform private.deliver_notification(ticket, effect, at);
    when 'sla_breach' then
      insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
      values (ticket.id, null, 'system', true, jsonb_build_object(
        'event', 'sla_breach',
        'target', effect -> 'target',
        'due_at', effect -> 'due_at',
        'policy', (
          select jsonb_build_object('id', p.id, 'name', p.name)
          from public.sla_policies p where p.id = (effect ->> 'policy_id')::uuid
        )
      ), at);
    when 'routed' then
      insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
      values (ticket.id, null, 'assignment', true, jsonb_build_object(
        'field', 'assignee_id', 'old', null, 'new', effect -> 'assignee_id', 'routing', effect -> 'routing'
      ), at);
  end case;
end
$$;
