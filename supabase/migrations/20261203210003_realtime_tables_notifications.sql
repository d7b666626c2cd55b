-- The notification bell subscribes to `notifications` (one socket, the shared realtime store), so the
-- admin's diagnostics must check that table too: whether it is published and which policies let a
-- person read their own rows.
create or replace function private.realtime_tables()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['tickets', 'ticket_activities', 'attachments', 'profiles', 'notifications']
$$;
