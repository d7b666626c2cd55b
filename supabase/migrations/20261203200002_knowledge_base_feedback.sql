-- What readers do with articles: views, `Was this helpful?` votes and deflections (a customer who
-- opened a suggested article and then did not file the ticket). Readers never touch these tables;
-- security definer functions record each event once per visitor (a view or deflection once a
-- day, a vote once ever) and keep the numbers staff see in kb_article_stats.

create table public.kb_article_stats (
  article_id bigint primary key references public.kb_articles (id) on delete cascade,
  views bigint not null default 0,
  helpful integer not null default 0,
  not_helpful integer not null default 0,
  deflections integer not null default 0
);

comment on table public.kb_article_stats is
  'Per article: views, helpful and not-helpful votes, deflections. Staff read them; functions write them.';

create table public.kb_votes (
  article_id bigint not null references public.kb_articles (id) on delete cascade,
  -- The signed-in person, or the anonymous visitor's cookie id.
  visitor_id uuid not null,
  helpful boolean not null,
  created_at timestamptz not null default now(),
  primary key (article_id, visitor_id)
);

create index kb_votes_visitor_idx on public.kb_votes (visitor_id, created_at);
create index kb_votes_article_time_idx on public.kb_votes (article_id, created_at);

create table private.kb_article_events (
  article_id bigint not null references public.kb_articles (id) on delete cascade,
  visitor_id uuid not null,
  kind text not null check (kind in ('view', 'deflection')),
  day date not null default current_date,
  primary key (article_id, kind, visitor_id, day)
);

comment on table public.kb_votes is
  'One `Was this helpful?` vote per visitor per article, written by vote_kb_article. Staff read them.';

revoke all on table private.kb_article_events from public, anon, authenticated;
revoke insert, update, delete, truncate on table public.kb_votes from anon, authenticated, service_role;

alter table public.kb_votes enable row level security;
alter table public.kb_article_stats enable row level security;

create policy "staff read the votes"
  on public.kb_votes for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "staff read the numbers"
  on public.kb_article_stats for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

revoke insert, update, delete, truncate on table public.kb_article_stats
  from anon, authenticated, service_role;

-- The article when the caller may read it and it is published (the rule of the select policies).
create function private.readable_published_article(article bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.kb_articles a
    where a.id = article
      and a.status = 'published'
      and (
        a.visibility = 'public'
        or (a.visibility = 'customers' and auth.uid() is not null)
        or public.user_role() in ('agent', 'admin')
      )
  )
$$;

-- Who is asking: the signed-in person, else the visitor id the help center keeps in a cookie.
create function private.kb_visitor(visitor uuid)
returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  if auth.uid() is not null then
    return auth.uid();
  end if;
  if visitor is null then
    raise exception 'A visitor id is needed.' using errcode = '22023';
  end if;
  return visitor;
end
$$;

create function private.vote_kb_article(article bigint, helpful boolean, visitor uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who uuid := private.kb_visitor(visitor);
begin
  if helpful is null then
    raise exception 'Say yes or no.' using errcode = '22023';
  end if;
  if not private.readable_published_article(article) then
    raise exception 'That article does not exist.' using errcode = 'P0002';
  end if;
  if exists (select 1 from public.kb_votes v where v.article_id = article and v.visitor_id = who) then
    return 'already voted';
  end if;
  -- One visitor votes on at most 20 articles in ten minutes, and an article takes at most 60
  -- votes a minute from everyone: cookie ids cost nothing to make, so the second bound keeps a
  -- script from swinging an article's numbers.
  if (select count(*) from public.kb_votes v
      where v.visitor_id = who and v.created_at > now() - interval '10 minutes') >= 20
    or (select count(*) from public.kb_votes v
      where v.article_id = article and v.created_at > now() - interval '1 minute') >= 60 then
    raise exception 'Too many votes. Try again in a few minutes.' using errcode = 'PT429';
  end if;
  insert into public.kb_votes (article_id, visitor_id, helpful) values (article, who, helpful)
  on conflict do nothing;
  if not found then
    return 'already voted';
  end if;
  insert into public.kb_article_stats as s (article_id, helpful, not_helpful)
  values (article, helpful::integer, (not helpful)::integer)
  on conflict (article_id) do update
    set helpful = s.helpful + excluded.helpful, not_helpful = s.not_helpful + excluded.not_helpful;
  return 'recorded';
end
$$;

-- Counts a view (once a day per visitor) or a deflection (once a day per customer); returns whether
-- it counted.
create function private.record_kb_event(article bigint, who uuid, event text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.readable_published_article(article) then
    return false;
  end if;
  insert into private.kb_article_events (article_id, visitor_id, kind)
  values (article, who, event)
  on conflict do nothing;
  if not found then
    return false;
  end if;
  insert into public.kb_article_stats as s (article_id, views, deflections)
  values (article, (event = 'view')::integer, (event = 'deflection')::integer)
  on conflict (article_id) do update
    set views = s.views + excluded.views, deflections = s.deflections + excluded.deflections;
  return true;
end
$$;

create function private.record_kb_view(article bigint, visitor uuid)
returns boolean
language sql
security definer
set search_path = ''
as $$
  select private.record_kb_event(article, private.kb_visitor(visitor), 'view')
$$;

-- A signed-in customer opened these suggested articles and left without filing the ticket.
create function private.record_kb_deflection(articles bigint[])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  counted integer := 0;
  article bigint;
begin
  if auth.uid() is null then
    raise exception 'Sign in first.' using errcode = '42501';
  end if;
  if cardinality(articles) > 3 then
    raise exception 'At most 3 articles are suggested at a time.' using errcode = '22023';
  end if;
  foreach article in array coalesce(articles, '{}') loop
    if private.record_kb_event(article, auth.uid(), 'deflection') then
      counted := counted + 1;
    end if;
  end loop;
  return counted;
end
$$;

-- What the API offers: the Supabase linter wants no security definer function in an exposed
-- schema, so these run as the caller and hand over to the ones above in `private`, which the API
-- does not expose (anonymous visitors get to use that schema for these three only).

create function public.vote_kb_article(article bigint, helpful boolean, visitor uuid default null)
returns text
language sql
set search_path = ''
as $$
  select private.vote_kb_article(article, helpful, visitor)
$$;

create function public.record_kb_view(article bigint, visitor uuid default null)
returns boolean
language sql
set search_path = ''
as $$
  select private.record_kb_view(article, visitor)
$$;

create function public.record_kb_deflection(articles bigint[])
returns integer
language sql
set search_path = ''
as $$
  select private.record_kb_deflection(articles)
$$;

revoke execute on function private.readable_published_article(bigint) from public, anon, authenticated;
revoke execute on function private.record_kb_event(bigint, uuid, text) from public, anon, authenticated;
revoke execute on function private.kb_visitor(uuid) from public, anon, authenticated;
grant usage on schema private to anon;
revoke execute on function private.vote_kb_article(bigint, boolean, uuid) from public;
revoke execute on function private.record_kb_view(bigint, uuid) from public;
revoke execute on function private.record_kb_deflection(bigint[]) from public, anon;
grant execute on function private.vote_kb_article(bigint, boolean, uuid) to anon, authenticated;
grant execute on function private.record_kb_view(bigint, uuid) to anon, authenticated;
grant execute on function private.record_kb_deflection(bigint[]) to authenticated;
revoke execute on function public.record_kb_deflection(bigint[]) from public, anon;
grant execute on function public.record_kb_deflection(bigint[]) to authenticated;
