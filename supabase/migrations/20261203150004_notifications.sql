-- In-app notifications, one row per recipient, written by the triggers in `deliveries` in the same
-- transaction as the event, so no code path can forget one. People read their own, live through
-- Realtime, and mark them read; nobody writes them through the API.

create type public.notification_kind as enum (
  -- someone replied on a ticket that concerns me (a customer's own, an agent's assigned one)
  'reply',
  -- a ticket of mine changed status (solved has its own kind)
  'status',
  'solved',
  -- a ticket was assigned to me
  'assigned',
  -- someone wrote @my name in an internal note
  'mention',
  -- the customer rated my ticket
  'rating',
  -- an automation rule's notify action named me
  'automation'
);

create table public.notifications (
  id bigint generated always as identity primary key,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  ticket_id bigint references public.tickets (id) on delete cascade,
  activity_id bigint references public.ticket_activities (id) on delete cascade,
  -- Who did it; null for the system (routing, rules, the minute job).
  actor_id uuid references public.profiles (id) on delete set null,
  -- Written when the event happens, so the bell shows it straight from the realtime event.
  title text not null check (btrim(title) <> '' and char_length(title) <= 300),
  body text not null default '' check (char_length(body) <= 300),
  read_at timestamptz,
  created_at timestamptz not null default now()
);

-- The bell: my newest notifications, and how many I have not read.
create index notifications_recipient_id_created_at_idx
  on public.notifications (recipient_id, created_at desc, id desc);
create index notifications_unread_idx on public.notifications (recipient_id) where read_at is null;
create index notifications_ticket_id_idx on public.notifications (ticket_id);
create index notifications_activity_id_idx on public.notifications (activity_id);
create index notifications_actor_id_idx on public.notifications (actor_id);

alter table public.notifications enable row level security;

create policy "people read their own notifications"
  on public.notifications for select to authenticated
  using (recipient_id = (select auth.uid()));

create policy "people mark their own notifications"
  on public.notifications for update to authenticated
  using (recipient_id = (select auth.uid()))
  with check (recipient_id = (select auth.uid()));

-- Only read_at is theirs to change; rows come from the database's triggers alone.
revoke insert, update, delete, truncate on table public.notifications from anon, authenticated;
grant update (read_at) on table public.notifications to authenticated;

-- A notification is read when the database says so, whatever time a caller sends.
create function private.stamp_notification_read()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.read_at := case when new.read_at is null then null else coalesce(old.read_at, now()) end;
  return new;
end
$$;

create trigger notifications_stamp_read
  before update of read_at on public.notifications
  for each row execute function private.stamp_notification_read();

-- Marks every unread notification of the caller read; returns how many there were.
create function public.mark_all_notifications_read()
returns integer
language sql
set search_path = ''
as $$
  with marked as (
    update public.notifications n
    set read_at = now()
    where n.recipient_id = auth.uid() and n.read_at is null
    returning 1
  )
  select count(*)::integer from marked
$$;

revoke execute on function private.stamp_notification_read() from public;
revoke execute on function public.mark_all_notifications_read() from public, anon;
grant execute on function public.mark_all_notifications_read() to authenticated;

alter publication supabase_realtime add table public.notifications;
