-- Saved queue views: a name, a ticket query (filters, search, sort: see ticket_query) and the
-- columns shown. An agent's own views are theirs alone; shared views are seen by every agent and
-- admin, and made, changed and removed by admins only.

create table public.views (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  name text not null check (btrim(name) <> '' and char_length(name) <= 60),
  shared boolean not null default false,
  query jsonb not null default '{}' check (jsonb_typeof(query) = 'object'),
  columns text[] not null default '{}'
    check (cardinality(columns) <= 20 and array_position(columns, null) is null),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint views_owner_id_name_key unique (owner_id, name)
);

create index views_shared_idx on public.views (name) where shared;

create trigger views_set_updated_at
  before update on public.views
  for each row execute function public.set_updated_at();

-- A view's query must be one the queue can run: the same validation, with the same messages.
create function private.validate_view()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.query ? 'ids' then
    raise exception 'A saved view cannot hold a list of ticket ids.' using errcode = '22023';
  end if;
  perform private.ticket_filter_sql(new.query);
  perform private.ticket_sort(new.query);
  if exists (
    select 1 from unnest(new.columns) c
    where c not in ('subject', 'status', 'priority', 'customer', 'assignee', 'team', 'tags', 'created', 'updated')
  ) then
    raise exception 'A view shows the columns subject, status, priority, customer, assignee, team, tags, created and updated.'
      using errcode = '22023';
  end if;
  new.name := btrim(new.name);
  return new;
end
$$;

revoke execute on function private.validate_view() from public, anon, authenticated;

create trigger views_validate
  before insert or update on public.views
  for each row execute function private.validate_view();

alter table public.views enable row level security;

create policy "staff read their own views and shared views"
  on public.views for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    and (owner_id = (select auth.uid()) or shared)
  );

create policy "staff save their own views; admins share them"
  on public.views for insert to authenticated
  with check (
    owner_id = (select auth.uid())
    and (
      (select public.user_role()) = 'admin'
      or ((select public.user_role()) = 'agent' and not shared)
    )
  );

create policy "staff change their own views; admins change shared views"
  on public.views for update to authenticated
  using (
    ((select public.user_role()) = 'agent' and owner_id = (select auth.uid()) and not shared)
    or ((select public.user_role()) = 'admin' and (owner_id = (select auth.uid()) or shared))
  )
  with check (
    ((select public.user_role()) = 'agent' and owner_id = (select auth.uid()) and not shared)
    or ((select public.user_role()) = 'admin' and (owner_id = (select auth.uid()) or shared))
  );

create policy "staff delete their own views; admins delete shared views"
  on public.views for delete to authenticated
  using (
    ((select public.user_role()) = 'agent' and owner_id = (select auth.uid()) and not shared)
    or ((select public.user_role()) = 'admin' and (owner_id = (select auth.uid()) or shared))
  );

-- Who owns a view never changes through the API.
revoke update on table public.views from anon, authenticated;
grant update (name, shared, query, columns) on table public.views to authenticated;
