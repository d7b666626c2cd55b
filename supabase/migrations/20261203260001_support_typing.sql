-- "Support is typing…" on the customer's ticket page: a private broadcast topic per ticket,
-- `typing:<ticket id>`, apart from the staff's own channels. Staff tabs say on it, with no name,
-- that someone is writing a public reply (never a note: the app sends only in reply mode). The
-- ticket's customer may listen; nobody else may, and no customer may send. Broadcast only: the
-- topic has no presence, so a customer cannot learn who is looking at their ticket.

-- The ticket a typing topic is about, or null for any other topic (no cast that could fail).
create function private.typing_topic_ticket(topic text)
returns bigint
language sql
immutable
set search_path = ''
as $$
  select case when topic ~ '^typing:[1-9][0-9]{0,17}$' then substr(topic, 8)::bigint end
$$;

revoke execute on function private.typing_topic_ticket(text) from public, anon;
grant execute on function private.typing_topic_ticket(text) to authenticated;

-- The ticket lookup runs under the tickets' own RLS as well, two-factor rule included.
create policy "a ticket's customer and staff hear that support is typing"
  on realtime.messages for select to authenticated
  using (
    extension = 'broadcast'
    and realtime.topic() like 'typing:%'
    and exists (
      select 1
      from public.tickets t
      where t.id = private.typing_topic_ticket(realtime.topic())
        and (
          t.customer_id = (select auth.uid())
          or (select public.user_role()) in ('agent', 'admin')
        )
    )
  );

create policy "staff say that support is typing"
  on realtime.messages for insert to authenticated
  with check (
    extension = 'broadcast'
    and (select public.user_role()) in ('agent', 'admin')
    and realtime.topic() like 'typing:%'
    and exists (
      select 1 from public.tickets t where t.id = private.typing_topic_ticket(realtime.topic())
    )
  );
