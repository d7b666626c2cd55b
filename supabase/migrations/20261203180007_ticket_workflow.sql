-- The ticket workflow, in the writing transaction so it holds for every client: on every insert and
-- update of a ticket, event rules run, the ticket is routed, and its SLA state is computed (in the
-- BEFORE trigger, by changing the row); then the history this produced is written (in the AFTER
-- trigger, once the row exists). BEFORE triggers fire in name order:
--   tickets_guard_insert / tickets_guard_update   what the caller may change (ticket_rules)
--   tickets_guard_workflow                        columns the workflow keeps
--   tickets_run_workflow                          rules, routing, SLA
--   tickets_set_fts, tickets_set_updated_at, tickets_track_status
-- The minute job's bookkeeping (recording breaches) sets `autocrm.bookkeeping`: it runs no event
-- rules and leaves updated_at alone, since nobody worked on the ticket.

-- API callers never write the workflow's columns; type_id is the customer's choice when filing.
create function private.guard_ticket_workflow()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.sla_policy_id := null;
    new.sla_targets := null;
    new.first_response_due_at := null;
    new.next_response_due_at := null;
    new.resolution_due_at := null;
    new.first_response_breached_at := null;
    new.next_response_breached_at := null;
    new.resolution_breached_at := null;
    new.sla_paused_at := null;
    new.sla_due_at := null;
    new.sla_next_breach_at := null;
    return new;
  end if;
  if new.type_id is distinct from old.type_id
    and public.user_role() is distinct from 'agent' and public.user_role() is distinct from 'admin' then
    raise exception 'you may not change type_id of this ticket' using errcode = '42501';
  end if;
  new.sla_policy_id := old.sla_policy_id;
  new.sla_targets := old.sla_targets;
  new.first_response_due_at := old.first_response_due_at;
  new.next_response_due_at := old.next_response_due_at;
  new.resolution_due_at := old.resolution_due_at;
  new.first_response_breached_at := old.first_response_breached_at;
  new.next_response_breached_at := old.next_response_breached_at;
  new.resolution_breached_at := old.resolution_breached_at;
  new.sla_paused_at := old.sla_paused_at;
  new.sla_due_at := old.sla_due_at;
  new.sla_next_breach_at := old.sla_next_breach_at;
  new.status_changed_at := old.status_changed_at;
  return new;
end
$$;

-- Routes ticket `n` (created, or updated from `o`) when it is open, unassigned and in a team, and
-- it just arrived there: created, reopened, moved to the team, unassigned, or a rule asked for it.
create function private.route_ticket(n public.tickets, o public.tickets, at timestamptz, requested boolean)
returns public.tickets
language plpgsql
volatile
set search_path = ''
as $$
declare
  agent uuid;
  source jsonb;
begin
  if n.assignee_id is not null or n.status <> 'open' or n.team_id is null then
    return n;
  end if;
  if not (o.id is null or requested or o.status <> 'open' or o.team_id is distinct from n.team_id
    or o.assignee_id is not null) then
    return n;
  end if;
  agent := private.pick_agent(n.team_id, n.tags, at, true);
  if agent is null then
    return n;
  end if;
  n.assignee_id := agent;
  source := private.routing_source(n.team_id, agent);
  perform private.stash_source(n.id, 'assignee_id', source);
  if o.id is null then
    perform private.stash(n.id, 'effects', jsonb_build_object('event', 'routed', 'assignee_id', agent)
      || source);
  end if;
  return n;
end
$$;

create function private.run_ticket_workflow()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  at timestamptz := private.clock();
  events text[] := private.take_events(new.id);
begin
  if coalesce(current_setting('autocrm.bookkeeping', true), '') <> 'on' then
    new := private.run_event_rules(new, old);
    events := events || private.take_events(new.id);
  end if;
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    new.status_changed_at := at;
  end if;
  new := private.route_ticket(new, old, at, 'route' = any(events));
  new := private.sla_apply(new, old, at, events);
  return new;
end
$$;

-- Notifications belong to another part of the product; until they exist a notification is a
-- history row naming its recipients. That part replaces this function to deliver them as well.
create function private.deliver_notification(ticket public.tickets, effect jsonb, at timestamptz)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  recipients uuid[] := case effect ->> 'recipients'
    when 'assignee' then array_remove(array[ticket.assignee_id], null)
    else array(
      select m.agent_id from public.team_members m where m.team_id = ticket.team_id
      order by m.agent_id)
  end;
begin
  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
  values (ticket.id, null, 'system', true, jsonb_build_object(
    'event', 'notification',
    'recipients', effect -> 'recipients',
    'recipient_ids', to_jsonb(recipients),
    'message', effect -> 'message',
    'automation', effect -> 'automation'
  ), at);
end
$$;

