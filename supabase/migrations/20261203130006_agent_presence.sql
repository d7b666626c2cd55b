-- One private presence channel for the whole staff, `agents:presence`: every open agent tab tracks
-- which ticket it shows, so a queue shows on each row who is looking at that ticket (one channel for
-- the queue instead of one per row).

create policy "staff read who is looking at which ticket"
  on realtime.messages for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    and realtime.topic() = 'agents:presence'
    and extension = 'presence'
  );

create policy "staff say which ticket they are looking at"
  on realtime.messages for insert to authenticated
  with check (
    (select public.user_role()) in ('agent', 'admin')
    and realtime.topic() = 'agents:presence'
    and extension = 'presence'
  );
