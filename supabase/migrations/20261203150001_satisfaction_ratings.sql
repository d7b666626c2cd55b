-- Customer satisfaction as the helpdesks in our field ask for it: Good or Bad, with an optional
-- comment. The ticket's customer (or an admin) rates a solved or closed ticket, and may change the
-- rating for seven days after the ticket was solved. Every rating and every change is a `rating`
-- history row: log_ticket_changes writes one when the rating changes, and a trigger here when only
-- the comment does.

create type public.satisfaction_rating as enum ('good', 'bad');

alter table public.tickets drop constraint tickets_rating_when_solved_check;

-- The earlier 1-5 scale, should a database hold any: 3 and above was a good experience.
alter table public.tickets
  alter column satisfaction_rating type public.satisfaction_rating using (
    case
      when satisfaction_rating is null then null
      when satisfaction_rating >= 3 then 'good'
      else 'bad'
    end
  )::public.satisfaction_rating;

alter table public.tickets add constraint tickets_rating_when_solved_check check (
  satisfaction_rating is null or status in ('solved', 'closed')
);

-- How long after a ticket was solved its customer may still rate it or change the rating. The app
-- shows the same period (src/lib/tickets/customer.ts; a test keeps the two equal).
create function private.rating_window()
returns interval
language sql
immutable
set search_path = ''
as $$
  select interval '7 days'
$$;

-- What a customer may do with a rating, with reasons a person can act on (SQLSTATE P0001, which
-- PostgREST answers with 400). Admins are trusted; agents are refused by guard_ticket_update.
create function private.guard_ticket_rating()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or public.user_role() in ('agent', 'admin') then
    return new;
  end if;
  if new.satisfaction_rating is not distinct from old.satisfaction_rating
    and new.satisfaction_comment is not distinct from old.satisfaction_comment then
    return new;
  end if;
  if new.satisfaction_rating is null then
    raise exception 'Choose Good or Bad to rate this ticket.' using errcode = 'P0001';
  end if;
  if new.status not in ('solved', 'closed') then
    raise exception 'You can rate a ticket once it is solved.' using errcode = 'P0001';
  end if;
  if old.solved_at is null or old.solved_at < now() - private.rating_window() then
    raise exception 'Ratings can be given or changed for 7 days after a ticket is solved.'
      using errcode = 'P0001';
  end if;
  new.satisfaction_comment := nullif(btrim(new.satisfaction_comment), '');
  return new;
end
$$;

-- Fires before tickets_guard_update (BEFORE triggers run in name order).
create trigger tickets_guard_rating
  before update of satisfaction_rating, satisfaction_comment on public.tickets
  for each row execute function private.guard_ticket_rating();

-- A new comment on an unchanged rating is history too (a changed rating is logged with its
-- comment by log_ticket_changes).
create function private.log_rating_comment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta)
  values (new.id, auth.uid(), 'rating', new.satisfaction_comment, false,
    jsonb_build_object(
      'field', 'satisfaction_comment',
      'old', old.satisfaction_rating,
      'new', new.satisfaction_rating
    ));
  return null;
end
$$;

create trigger tickets_log_rating_comment
  after update of satisfaction_comment on public.tickets
  for each row
  when (
    new.satisfaction_rating is not null
    and new.satisfaction_rating is not distinct from old.satisfaction_rating
    and new.satisfaction_comment is distinct from old.satisfaction_comment
  )
  execute function private.log_rating_comment();

-- The customer's way to rate, with clear refusals: a ticket that is not theirs (or does not exist)
-- is named as such instead of silently updating nothing. Runs as the caller, so RLS and the guards
-- above decide.
create function public.rate_ticket(
  ticket_id bigint,
  rating public.satisfaction_rating,
  comment text default null
)
returns public.tickets
language plpgsql
set search_path = ''
as $$
#variable_conflict use_variable
declare
  rated public.tickets;
begin
  if char_length(comment) > 2000 then
    raise exception 'Keep the comment under 2,000 characters.' using errcode = 'P0001';
  end if;
  update public.tickets t
  set satisfaction_rating = rating, satisfaction_comment = nullif(btrim(comment), '')
  where t.id = ticket_id
  returning t.* into rated;
  if not found then
    raise exception 'There is no ticket #% of yours to rate.', ticket_id using errcode = 'P0002';
  end if;
  return rated;
end
$$;

revoke execute on function private.rating_window() from public;
grant execute on function private.rating_window() to authenticated;
revoke execute on function private.guard_ticket_rating() from public;
revoke execute on function private.log_rating_comment() from public;
revoke execute on function public.rate_ticket(bigint, public.satisfaction_rating, text)
  from public, anon;
grant execute on function public.rate_ticket(bigint, public.satisfaction_rating, text)
  to authenticated;
