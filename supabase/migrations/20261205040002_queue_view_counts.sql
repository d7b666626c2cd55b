-- The total of a filtered view at a million tickets (issue 13). A view's total is counted exactly up
-- to 10,000 (count_tickets), which reads every matching ticket; two kinds of view read far more:
--
-- Several filters on unsolved tickets (open, urgent, tagged vip: 627 of a million) intersected
-- three bitmaps of 63,000, 97,000 and 145,000 rows and fetched 4,000 heap pages (5,100 buffers,
-- p50 100 ms with the sidebar's counts alongside). An index of the unsolved tickets by status and
-- priority, holding the other filter columns, counts them from the index alone (230 buffers); in
-- the queue's order after those two, it also gives such a view's first page from 560 buffers
-- instead of 3,600 read in date order (or a bitmap of every ticket with the tag, which the
-- planner would otherwise pick).
create index tickets_unsolved_filters_idx on public.tickets (status, priority, updated_at, id)
  include (tags, assignee_id, team_id)
  where status in ('open', 'pending', 'on_hold');

-- A search's count joined every matching document to its ticket, by a merge join over both
-- primary keys (9,000 buffers for two common words). Every document has its ticket (a foreign key
-- with cascade), so the documents alone count the same rows: the ticket is left joined, which the
-- planner drops when no filter names it, and which a filter on it turns back into a join.
create or replace function private.ticket_count_sql(
  query jsonb,
  limit_ integer,
  explain boolean default false
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  source text := case when private.query_search(query) is null then 'public.tickets t'
    else 'private.ticket_search s left join public.tickets t on t.id = s.ticket_id' end;
  filter text := private.ticket_filter_sql(query);
begin
  if explain then
    return format('explain (format json) select from %s where %s', source, filter);
  end if;
  return format('select count(*) from (select from %s where %s limit %s) matching', source, filter, limit_);
end
$$;

revoke execute on function private.ticket_count_sql(jsonb, integer, boolean) from public, anon, authenticated;
