-- What the agent's properties sidebar edits, kept by the database so every client gets the same
-- rules: a ticket `version` for compare-and-set edits, custom field definitions (`ticket_fields`)
-- whose values live in `tickets.custom_fields`, and the catalogue of tags in use.

-- version --------------------------------------------------------------------------------------
-- Counts the changes to what people edit on a ticket. An edit sends the version it started from
-- (`update … where id = $1 and version = $2`): when someone else changed the ticket first, no row
-- matches and nothing is overwritten. Replies that do not change a property (and the minute job's
-- bookkeeping) leave it alone, so a customer writing in does not invalidate an agent's edit.

alter table public.tickets add column version integer not null default 1;

create function private.bump_ticket_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
  elsif (new.status, new.priority, new.assignee_id, new.team_id, new.type_id, new.tags,
      new.custom_fields, new.due_at, new.subject, new.description, new.customer_id)
    is distinct from (old.status, old.priority, old.assignee_id, old.team_id, old.type_id, old.tags,
      old.custom_fields, old.due_at, old.subject, old.description, old.customer_id) then
    new.version := old.version + 1;
  else
    new.version := old.version;
  end if;
  return new;
end
$$;

-- Last of the BEFORE triggers (they fire in name order), so changes made by rules and routing count.
create trigger tickets_version_bump
  before insert or update on public.tickets
  for each row execute function private.bump_ticket_version();

revoke execute on function private.bump_ticket_version() from public;

-- ticket_fields ----------------------------------------------------------------------------------
-- Custom fields admins define. `key` names the value in tickets.custom_fields; `options` lists the
-- choices of dropdown and multi-select fields. A field required on solve must hold a value before
-- anyone solves or closes a ticket.

create table public.ticket_fields (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z][a-z0-9_]{0,49}$'),
  label text not null check (btrim(label) <> '' and char_length(label) <= 100),
  description text not null default '' check (char_length(description) <= 500),
  field_type text not null
    check (field_type in ('text', 'number', 'dropdown', 'multi_select', 'date', 'checkbox')),
  options text[] not null default '{}',
  required_on_solve boolean not null default false,
  position integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ticket_fields_options_check check (
    case when field_type in ('dropdown', 'multi_select')
      then cardinality(options) between 1 and 100 and array_position(options, null) is null
      else cardinality(options) = 0
    end
  )
);

create trigger ticket_fields_set_updated_at
  before update on public.ticket_fields
  for each row execute function public.set_updated_at();

-- Options are trimmed, non-empty and distinct; a field's type and key never change once values may
-- exist (a new field is the honest way to change them).
create function private.validate_ticket_field()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.options := array(
    select btrim(o) from unnest(new.options) with ordinality as x(o, n) order by n);
  if exists (select 1 from unnest(new.options) o where o = '' or char_length(o) > 100) then
    raise exception 'Each option needs 1 to 100 characters.' using errcode = 'P0001';
  end if;
  if cardinality(new.options) <> (select count(distinct o) from unnest(new.options) o) then
    raise exception 'The options of "%" must be different from each other.', new.label
      using errcode = 'P0001';
  end if;
  if tg_op = 'UPDATE' and (new.key <> old.key or new.field_type <> old.field_type) then
    raise exception 'The key and type of a field cannot change; add a new field instead.'
      using errcode = 'P0001';
  end if;
  return new;
end
$$;

create trigger ticket_fields_validate
  before insert or update on public.ticket_fields
  for each row execute function private.validate_ticket_field();

revoke execute on function private.validate_ticket_field() from public;

alter table public.ticket_fields enable row level security;

create policy "staff read ticket fields"
  on public.ticket_fields for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "admins create ticket fields"
  on public.ticket_fields for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update ticket fields"
  on public.ticket_fields for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete ticket fields"
  on public.ticket_fields for delete to authenticated
  using ((select public.user_role()) = 'admin');

