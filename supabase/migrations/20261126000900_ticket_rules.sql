-- What RLS cannot say: which columns each role may write on a ticket, the timestamps the
-- database maintains, and the status side effects. RLS decides which tickets a caller may touch;
-- these triggers decide what may change. They restrict API callers (roles anon and authenticated)
-- only; triggers and functions running as their owner, the seed and the service role are trusted.
-- Clients may file a ticket (subject, description, custom fields), reopen or solve their own
-- ticket and rate it once solved; agents work every ticket but leave the rating to the customer;
-- admins may change anything. Violations are refused with SQLSTATE 42501 (HTTP 403).

create function public.guard_ticket_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  caller public.user_role := public.user_role();
  denied text[] := '{}';
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  new.created_at := now();
  new.updated_at := now();
  new.first_response_at := null;
  new.solved_at := null;

  if caller is distinct from 'admin' then
    if new.satisfaction_rating is not null or new.satisfaction_comment is not null then
      denied := denied || array['satisfaction_rating'];
    end if;
  end if;
  if caller is null or caller = 'client' then
    if new.status <> 'open' then denied := denied || array['status']; end if;
    if new.priority <> 'normal' then denied := denied || array['priority']; end if;
    if new.assignee_id is not null then denied := denied || array['assignee_id']; end if;
    if new.team_id is not null then denied := denied || array['team_id']; end if;
    if new.tags <> '{}' then denied := denied || array['tags']; end if;
    if new.due_at is not null then denied := denied || array['due_at']; end if;
  end if;
  if denied <> '{}' then
    raise exception 'you may not set % on a new ticket', array_to_string(denied, ', ')
      using errcode = '42501';
  end if;
  return new;
end
$$;

create function public.guard_ticket_update()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  caller public.user_role := public.user_role();
  denied text[] := '{}';
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  -- Kept by the database, whatever the caller sends (like updated_at).
  new.created_at := old.created_at;
  new.first_response_at := old.first_response_at;
  new.solved_at := old.solved_at;

  if caller = 'agent' and (
    new.satisfaction_rating is distinct from old.satisfaction_rating
    or new.satisfaction_comment is distinct from old.satisfaction_comment
  ) then
    denied := denied || array['satisfaction_rating'];
  end if;
  if caller is null or caller = 'client' then
    if new.status is distinct from old.status and new.status not in ('open', 'solved') then
      denied := denied || array['status'];
    end if;
    if new.subject is distinct from old.subject then denied := denied || array['subject']; end if;
    if new.description is distinct from old.description then
      denied := denied || array['description'];
    end if;
    if new.priority is distinct from old.priority then denied := denied || array['priority']; end if;
    if new.assignee_id is distinct from old.assignee_id then
      denied := denied || array['assignee_id'];
    end if;
    if new.team_id is distinct from old.team_id then denied := denied || array['team_id']; end if;
    if new.tags is distinct from old.tags then denied := denied || array['tags']; end if;
    if new.custom_fields is distinct from old.custom_fields then
      denied := denied || array['custom_fields'];
    end if;
    if new.due_at is distinct from old.due_at then denied := denied || array['due_at']; end if;
    if new.customer_id is distinct from old.customer_id then
      denied := denied || array['customer_id'];
    end if;
  end if;
  if denied <> '{}' then
    raise exception 'you may not change % of this ticket', array_to_string(denied, ', ')
      using errcode = '42501';
  end if;
  return new;
end
$$;

-- solved_at follows the status; reopening a ticket also clears its rating, which belongs to the
-- solved state (a rating is only allowed on solved and closed tickets).
create function public.track_ticket_status()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.status in ('solved', 'closed') then
      new.solved_at := coalesce(new.solved_at, now());
    end if;
  elsif new.status is distinct from old.status then
    if new.status in ('solved', 'closed') then
      new.solved_at := coalesce(old.solved_at, now());
    else
      new.solved_at := null;
      new.satisfaction_rating := null;
      new.satisfaction_comment := null;
    end if;
  end if;
  return new;
end
$$;

-- BEFORE triggers fire in name order: the guards run before the status side effects.
create trigger tickets_guard_insert
  before insert on public.tickets
  for each row execute function public.guard_ticket_insert();

create trigger tickets_guard_update
  before update on public.tickets
  for each row execute function public.guard_ticket_update();

create trigger tickets_track_status
  before insert or update on public.tickets
  for each row execute function public.track_ticket_status();

-- Activities written by people: the database stamps their time.
create function public.guard_activity_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    new.created_at := now();
  end if;
  return new;
end
$$;

create trigger ticket_activities_guard_insert
  before insert on public.ticket_activities
  for each row execute function public.guard_activity_insert();
