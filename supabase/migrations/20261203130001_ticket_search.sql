-- The agent workspace's search document: one row per ticket holding its subject (weight A), its
-- description (B) and the text of every reply and internal note (C), so a search over a whole
-- conversation is one GIN lookup on a million tickets instead of one over five million activities.
-- It lives in schema `private`, which the API does not expose: only the staff search functions
-- (ticket_query) read it. Staff see every reply and note, so the document holds them all.

create table private.ticket_search (
  ticket_id bigint primary key references public.tickets (id) on delete cascade,
  document tsvector not null
);

create index ticket_search_document_idx on private.ticket_search using gin (document);

revoke all on table private.ticket_search from public, anon, authenticated, service_role;

-- The document of one ticket, from scratch.
create function private.ticket_document(ticket public.tickets)
returns tsvector
language sql
stable
set search_path = ''
as $$
  select setweight(to_tsvector('english'::regconfig, ticket.subject), 'A')
    || setweight(to_tsvector('english'::regconfig, ticket.description), 'B')
    || coalesce(
      (
        select setweight(to_tsvector('english'::regconfig, string_agg(a.body, ' ' order by a.id)), 'C')
        from public.ticket_activities a
        where a.ticket_id = ticket.id and a.kind in ('reply', 'note')
      ),
      ''::tsvector
    )
$$;

-- Rebuilds the documents of some tickets (all of them when `ids` is null): after a bulk load or a
-- seed that wrote tickets and activities with triggers paused.
create function private.rebuild_ticket_search(ids bigint[] default null)
returns bigint
language plpgsql
set search_path = ''
as $$
declare
  written bigint;
begin
  insert into private.ticket_search (ticket_id, document)
  select t.id, private.ticket_document(t)
  from public.tickets t
  where ids is null or t.id = any(ids)
  on conflict (ticket_id) do update set document = excluded.document;
  get diagnostics written = row_count;
  return written;
end
$$;

create function private.index_ticket()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.ticket_search (ticket_id, document)
  values (new.id, private.ticket_document(new))
  on conflict (ticket_id) do update set document = excluded.document;
  return null;
end
$$;

-- A reply or note adds its words to the end of the document: no need to read the conversation again.
create function private.index_ticket_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update private.ticket_search s
  set document = s.document || setweight(to_tsvector('english'::regconfig, new.body), 'C')
  where s.ticket_id = new.ticket_id;
  return null;
end
$$;

create trigger tickets_index_search
  after insert or update of subject, description on public.tickets
  for each row execute function private.index_ticket();

create trigger ticket_activities_index_search
  after insert on public.ticket_activities
  for each row
  when (new.kind in ('reply', 'note') and new.body is not null)
  execute function private.index_ticket_message();

revoke execute on function private.index_ticket() from public, anon, authenticated;
revoke execute on function private.index_ticket_message() from public, anon, authenticated;
revoke execute on function private.rebuild_ticket_search(bigint[]) from public, anon, authenticated;
revoke execute on function private.ticket_document(public.tickets) from public, anon, authenticated;

-- Tickets that exist already (a hosted project migrating): index them now.
select private.rebuild_ticket_search();
