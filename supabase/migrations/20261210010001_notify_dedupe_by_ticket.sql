-- Bulk actions on PGlite (issue 13): private.notify's check for a notification already sent in this
-- transaction scanned every notification the recipient got in it.
--
-- The check (same recipient, kind and ticket, created_at = now()) was planned on
-- notifications_recipient_id_created_at_idx, the only index matching two of its conditions:
-- `ticket_id is not distinct from` cannot use an index. A bulk assign of 1,000 tickets to one agent
-- notifies that agent 1,000 times in one transaction, all with created_at = now(), so the n-th call
-- read n - 1 rows: half a million index rows per bulk update, 1 ms a call, 16 % of the whole
-- update at 100,000 tickets (pg_stat_user_functions, PGlite). With the ticket first, the index finds
-- the few notifications of that ticket; the check is split by whether there is a ticket so that each
-- half is an equality the index can use. The new index leads with ticket_id, so it also serves what
-- notifications_ticket_id_idx served (the foreign key's deletes, the told-by-reply checks).
create index notifications_ticket_id_recipient_id_created_at_idx
  on public.notifications (ticket_id, recipient_id, created_at);
drop index public.notifications_ticket_id_idx;

-- As in 20261203270001, with the check above.
create or replace function private.notify(
  recipient uuid,
  kind public.notification_kind,
  ticket_id bigint,
  activity_id bigint,
  actor uuid,
  title text,
  body text default ''
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
begin
  if recipient is null or recipient is not distinct from actor then
    return;
  end if;
  if not exists (select 1 from public.profiles p where p.id = recipient) then
    return;
  end if;
  if exists (
    select 1 from public.notification_preferences p
    where p.user_id = recipient and kind = any (p.muted_kinds)
  ) then
    return;
  end if;
  if ticket_id is null then
    if exists (
      select 1 from public.notifications n
      where n.ticket_id is null and n.recipient_id = recipient and n.kind = kind
        and n.created_at = now()
    ) then
      return;
    end if;
  elsif exists (
    select 1 from public.notifications n
    where n.ticket_id = ticket_id and n.recipient_id = recipient and n.kind = kind
      and n.created_at = now()
  ) then
    return;
  end if;
  insert into public.notifications (recipient_id, kind, ticket_id, activity_id, actor_id, title, body)
  values (recipient, kind, ticket_id, activity_id, actor, left(title, 300), left(coalesce(body, ''), 300));
end
$$;
