-- When a customer may bring a finished ticket back. A solved ticket reopens when its customer
-- replies or presses Reopen, and a closed one when they press Reopen, as long as it was solved no
-- more than 14 days ago; after that (and for any reply on a closed ticket) the customer opens a
-- follow-up instead, which links the new ticket to the old one (see ticket_links). Staff may reopen
-- anything. Refusals are SQLSTATE P0001 with a reason a person can act on.

create function private.reopen_window()
returns interval
language sql
immutable
set search_path = ''
as $$
  select interval '14 days'
$$;

create function private.guard_ticket_reopen()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or public.user_role() in ('agent', 'admin') then
    return new;
  end if;
  if old.status in ('solved', 'closed') and new.status not in ('solved', 'closed')
    and (old.solved_at is null or old.solved_at < now() - private.reopen_window()) then
    raise exception 'This ticket was solved more than 14 days ago, so it cannot be reopened: open a follow-up instead.'
      using errcode = 'P0001';
  end if;
  return new;
end
$$;

-- Fires before tickets_guard_update (BEFORE triggers run in name order).
create trigger tickets_guard_reopen
  before update of status on public.tickets
  for each row execute function private.guard_ticket_reopen();

-- A customer's reply on a finished ticket: on a solved one it reopens the ticket (within the
-- window, see handle_ticket_message); a closed one takes no more replies.
create function private.guard_customer_reply()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ticket public.tickets;
begin
  if current_user not in ('anon', 'authenticated') or new.kind <> 'reply'
    or public.user_role() in ('agent', 'admin') then
    return new;
  end if;
  select * into ticket from public.tickets t where t.id = new.ticket_id;
  -- Someone else's ticket is for RLS to refuse, without a word about its state.
  if ticket.customer_id is distinct from auth.uid() then
    return new;
  end if;
  if ticket.status = 'closed' then
    raise exception 'This ticket is closed, so it takes no more replies: open a follow-up instead.'
      using errcode = 'P0001';
  end if;
  if ticket.status = 'solved'
    and (ticket.solved_at is null or ticket.solved_at < now() - private.reopen_window()) then
    raise exception 'This ticket was solved more than 14 days ago, so it cannot be reopened: open a follow-up instead.'
      using errcode = 'P0001';
  end if;
  return new;
end
$$;

create trigger ticket_activities_guard_customer_reply
  before insert on public.ticket_activities
  for each row execute function private.guard_customer_reply();

revoke execute on function private.reopen_window() from public;
grant execute on function private.reopen_window() to authenticated;
revoke execute on function private.guard_ticket_reopen() from public;
revoke execute on function private.guard_customer_reply() from public;
