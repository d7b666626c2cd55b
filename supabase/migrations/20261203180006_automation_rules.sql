-- Automation rules, managed by admins. Event rules run inside the writing transaction when a
-- ticket is created or updated; time rules run from the minute job. Every run writes a history
-- row naming the rule, and the changes it makes are attributed to it.
--
-- event:      ticket_created | ticket_updated | ticket_created_or_updated | time
-- conditions: as for SLA policies (see workflow_context), plus status, assignee_id and
--             subject_contains.
--             An event rule fires when a ticket is created matching them, or when an update makes
--             a ticket match them that did not before: once per change into the state, never again
--             while the ticket stays in it. Within one change every rule fires at most once, rules
--             see the changes of the rules before them (by position), and a rule's own changes
--             never trigger it again: rules cannot loop.
-- schedule:   time rules only, either
--               {"since": "status_changed" | "updated", "minutes": 4320, "business": true}
--                 (business minutes count in calendar_id, or the default calendar), or
--               {"sla_target": "first_response" | "next_response" | "resolution", "percent_used": 80}.
--             A time rule fires once per ticket and occasion (a stay in a status, an update, an SLA
--             target), recorded in private.automation_runs; never on closed tickets.
-- actions:    a list, applied in order:
--               {"type": "set_status", "status": "solved"}     {"type": "set_priority", "priority": "high"}
--               {"type": "raise_priority"}                     {"type": "set_team", "team_id": "…" | null}
--               {"type": "set_type", "type_id": "…" | null}    {"type": "assign", "assignee_id": "…"}
--               {"type": "unassign"}                           {"type": "route"}
--               {"type": "add_tags", "tags": ["vip"]}          {"type": "remove_tags", "tags": ["spam"]}
--               {"type": "add_note", "body": "…"}              {"type": "reply", "body": "…"}
--               {"type": "notify", "recipients": "team" | "assignee", "message": "…"}
--             A new action (e.g. apply_macro once macros exist) is a new `type` here, in
--             normalize_actions and in apply_automation.

