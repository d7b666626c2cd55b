-- Knowledge base search. All three functions run as the caller, so RLS decides what each finds:
-- the help center's anonymous visitor finds published public articles, staff find everything.
-- Matches come back marked between the control characters STX and ETX (chr(2), chr(3)), which the
-- app renders as <mark> around text; nothing here is HTML. Snippets leave out the Markdown
-- punctuation (links become their text).

-- Ranked by weight (title A, tags B, body C); when the words match too little, titles that look
-- like the query (pg_trgm word similarity, for typos) follow the full-text matches.
create function public.search_kb_articles(
  search text,
  result_limit integer default 10,
  in_category uuid default null,
  with_status public.kb_article_status default null
)
returns table (
  id bigint,
  slug text,
  title text,
  category_id uuid,
  tags text[],
  status public.kb_article_status,
  visibility public.kb_visibility,
  updated_at timestamptz,
  title_highlight text,
  snippet text,
  rank real
)
language plpgsql
stable
set search_path = ''
as $$
declare
  query text := left(btrim(coalesce(search, '')), 200);
  words tsquery;
  marks text := 'StartSel=' || chr(2) || ', StopSel=' || chr(3);
begin
  if query = '' then
    return;
  end if;
  result_limit := least(greatest(coalesce(result_limit, 10), 1), 50);
  -- websearch_to_tsquery reads any text ("quoted phrases", or, -not) and never raises.
  words := websearch_to_tsquery('english'::regconfig, query);
  return query
  with matched as (
    select a.id, ts_rank('{0.1, 0.2, 0.4, 1.0}', a.document, words) as score
    from public.kb_articles a
    where numnode(words) > 0
      and a.document @@ words
      and (in_category is null or a.category_id = in_category)
      and (with_status is null or a.status = with_status)
    order by score desc, a.id
    limit result_limit
  ),
  lookalike as (
    select a.id, extensions.word_similarity(lower(query), lower(a.title)) as score
    from public.kb_articles a
    where (select count(*) from matched) < result_limit
      and lower(query) operator(extensions.<%) lower(a.title)
      and a.id not in (select m.id from matched m)
      and (in_category is null or a.category_id = in_category)
      and (with_status is null or a.status = with_status)
    order by score desc, a.id
    limit result_limit
  ),
  hits as (
    select m.id, m.score, 1 as tier from matched m
    union all
    select s.id, s.score / 10, 2 from lookalike s
  )
  select a.id, a.slug, a.title, a.category_id, a.tags, a.status, a.visibility, a.updated_at,
    ts_headline('english'::regconfig, a.title, words, marks || ', HighlightAll=true'),
    ts_headline('english'::regconfig, regexp_replace(regexp_replace(a.body, '!?\[([^\]]*)\]\([^)]*\)', '\1', 'g'),
      '[#*_`>|~]+|^\s*[-+]\s+', ' ', 'gn'), words,
      marks || ', MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "'),
    h.score::real
  from (select * from hits order by tier, score desc, id limit result_limit) h
  join public.kb_articles a on a.id = h.id
  order by h.tier, h.score desc, a.id;
end
$$;

comment on function public.search_kb_articles(text, integer, uuid, public.kb_article_status) is
  'Knowledge base search as the caller sees it: full-text (title > tags > body) with highlighted title and snippet, then typo-tolerant title matches.';

-- Articles that may answer a ticket being written: any of its words counts (a description is no
-- search query, and every word of it is rarely in one article). Published articles only.
create function public.suggest_kb_articles(subject text, description text default '', result_limit integer default 3)
returns table (id bigint, slug text, title text, visibility public.kb_visibility, snippet text)
language plpgsql
stable
set search_path = ''
as $$
declare
  text_words text := left(coalesce(subject, '') || ' ' || coalesce(description, ''), 2000);
  words tsquery;
  marks text := 'StartSel=' || chr(2) || ', StopSel=' || chr(3);
begin
  words := plainto_tsquery('english'::regconfig, text_words);
  if numnode(words) = 0 then
    return;
  end if;
  words := replace(words::text, ' & ', ' | ')::tsquery;
  return query
  select a.id, a.slug, a.title, a.visibility,
    ts_headline('english'::regconfig, regexp_replace(regexp_replace(a.body, '!?\[([^\]]*)\]\([^)]*\)', '\1', 'g'),
      '[#*_`>|~]+|^\s*[-+]\s+', ' ', 'gn'), words,
      marks || ', MaxFragments=1, MaxWords=24, MinWords=10')
  from (
    select a.id, ts_rank('{0.1, 0.2, 0.4, 1.0}', a.document, words) as score
    from public.kb_articles a
    where a.status = 'published' and a.document @@ words
    order by score desc, a.id
    limit least(greatest(coalesce(result_limit, 3), 1), 10)
  ) ranked
  join public.kb_articles a on a.id = ranked.id
  order by ranked.score desc, a.id;
end
$$;

-- Published articles next to this one (by its slug, so a page can ask for them alongside the
-- article itself): shared tags first, then the same category, newest first.
create function public.related_kb_articles(article_slug text, result_limit integer default 4)
returns table (id bigint, slug text, title text)
language sql
stable
set search_path = ''
as $$
  select r.id, r.slug, r.title
  from public.kb_articles a
  join public.kb_articles r
    on r.id <> a.id and r.status = 'published' and (r.category_id = a.category_id or r.tags && a.tags)
  where a.slug = article_slug
  order by
    cardinality(array(select unnest(r.tags) intersect select unnest(a.tags))) desc,
    (r.category_id = a.category_id) desc,
    r.published_at desc nulls last,
    r.id
  limit least(greatest(coalesce(result_limit, 4), 1), 10)
$$;
