-- The knowledge base: categories, articles written in Markdown, and every saved version of each
-- article. Who reads what is decided here, by RLS, for every client alike: anonymous visitors read
-- published public articles only, signed-in customers also those for customers, staff everything.
-- Staff write them, with the second factor where it is required (20261203170001).

create extension if not exists pg_trgm with schema extensions;

create type public.kb_article_status as enum ('draft', 'published', 'archived');
create type public.kb_visibility as enum ('public', 'customers', 'internal');

-- Categories -----------------------------------------------------------------------------------

create table public.kb_categories (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 80),
  slug text not null unique
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80),
  description text not null default '' check (char_length(description) <= 300),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.kb_categories is
  'Knowledge base categories, in the order of position. Readable by everyone, kept by staff.';

create index kb_categories_position_idx on public.kb_categories (position, name);

-- Articles -------------------------------------------------------------------------------------

create table public.kb_articles (
  id bigint generated always as identity primary key,
  category_id uuid not null references public.kb_categories (id) on delete restrict,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  slug text not null
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 120),
  -- Long guides fit; a megabyte of text is refused (the editor says so before it gets here).
  body text not null default '' check (char_length(body) <= 100000),
  tags text[] not null default '{}'
    check (cardinality(tags) <= 20 and array_position(tags, null) is null),
  status public.kb_article_status not null default 'draft',
  visibility public.kb_visibility not null default 'public',
  author_id uuid references public.profiles (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  -- Written by a trigger: title (A) > tags (B) > body (C), for search_kb_articles.
  document tsvector not null default ''::tsvector,
  constraint kb_articles_slug_key unique (slug)
);

comment on table public.kb_articles is
  'Knowledge base articles (Markdown). RLS: published public ones for everyone, customers ones for signed-in people, all for staff.';

create index kb_articles_category_idx on public.kb_articles (category_id, status, visibility);
create index kb_articles_status_updated_idx on public.kb_articles (status, updated_at desc);
create index kb_articles_author_idx on public.kb_articles (author_id);
create index kb_articles_document_idx on public.kb_articles using gin (document);
create index kb_articles_tags_idx on public.kb_articles using gin (tags);
-- Typo tolerance: titles compared by trigram word similarity.
create index kb_articles_title_trgm_idx on public.kb_articles
  using gin (lower(title) extensions.gin_trgm_ops);

-- The search document and the timestamps, whoever writes the row.
create function private.prepare_kb_article()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.tags := coalesce(
    (select array_agg(distinct lower(btrim(t))) from unnest(new.tags) t where btrim(t) <> ''),
    '{}'
  );
  if tg_op = 'INSERT'
    or new.title is distinct from old.title
    or new.tags is distinct from old.tags
    or new.body is distinct from old.body then
    new.document := setweight(to_tsvector('english'::regconfig, new.title), 'A')
      || setweight(to_tsvector('english'::regconfig, array_to_string(new.tags, ' ')), 'B')
      || setweight(to_tsvector('english'::regconfig, new.body), 'C');
  end if;
  if tg_op = 'UPDATE' then
    new.created_at := old.created_at;
    new.author_id := old.author_id;
    new.updated_at := now();
  else
    new.created_at := now();
    new.updated_at := now();
  end if;
  if new.status = 'published' and (tg_op = 'INSERT' or old.status <> 'published') then
    new.published_at := now();
  elsif new.status <> 'published' then
    new.published_at := null;
  elsif tg_op = 'UPDATE' then
    new.published_at := old.published_at;
  end if;
  return new;
end
$$;

create trigger kb_articles_prepare
  before insert or update on public.kb_articles
  for each row execute function private.prepare_kb_article();

create function private.stamp_kb_category()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger kb_categories_stamp
  before update on public.kb_categories
  for each row execute function private.stamp_kb_category();

-- Revisions: every save kept ---------------------------------------------------------------------

create table public.kb_revisions (
  id bigint generated always as identity primary key,
  article_id bigint not null references public.kb_articles (id) on delete cascade,
  revision integer not null,
  title text not null,
  slug text not null,
  body text not null,
  tags text[] not null,
  category_id uuid not null,
  status public.kb_article_status not null,
  visibility public.kb_visibility not null,
  editor_id uuid references public.profiles (id) on delete set null,
  -- The revision this one brought back, when it was written by restore_kb_revision.
  restored_from integer,
  created_at timestamptz not null default now(),
  unique (article_id, revision)
);

comment on table public.kb_revisions is
  'Every saved version of every knowledge base article, written by a trigger. Staff read them; nobody edits them.';

create index kb_revisions_editor_idx on public.kb_revisions (editor_id);

