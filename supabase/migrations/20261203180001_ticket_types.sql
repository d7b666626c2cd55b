-- Ticket types (question, problem, billing, …): what a customer picks when filing a ticket, and what
-- SLA policies and automation rules can select on. Admins manage the list; everyone signed in reads
-- it, because customers choose from it.

create table public.ticket_types (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (btrim(name) <> '' and char_length(name) <= 100),
  description text not null default '' check (char_length(description) <= 1000),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger ticket_types_set_updated_at
  before update on public.ticket_types
  for each row execute function public.set_updated_at();

alter table public.tickets
  add column type_id uuid references public.ticket_types (id) on delete set null;

create index tickets_type_id_idx on public.tickets (type_id);

alter table public.ticket_types enable row level security;

create policy "signed-in users read ticket types"
  on public.ticket_types for select to authenticated
  using (true);

create policy "admins create ticket types"
  on public.ticket_types for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update ticket types"
  on public.ticket_types for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete ticket types"
  on public.ticket_types for delete to authenticated
  using ((select public.user_role()) = 'admin');