create table public.automation_rules (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (btrim(name) <> '' and char_length(name) <= 100),
  description text not null default '' check (char_length(description) <= 1000),
  position integer not null default 0,
  is_active boolean not null default true,
  event text not null
    check (event in ('ticket_created', 'ticket_updated', 'ticket_created_or_updated', 'time')),
  conditions jsonb not null default '{}',
  schedule jsonb,
  calendar_id uuid references public.business_calendars (id) on delete restrict,
  actions jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index automation_rules_calendar_id_idx on public.automation_rules (calendar_id);

create trigger automation_rules_set_updated_at
  before update on public.automation_rules
  for each row execute function public.set_updated_at();

-- Which time rule ran on which ticket for which occasion (`anchor`: when the status or update
-- began, or the ticket's creation / the due time for SLA schedules).
create table private.automation_runs (
  rule_id uuid not null references public.automation_rules (id) on delete cascade,
  ticket_id bigint not null references public.tickets (id) on delete cascade,
  anchor timestamptz not null,
  ran_at timestamptz not null,
  primary key (rule_id, ticket_id, anchor)
);

create index automation_runs_ticket_id_idx on private.automation_runs (ticket_id);

alter table private.automation_runs enable row level security;

-- Saving a rule -----------------------------------------------------------------------------------

create function private.normalize_schedule(schedule jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  example constant text :=
    '{"since": "status_changed", "minutes": 4320, "business": true} or {"sla_target": "first_response", "percent_used": 80}';
begin
  if jsonb_typeof(schedule) is distinct from 'object' then
    raise exception 'time rules need a schedule, e.g. %', example using errcode = '23514';
  end if;
  if schedule ? 'since' then
    if schedule ->> 'since' not in ('status_changed', 'updated') or jsonb_typeof(schedule -> 'since') <> 'string' then
      raise exception 'schedule: "since" must be "status_changed" or "updated"' using errcode = '23514';
    end if;
    if jsonb_typeof(schedule -> 'minutes') is distinct from 'number'
      or (schedule -> 'minutes')::numeric <= 0
      or (schedule -> 'minutes')::numeric <> trunc((schedule -> 'minutes')::numeric)
      or (schedule -> 'minutes')::numeric > 525600 then
      raise exception 'schedule: "minutes" must be a positive whole number (at most a year), not %',
        coalesce((schedule -> 'minutes')::text, 'missing')
        using errcode = '23514';
    end if;
    if schedule ? 'business' and jsonb_typeof(schedule -> 'business') <> 'boolean' then
      raise exception 'schedule: "business" must be true or false' using errcode = '23514';
    end if;
    if exists (select 1 from jsonb_object_keys(schedule) k where k not in ('since', 'minutes', 'business')) then
      raise exception 'schedule: unknown keys in %; use %', schedule, example using errcode = '23514';
    end if;
    return jsonb_build_object('since', schedule -> 'since', 'minutes', schedule -> 'minutes',
      'business', coalesce(schedule -> 'business', 'false'));
  end if;
  if schedule ? 'sla_target' then
    if schedule ->> 'sla_target' not in ('first_response', 'next_response', 'resolution')
      or jsonb_typeof(schedule -> 'sla_target') <> 'string' then
      raise exception 'schedule: "sla_target" must be first_response, next_response or resolution'
        using errcode = '23514';
    end if;
    if jsonb_typeof(schedule -> 'percent_used') is distinct from 'number'
      or (schedule -> 'percent_used')::numeric not between 1 and 100
      or (schedule -> 'percent_used')::numeric <> trunc((schedule -> 'percent_used')::numeric) then
      raise exception 'schedule: "percent_used" must be a whole number from 1 to 100, not %',
        coalesce((schedule -> 'percent_used')::text, 'missing')
        using errcode = '23514';
    end if;
    if exists (select 1 from jsonb_object_keys(schedule) k where k not in ('sla_target', 'percent_used')) then
      raise exception 'schedule: unknown keys in %; use %', schedule, example using errcode = '23514';
    end if;
    return schedule;
  end if;
  raise exception 'schedule: use %', example using errcode = '23514';
end
$$;

-- The column an action changes (null for actions that only add history).
create function private.action_field(action jsonb)
returns text
language sql
immutable
set search_path = ''
as $$
  select case action ->> 'type'
    when 'set_status' then 'status'
    when 'set_priority' then 'priority'
    when 'raise_priority' then 'priority'
    when 'set_team' then 'team_id'
    when 'set_type' then 'type_id'
    when 'assign' then 'assignee_id'
    when 'unassign' then 'assignee_id'
    when 'route' then 'assignee_id'
  end
$$;

-- The value a field-setting action sets, as JSON (null for raise_priority and route, whose result
-- depends on the ticket).
create function private.action_value(action jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case action ->> 'type'
    when 'set_status' then action -> 'status'
    when 'set_priority' then action -> 'priority'
    when 'set_team' then action -> 'team_id'
    when 'set_type' then action -> 'type_id'
    when 'assign' then action -> 'assignee_id'
    when 'unassign' then 'null'::jsonb
  end
$$;

create function private.normalize_actions(actions jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  types constant text[] := array['set_status', 'set_priority', 'raise_priority', 'set_team',
    'set_type', 'assign', 'unassign', 'route', 'add_tags', 'remove_tags', 'add_note', 'reply',
    'notify'];
  action jsonb;
  kind text;
  normalized jsonb := '[]';
  item jsonb;
  id uuid;
  fields text[] := '{}';
  field text;
  added text[] := '{}';
  removed text[] := '{}';
  tags text[];
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
    if kind = 'apply_macro' then
      raise exception 'actions: applying a macro is not available yet (macros come with the agent workspace)'
        using errcode = '23514';
    end if;
    if not kind = any(types) then
      raise exception 'actions: unknown action "%" (use %)', kind, array_to_string(types, ', ')
        using errcode = '23514';
    end if;
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
    else
      item := jsonb_build_object('type', kind);
    end if;
    field := private.action_field(item);
    if field is not null then
      if field = any(fields) then
        raise exception 'actions: two actions change %; keep one', field using errcode = '23514';
      end if;
      fields := fields || field;
    end if;
    normalized := normalized || jsonb_build_array(item);
  end loop;
  select t into field from unnest(added) t where t = any(removed) limit 1;
  if field is not null then
    raise exception 'actions: tag "%" is both added and removed', field using errcode = '23514';
  end if;
  return normalized;
end
$$;

-- Why a rule's action undoes its own condition, or null. The condition must name specific values
-- for the field (status, priority, team, type) and the action must set one it excludes: such a
-- rule could only fight the change that made it fire. Conditions on "none" (no team, unassigned)
-- and tags are exempt: "no team yet → set the team" and "not tagged → tag it" are the usual way
-- to triage. Time rules are exempt too: ending their own condition is how they stop.
create function private.rule_contradiction(conditions jsonb, actions jsonb)
returns text
language sql
immutable
set search_path = ''
as $$
  select format('its action sets %s to %s, which its own condition (%s is %s) excludes, so it would undo the change it reacts to',
    field,
    coalesce(value #>> '{}', case when a ->> 'type' = 'raise_priority' then 'a higher one' else 'none' end),
    field,
    (select string_agg(coalesce(v #>> '{}', 'none'), ' or ') from jsonb_array_elements(conditions -> field) v))
  from (
    select private.action_field(a) as field, private.action_value(a) as value, a
    from jsonb_array_elements(actions) a
  ) set_by_action
  where field in ('status', 'priority', 'team_id', 'type_id')
    and conditions ? field
    and not (conditions -> field) @> '[null]'
    and (
      (a ->> 'type' = 'raise_priority' and exists (
        select 1 from jsonb_array_elements_text(conditions -> 'priority') p
        where not (conditions -> 'priority') ? (
          case p when 'low' then 'normal' when 'normal' then 'high' else 'urgent' end)
      ))
      or (value is not null and not (conditions -> field) @> jsonb_build_array(value))
    )
  limit 1
$$;

-- Whether rule `a` and rule `b` would set each other off forever: `a` sets a field to a value
-- `b`'s condition selects, and `b` sets it to a different value `a`'s condition selects (or the
-- same with a tag one adds and the other removes). Returns the reason, or null.
create function private.rules_loop(
  a_name text, a_conditions jsonb, a_actions jsonb,
  b_name text, b_conditions jsonb, b_actions jsonb
)
returns text
language sql
immutable
set search_path = ''
as $$
  select reason from (
    select format('rules "%s" and "%s" would set each other off forever: "%s" sets %s to %s, which "%s" selects, and "%s" sets it back to %s, which "%s" selects',
      a_name, b_name, a_name, private.action_field(x), coalesce(private.action_value(x) #>> '{}', 'none'),
      b_name, b_name, coalesce(private.action_value(y) #>> '{}', 'none'), a_name) as reason
    from jsonb_array_elements(a_actions) x, jsonb_array_elements(b_actions) y
    where private.action_field(x) = private.action_field(y)
      and private.action_value(x) is not null and private.action_value(y) is not null
      and private.action_value(x) <> private.action_value(y)
      and (b_conditions -> private.action_field(x)) @> jsonb_build_array(private.action_value(x))
      and (a_conditions -> private.action_field(y)) @> jsonb_build_array(private.action_value(y))
    union all
    select format('rules "%s" and "%s" would set each other off forever: one adds the tag "%s" the other removes, and each selects tickets the other produces',
      a_name, b_name, tag)
    from jsonb_array_elements(a_actions) x, jsonb_array_elements(b_actions) y,
      jsonb_array_elements_text(x -> 'tags') tag
    where (
        x ->> 'type' = 'add_tags' and y ->> 'type' = 'remove_tags' and (y -> 'tags') ? tag
        and ((b_conditions -> 'tags_any') ? tag or (b_conditions -> 'tags_all') ? tag)
        and (a_conditions -> 'tags_none') ? tag
      ) or (
        x ->> 'type' = 'remove_tags' and y ->> 'type' = 'add_tags' and (y -> 'tags') ? tag
        and (b_conditions -> 'tags_none') ? tag
        and ((a_conditions -> 'tags_any') ? tag or (a_conditions -> 'tags_all') ? tag)
      )
  ) reasons
  limit 1
$$;

create function private.validate_automation_rule()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  reason text;
  other public.automation_rules;
begin
  if not private.may_manage_settings() then
    return new;
  end if;
  new.conditions := private.normalize_conditions(new.conditions, array['status', 'priority',
    'team_id', 'type_id', 'assignee_id', 'customer_id', 'tags_any', 'tags_all', 'tags_none',
    'subject_contains']);
  new.actions := private.normalize_actions(new.actions);
  if new.event = 'time' then
    new.schedule := private.normalize_schedule(new.schedule);
    if new.conditions ? 'status' and new.conditions -> 'status' = '["closed"]' then
      raise exception 'rule "%": time rules never run on closed tickets', new.name
        using errcode = '23514';
    end if;
  else
    if new.schedule is not null then
      raise exception 'rule "%": only time rules have a schedule', new.name using errcode = '23514';
    end if;
    if new.event = 'ticket_updated' and new.conditions = '{}' then
      raise exception 'rule "%": an update rule needs a condition; it fires when a ticket starts to meet it',
        new.name
        using errcode = '23514';
    end if;
    reason := private.rule_contradiction(new.conditions, new.actions);
    if reason is not null then
      raise exception 'rule "%" contradicts itself: %', new.name, reason using errcode = '23514';
    end if;
  end if;
  -- Rules that fire only on creation never fire again, so they cannot take part in a loop.
  if new.is_active and new.event <> 'ticket_created' then
    for other in
      select * from public.automation_rules r
      where r.is_active and r.event <> 'ticket_created' and r.id <> new.id
      order by r.position, r.name
    loop
      reason := coalesce(
        private.rules_loop(new.name, new.conditions, new.actions, other.name, other.conditions, other.actions),
        private.rules_loop(other.name, other.conditions, other.actions, new.name, new.conditions, new.actions)
      );
      if reason is not null then
        raise exception '%', reason using errcode = '23514';
      end if;
    end loop;
  end if;
  return new;
end
$$;

create trigger automation_rules_validate
  before insert or update on public.automation_rules
  for each row execute function private.validate_automation_rule();

-- Running a rule ----------------------------------------------------------------------------------

-- Ticket `n` with `rule`'s actions applied: field changes in the row, everything else (the run's
-- history row, notes, replies, notifications, a routing request) in the scratchpad for the
-- ticket's triggers. A target that no longer exists (a deleted team) is skipped and reported.
create function private.apply_automation(rule public.automation_rules, n public.tickets)
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
  for action in select e from jsonb_array_elements(rule.actions) e loop
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

-- Event rules for a ticket created (o is null) or updated from o to n.
create function private.run_event_rules(n public.tickets, o public.tickets)
returns public.tickets
language plpgsql
volatile
set search_path = ''
as $$
declare
  rules public.automation_rules[];
  now_matching boolean[];
  was_matching boolean[];
  fired uuid[] := '{}';
  fire integer;
begin
  rules := array(
    select r from public.automation_rules r
    where r.is_active
      and r.event in ('ticket_created_or_updated',
        case when o.id is null then 'ticket_created' else 'ticket_updated' end)
    order by r.position, r.created_at, r.id
  );
  if cardinality(rules) = 0 then
    return n;
  end if;
  if o.id is not null then
    was_matching := private.matching_conditions(array(select r.conditions from unnest(rules) r), o);
  end if;
  loop
    now_matching := private.matching_conditions(array(select r.conditions from unnest(rules) r), n);
    fire := null;
    for i in 1..cardinality(rules) loop
      if now_matching[i] and not coalesce(was_matching[i], false) and not (rules[i]).id = any(fired) then
        fire := i;
        exit;
      end if;
    end loop;
    exit when fire is null;
    -- Then start over: a rule earlier in the order may now match because of this one.
    n := private.apply_automation(rules[fire], n);
    fired := fired || (rules[fire]).id;
  end loop;
  return n;
end
$$;

-- Applies a time rule to one (locked) ticket, once per occasion. Returns whether it ran.
create function private.apply_time_rule(rule public.automation_rules, ticket_id bigint, anchor timestamptz, at timestamptz)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
  ticket public.tickets;
  changed public.tickets;
begin
  insert into private.automation_runs (rule_id, ticket_id, anchor, ran_at)
  values (rule.id, ticket_id, anchor, at)
  on conflict do nothing;
  if not found then
    return false;
  end if;
  select * into ticket from public.tickets t where t.id = ticket_id;
  changed := private.apply_automation(rule, ticket);
  update public.tickets t
  set
    status = changed.status,
    priority = changed.priority,
    team_id = changed.team_id,
    type_id = changed.type_id,
    assignee_id = changed.assignee_id,
    tags = changed.tags
  where t.id = ticket_id;
  return true;
end
$$;

-- Runs every active time rule over the tickets it is due for at `at`, at most `per_rule` tickets
-- per rule (the next run takes the rest). Returns how many runs happened.
create function private.run_time_rules(at timestamptz, per_rule integer)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  rule public.automation_rules;
  statuses public.ticket_status[];
  cutoff timestamptz;
  candidate record;
  ran integer := 0;
begin
  for rule in
    select * from public.automation_rules r
    where r.is_active and r.event = 'time'
    order by r.position, r.created_at, r.id
  loop
    statuses := array(
      select s from unnest(enum_range(null::public.ticket_status)) s
      where s <> 'closed' and (not rule.conditions ? 'status' or (rule.conditions -> 'status') ? s::text)
    );
    if rule.schedule ? 'since' then
      cutoff := case
        when (rule.schedule ->> 'business')::boolean then private.business_add(
          private.calendar_for(rule.calendar_id), at, -(rule.schedule ->> 'minutes')::numeric * 60)
        else at - (rule.schedule ->> 'minutes')::numeric * interval '1 minute'
      end;
      if rule.schedule ->> 'since' = 'status_changed' then
        for candidate in
          select t.id, t.status_changed_at as anchor
          from public.tickets t
          where t.status = any(statuses)
            and t.status_changed_at <= cutoff
            and private.ticket_matches(rule.conditions, t)
            and not exists (
              select 1 from private.automation_runs r
              where r.rule_id = rule.id and r.ticket_id = t.id and r.anchor = t.status_changed_at)
          order by t.status_changed_at
          limit per_rule
          for update of t skip locked
        loop
          if private.apply_time_rule(rule, candidate.id, candidate.anchor, at) then
            ran := ran + 1;
          end if;
        end loop;
      else
        for candidate in
          select t.id, t.updated_at as anchor
          from public.tickets t
          where t.status = any(statuses)
            and t.updated_at <= cutoff
            and private.ticket_matches(rule.conditions, t)
            and not exists (
              select 1 from private.automation_runs r
              where r.rule_id = rule.id and r.ticket_id = t.id and r.anchor = t.updated_at)
          order by t.updated_at
          limit per_rule
          for update of t skip locked
        loop
          if private.apply_time_rule(rule, candidate.id, candidate.anchor, at) then
            ran := ran + 1;
          end if;
        end loop;
      end if;
    else
      -- SLA schedules: a target is `percent_used` used when its due time is within the rest of
      -- the target in business time, i.e. due <= cutoff for the ticket's policy and priority; the
      -- cutoffs are computed once per policy and priority. Only tickets that reached the threshold
      -- within the last day are considered, so a new rule does not escalate an old backlog at once
      -- and each run reads only recent crossings (through the per-target indexes).
      for candidate in execute format(
        $query$
          with limits as materialized (
            select
              p.id as policy_id,
              q.key::public.ticket_priority as priority,
              private.business_add(
                private.calendar_for(p.calendar_id), $1,
                (q.value ->> $2)::numeric * 60 * (100 - $3) / 100
              ) as cutoff
            from public.sla_policies p, jsonb_each(p.targets) q
            where q.value ? $2
          )
          select t.id, %2$s as anchor
          from limits l
          join public.tickets t on t.sla_policy_id = l.policy_id and t.priority = l.priority
          where t.status = 'open' and t.sla_paused_at is null %3$s
            and t.%1$I <= l.cutoff
            and t.%1$I > l.cutoff - interval '1 day'
            and private.ticket_matches($4, t)
            and not exists (
              select 1 from private.automation_runs r
              where r.rule_id = $5 and r.ticket_id = t.id and r.anchor = %2$s)
          order by t.%1$I
          limit $6
          for update of t skip locked
        $query$,
        (rule.schedule ->> 'sla_target') || '_due_at',
        case when rule.schedule ->> 'sla_target' = 'next_response'
          then 't.next_response_due_at' else 't.created_at' end,
        case when rule.schedule ->> 'sla_target' = 'first_response'
          then 'and t.first_response_at is null' else '' end
      )
      using at, rule.schedule ->> 'sla_target', (rule.schedule ->> 'percent_used')::numeric,
        rule.conditions, rule.id, per_rule
      loop
        if private.apply_time_rule(rule, candidate.id, candidate.anchor, at) then
          ran := ran + 1;
        end if;
      end loop;
    end if;
  end loop;
  return ran;
end
$$;

revoke execute on function private.normalize_schedule(jsonb) from public;
revoke execute on function private.action_field(jsonb) from public;
revoke execute on function private.action_value(jsonb) from public;
revoke execute on function private.normalize_actions(jsonb) from public;
revoke execute on function private.rule_contradiction(jsonb, jsonb) from public;
revoke execute on function private.rules_loop(text, jsonb, jsonb, text, jsonb, jsonb) from public;
grant execute on function private.normalize_schedule(jsonb) to authenticated;
grant execute on function private.action_field(jsonb) to authenticated;
grant execute on function private.action_value(jsonb) to authenticated;
grant execute on function private.normalize_actions(jsonb) to authenticated;
grant execute on function private.rule_contradiction(jsonb, jsonb) to authenticated;
grant execute on function private.rules_loop(text, jsonb, jsonb, text, jsonb, jsonb) to authenticated;
revoke execute on function private.validate_automation_rule() from public;
revoke execute on function private.apply_automation(public.automation_rules, public.tickets) from public;
revoke execute on function private.run_event_rules(public.tickets, public.tickets) from public;
revoke execute on function
  private.apply_time_rule(public.automation_rules, bigint, timestamptz, timestamptz) from public;
revoke execute on function private.run_time_rules(timestamptz, integer) from public;

alter table public.automation_rules enable row level security;

create policy "staff read automation rules"
  on public.automation_rules for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "admins create automation rules"
  on public.automation_rules for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update automation rules"
  on public.automation_rules for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete automation rules"
  on public.automation_rules for delete to authenticated
  using ((select public.user_role()) = 'admin');
