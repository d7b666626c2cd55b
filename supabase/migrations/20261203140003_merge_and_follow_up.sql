-- Merging tickets and following up on closed ones. `ticket_links` records both: `merge` (the source
-- ticket was merged into the target) and `follow_up` (the target follows up on the source, a
-- closed ticket the customer wrote to again). The table has the shape the customer portal's
-- follow-ups use (branch i15), so either side's migration creates the same thing.

create type public.ticket_link_kind as enum ('follow_up', 'merge');

create table public.ticket_links (
  id bigint generated always as identity primary key,
  kind public.ticket_link_kind not null,
  source_ticket_id bigint not null references public.tickets (id) on delete cascade,
  target_ticket_id bigint not null references public.tickets (id) on delete cascade,
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint ticket_links_distinct_check check (source_ticket_id <> target_ticket_id),
  constraint ticket_links_kind_source_target_key unique (kind, source_ticket_id, target_ticket_id)
);

create unique index ticket_links_one_origin_idx on public.ticket_links (target_ticket_id)
  where kind = 'follow_up';
create unique index ticket_links_one_merge_idx on public.ticket_links (source_ticket_id)
  where kind = 'merge';
create index ticket_links_source_ticket_id_idx on public.ticket_links (source_ticket_id);
create index ticket_links_target_ticket_id_idx on public.ticket_links (target_ticket_id);
create index ticket_links_created_by_idx on public.ticket_links (created_by);

alter table public.ticket_links enable row level security;

-- A customer sees the links of their own tickets (ticket numbers only: the other ticket stays behind
-- its own policy); staff see all. Links are written by the functions below, which check who asks.
create policy "customers read links of their tickets, staff read all"
  on public.ticket_links for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    or exists (
      select 1 from public.tickets t
      where t.id in (source_ticket_id, target_ticket_id) and t.customer_id = (select auth.uid())
    )
  );

create policy "staff link tickets in their own name"
  on public.ticket_links for insert to authenticated
  with check (
    (select public.user_role()) in ('agent', 'admin') and created_by = (select auth.uid())
  );

create policy "admins remove links"
  on public.ticket_links for delete to authenticated
  using ((select public.user_role()) = 'admin');

revoke update, truncate on table public.ticket_links from anon, authenticated, service_role;

alter publication supabase_realtime add table public.ticket_links;

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
create function public.merge_ticket(source_id bigint, target_id bigint)
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

revoke execute on function public.merge_ticket(bigint, bigint) from public, anon;
grant execute on function public.merge_ticket(bigint, bigint) to authenticated;

-- Follow-ups ------------------------------------------------------------------------------------------
-- A customer's reply to a closed ticket used to land on it and be seen by nobody. It still lands
-- there (the customer sees what they wrote where they wrote it), and the database carries it to
-- where someone works: into the ticket the closed one was merged into, if that one is not closed,
-- as the same reply; or else into a new follow-up ticket for the same customer, team, type,
-- priority, tags and assignee (if still on staff), whose description is the reply, linked to the
-- closed one. A public line on the closed ticket says where the conversation went.
create function private.follow_up_closed_reply()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  closed public.tickets;
  merged_into bigint;
  assignee uuid;
  follow_up bigint;
begin
  select * into closed from public.tickets t where t.id = new.ticket_id;
  if closed.status <> 'closed' or new.author_id is distinct from closed.customer_id then
    return null;
  end if;

  select l.target_ticket_id into merged_into
  from public.ticket_links l join public.tickets t on t.id = l.target_ticket_id
  where l.kind = 'merge' and l.source_ticket_id = closed.id and t.status <> 'closed';
  if merged_into is not null then
    insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta)
    values (merged_into, new.author_id, 'reply', new.body, false,
      jsonb_build_object('copied_from', jsonb_build_object('ticket_id', closed.id, 'activity_id', new.id)));
    perform private.record_ticket_event(closed.id, 'reply_moved',
      jsonb_build_object('ticket_id', merged_into), true);
    return null;
  end if;

  select p.id into assignee
  from public.profiles p
  where p.id = closed.assignee_id and p.role in ('agent', 'admin');

  insert into public.tickets (subject, description, customer_id, assignee_id, team_id, type_id,
    priority, tags)
  values (
    left('Follow-up: ' || closed.subject, 200),
    case when char_length(new.body) > 20000 then left(new.body, 19999) || '…' else new.body end,
    closed.customer_id, assignee, closed.team_id, closed.type_id, closed.priority, closed.tags
  )
  returning id into follow_up;

  insert into public.ticket_links (kind, source_ticket_id, target_ticket_id, created_by)
  values ('follow_up', closed.id, follow_up, new.author_id);
  perform private.record_ticket_event(closed.id, 'follow_up_opened',
    jsonb_build_object('ticket_id', follow_up), true);
  perform private.record_ticket_event(follow_up, 'follow_up_of',
    jsonb_build_object('ticket_id', closed.id, 'subject', closed.subject, 'activity_id', new.id), true);
  return null;
end
$$;

create trigger ticket_activities_follow_up_closed
  after insert on public.ticket_activities
  for each row
  when (new.kind = 'reply' and not new.is_internal)
  execute function private.follow_up_closed_reply();

revoke execute on function private.follow_up_closed_reply() from public;
