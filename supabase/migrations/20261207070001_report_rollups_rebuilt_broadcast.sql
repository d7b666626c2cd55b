-- The report pages learn that the rollups were rebuilt from a broadcast instead of asking every
-- 20 seconds. After a calendar or policy edit, 20261206020001 leaves the rollups stale until the
-- minute job rebuilds them, and the pages said "recalculating" and polled for the end of it. Now
-- the rebuild broadcasts `rollups_rebuilt` on the private topic `reports` (delivered when the job
-- commits, so listeners read the new figures), and the pages refetch when they hear it. The
-- message names nothing: staff may listen, nobody may send.

create or replace function private.rebuild_report_rollups()
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  seen bigint := (select s.marked from private.report_rollups_state s);
begin
  perform private.report_recompute_rollups();
  update private.report_rollups_state set rebuilt = seen;
  perform realtime.send('{}'::jsonb, 'rollups_rebuilt', 'reports', true);
end
$$;

create policy "staff hear that the report rollups were rebuilt"
  on realtime.messages for select to authenticated
  using (
    extension = 'broadcast'
    and realtime.topic() = 'reports'
    and (select public.user_role()) in ('agent', 'admin')
  );
