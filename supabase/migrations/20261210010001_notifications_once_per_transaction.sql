-- Bulk actions on PGlite (issue 13): private.notify's "already sent in this transaction" check
-- becomes a unique constraint, so that neither an index choice nor a cached plan decides its cost.
--
-- The check (same recipient, kind and ticket, created_at = now()) was a query in a PL/pgSQL function.
-- It was planned on notifications_recipient_id_created_at_idx, the only index matching two of its
-- conditions (`ticket_id is not distinct from` cannot use an index): a bulk assign of 1,000 tickets
-- to one agent notifies that agent 1,000 times in one transaction, so the n-th call read n - 1 rows.
-- And PL/pgSQL keeps one generic plan for the session: planned while notifications was a page or two
-- (a fresh database, the seed), it stays a sequential scan until the table is analysed again.
-- PostgreSQL's autovacuum does that as the table grows; PGlite has no autovacuum, so every notify
-- read every notification: a bulk assign of 1,000 tickets took 0.29 s of notify calls after 1,000
-- notifications and 0.97 s after 7,000, and grew with every bulk update (100,000 tickets on PGlite).
-- The constraint's index answers the same question on insert whatever was planned, and it also keeps
-- two concurrent transactions from notifying twice. `nulls not distinct`: a notification without a
-- ticket is sent once per transaction too, as the check did. Its index leads with ticket_id, so it
-- serves what notifications_ticket_id_idx served (the foreign key's deletes, the told-by-reply checks).
alter table public.notifications
  add constraint notifications_once_per_transaction
  unique nulls not distinct (ticket_id, recipient_id, created_at, kind);
drop index public.notifications_ticket_id_idx;

-- As in 20261203270001, with the check done by the constraint.
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
  -- Named, not listed: the columns' names are this function's parameters.
  insert into public.notifications (recipient_id, kind, ticket_id, activity_id, actor_id, title, body)
  values (recipient, kind, ticket_id, activity_id, actor, left(title, 300), left(coalesce(body, ''), 300))
  on conflict on constraint notifications_once_per_transaction do nothing;
end
$$;
