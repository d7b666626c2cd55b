-- Row level security for tickets, their history and their files:
-- Clients see and create only their own tickets, see only public activities on them, may reply
-- publicly, reopen, solve and rate their own tickets (columns: see ticket_rules). Agents see and
-- work every ticket and write replies and internal notes. Admins may do everything. Nobody edits or
-- deletes history rows. Attachments follow the visibility of their ticket and activity.

alter table public.tickets enable row level security;
alter table public.ticket_activities enable row level security;
alter table public.attachments enable row level security;

-- tickets ----------------------------------------------------------------------------------------

create policy "customers read their tickets, staff read all"
  on public.tickets for select to authenticated
  using (
    customer_id = (select auth.uid())
    or (select public.user_role()) in ('agent', 'admin')
  );

create policy "customers file their own tickets, staff file for anyone"
  on public.tickets for insert to authenticated
  with check (
    customer_id = (select auth.uid())
    or (select public.user_role()) in ('agent', 'admin')
  );

create policy "customers update their tickets, staff update all"
  on public.tickets for update to authenticated
  using (
    customer_id = (select auth.uid())
    or (select public.user_role()) in ('agent', 'admin')
  )
  with check (
    customer_id = (select auth.uid())
    or (select public.user_role()) in ('agent', 'admin')
  );

create policy "admins delete tickets"
  on public.tickets for delete to authenticated
  using ((select public.user_role()) = 'admin');

-- ticket_activities ------------------------------------------------------------------------------

create policy "customers read public activities on their tickets, staff read all"
  on public.ticket_activities for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    or (
      not is_internal
      and exists (
        select 1 from public.tickets t
        where t.id = ticket_id and t.customer_id = (select auth.uid())
      )
    )
  );

-- People write replies and notes in their own name; the other kinds come from triggers.
create policy "customers reply on their tickets, staff reply and add notes"
  on public.ticket_activities for insert to authenticated
  with check (
    author_id = (select auth.uid())
    and (
      ((select public.user_role()) in ('agent', 'admin') and kind in ('reply', 'note'))
      or (
        kind = 'reply'
        and not is_internal
        and exists (
          select 1 from public.tickets t
          where t.id = ticket_id and t.customer_id = (select auth.uid())
        )
      )
    )
  );

-- No update or delete policy, and no privilege either: history is append-only for every API role.
revoke update, delete, truncate on table public.ticket_activities
  from anon, authenticated, service_role;

-- attachments ------------------------------------------------------------------------------------

create policy "attachments follow their ticket and activity"
  on public.attachments for select to authenticated
  using (
    (select public.user_role()) in ('agent', 'admin')
    or (
      exists (
        select 1 from public.tickets t
        where t.id = ticket_id and t.customer_id = (select auth.uid())
      )
      and (
        activity_id is null
        or exists (
          select 1 from public.ticket_activities a
          where a.id = activity_id and not a.is_internal
        )
      )
    )
  );

-- A file is attached by whoever uploaded it, to a ticket they can see, optionally to an activity
-- they wrote, and only if the storage object is theirs: nobody can attach (and so gain access to)
-- someone else's object.
create policy "people attach their own uploads to tickets they can see"
  on public.attachments for insert to authenticated
  with check (
    uploader_id = (select auth.uid())
    and exists (select 1 from public.tickets t where t.id = ticket_id)
    and (
      activity_id is null
      or exists (
        select 1 from public.ticket_activities a
        where a.id = activity_id and a.author_id = (select auth.uid())
      )
    )
    and exists (
      select 1 from storage.objects o
      where o.bucket_id = 'attachments'
        and o.name = object_path
        and o.owner_id = (select auth.uid())::text
    )
  );

create policy "admins delete attachments"
  on public.attachments for delete to authenticated
  using ((select public.user_role()) = 'admin');

revoke update, truncate on table public.attachments from anon, authenticated, service_role;
