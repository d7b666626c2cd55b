-- The append-only history of a ticket: replies, internal notes, and one row for every change of
-- status, assignee, team, priority, tags and rating (written by triggers, see ticket_history).

create table public.ticket_activities (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references public.tickets (id) on delete cascade,
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  kind public.activity_kind not null,
  body text check (char_length(body) <= 50000),
  is_internal boolean not null default false,
  meta jsonb not null default '{}' check (jsonb_typeof(meta) = 'object'),
  created_at timestamptz not null default now(),
  -- Lets attachments reference (activity, ticket) so a file cannot point at another ticket's reply.
  constraint ticket_activities_id_ticket_id_key unique (id, ticket_id),
  constraint ticket_activities_message_has_body_check check (
    kind not in ('reply', 'note') or (body is not null and btrim(body) <> '')
  ),
  constraint ticket_activities_note_is_internal_check check (kind <> 'note' or is_internal),
  constraint ticket_activities_reply_is_public_check check (kind <> 'reply' or not is_internal)
);

create index ticket_activities_ticket_id_created_at_idx
  on public.ticket_activities (ticket_id, created_at);
create index ticket_activities_author_id_idx on public.ticket_activities (author_id);
