-- Email to customers, through an outbox: the triggers in `deliveries` queue a row in the event's
-- transaction (so no code path can forget one, and an SMTP outage delays nothing else), and the
-- app's sender (src/lib/server/email) delivers the rows over SMTP with the service role, through
-- the functions below. Each row is claimed before it is sent and settled after, so it is sent at
-- most once: a claim whose sender died is settled as failed, never sent again.
-- Every person has email preferences, with an unsubscribe token for the links in those emails.

create table public.notification_preferences (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  email_ticket_received boolean not null default true,
  email_agent_reply boolean not null default true,
  email_ticket_solved boolean not null default true,
  -- For the one-click unsubscribe link: it stands for the person without a session.
  unsubscribe_token text not null unique
    default encode(extensions.gen_random_bytes(24), 'hex'),
  updated_at timestamptz not null default now()
);

create trigger notification_preferences_set_updated_at
  before update on public.notification_preferences
  for each row execute function public.set_updated_at();

alter table public.notification_preferences enable row level security;

create policy "people read their own preferences"
  on public.notification_preferences for select to authenticated
  using (user_id = (select auth.uid()));

create policy "people change their own preferences"
  on public.notification_preferences for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

-- Rows follow profiles (a trigger creates them); the token is the database's alone.
revoke all on table public.notification_preferences from anon, authenticated;
grant select (user_id, email_ticket_received, email_agent_reply, email_ticket_solved, updated_at)
  on table public.notification_preferences to authenticated;
grant update (email_ticket_received, email_agent_reply, email_ticket_solved)
  on table public.notification_preferences to authenticated;

create function private.create_notification_preferences()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.notification_preferences (user_id) values (new.id) on conflict do nothing;
  return null;
end
$$;

create trigger profiles_create_notification_preferences
  after insert on public.profiles
  for each row execute function private.create_notification_preferences();

insert into public.notification_preferences (user_id)
select p.id from public.profiles p
on conflict do nothing;

-- The outbox ---------------------------------------------------------------------------------------

create type public.email_template as enum ('ticket_received', 'agent_reply', 'ticket_solved');

-- pending: waiting for its time; sending: claimed by a sender; sent; failed: bounced, out of tries,
-- or interrupted mid-send; cancelled: the recipient unsubscribed before it went out.
create type public.email_status as enum ('pending', 'sending', 'sent', 'failed', 'cancelled');

create table public.email_outbox (
  id bigint generated always as identity primary key,
  recipient_id uuid references public.profiles (id) on delete set null,
  to_email text not null check (to_email like '_%@_%' and char_length(to_email) <= 320),
  to_name text not null default '' check (char_length(to_name) <= 200),
  template public.email_template not null,
  ticket_id bigint references public.tickets (id) on delete set null,
  activity_id bigint references public.ticket_activities (id) on delete set null,
  -- What the template shows, as it was when the event happened.
  data jsonb not null default '{}' check (jsonb_typeof(data) = 'object'),
  status public.email_status not null default 'pending',
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  -- A claim lasts until then; past it, the claim's sender is taken to have died mid-send.
  lease_expires_at timestamptz,
  last_error text check (char_length(last_error) <= 1000),
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now()
);

create index email_outbox_due_idx on public.email_outbox (next_attempt_at, id)
  where status = 'pending';
create index email_outbox_claimed_idx on public.email_outbox (lease_expires_at)
  where status = 'sending';
create index email_outbox_recipient_id_idx on public.email_outbox (recipient_id);
create index email_outbox_ticket_id_idx on public.email_outbox (ticket_id);
create index email_outbox_activity_id_idx on public.email_outbox (activity_id);

alter table public.email_outbox enable row level security;

-- Admins look at what went out and what failed; only the database and the sender write.
create policy "admins read the outbox"
  on public.email_outbox for select to authenticated
  using ((select public.user_role()) = 'admin');

revoke insert, update, delete, truncate on table public.email_outbox from anon, authenticated;

-- Whether `recipient` still wants emails from `template`.
create function private.wants_email(recipient uuid, template public.email_template)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((
    select case template
      when 'ticket_received' then p.email_ticket_received
      when 'agent_reply' then p.email_agent_reply
      when 'ticket_solved' then p.email_ticket_solved
    end
    from public.notification_preferences p
    where p.user_id = recipient
  ), true)
$$;

-- The sender's side ----------------------------------------------------------------------------------

