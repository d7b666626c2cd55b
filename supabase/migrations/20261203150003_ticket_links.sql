-- Links between tickets. `follow_up`: the target ticket follows up on the source, a solved or
-- closed ticket the conversation outgrew. `merge`: the source ticket was merged into the target
-- (written by the agent ticket page's merge; this table only records it). A ticket follows up on
-- at most one other and is merged into at most one other.

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

-- A customer sees the links of their own tickets (only ticket numbers: the other ticket stays
-- behind its own policy); staff see all.
create policy "customers read links of their tickets, staff read all"
  on public.ticket_links for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    or exists (
      select 1 from public.tickets t
      where t.id in (source_ticket_id, target_ticket_id) and t.customer_id = (select auth.uid())
    )
  );

-- Staff link tickets directly; customers open follow-ups through open_follow_up().
create policy "staff link tickets in their own name"
  on public.ticket_links for insert to authenticated
  with check (
    (select public.user_role()) in ('agent', 'admin') and created_by = (select auth.uid())
  );

create policy "admins remove links"
  on public.ticket_links for delete to authenticated
  using ((select public.user_role()) = 'admin');

revoke update, truncate on table public.ticket_links from anon, authenticated, service_role;

-- Opens a follow-up to a solved or closed ticket the caller may see: a new ticket for the same
-- customer in the same team, type and hands (its assignee, if still on staff), linked to the old
-- one, with a public line on each saying so. Returns the new ticket's id. It runs as its owner to
-- copy the triage a customer may not set, after checking the caller's right to the original; the
-- API calls it through public.open_follow_up.
create function private.open_follow_up(original_id bigint, subject text, description text)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  caller uuid := auth.uid();
  caller_role public.user_role := public.user_role();
  original public.tickets;
  assignee uuid;
  created bigint;
begin
  if caller is null or caller_role is null then
    raise exception 'Sign in to open a follow-up.' using errcode = '42501';
  end if;
  select * into original from public.tickets t where t.id = original_id;
  if not found or (caller_role = 'client' and original.customer_id <> caller) then
    raise exception 'There is no ticket #% of yours to follow up on.', original_id
      using errcode = 'P0002';
  end if;
  if original.status not in ('solved', 'closed') then
    raise exception 'Ticket #% is still open: reply on it instead of opening a follow-up.', original_id
      using errcode = 'P0001';
  end if;
  subject := btrim(coalesce(subject, ''));
  description := btrim(coalesce(description, ''));
  if subject = '' or char_length(subject) > 200 then
    raise exception 'Give the follow-up a subject of up to 200 characters.' using errcode = 'P0001';
  end if;
  if description = '' or char_length(description) > 20000 then
    raise exception 'Describe what you need, in up to 20,000 characters.' using errcode = 'P0001';
  end if;

  select p.id into assignee
  from public.profiles p
  where p.id = original.assignee_id and p.role in ('agent', 'admin');

  insert into public.tickets (subject, description, customer_id, assignee_id, team_id, type_id)
  values (subject, description, original.customer_id, assignee, original.team_id, original.type_id)
  returning id into created;

  insert into public.ticket_links (kind, source_ticket_id, target_ticket_id, created_by)
  values ('follow_up', original.id, created, caller);

  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
  values
    (original.id, caller, 'system', false,
      jsonb_build_object('event', 'follow_up_opened', 'ticket_id', created)),
    (created, caller, 'system', false,
      jsonb_build_object('event', 'follow_up_of', 'ticket_id', original.id));
  return created;
end
$$;

create function public.open_follow_up(original_id bigint, subject text, description text)
returns bigint
language sql
set search_path = ''
as $$
  select private.open_follow_up(original_id, subject, description)
$$;

revoke execute on function private.open_follow_up(bigint, text, text) from public, anon;
grant execute on function private.open_follow_up(bigint, text, text) to authenticated;
revoke execute on function public.open_follow_up(bigint, text, text) from public, anon;
grant execute on function public.open_follow_up(bigint, text, text) to authenticated;