-- One history row for something the workflow did to `ticket`.
create function private.write_workflow_effect(ticket public.tickets, effect jsonb, at timestamptz)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  case effect ->> 'event'
    when 'automation' then
      insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
      values (ticket.id, null, 'system', true, jsonb_build_object(
        'event', 'automation',
        'automation', effect -> 'rule',
        'trigger', effect -> 'trigger',
        'changes', effect -> 'changes',
        'skipped', effect -> 'skipped'
      ), at);
    when 'add_note' then
      insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta, created_at)
      values (ticket.id, null, 'note', effect ->> 'body', true,
        jsonb_build_object('automation', effect -> 'automation'), at);
    when 'reply' then
      insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta, created_at)
      values (ticket.id, null, 'reply', effect ->> 'body', false,
        jsonb_build_object('automation', effect -> 'automation'), at);
    when 'notify' then
      perform private.deliver_notification(ticket, effect, at);
    when 'sla_breach' then
      insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
      values (ticket.id, null, 'system', true, jsonb_build_object(
        'event', 'sla_breach',
        'target', effect -> 'target',
        'due_at', effect -> 'due_at',
        'policy', (
          select jsonb_build_object('id', p.id, 'name', p.name)
          from public.sla_policies p where p.id = (effect ->> 'policy_id')::uuid
        )
      ), at);
    when 'routed' then
      insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
      values (ticket.id, null, 'assignment', true, jsonb_build_object(
        'field', 'assignee_id', 'old', null, 'new', effect -> 'assignee_id', 'routing', effect -> 'routing'
      ), at);
  end case;
end
$$;

create function private.record_ticket_workflow()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  entry jsonb := private.take_workflow_entry(new.id);
  at timestamptz := private.clock();
  effect jsonb;
begin
  for effect in select e from jsonb_array_elements(coalesce(entry -> 'effects', '[]')) e loop
    perform private.write_workflow_effect(new, effect, at);
  end loop;
  return null;
end
$$;

create trigger tickets_guard_workflow
  before insert or update on public.tickets
  for each row execute function private.guard_ticket_workflow();

create trigger tickets_run_workflow
  before insert or update on public.tickets
  for each row execute function private.run_ticket_workflow();

create trigger tickets_record_workflow
  after insert or update on public.tickets
  for each row execute function private.record_ticket_workflow();

drop trigger tickets_set_updated_at on public.tickets;

create trigger tickets_set_updated_at
  before update on public.tickets
  for each row
  when (coalesce(current_setting('autocrm.bookkeeping', true), '') <> 'on')
  execute function public.set_updated_at();

-- The history of a change now names who made it when that was not the caller: a rule (meta
-- `automation`) or routing (meta `routing`), with no author.
create or replace function public.log_ticket_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  sources jsonb := coalesce(private.workflow_entry(new.id) -> 'sources', '{}');
begin
  if new.status is distinct from old.status then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, case when sources ? 'status' then null else actor end, 'status', false,
      jsonb_build_object('field', 'status', 'old', old.status, 'new', new.status)
        || coalesce(sources -> 'status', '{}'));
  end if;
  if new.assignee_id is distinct from old.assignee_id then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, case when sources ? 'assignee_id' then null else actor end, 'assignment', true,
      jsonb_build_object('field', 'assignee_id', 'old', old.assignee_id, 'new', new.assignee_id)
        || coalesce(sources -> 'assignee_id', '{}'));
  end if;
  if new.team_id is distinct from old.team_id then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, case when sources ? 'team_id' then null else actor end, 'assignment', true,
      jsonb_build_object('field', 'team_id', 'old', old.team_id, 'new', new.team_id)
        || coalesce(sources -> 'team_id', '{}'));
  end if;
  if new.priority is distinct from old.priority then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, case when sources ? 'priority' then null else actor end, 'priority', true,
      jsonb_build_object('field', 'priority', 'old', old.priority, 'new', new.priority)
        || coalesce(sources -> 'priority', '{}'));
  end if;
  if new.tags is distinct from old.tags then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, case when sources ? 'tags' then null else actor end, 'tags', true,
      jsonb_build_object('field', 'tags', 'old', to_jsonb(old.tags), 'new', to_jsonb(new.tags))
        || coalesce(sources -> 'tags', '{}'));
  end if;
  if new.satisfaction_rating is not null
    and new.satisfaction_rating is distinct from old.satisfaction_rating then
    insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta)
    values (new.id, actor, 'rating', new.satisfaction_comment, false,
      jsonb_build_object(
        'field', 'satisfaction_rating',
        'old', old.satisfaction_rating,
        'new', new.satisfaction_rating
      ));
  end if;
  return null;
end
$$;

-- A reply also tells the ticket's SLA whether staff answered or the customer wrote again.
create or replace function public.handle_ticket_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  by_staff boolean := exists (
    select 1 from public.profiles p where p.id = new.author_id and p.role in ('agent', 'admin')
  );
begin
  if new.kind = 'reply' then
    if by_staff then
      perform private.stash(new.ticket_id, 'events', '"agent_reply"');
    elsif exists (
      select 1 from public.tickets t where t.id = new.ticket_id and t.customer_id = new.author_id
    ) then
      perform private.stash(new.ticket_id, 'events', '"customer_reply"');
    end if;
  end if;
  update public.tickets t
  set
    updated_at = now(),
    first_response_at = case
      when t.first_response_at is null and new.kind = 'reply' and by_staff then new.created_at
      else t.first_response_at
    end,
    status = case
      when new.kind = 'reply' and new.author_id = t.customer_id and t.status in ('pending', 'solved')
      then 'open'
      else t.status
    end
  where t.id = new.ticket_id;
  return null;
end
$$;

revoke execute on function private.guard_ticket_workflow() from public;
revoke execute on function private.route_ticket(public.tickets, public.tickets, timestamptz, boolean)
  from public;
revoke execute on function private.run_ticket_workflow() from public;
revoke execute on function private.deliver_notification(public.tickets, jsonb, timestamptz) from public;
revoke execute on function private.write_workflow_effect(public.tickets, jsonb, timestamptz)
  from public;
revoke execute on function private.record_ticket_workflow() from public;
