-- Files on tickets. The bytes live in storage bucket `attachments` at
-- `<ticket_id>/<uuid>/<file_name>`; a row here makes a file part of the ticket (or of one of its
-- replies or notes), and its visibility follows that ticket and activity.

create table public.attachments (
  id uuid primary key default gen_random_uuid(),
  ticket_id bigint not null references public.tickets (id) on delete cascade,
  activity_id bigint,
  uploader_id uuid default auth.uid() references public.profiles (id) on delete set null,
  object_path text not null unique,
  file_name text not null check (btrim(file_name) <> '' and char_length(file_name) <= 255),
  content_type text not null check (content_type <> ''),
  size_bytes bigint not null check (size_bytes >= 0),
  created_at timestamptz not null default now(),
  constraint attachments_activity_id_ticket_id_fkey foreign key (activity_id, ticket_id)
    references public.ticket_activities (id, ticket_id) on delete cascade,
  constraint attachments_object_path_check check (
    object_path ~ ('^' || ticket_id::text || '/[^/]+/[^/]+$')
  )
);

create index attachments_ticket_id_idx on public.attachments (ticket_id);
create index attachments_activity_id_ticket_id_idx on public.attachments (activity_id, ticket_id);
create index attachments_uploader_id_idx on public.attachments (uploader_id);
