-- Indexes for the agent workspace's sorts and keyset pages (see ticket_query). Each sort ends in the
-- ticket id so the order is total, and each index holds the same columns in the same order, so one
-- index serves both directions and a cursor `(updated_at, id) < (…)` is an index condition. They
-- replace the earlier single-column queue indexes, which could not continue a page exactly.

drop index public.tickets_status_updated_at_idx;
drop index public.tickets_team_id_idx;
drop index public.tickets_active_updated_at_idx;
drop index public.tickets_updated_at_idx;

-- Every view, most recently active first (the default sort).
create index tickets_updated_at_id_idx on public.tickets (updated_at, id);
-- The open views (open, pending, on hold).
create index tickets_active_updated_at_id_idx on public.tickets (updated_at, id)
  where status in ('open', 'pending', 'on_hold');
-- One status (Pending, On hold, Recently solved), and the sort by status.
create index tickets_status_updated_at_id_idx on public.tickets (status, updated_at, id);
-- My tickets and Unassigned.
create index tickets_assignee_id_updated_at_id_idx on public.tickets (assignee_id, updated_at, id);
-- The team foreign key, and any view filtered by team.
create index tickets_team_id_updated_at_id_idx on public.tickets (team_id, updated_at, id);
-- A team's view (its open work) and its count, which reads this index alone.
create index tickets_active_team_id_updated_at_id_idx on public.tickets (team_id, updated_at, id)
  where status in ('open', 'pending', 'on_hold');
create index tickets_priority_updated_at_id_idx on public.tickets (priority, updated_at, id);
create index tickets_created_at_id_idx on public.tickets (created_at, id);
create index tickets_subject_id_idx on public.tickets (subject, id);