create function private.record_kb_revision()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.kb_revisions (
    article_id, revision, title, slug, body, tags, category_id, status, visibility, editor_id,
    restored_from
  )
  values (
    new.id,
    coalesce(
      (select max(r.revision) from public.kb_revisions r where r.article_id = new.id), 0
    ) + 1,
    new.title, new.slug, new.body, new.tags, new.category_id, new.status, new.visibility,
    auth.uid(),
    nullif(current_setting('kb.restored_from', true), '')::integer
  );
  return null;
end
$$;

create trigger kb_articles_record_revision
  after insert on public.kb_articles
  for each row execute function private.record_kb_revision();

-- A save that changes nothing is no new version.
create trigger kb_articles_record_change
  after update on public.kb_articles
  for each row
  when (
    (old.title, old.slug, old.body, old.tags, old.category_id, old.status, old.visibility)
    is distinct from
    (new.title, new.slug, new.body, new.tags, new.category_id, new.status, new.visibility)
  )
  execute function private.record_kb_revision();

-- Brings back an earlier revision's text (title, slug, body, tags, category) as a new revision; the
-- article keeps its status and visibility. Runs as the caller, so RLS decides who may.
create function public.restore_kb_revision(revision_id bigint)
returns public.kb_articles
language plpgsql
set search_path = ''
as $$
declare
  source public.kb_revisions;
  restored public.kb_articles;
begin
  select * into source from public.kb_revisions r where r.id = revision_id;
  if not found then
    raise exception 'That revision does not exist.' using errcode = 'P0002';
  end if;
  perform set_config('kb.restored_from', source.revision::text, true);
  update public.kb_articles a
  set title = source.title, slug = source.slug, body = source.body, tags = source.tags,
      category_id = source.category_id
  where a.id = source.article_id
  returning * into restored;
  perform set_config('kb.restored_from', '', true);
  if restored.id is null then
    raise exception 'Only agents and admins may restore a revision (with two-factor sign-in where required).' using errcode = '42501';
  end if;
  return restored;
end
$$;

revoke execute on function public.restore_kb_revision(bigint) from public, anon;
grant execute on function public.restore_kb_revision(bigint) to authenticated;

-- RLS ------------------------------------------------------------------------------------------

alter table public.kb_categories enable row level security;
alter table public.kb_articles enable row level security;
alter table public.kb_revisions enable row level security;

create policy "everyone reads the categories"
  on public.kb_categories for select to anon, authenticated
  using (true);

create policy "staff keep the categories"
  on public.kb_categories for all to authenticated
  using ((select public.user_role()) in ('agent', 'admin'))
  with check ((select public.user_role()) in ('agent', 'admin'));

create policy "anonymous visitors read published public articles"
  on public.kb_articles for select to anon
  using (status = 'published' and visibility = 'public');

create policy "signed-in people read published public and customers articles, staff all"
  on public.kb_articles for select to authenticated
  using (
    (status = 'published' and visibility in ('public', 'customers'))
    or (select public.user_role()) in ('agent', 'admin')
  );

create policy "staff write articles"
  on public.kb_articles for insert to authenticated
  with check ((select public.user_role()) in ('agent', 'admin'));

create policy "staff change articles"
  on public.kb_articles for update to authenticated
  using ((select public.user_role()) in ('agent', 'admin'))
  with check ((select public.user_role()) in ('agent', 'admin'));

create policy "admins delete articles"
  on public.kb_articles for delete to authenticated
  using ((select public.user_role()) = 'admin');

create policy "staff read revisions"
  on public.kb_revisions for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

-- History is written by the trigger alone.
revoke insert, update, delete, truncate on table public.kb_revisions
  from anon, authenticated, service_role;
revoke insert, update, delete, truncate on table public.kb_categories, public.kb_articles from anon;

do $$
declare
  settings text;
begin
  foreach settings in array array['kb_categories', 'kb_articles'] loop
    execute format(
      'create policy "two-factor sign-in where required to add" on public.%I
         as restrictive for insert to authenticated
         with check ((select private.mfa_requirement_met()))', settings);
    execute format(
      'create policy "two-factor sign-in where required to change" on public.%I
         as restrictive for update to authenticated
         using ((select private.mfa_requirement_met()))
         with check ((select private.mfa_requirement_met()))', settings);
    execute format(
      'create policy "two-factor sign-in where required to remove" on public.%I
         as restrictive for delete to authenticated
         using ((select private.mfa_requirement_met()))', settings);
  end loop;
end
$$;

revoke execute on function private.prepare_kb_article() from public, anon, authenticated;
revoke execute on function private.stamp_kb_category() from public, anon, authenticated;
revoke execute on function private.record_kb_revision() from public, anon, authenticated;
