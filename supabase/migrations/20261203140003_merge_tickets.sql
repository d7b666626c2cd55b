-- Merging tickets: the source ticket is closed with a public line pointing to the target, the
-- target gets a public line pointing back, and a `merge` row in `ticket_links` (created by the
-- customer portal's migration, which also owns follow-ups) joins them, so the target's timeline can
-- show the source's history. The functions below only use the table, so they may be created
-- before it.

-- Audit ---------------------------------------------------------------------------------------------
-- One place that records what happened to a ticket as a history row (system kind, with `event` and
-- details in meta). The audit log (admin portal) replaces this function to write its own row too.
create function private.record_ticket_event(
  ticket_id bigint, event text, details jsonb, is_public boolean
)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
  values (ticket_id, auth.uid(), 'system', not is_public,
    jsonb_build_object('event', event) || coalesce(details, '{}'));
end
$$;

revoke execute on function private.record_ticket_event(bigint, text, jsonb, boolean) from public;

-- Merge ---------------------------------------------------------------------------------------------
-- Merges ticket `source_id` into `target_id` (same customer, both still open for work): links them,
-- closes the source with a public line pointing to the target and a public line on the target
-- pointing back, so the customer sees where their conversation went. The source's history stays
-- where it is; the target's timeline shows it through the link. Staff only; refusals are P0001
-- (P0002 for a ticket that does not exist) with a reason for people.
create function private.merge_ticket(source_id bigint, target_id bigint)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  source public.tickets;
  target public.tickets;
begin
  if public.user_role() is distinct from 'agent' and public.user_role() is distinct from 'admin' then
    raise exception 'Only agents merge tickets.' using errcode = '42501';
  end if;
  if source_id = target_id then
    raise exception 'A ticket cannot be merged into itself.' using errcode = 'P0001';
  end if;
  -- Both rows locked in id order, so two merges of the same pair cannot deadlock.
  perform 1 from public.tickets t where t.id in (source_id, target_id) order by t.id for update;
  select * into source from public.tickets t where t.id = source_id;
  if not found then
    raise exception 'There is no ticket #%.', source_id using errcode = 'P0002';
  end if;
  select * into target from public.tickets t where t.id = target_id;
  if not found then
    raise exception 'There is no ticket #%.', target_id using errcode = 'P0002';
  end if;
  if source.customer_id <> target.customer_id then
    raise exception 'Ticket #% belongs to another customer; only tickets of the same customer can be merged.',
      target_id
      using errcode = 'P0001';
  end if;
  if exists (select 1 from public.ticket_links l where l.kind = 'merge' and l.source_ticket_id = source_id) then
    raise exception 'Ticket #% was already merged into another ticket.', source_id using errcode = 'P0001';
  end if;
  if exists (select 1 from public.ticket_links l where l.kind = 'merge' and l.source_ticket_id = target_id) then
    raise exception 'Ticket #% was merged into another ticket; merge into that one instead.', target_id
      using errcode = 'P0001';
  end if;
  if target.status = 'closed' then
    raise exception 'Ticket #% is closed; merge into a ticket that is still being worked on.', target_id
      using errcode = 'P0001';
  end if;

  insert into public.ticket_links (kind, source_ticket_id, target_ticket_id, created_by)
  values ('merge', source_id, target_id, auth.uid());
  perform private.record_ticket_event(source_id, 'merged_into',
    jsonb_build_object('ticket_id', target_id, 'subject', target.subject), true);
  perform private.record_ticket_event(target_id, 'merged_from',
    jsonb_build_object('ticket_id', source_id, 'subject', source.subject), true);
  -- Closed as the agent (the history names them); the target's updated_at moves it up the queues.
  update public.tickets t set status = 'closed' where t.id = source_id and t.status <> 'closed';
  update public.tickets t set updated_at = now() where t.id = target_id;
  return jsonb_build_object('source_id', source_id, 'target_id', target_id);
end
$$;

revoke execute on function private.merge_ticket(bigint, bigint) from public, anon;
grant execute on function private.merge_ticket(bigint, bigint) to authenticated;

-- The API's door to private.merge_ticket, which runs as its owner after checking the caller.
create function public.merge_ticket(source_id bigint, target_id bigint)
returns jsonb
language sql
set search_path = ''
as $$
  select private.merge_ticket(source_id, target_id)
$$;

revoke execute on function public.merge_ticket(bigint, bigint) from public, anon;
grant execute on function public.merge_ticket(bigint, bigint) to authenticated;
