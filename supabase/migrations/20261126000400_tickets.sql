-- Tickets, with the indexes every queue and portal query needs at 100k+ rows.

create table public.tickets (
  id bigint generated always as identity primary key,
  subject text not null check (btrim(subject) <> '' and char_length(subject) <= 200),
  description text not null check (btrim(description) <> '' and char_length(description) <= 20000),
  status public.ticket_status not null default 'open',
  priority public.ticket_priority not null default 'normal',
  customer_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  assignee_id uuid references public.profiles (id) on delete set null,
  team_id uuid references public.teams (id) on delete set null,
  tags text[] not null default '{}'
    check (cardinality(tags) <= 20 and array_position(tags, null) is null),
  custom_fields jsonb not null default '{}' check (jsonb_typeof(custom_fields) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  first_response_at timestamptz,
  solved_at timestamptz,
  due_at timestamptz,
  satisfaction_rating smallint,
  satisfaction_comment text check (char_length(satisfaction_comment) <= 2000),
  -- Full-text search over subject and description (`.textSearch('fts', q)` in supabase-js), kept
  -- by a trigger: a generated column cannot be part of `replica identity full` on PostgreSQL 18.
  fts tsvector,
  constraint tickets_rating_when_solved_check check (
    satisfaction_rating is null
    or (satisfaction_rating between 1 and 5 and status in ('solved', 'closed'))
  ),
  constraint tickets_comment_with_rating_check check (
    satisfaction_comment is null or satisfaction_rating is not null
  )
);

-- Agent queues: by status, most recently active first.
create index tickets_status_updated_at_idx on public.tickets (status, updated_at desc);
-- "My tickets" for an agent.
create index tickets_assignee_id_status_idx on public.tickets (assignee_id, status);
-- A client's own tickets, newest first.
create index tickets_customer_id_created_at_idx on public.tickets (customer_id, created_at desc);
create index tickets_team_id_idx on public.tickets (team_id);
create index tickets_fts_idx on public.tickets using gin (fts);
create index tickets_tags_idx on public.tickets using gin (tags);

create function public.set_ticket_fts()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.fts := to_tsvector('english'::regconfig, new.subject || ' ' || new.description);
  return new;
end
$$;

create trigger tickets_set_fts
  before insert or update of subject, description, fts on public.tickets
  for each row execute function public.set_ticket_fts();

create trigger tickets_set_updated_at
  before update on public.tickets
  for each row execute function public.set_updated_at();
