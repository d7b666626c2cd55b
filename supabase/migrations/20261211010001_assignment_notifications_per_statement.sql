-- Bulk actions on PGlite (issue 13): "assigned to you" notifications written once per statement.
--
-- private.deliver_activity ran once per history row and sent each notification with a statement of
-- its own (private.notify): a bulk assign of 1,000 tickets made 1,000 trigger calls, 1,000 one-row
-- inserts into notifications and, as realtime captures per statement, 1,000 captures and
-- pg_notify calls. The history of an update is written by one statement (20261210010002), so one
-- statement-level trigger now notifies the new assignees of all its rows with one insert.
--
-- What is sent is unchanged: the same recipients (not the actor, only people with a profile, not
-- those who muted the kind), titles, bodies and actors, at most once per transaction (the same
-- constraint), in the order of the history rows. Other kinds keep the row trigger, which no longer
-- runs for assignment rows (a team's assignment notified no one). Only the order across kinds
-- moves: a statement's other notifications (a status change tells the customer) now come before all
-- of its assignment notifications, not between them; per ticket and per recipient the order stays.
-- Realtime now sees a statement's history rows before its assignment notifications (statement
-- triggers fire by name: the stack's capture first), the order PostgreSQL's WAL has them in.

-- As in 20261203150006, without the assignment branch.
create or replace function private.deliver_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ticket public.tickets;
  actor uuid := new.author_id;
  actor_name text := private.person_name(new.author_id);
  subject text;
  new_status text;
  told_by_reply boolean;
  mentioned record;
  recipient text;
begin
  select * into ticket from public.tickets t where t.id = new.ticket_id;
  if not found then
    return null;
  end if;
  subject := private.quoted_subject(ticket.subject);

  if new.kind = 'reply' then
    if actor is not distinct from ticket.customer_id then
      perform private.notify(ticket.assignee_id, 'reply', ticket.id, new.id, actor,
        actor_name || ' replied on ' || subject, private.excerpt(new.body, 200));
    else
      perform private.notify(ticket.customer_id, 'reply', ticket.id, new.id, actor,
        actor_name || ' replied on ' || subject, private.excerpt(new.body, 200));
      perform private.queue_email(ticket.customer_id, 'agent_reply', ticket, new.id,
        jsonb_build_object('author_name', actor_name, 'body', left(new.body, 20000)));
    end if;

  elsif new.kind = 'note' then
    if position('@' in new.body) > 0 then
      for mentioned in
        select p.id from public.profiles p
        where p.role in ('agent', 'admin') and p.id is distinct from actor
          and new.body ~* (
            '(^|[^[:alnum:]_.@])@(' || private.regexp_escape(btrim(p.full_name)) || '|'
              || private.regexp_escape(split_part(p.email, '@', 1)) || ')($|[^[:alnum:]_])'
          )
      loop
        perform private.notify(mentioned.id, 'mention', ticket.id, new.id, actor,
          actor_name || ' mentioned you on ' || subject, private.excerpt(new.body, 200));
      end loop;
    end if;

  elsif new.kind = 'status' and not new.is_internal then
    new_status := new.meta ->> 'new';
    if actor is not distinct from ticket.customer_id then
      told_by_reply := new_status <> 'solved' and exists (
        select 1 from public.notifications n
        where n.recipient_id = ticket.assignee_id and n.ticket_id = ticket.id
          and n.kind = 'reply' and n.created_at = now()
      );
      if not told_by_reply then
        perform private.notify(ticket.assignee_id, 'status', ticket.id, new.id, actor,
          actor_name || case when new_status = 'solved' then ' marked ' || subject || ' as solved'
            else ' reopened ' || subject end);
      end if;
    elsif new_status = 'solved' then
      perform private.notify(ticket.customer_id, 'solved', ticket.id, new.id, actor,
        subject || ' was solved', 'How did we do? Rate the help you got.');
      -- A reply sent with the solve already went out in this transaction: it says both.
      update public.email_outbox o
      set data = o.data || '{"solved": true}'
      where o.ticket_id = ticket.id and o.recipient_id = ticket.customer_id
        and o.template = 'agent_reply' and o.status = 'pending' and o.created_at = now();
      if not found then
        perform private.queue_email(ticket.customer_id, 'ticket_solved', ticket, new.id,
          jsonb_build_object('solved_by', actor_name));
      end if;
    elsif not (new.meta ->> 'old' = 'solved' and new_status = 'closed') then
      told_by_reply := exists (
        select 1 from public.notifications n
        where n.recipient_id = ticket.customer_id and n.ticket_id = ticket.id
          and n.kind = 'reply' and n.created_at = now()
      );
      if not told_by_reply then
        perform private.notify(ticket.customer_id, 'status', ticket.id, new.id, actor,
          subject || ' is ' || private.status_phrase(new_status),
          case when actor is null then '' else 'Changed by ' || actor_name end);
      end if;
    end if;

  elsif new.kind = 'rating' then
    perform private.notify(ticket.assignee_id, 'rating', ticket.id, new.id, actor,
      actor_name || ' rated ' || subject || ' '
        || case when ticket.satisfaction_rating = 'bad' then 'Bad' else 'Good' end,
      private.excerpt(new.body, 200));

  elsif new.kind = 'system' and new.meta ->> 'event' = 'notification'
    and jsonb_typeof(new.meta -> 'recipient_ids') = 'array' then
    for recipient in select jsonb_array_elements_text(new.meta -> 'recipient_ids') loop
      if recipient ~ '^[0-9a-f-]{36}$' then
        perform private.notify(recipient::uuid, 'automation', ticket.id, new.id, null,
          subject || ': ' || coalesce(nullif(new.meta ->> 'message', ''), 'an automation rule needs you'));
      end if;
    end loop;
  end if;
  return null;
end
$$;
create function private.deliver_assignments()
returns trigger
language plpgsql
security definer
set search_path = ''
set jit = off
as $$
declare
  -- Whom an assignment may notify, and the actors' names: once per person, not per row.
  takers uuid[];
  names jsonb;
begin
  takers := array(
    select distinct (n.meta ->> 'new')::uuid
    from new_rows n
    where n.kind = 'assignment' and n.meta ->> 'field' = 'assignee_id'
      and coalesce(n.meta ->> 'new', '') ~ '^[0-9a-f-]{36}$'
  );
  if takers = '{}' then
    return null;
  end if;
  takers := array(
    select r from unnest(takers) r
    where exists (select 1 from public.profiles p where p.id = r)
      and not exists (
        select 1 from public.notification_preferences p
        where p.user_id = r and 'assigned' = any (p.muted_kinds)
      )
  );
  names := (
    select jsonb_object_agg(a.author_id, private.person_name(a.author_id))
    from (select distinct n.author_id from new_rows n where n.author_id is not null) a
  );
  -- Only a scan of new_rows and an index lookup of each ticket: no join to plan from the transition
  -- table's estimate (frozen at the session's first statement), and the rows keep their order.
  insert into public.notifications (
    recipient_id, kind, ticket_id, activity_id, actor_id, title, body
  )
  select a.recipient, 'assigned', a.ticket_id, a.id, a.author_id,
    left(private.quoted_subject(a.subject) || ' was assigned to you', 300),
    left(case when a.author_id is null then 'By routing'
      else 'By ' || (names ->> a.author_id::text) end, 300)
  from (
    select n.id, n.ticket_id, n.author_id,
      case when coalesce(n.meta ->> 'new', '') ~ '^[0-9a-f-]{36}$' then (n.meta ->> 'new')::uuid end
        as recipient,
      (select t.subject from public.tickets t where t.id = n.ticket_id) as subject
    from new_rows n
    where n.kind = 'assignment' and n.meta ->> 'field' = 'assignee_id'
  ) a
  where a.recipient = any (takers) and a.recipient is distinct from a.author_id
    and a.subject is not null
  on conflict on constraint notifications_once_per_transaction do nothing;
  return null;
end
$$;

revoke execute on function private.deliver_assignments() from public, anon, authenticated;

drop trigger ticket_activities_deliver_notifications on public.ticket_activities;
create trigger ticket_activities_deliver_notifications
  after insert on public.ticket_activities
  for each row
  when (new.kind <> 'assignment')
  execute function private.deliver_activity();
create trigger ticket_activities_deliver_assignments
  after insert on public.ticket_activities
  referencing new table as new_rows
  for each statement execute function private.deliver_assignments();
