-- A search's total (issue 13): exact below 10,000, estimated above, without reading 10,001 matches
-- to learn that a common-word search is above.
--
-- count_tickets showed the planner's estimate unread only above five times the exact limit, and
-- counted up to 10,001 matches below that. At 100,000 tickets two common words ("printer refund",
-- 28,893 matches, planner 29,635) fell below it: the count read 4,500 pages of documents (about
-- 40 ms of the search render's SQL on PGlite) to show the estimate it had before reading. And the
-- planner's estimate alone is not enough to skip the count, however far above: it multiplies the
-- words' frequencies as if they were independent, and takes a quoted phrase for both words
-- anywhere (the quoted "printer refund" matches 463 of those tickets, estimated 29,635 all the
-- same; ten times as many tickets put that estimate above five times the limit, shown unread).
--
-- Now an estimate above twice the limit is checked against a sample of the documents, about 150
-- of the table's pages (SYSTEM sampling, so about 1,000 documents at any size, read in 1 ms; a
-- fixed seed, so the same pages every time and a total that does not change from one load to the
-- next): the estimate is shown only when the sample, scaled to the table, also finds more than
-- twice the limit. Otherwise, and below twice the limit, the count reads as before.
create or replace function private.count_tickets(query jsonb, out count bigint, out exact boolean)
returns record
language plpgsql
-- Volatile: EXPLAIN (the estimate) is not allowed in a stable function.
volatile
security definer
set search_path = ''
set random_page_cost = 1.1
set max_parallel_workers_per_gather = 0
as $$
declare
  sample_pages constant integer := 150;
  sample_percent real;
  plan json;
  estimate bigint;
  sampled bigint;
begin
  perform private.require_queue_staff();
  if private.query_search(query) is not null then
    execute private.ticket_count_sql(query, null, explain => true) into plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    if estimate > 2 * private.exact_count_limit() then
      sample_percent := least(100, 100.0 * sample_pages / greatest(1,
        pg_relation_size('private.ticket_search') / current_setting('block_size')::integer));
      execute format(
        'select round(count(*) * 100 / %s::real) from private.ticket_search s
           tablesample system (%s) repeatable (0)
           left join public.tickets t on t.id = s.ticket_id
         where %s',
        sample_percent, sample_percent, private.ticket_filter_sql(query)
      ) into sampled;
      if sampled > 2 * private.exact_count_limit() then
        count := estimate;
        exact := false;
        return;
      end if;
    end if;
  end if;
  execute private.ticket_count_sql(query, private.exact_count_limit() + 1) into count;
  exact := count <= private.exact_count_limit();
  if not exact then
    if plan is null then
      execute private.ticket_count_sql(query, null, explain => true) into plan;
    end if;
    count := greatest((plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, private.exact_count_limit() + 1);
  end if;
end
$$;
