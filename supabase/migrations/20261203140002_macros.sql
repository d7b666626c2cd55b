-- Macros: canned answers that also triage. A macro sets any of status, priority, type, team,
-- assignee and tags (its `actions`, in the automation rules' format) and carries a reply or note
-- text with placeholders ({{customer.first_name}}, {{ticket.id}}, {{agent.name}}, …) filled in
-- for the ticket it is applied to. Shared macros (owner_id null) are managed by admins and usable
-- by every agent; personal ones belong to their owner alone.

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
