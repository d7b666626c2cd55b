-- SLA policies: response and resolution targets per priority, in business minutes, for the tickets
-- a policy's conditions select (the first active policy by position wins). The targets become due
-- times on the ticket, kept by the ticket triggers (see ticket_workflow) on every relevant event:
--   first_response_due_at  from creation until the first public reply by staff;
--   next_response_due_at   from a customer's reply (after the first response) until staff answer;
--   resolution_due_at      from creation until the ticket is solved.
-- The clocks run only while the ticket is `open`: pending, on hold, solved and closed pause them
-- (sla_paused_at), and when the ticket is open again every unfinished due time moves by the
-- business time the pause lasted. A breach is recorded once per target (per reply cycle for the
-- next response) in *_breached_at and as a history row, as soon as anything (the minute job or
-- the next change of the ticket) notices it.
--
-- targets: {"urgent": {"first_response": 30, "next_response": 60, "resolution": 240}, "high": …}

create table public.sla_policies (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (btrim(name) <> '' and char_length(name) <= 100),
  description text not null default '' check (char_length(description) <= 1000),
  -- Lower positions are tried first.
  position integer not null default 0,
  is_active boolean not null default true,
  -- Null: the default calendar.
  calendar_id uuid references public.business_calendars (id) on delete restrict,
  conditions jsonb not null default '{}',
  targets jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index sla_policies_calendar_id_idx on public.sla_policies (calendar_id);

create trigger sla_policies_set_updated_at
  before update on public.sla_policies
  for each row execute function public.set_updated_at();

create function private.normalize_sla_targets(targets jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  priority text;
  per_priority jsonb;
  target text;
  minutes jsonb;
begin
  if jsonb_typeof(targets) is distinct from 'object' or targets = '{}' then
    raise exception 'targets: give at least one priority with targets, e.g. {"urgent": {"first_response": 30}}'
      using errcode = '23514';
  end if;
  for priority, per_priority in select e.key, e.value from jsonb_each(targets) e loop
    if not priority = any(enum_range(null::public.ticket_priority)::text[]) then
      raise exception 'targets: "%" is not a priority (low, normal, high, urgent)', priority
        using errcode = '23514';
    end if;
    if jsonb_typeof(per_priority) <> 'object' or per_priority = '{}' then
      raise exception 'targets: % needs minutes for first_response, next_response and/or resolution',
        priority
        using errcode = '23514';
    end if;
    for target, minutes in select e.key, e.value from jsonb_each(per_priority) e loop
      if target not in ('first_response', 'next_response', 'resolution') then
        raise exception 'targets: unknown target "%" for % (use first_response, next_response, resolution)',
          target, priority
          using errcode = '23514';
      end if;
      if jsonb_typeof(minutes) <> 'number' or minutes::numeric <= 0
        or minutes::numeric <> trunc(minutes::numeric) or minutes::numeric > 525600 then
        raise exception 'targets: % % must be a positive whole number of business minutes (at most a year), not %',
          priority, target, minutes
          using errcode = '23514';
      end if;
    end loop;
  end loop;
  return targets;
end
$$;

create function private.validate_sla_policy()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not private.may_manage_settings() then
    return new;
  end if;
  new.conditions := private.normalize_conditions(
    new.conditions,
    array['priority', 'team_id', 'type_id', 'customer_id', 'tags_any', 'tags_all', 'tags_none']
  );
  new.targets := private.normalize_sla_targets(new.targets);
  return new;
end
$$;

create trigger sla_policies_validate
  before insert or update on public.sla_policies
  for each row execute function private.validate_sla_policy();

alter table public.tickets
  add column sla_policy_id uuid references public.sla_policies (id) on delete set null,
  -- The applied policy's targets for the ticket's priority ({"first_response": 60, …}).
  add column sla_targets jsonb,
  add column first_response_due_at timestamptz,
  add column next_response_due_at timestamptz,
  add column resolution_due_at timestamptz,
  add column first_response_breached_at timestamptz,
  add column next_response_breached_at timestamptz,
  add column resolution_breached_at timestamptz,
  add column sla_paused_at timestamptz,
  -- The earliest unfinished due time while the clocks run (queues sort and colour by it).
  add column sla_due_at timestamptz,
  -- The earliest due time whose breach is not yet recorded (what the minute job looks for).
  add column sla_next_breach_at timestamptz,
  add column status_changed_at timestamptz not null default now();

update public.tickets set status_changed_at = coalesce(solved_at, updated_at);

create index tickets_sla_policy_id_idx on public.tickets (sla_policy_id);
create index tickets_sla_next_breach_at_idx on public.tickets (sla_next_breach_at)
  where sla_next_breach_at is not null;
create index tickets_sla_due_at_idx on public.tickets (sla_due_at) where sla_due_at is not null;
-- Time rules: "pending for 3 business days", and "80% of a target used" (running tickets only).
create index tickets_status_status_changed_at_idx on public.tickets (status, status_changed_at);
create index tickets_first_response_due_at_idx
  on public.tickets (sla_policy_id, priority, first_response_due_at)
  where status = 'open' and sla_paused_at is null and first_response_at is null;
create index tickets_next_response_due_at_idx
  on public.tickets (sla_policy_id, priority, next_response_due_at)
  where status = 'open' and sla_paused_at is null and next_response_due_at is not null;
create index tickets_resolution_due_at_idx
  on public.tickets (sla_policy_id, priority, resolution_due_at)
  where status = 'open' and sla_paused_at is null;

-- The engine. Each function takes and returns the ticket row, so the BEFORE trigger can apply
-- them to NEW.

-- The first active policy whose conditions the ticket meets (a row of nulls when none does).
create function private.sla_policy_for(ticket public.tickets)
returns public.sla_policies
language plpgsql
stable
set search_path = ''
as $$
declare
  ids uuid[];
  matches boolean[];
  result public.sla_policies;
begin
  select array_agg(p.id order by p.position, p.created_at, p.id),
    private.matching_conditions(array_agg(p.conditions order by p.position, p.created_at, p.id), ticket)
  into ids, matches
  from public.sla_policies p
  where p.is_active;
  for i in 1..coalesce(cardinality(ids), 0) loop
    if matches[i] then
      select p.* into result from public.sla_policies p where p.id = ids[i];
      exit;
    end if;
  end loop;
  return result;
end
$$;

-- The calendar a policy counts in (the default one for a missing policy).
create function private.sla_calendar(policy_id uuid)
returns public.business_calendars
language plpgsql
stable
set search_path = ''
as $$
begin
  return private.calendar_for((select p.calendar_id from public.sla_policies p where p.id = policy_id));
end
$$;

-- `start` plus a target (JSON number of business minutes), or null without a target.
create function private.sla_due(cal public.business_calendars, start timestamptz, minutes jsonb)
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select case when minutes is not null then private.business_add(cal, start, minutes::numeric * 60) end
$$;

-- A due time after a change of target (priority or policy), keeping the business time already
-- used: measured at `ref` (now, or the start of the pause) against the old target and calendar.
create function private.sla_retarget(
  due timestamptz,
  old_target jsonb,
  new_target jsonb,
  outstanding boolean,
  ref timestamptz,
  old_cal public.business_calendars,
  new_cal public.business_calendars
)
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select case
    when not outstanding then due
    when new_target is null then null
    when due is null or old_target is null then private.sla_due(new_cal, ref, new_target)
    else private.business_add(
      new_cal,
      ref,
      new_target::numeric * 60
        - (old_target::numeric * 60 - private.business_between(old_cal, ref, due))
    )
  end
$$;

-- A due time after a pause from `paused_at` until `resumed_at`: the business time that was left
-- at the pause is left again. Targets already breached at the pause keep their due time.
create function private.sla_resume(
  cal public.business_calendars,
  due timestamptz,
  outstanding boolean,
  paused_at timestamptz,
  resumed_at timestamptz
)
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select case
    when not outstanding or due is null or due <= paused_at then due
    else private.business_add(cal, resumed_at, private.business_between(cal, paused_at, due))
  end
$$;

create function private.sla_breach_effect(target text, due timestamptz, policy_id uuid)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('event', 'sla_breach', 'target', target, 'due_at', due,
    'policy_id', policy_id)
$$;

-- Records the breach of every running, unfinished target that was due before `at` and is not
-- recorded yet; the AFTER trigger writes their history rows.
create function private.sla_record_breaches(ticket public.tickets, at timestamptz)
returns public.tickets
language plpgsql
volatile
set search_path = ''
as $$
begin
  if ticket.sla_paused_at is not null or ticket.status <> 'open' then
    return ticket;
  end if;
  if ticket.first_response_at is null and ticket.first_response_due_at < at
    and ticket.first_response_breached_at is null then
    ticket.first_response_breached_at := at;
    perform private.stash(ticket.id, 'effects', private.sla_breach_effect(
      'first_response', ticket.first_response_due_at, ticket.sla_policy_id));
  end if;
  if ticket.next_response_due_at < at and ticket.next_response_breached_at is null then
    ticket.next_response_breached_at := at;
    perform private.stash(ticket.id, 'effects', private.sla_breach_effect(
      'next_response', ticket.next_response_due_at, ticket.sla_policy_id));
  end if;
  if ticket.resolution_due_at < at and ticket.resolution_breached_at is null then
    ticket.resolution_breached_at := at;
    perform private.stash(ticket.id, 'effects', private.sla_breach_effect(
      'resolution', ticket.resolution_due_at, ticket.sla_policy_id));
  end if;
  return ticket;
end
$$;

-- The derived columns: the earliest unfinished due time, and the earliest unrecorded breach.
create function private.sla_refresh(ticket public.tickets)
returns public.tickets
language plpgsql
immutable
set search_path = ''
as $$
declare
  first_response timestamptz :=
    case when ticket.first_response_at is null then ticket.first_response_due_at end;
begin
  if ticket.sla_paused_at is not null or ticket.status <> 'open' then
    ticket.sla_due_at := null;
    ticket.sla_next_breach_at := null;
    return ticket;
  end if;
  ticket.sla_due_at := least(first_response, ticket.next_response_due_at, ticket.resolution_due_at);
  ticket.sla_next_breach_at := least(
    case when ticket.first_response_breached_at is null then first_response end,
    case when ticket.next_response_breached_at is null then ticket.next_response_due_at end,
    case when ticket.resolution_breached_at is null then ticket.resolution_due_at end
  );
  return ticket;
end
$$;

-- The SLA state of ticket `n` after a change from `o` (null on insert) at time `at`, given the
-- events other triggers told it ('customer_reply', 'agent_reply').
create function private.sla_apply(
  n public.tickets,
  o public.tickets,
  at timestamptz,
  events text[]
)
returns public.tickets
language plpgsql
volatile
set search_path = ''
as $$
declare
  policy public.sla_policies;
  targets jsonb;
  cal public.business_calendars;
  checked public.tickets;
  ref timestamptz;
begin
  -- Breaches that happened before this change, under the targets as they were.
  if o.id is not null then
    checked := private.sla_record_breaches(o, at);
    n.first_response_breached_at :=
      coalesce(n.first_response_breached_at, checked.first_response_breached_at);
    n.next_response_breached_at :=
      coalesce(n.next_response_breached_at, checked.next_response_breached_at);
    n.resolution_breached_at := coalesce(n.resolution_breached_at, checked.resolution_breached_at);
  end if;

  -- Which policy and targets apply.
  if o.id is null
    or n.priority is distinct from o.priority
    or n.team_id is distinct from o.team_id
    or n.type_id is distinct from o.type_id
    or n.tags is distinct from o.tags
    or n.customer_id is distinct from o.customer_id then
    policy := private.sla_policy_for(n);
    targets := policy.targets -> n.priority::text;
    cal := private.calendar_for(policy.calendar_id);
    if o.id is null then
      n.sla_policy_id := policy.id;
      n.sla_targets := targets;
      n.sla_paused_at := case when n.status <> 'open' then at end;
      n.first_response_due_at := case
        when n.first_response_at is null then private.sla_due(cal, at, targets -> 'first_response')
      end;
      n.next_response_due_at := null;
      n.resolution_due_at := private.sla_due(cal, at, targets -> 'resolution');
    elsif policy.id is distinct from o.sla_policy_id or targets is distinct from o.sla_targets then
      ref := coalesce(n.sla_paused_at, at);
      n.first_response_due_at := private.sla_retarget(
        n.first_response_due_at, o.sla_targets -> 'first_response', targets -> 'first_response',
        n.first_response_at is null, ref, private.sla_calendar(o.sla_policy_id), cal);
      n.next_response_due_at := private.sla_retarget(
        n.next_response_due_at, o.sla_targets -> 'next_response', targets -> 'next_response',
        n.next_response_due_at is not null, ref, private.sla_calendar(o.sla_policy_id), cal);
      n.resolution_due_at := private.sla_retarget(
        n.resolution_due_at, o.sla_targets -> 'resolution', targets -> 'resolution',
        n.status not in ('solved', 'closed'), ref, private.sla_calendar(o.sla_policy_id), cal);
      n.sla_policy_id := policy.id;
      n.sla_targets := targets;
    end if;
  end if;

  -- Pause and resume: the clocks run only while the ticket is open.
  if o.id is not null and n.status is distinct from o.status then
    if n.status <> 'open' and n.sla_paused_at is null then
      n.sla_paused_at := at;
    elsif n.status = 'open' and n.sla_paused_at is not null then
      cal := private.sla_calendar(n.sla_policy_id);
      n.first_response_due_at := private.sla_resume(
        cal, n.first_response_due_at, n.first_response_at is null, n.sla_paused_at, at);
      n.next_response_due_at := private.sla_resume(
        cal, n.next_response_due_at, true, n.sla_paused_at, at);
      n.resolution_due_at := private.sla_resume(
        cal, n.resolution_due_at, true, n.sla_paused_at, at);
      n.sla_paused_at := null;
    end if;
  end if;

  -- Replies: staff answering ends the next-response wait; a customer writing again (once the first
  -- response is given) starts one, counted from the pause if the ticket is still paused.
  if 'agent_reply' = any(events) then
    n.next_response_due_at := null;
  end if;
  if 'customer_reply' = any(events) and n.first_response_at is not null
    and n.next_response_due_at is null and n.sla_targets ? 'next_response' then
    n.next_response_due_at := private.sla_due(
      private.sla_calendar(n.sla_policy_id), coalesce(n.sla_paused_at, at),
      n.sla_targets -> 'next_response');
    n.next_response_breached_at := null;
  end if;

  -- A change can make a target overdue at once (a raised priority).
  n := private.sla_record_breaches(n, at);
  return private.sla_refresh(n);
end
$$;

revoke execute on function private.normalize_sla_targets(jsonb) from public;
grant execute on function private.normalize_sla_targets(jsonb) to authenticated;
revoke execute on function private.validate_sla_policy() from public;
revoke execute on function private.sla_policy_for(public.tickets) from public;
revoke execute on function private.sla_calendar(uuid) from public;
revoke execute on function private.sla_due(public.business_calendars, timestamptz, jsonb) from public;
revoke execute on function private.sla_retarget(
  timestamptz, jsonb, jsonb, boolean, timestamptz, public.business_calendars,
  public.business_calendars) from public;
revoke execute on function private.sla_resume(
  public.business_calendars, timestamptz, boolean, timestamptz, timestamptz) from public;
revoke execute on function private.sla_breach_effect(text, timestamptz, uuid) from public;
revoke execute on function private.sla_record_breaches(public.tickets, timestamptz) from public;
revoke execute on function private.sla_refresh(public.tickets) from public;
revoke execute on function private.sla_apply(public.tickets, public.tickets, timestamptz, text[])
  from public;

alter table public.sla_policies enable row level security;

create policy "staff read SLA policies"
  on public.sla_policies for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "admins create SLA policies"
  on public.sla_policies for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update SLA policies"
  on public.sla_policies for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete SLA policies"
  on public.sla_policies for delete to authenticated
  using ((select public.user_role()) = 'admin');