-- Claims up to `batch_size` due emails for one sender for `lease_seconds`, first settling claims
-- whose sender died (failed: they may have gone out, so they never go again) and cancelling emails
-- their recipient no longer wants. Concurrent senders never claim the same row.
create function public.claim_outbox_emails(batch_size integer default 50, lease_seconds integer default 120)
returns setof public.email_outbox
language plpgsql
security definer
set search_path = ''
as $$
begin
  if batch_size is null or batch_size < 1 or batch_size > 500 then
    raise exception 'batch_size must be between 1 and 500' using errcode = '22023';
  end if;
  if lease_seconds is null or lease_seconds < 1 or lease_seconds > 3600 then
    raise exception 'lease_seconds must be between 1 and 3600' using errcode = '22023';
  end if;

  update public.email_outbox o
  set status = 'failed', lease_expires_at = null, updated_at = now(),
    last_error = 'Interrupted: the sender stopped before it knew whether this email was delivered, so it is not sent again.'
  where o.status = 'sending' and o.lease_expires_at < now();

  update public.email_outbox o
  set status = 'cancelled', updated_at = now(), last_error = 'The recipient unsubscribed.'
  where o.status = 'pending' and o.next_attempt_at <= now()
    and not private.wants_email(o.recipient_id, o.template);

  return query
  with due as (
    select o.id
    from public.email_outbox o
    where o.status = 'pending' and o.next_attempt_at <= now()
    order by o.next_attempt_at, o.id
    limit batch_size
    for update skip locked
  )
  update public.email_outbox o
  set status = 'sending', attempts = o.attempts + 1, updated_at = now(),
    lease_expires_at = now() + make_interval(secs => lease_seconds)
  from due
  where o.id = due.id
  returning o.*;
end
$$;

-- Settles claimed emails: `results` is an array of
--   {"id": 1, "outcome": "sent", "message_id": "<…>"}
--   {"id": 2, "outcome": "retry", "error": "451 …", "retry_in": 60}   back to pending, later
--   {"id": 3, "outcome": "failed", "error": "550 …"}                    bounced or out of tries
--   {"id": 4, "outcome": "released"}            never handed to SMTP: pending again, try not counted
-- Only rows still claimed change. Returns how many did.
create function public.settle_outbox_emails(results jsonb)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  settled integer;
begin
  if jsonb_typeof(results) is distinct from 'array' then
    raise exception 'results must be a JSON array' using errcode = '22023';
  end if;
  if exists (
    select 1 from jsonb_array_elements(results) r
    where jsonb_typeof(r) <> 'object'
      or coalesce(r ->> 'outcome', '') not in ('sent', 'retry', 'failed', 'released')
      or coalesce(r ->> 'id', '') !~ '^[0-9]{1,18}$'
      or (r ->> 'outcome' = 'retry' and coalesce(r ->> 'retry_in', '') !~ '^[0-9]{1,7}(\.[0-9]+)?$')
  ) then
    raise exception 'each result needs an id and an outcome of sent, retry (with retry_in), failed or released'
      using errcode = '22023';
  end if;

  with outcome as (
    select (r ->> 'id')::bigint as id, r ->> 'outcome' as outcome,
      left(r ->> 'error', 1000) as error, r ->> 'message_id' as message_id,
      coalesce((r ->> 'retry_in')::double precision, 0) as retry_in
    from jsonb_array_elements(results) r
  ),
  changed as (
    update public.email_outbox o
    set
      status = case x.outcome
        when 'sent' then 'sent'
        when 'failed' then 'failed'
        else 'pending'
      end::public.email_status,
      attempts = case when x.outcome = 'released' then o.attempts - 1 else o.attempts end,
      sent_at = case when x.outcome = 'sent' then now() end,
      next_attempt_at = case
        when x.outcome = 'retry' then now() + make_interval(secs => x.retry_in)
        else o.next_attempt_at
      end,
      last_error = case when x.outcome = 'sent' then null else coalesce(x.error, o.last_error) end,
      message_id = coalesce(x.message_id, o.message_id),
      lease_expires_at = null,
      updated_at = now()
    from outcome x
    where o.id = x.id and o.status = 'sending'
    returning 1
  )
  select count(*)::integer into settled from changed;
  return settled;
end
$$;

-- The unsubscribe link: turns off every email for the person the token stands for, and cancels
-- what is still waiting. Works without a session, as the link must; says whether the token was
-- known. The API calls it through public.unsubscribe_from_emails.
create function private.unsubscribe_from_emails(token text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  person uuid;
begin
  update public.notification_preferences p
  set email_ticket_received = false, email_agent_reply = false, email_ticket_solved = false
  where p.unsubscribe_token = token
  returning p.user_id into person;
  if person is null then
    return false;
  end if;
  update public.email_outbox o
  set status = 'cancelled', updated_at = now(), last_error = 'The recipient unsubscribed.'
  where o.recipient_id = person and o.status = 'pending';
  return true;
end
$$;

revoke execute on function private.create_notification_preferences() from public;
revoke execute on function private.wants_email(uuid, public.email_template) from public;
revoke execute on function public.claim_outbox_emails(integer, integer) from public, anon, authenticated;
grant execute on function public.claim_outbox_emails(integer, integer) to service_role;
revoke execute on function public.settle_outbox_emails(jsonb) from public, anon, authenticated;
grant execute on function public.settle_outbox_emails(jsonb) to service_role;
revoke execute on function private.unsubscribe_from_emails(text) from public;
grant execute on function private.unsubscribe_from_emails(text) to anon, authenticated;
grant usage on schema private to anon;

create function public.unsubscribe_from_emails(token text)
returns boolean
language sql
set search_path = ''
as $$
  select private.unsubscribe_from_emails(token)
$$;

revoke execute on function public.unsubscribe_from_emails(text) from public;
grant execute on function public.unsubscribe_from_emails(text) to anon, authenticated;
