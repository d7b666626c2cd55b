-- Who hears about what, decided in the event's own transaction (triggers on tickets and on their
-- history rows), so every client, the app, a direct API caller or an automation, gets the same.
--   customer  in-app: an agent replied, the status changed, the ticket was solved
--             email:  ticket received, agent replied (with the text and a link), ticket solved
--                     (with the rating links), each as their preferences allow
--   agent and admin, in-app: a ticket was assigned to me, the customer replied on (or reopened,
--             solved, rated) my ticket, someone wrote @my name in a note, a rule notified me
-- Nobody hears about their own doing. One event is one notification: a status change that comes
-- with a reply from the same person is told by the reply, except a solve.

-- Names and snippets as notifications show them.
create function private.person_name(person uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select coalesce(nullif(btrim(p.full_name), ''), split_part(p.email, '@', 1))
     from public.profiles p where p.id = person),
    'AutoCRM'
  )
$$;

create function private.excerpt(content text, max_length integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when char_length(flat) <= max_length then flat
    else rtrim(left(flat, max_length - 1)) || '…'
  end
  from (select regexp_replace(btrim(coalesce(content, '')), '\s+', ' ', 'g') as flat) s
$$;

create function private.quoted_subject(subject text)
returns text
language sql
immutable
set search_path = ''
as $$
  select '“' || private.excerpt(subject, 120) || '”'
$$;

-- A name as a literal inside a regular expression.
create function private.regexp_escape(literal text)
returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(literal, '([!$()*+.:<=>?[\\\]^{|}-])', '\\\1', 'g')
$$;

-- One in-app notification, unless it would tell someone about their own doing, or this
-- transaction already told them the same about the same ticket.
create function private.notify(
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
    select 1 from public.notifications n
    where n.recipient_id = recipient and n.kind = kind
      and n.ticket_id is not distinct from ticket_id and n.created_at = now()
  ) then
    return;
  end if;
  insert into public.notifications (recipient_id, kind, ticket_id, activity_id, actor_id, title, body)
  values (recipient, kind, ticket_id, activity_id, actor, left(title, 300), left(coalesce(body, ''), 300));
end
$$;

-- Queues one email for `recipient` about `ticket`, if they want it and have an address. The row
-- carries what the template shows as it is now.
create function private.queue_email(
  recipient uuid,
  template public.email_template,
  ticket public.tickets,
  activity_id bigint,
  data jsonb
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  person public.profiles;
  token text;
begin
  select * into person from public.profiles p where p.id = recipient;
  if not found or person.email !~ '^[^@[:space:]]+@[^@[:space:]]+$'
    or not private.wants_email(recipient, template) then
    return;
  end if;
  select p.unsubscribe_token into token
  from public.notification_preferences p where p.user_id = recipient;
  insert into public.email_outbox (
    recipient_id, to_email, to_name, template, ticket_id, activity_id, data
  )
  values (
    recipient, person.email, left(person.full_name, 200), template, ticket.id, activity_id,
    data || jsonb_build_object(
      'ticket_id', ticket.id,
      'subject', ticket.subject,
      'customer_name', person.full_name,
      'unsubscribe_token', token
    )
  );
end
$$;

-- A new ticket: its assignee (set by staff, routing or a follow-up) hears of it, and its customer
-- gets word that it arrived.
create function private.deliver_new_ticket()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  by_staff boolean := public.user_role() in ('agent', 'admin');
begin
  perform private.notify(
    new.assignee_id, 'assigned', new.id, null, case when by_staff then actor end,
    private.quoted_subject(new.subject) || ' was assigned to you',
    case when by_staff then 'By ' || private.person_name(actor) else 'New ticket' end
  );
  perform private.queue_email(
    new.customer_id, 'ticket_received', new, null,
    jsonb_build_object('description', left(new.description, 20000))
  );
  return null;
end
$$;

create trigger tickets_deliver_notifications
  after insert on public.tickets
  for each row execute function private.deliver_new_ticket();

-- How a status reads in a customer's notification.
create function private.status_phrase(status text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case status
    when 'open' then 'open again'
    when 'pending' then 'waiting for your reply'
    when 'on_hold' then 'on hold'
    when 'solved' then 'solved'
    when 'closed' then 'closed'
    else status
  end
$$;

-- Every history row: replies, notes (for mentions), status changes, assignments, ratings and the
-- automations' notify actions. Runs before ticket_activities_handle_message (name order), so a
-- reply is told before the status change it causes.
create function private.deliver_activity()
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

  elsif new.kind = 'assignment' and new.meta ->> 'field' = 'assignee_id'
    and coalesce(new.meta ->> 'new', '') ~ '^[0-9a-f-]{36}$' then
    perform private.notify((new.meta ->> 'new')::uuid, 'assigned', ticket.id, new.id, actor,
      subject || ' was assigned to you',
      case when actor is null then 'By routing' else 'By ' || actor_name end);

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

create trigger ticket_activities_deliver_notifications
  after insert on public.ticket_activities
  for each row execute function private.deliver_activity();

revoke execute on function private.person_name(uuid) from public;
revoke execute on function private.excerpt(text, integer) from public;
revoke execute on function private.quoted_subject(text) from public;
revoke execute on function private.regexp_escape(text) from public;
revoke execute on function private.notify(uuid, public.notification_kind, bigint, bigint, uuid, text, text)
  from public;
revoke execute on function private.queue_email(uuid, public.email_template, public.tickets, bigint, jsonb)
  from public;
revoke execute on function private.deliver_new_ticket() from public;
revoke execute on function private.status_phrase(text) from public;
revoke execute on function private.deliver_activity() from public;
