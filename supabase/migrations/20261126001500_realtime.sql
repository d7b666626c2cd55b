-- Realtime: the tables whose changes reach subscribers (each event passes the same RLS as a select
-- would), and private broadcast/presence channels `ticket:<id>` for staff.

alter publication supabase_realtime
  add table public.tickets, public.ticket_activities, public.attachments, public.profiles;

-- Updates carry the whole previous row, so a queue can tell which status a ticket left.
alter table public.tickets replica identity full;

create policy "staff use private ticket channels"
  on realtime.messages for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    and realtime.topic() like 'ticket:%'
    and extension in ('broadcast', 'presence')
  );

create policy "staff send on private ticket channels"
  on realtime.messages for insert to authenticated
  with check (
    (select public.user_role()) in ('agent', 'admin')
    and realtime.topic() like 'ticket:%'
    and extension in ('broadcast', 'presence')
  );
