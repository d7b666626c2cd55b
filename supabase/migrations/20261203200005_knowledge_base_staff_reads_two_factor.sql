-- What only staff may read in the knowledge base (drafts, archived and internal articles, revisions,
-- votes and the numbers) follows the two-factor rule as ticket data does (20261203170001): staff who
-- still owe their second factor read what any signed-in customer reads, and no more.

drop policy "signed-in people read published public and customers articles, staff all"
  on public.kb_articles;

create policy "signed-in people read published public and customers articles, staff all"
  on public.kb_articles for select to authenticated
  using (
    (status = 'published' and visibility in ('public', 'customers'))
    or (
      (select public.user_role()) in ('agent', 'admin')
      and (select private.mfa_requirement_met())
    )
  );

do $$
declare
  staff_only text;
begin
  foreach staff_only in array array['kb_revisions', 'kb_votes', 'kb_article_stats'] loop
    execute format(
      'create policy "two-factor sign-in where required to read" on public.%I
         as restrictive for select to authenticated
         using ((select private.mfa_requirement_met()))', staff_only);
  end loop;
end
$$;

-- Security definer, so it holds the select policies' rule itself: it tells whether an internal
-- article exists.
create or replace function private.readable_published_article(article bigint)
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
        or (public.user_role() in ('agent', 'admin') and private.mfa_requirement_met())
      )
  )
$$;

revoke execute on function private.readable_published_article(bigint) from public, anon, authenticated;
