-- Indexes the agent queues can use under RLS. Postgres may not evaluate a caller's filter inside an
-- index scan before the row passes the policy unless the filter's operator is leakproof, and enum
-- equality is not: under RLS, `status = 'open'` cannot use tickets_status_updated_at_idx. Ordering
-- by updated_at and partial indexes on status can be used, because neither evaluates the filter.

-- The open queue (open, pending, on hold), most recently active first.
create index tickets_active_updated_at_idx on public.tickets (updated_at desc)
  where status in ('open', 'pending', 'on_hold');

-- Any other status view, most recently active first: the scan stops after one page of matches.
create index tickets_updated_at_idx on public.tickets (updated_at desc);