-- Why `value` is no valid value for `field`, or null when it is one (JSON null clears a field).
create function private.custom_value_error(field public.ticket_fields, value jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  case field.field_type
    when 'text' then
      if jsonb_typeof(value) <> 'string' or char_length(value #>> '{}') > 1000 then
        return format('%s takes text of up to 1,000 characters.', field.label);
      end if;
    when 'number' then
      if jsonb_typeof(value) <> 'number' then
        return format('%s takes a number.', field.label);
      end if;
    when 'checkbox' then
      if jsonb_typeof(value) <> 'boolean' then
        return format('%s is either checked or not.', field.label);
      end if;
    when 'date' then
      if jsonb_typeof(value) <> 'string'
        or (value #>> '{}') !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        or not private.is_calendar_date(value #>> '{}') then
        return format('%s takes a date (YYYY-MM-DD).', field.label);
      end if;
    when 'dropdown' then
      if jsonb_typeof(value) <> 'string' or not (value #>> '{}') = any(field.options) then
        return format('%s must be one of: %s.', field.label, array_to_string(field.options, ', '));
      end if;
    when 'multi_select' then
      if jsonb_typeof(value) <> 'array'
        or exists (
          select 1 from jsonb_array_elements(value) v
          where jsonb_typeof(v) <> 'string' or not (v #>> '{}') = any(field.options)
        )
        or jsonb_array_length(value) <> (select count(distinct v) from jsonb_array_elements(value) v)
      then
        return format('%s takes a list of different choices from: %s.', field.label,
          array_to_string(field.options, ', '));
      end if;
  end case;
  return null;
end
$$;

-- Whether a YYYY-MM-DD string is a real day (2026-02-30 is not).
create function private.is_calendar_date(value text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  return to_char(value::date, 'YYYY-MM-DD') = value;
exception when others then
  return false;
end
$$;

-- Whether a custom field holds a value (an empty text or list does not count).
create function private.has_custom_value(value jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select value is not null and case jsonb_typeof(value)
    when 'null' then false
    when 'string' then btrim(value #>> '{}') <> ''
    when 'array' then jsonb_array_length(value) > 0
    else true
  end
$$;

-- The definition of a custom field, whoever asks (customers may fill in fields when filing a ticket
-- but cannot read the definitions).
create function private.ticket_field(field_key text)
returns public.ticket_fields
language sql
stable
security definer
set search_path = ''
as $$
  select * from public.ticket_fields f where f.key = field_key and f.is_active
$$;

-- The labels of the fields required on solve that `custom_fields` leaves empty.
create function private.missing_required_fields(custom_fields jsonb)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(f.label order by f.position, f.label), '{}')
  from public.ticket_fields f
  where f.required_on_solve and f.is_active
    and not private.has_custom_value(custom_fields -> f.key)
$$;

-- Checks the custom field values a write changes (unknown keys, wrong types, choices that do not
-- exist) and drops cleared ones; refuses staff solving or closing a ticket while a field required
-- on solve is empty. Values nobody changed are left alone, so retiring a field or an option never
-- blocks unrelated edits. A customer marking their own ticket solved is not asked for fields they
-- cannot see, and a status a rule sets is not held back either: a rule cannot fill in fields, and
-- the history says which rule solved the ticket.
create function private.validate_custom_fields()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  field_key text;
  field_value jsonb;
  field public.ticket_fields;
  reason text;
  missing text[];
  set_by_rule boolean;
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if tg_op = 'INSERT' or new.custom_fields is distinct from old.custom_fields then
    for field_key, field_value in select e.key, e.value from jsonb_each(new.custom_fields) e loop
      continue when tg_op = 'UPDATE' and old.custom_fields -> field_key is not distinct from field_value;
      field := private.ticket_field(field_key);
      if field.id is null then
        raise exception 'There is no custom field "%".', field_key using errcode = 'P0001';
      end if;
      reason := private.custom_value_error(field, field_value);
      if reason is not null then
        raise exception '%', reason using errcode = 'P0001';
      end if;
      if jsonb_typeof(field_value) = 'null' then
        new.custom_fields := new.custom_fields - field_key;
      end if;
    end loop;
  end if;
  set_by_rule := coalesce(
    nullif(current_setting('autocrm.workflow', true), '')::jsonb -> new.id::text -> 'sources' ? 'status',
    false);
  if new.status in ('solved', 'closed')
    and (tg_op = 'INSERT' or old.status not in ('solved', 'closed'))
    and public.user_role() in ('agent', 'admin')
    and not set_by_rule then
    missing := private.missing_required_fields(new.custom_fields);
    if cardinality(missing) > 0 then
      raise exception 'Fill in % before solving this ticket.', array_to_string(missing, ', ')
        using errcode = 'P0001';
    end if;
  end if;
  return new;
end
$$;

-- After the workflow (so a rule's status is recognised), before the version is bumped.
create trigger tickets_validate_custom_fields
  before insert or update on public.tickets
  for each row execute function private.validate_custom_fields();

revoke execute on function private.custom_value_error(public.ticket_fields, jsonb) from public;
revoke execute on function private.is_calendar_date(text) from public;
revoke execute on function private.has_custom_value(jsonb) from public;
revoke execute on function private.validate_custom_fields() from public;
revoke execute on function private.ticket_field(text) from public;
revoke execute on function private.missing_required_fields(jsonb) from public;
grant execute on function private.ticket_field(text) to authenticated;
grant execute on function private.missing_required_fields(jsonb) to authenticated;
grant execute on function private.custom_value_error(public.ticket_fields, jsonb) to authenticated;
grant execute on function private.is_calendar_date(text) to authenticated;
grant execute on function private.has_custom_value(jsonb) to authenticated;

-- tags -------------------------------------------------------------------------------------------
-- Every tag ever put on a ticket, for the tag combobox's suggestions (a prefix search over a small
-- table instead of unnesting every ticket's tags). Written by the database when a ticket gets a tag
-- nobody used before; new tags need nothing else.

create table public.tags (
  name text primary key check (btrim(name) = name and name <> '' and char_length(name) <= 50),
  created_at timestamptz not null default now()
);

-- Prefix searches (`name like 'ref%'`) whatever the database's collation.
create index tags_name_pattern_idx on public.tags (name text_pattern_ops);

create function private.catalogue_tags()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.tags (name)
  select distinct btrim(t) from unnest(new.tags) t
  where btrim(t) <> '' and char_length(btrim(t)) <= 50
    and (tg_op = 'INSERT' or not t = any(old.tags))
  on conflict do nothing;
  return null;
end
$$;

create trigger tickets_catalogue_tags
  after insert or update of tags on public.tickets
  for each row
  when (cardinality(new.tags) > 0)
  execute function private.catalogue_tags();

revoke execute on function private.catalogue_tags() from public;

alter table public.tags enable row level security;

create policy "staff read tags"
  on public.tags for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "admins remove tags"
  on public.tags for delete to authenticated
  using ((select public.user_role()) = 'admin');

insert into public.tags (name)
select distinct btrim(t) from public.tickets, unnest(tags) t
where btrim(t) <> '' and char_length(btrim(t)) <= 50
on conflict do nothing;
