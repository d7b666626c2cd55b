-- Broadcast from the database, as Supabase Realtime defines it: realtime.send() inserts a message
-- into realtime.messages (its payload gets an `id`, realtime.topic is set for the insert policies),
-- realtime.broadcast_changes() sends a trigger's row change through it, and every committed insert
-- into realtime.messages reaches the subscribers of its topic. Both functions run as their caller,
-- so RLS on realtime.messages decides who may send; a refused or failed send is a WARNING that
-- leaves the caller's transaction alone.

set local role supabase_realtime_admin;

create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
declare
  message_id uuid := gen_random_uuid();
begin
  begin
    execute pg_catalog.format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (
      message_id,
      case when payload ? 'id' then payload else pg_catalog.jsonb_set(payload, '{id}', pg_catalog.to_jsonb(message_id)) end,
      event,
      topic,
      private,
      'broadcast'
    );
  exception when others then
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

create function realtime.broadcast_changes(
  topic_name text,
  event_name text,
  operation text,
  table_name text,
  table_schema text,
  new record,
  old record,
  level text default 'ROW'
) returns void
language plpgsql
as $$
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation not in ('INSERT', 'UPDATE', 'DELETE') then
    raise exception 'Unexpected operation type: %', operation;
  end if;
  perform realtime.send(
    pg_catalog.jsonb_build_object(
      'old_record', old, 'record', new, 'operation', operation, 'table', table_name, 'schema', table_schema
    ),
    event_name,
    topic_name
  );
exception when others then
  raise exception 'Failed to process the row: %', sqlerrm;
end
$$;

reset role;

-- Committed messages reach the realtime service through the change capture (capture.sql).
create trigger _stack_realtime_broadcast
  after insert on realtime.messages
  for each row execute function _stack.realtime_capture();
