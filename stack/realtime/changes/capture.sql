-- Realtime's change capture: every row change to a table in publication supabase_realtime is written,
-- inside the writing transaction, to _stack.realtime_changes, and the transaction's id is announced with
-- NOTIFY. Notifications are delivered after commit and in commit order, and a rolled-back write leaves
-- neither a row nor a notification, so the feed sees exactly the committed changes, in order.

create schema if not exists _stack;

-- Unlogged: the rows live for milliseconds (the feed deletes them once delivered) and, as with
-- Supabase, changes made while nobody listens are not replayed, so they need no WAL.
create unlogged table _stack.realtime_changes (
  id bigint generated always as identity primary key,
  txid bigint not null,
  relid oid not null,
  schema_name text not null,
  table_name text not null,
  action text not null,
  record jsonb,
  old_record jsonb,
  captured_at timestamptz not null default clock_timestamp()
);
create index realtime_changes_txid_idx on _stack.realtime_changes (txid);

-- Security definer: the writer is usually `authenticated` or `anon`, who may not touch _stack.
-- Per row: realtime.messages (database-broadcast.sql) gets one row per send.
create function _stack.realtime_capture() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  tx bigint := txid_current();
begin
  insert into _stack.realtime_changes (txid, relid, schema_name, table_name, action, record, old_record)
  values (
    tx,
    tg_relid,
    tg_table_schema,
    tg_table_name,
    tg_op,
    case when tg_op <> 'DELETE' then to_jsonb(new) end,
    case when tg_op <> 'INSERT' then to_jsonb(old) end
  );
  -- PostgreSQL folds identical notifications of one transaction into one.
  perform pg_notify('_stack_realtime_changes', tx::text);
  return null;
end
$$;
revoke all on function _stack.realtime_capture() from public;

-- The tables of the publication: once per statement, from its transition tables (one trigger per
-- event, as a trigger with transition tables may have only one), so that a statement changing 1,000
-- rows makes one insert and one notification instead of 1,000 of each. The rows keep the
-- statement's order: a transition table is read in the order its rows were written, and an
-- update's old and new rows are paired by place (unnest of two arrays zips them, where a join
-- would need a plan). A statement that changed nothing captures and announces nothing.
create function _stack.realtime_capture_statement() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  tx bigint := txid_current();
  captured bigint;
begin
  if tg_op = 'INSERT' then
    insert into _stack.realtime_changes (txid, relid, schema_name, table_name, action, record)
    select tx, tg_relid, tg_table_schema, tg_table_name, tg_op, to_jsonb(n)
    from _stack_new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into _stack.realtime_changes (txid, relid, schema_name, table_name, action, record, old_record)
    select tx, tg_relid, tg_table_schema, tg_table_name, tg_op, z.record, z.old_record
    from unnest(
      array(select to_jsonb(n) from _stack_new_rows n),
      array(select to_jsonb(o) from _stack_old_rows o)
    ) as z (record, old_record);
  else
    insert into _stack.realtime_changes (txid, relid, schema_name, table_name, action, old_record)
    select tx, tg_relid, tg_table_schema, tg_table_name, tg_op, to_jsonb(o)
    from _stack_old_rows o;
  end if;
  get diagnostics captured = row_count;
  if captured > 0 then
    -- PostgreSQL folds identical notifications of one transaction into one.
    perform pg_notify('_stack_realtime_changes', tx::text);
  end if;
  return null;
end
$$;
revoke all on function _stack.realtime_capture_statement() from public;

-- Gives every table of the publication the capture triggers and takes them off every other table.
-- A failure here must never fail the DDL that fired it, so it only warns.
create function _stack.realtime_sync_triggers() returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  rel regclass;
  event text;
begin
  for rel, event in
    select c.oid::regclass, e.event
    from pg_catalog.pg_publication_tables p
    join pg_catalog.pg_namespace n on n.nspname = p.schemaname
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
    cross join (values ('insert'), ('update'), ('delete')) as e (event)
    where p.pubname = 'supabase_realtime'
      and c.relkind in ('r', 'p')
      and not exists (
        select 1 from pg_catalog.pg_trigger t
        where t.tgrelid = c.oid and t.tgname = '_stack_realtime_capture_' || e.event
      )
  loop
    begin
      execute format(
        'create trigger %I after %s on %s referencing %s for each statement '
        'execute function _stack.realtime_capture_statement()',
        '_stack_realtime_capture_' || event,
        event,
        rel,
        case event
          when 'insert' then 'new table as _stack_new_rows'
          when 'update' then 'old table as _stack_old_rows new table as _stack_new_rows'
          else 'old table as _stack_old_rows'
        end
      );
    exception when others then
      raise warning 'realtime cannot capture changes of %: %', rel, sqlerrm;
    end;
  end loop;

  for rel, event in
    select t.tgrelid::regclass, substr(t.tgname, length('_stack_realtime_capture_') + 1)
    from pg_catalog.pg_trigger t
    join pg_catalog.pg_class c on c.oid = t.tgrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where t.tgname in (
        '_stack_realtime_capture_insert', '_stack_realtime_capture_update', '_stack_realtime_capture_delete'
      )
      and not t.tgisinternal
      and not exists (
        select 1 from pg_catalog.pg_publication_tables p
        where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname and p.tablename = c.relname
      )
  loop
    begin
      execute format('drop trigger %I on %s', '_stack_realtime_capture_' || event, rel);
    exception when others then
      raise warning 'realtime cannot stop capturing changes of %: %', rel, sqlerrm;
    end;
  end loop;
end
$$;
revoke all on function _stack.realtime_sync_triggers() from public;

create function _stack.realtime_on_ddl() returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform _stack.realtime_sync_triggers();
end
$$;
revoke all on function _stack.realtime_on_ddl() from public;

-- Publication membership changes with these commands (tables join a FOR ALL TABLES or
-- TABLES IN SCHEMA publication by being created or moved); CREATE/DROP TRIGGER is left out so the
-- triggers this creates do not fire it again.
create event trigger _stack_realtime_publication on ddl_command_end
  when tag in (
    'CREATE PUBLICATION', 'ALTER PUBLICATION', 'DROP PUBLICATION',
    'CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE', 'ALTER SCHEMA'
  )
  execute function _stack.realtime_on_ddl();

-- Any DDL may change what realtime caches about tables (columns, keys, replica identity, RLS,
-- privileges), so it is told to forget.
create function _stack.realtime_on_any_ddl() returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_notify('_stack_realtime_ddl', '');
end
$$;
revoke all on function _stack.realtime_on_any_ddl() from public;

create event trigger _stack_realtime_ddl on ddl_command_end
  execute function _stack.realtime_on_any_ddl();
