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

-- Gives every table of the publication the capture trigger and takes it off every other table.
-- A failure here must never fail the DDL that fired it, so it only warns.
create function _stack.realtime_sync_triggers() returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  rel regclass;
begin
  for rel in
    select c.oid::regclass
    from pg_catalog.pg_publication_tables p
    join pg_catalog.pg_namespace n on n.nspname = p.schemaname
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
    where p.pubname = 'supabase_realtime'
      and c.relkind in ('r', 'p')
      and not exists (
        select 1 from pg_catalog.pg_trigger t
        where t.tgrelid = c.oid and t.tgname = '_stack_realtime_capture'
      )
  loop
    begin
      execute format(
        'create trigger _stack_realtime_capture after insert or update or delete on %s '
        'for each row execute function _stack.realtime_capture()',
        rel
      );
    exception when others then
      raise warning 'realtime cannot capture changes of %: %', rel, sqlerrm;
    end;
  end loop;

  for rel in
    select t.tgrelid::regclass
    from pg_catalog.pg_trigger t
    join pg_catalog.pg_class c on c.oid = t.tgrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where t.tgname = '_stack_realtime_capture'
      and not t.tgisinternal
      and not exists (
        select 1 from pg_catalog.pg_publication_tables p
        where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname and p.tablename = c.relname
      )
  loop
    begin
      execute format('drop trigger _stack_realtime_capture on %s', rel);
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
