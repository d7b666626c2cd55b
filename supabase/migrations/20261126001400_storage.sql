-- Bucket `attachments` and its policies. Objects live at `<ticket_id>/<uuid>/<file_name>`; who may
-- read one follows the attachments row that references it (and so its ticket and activity), so a
-- file on an internal note is invisible to the customer. Created here rather than in config.toml so
-- that `supabase db push` creates it on a hosted project too.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'attachments',
  'attachments',
  false,
  25 * 1024 * 1024,
  array[
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'image/heic',
    'application/pdf',
    'text/plain',
    'text/csv',
    'text/markdown',
    'application/json',
    'application/zip',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet'
  ]
)
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- The policies ask about attachments through security definer helpers. Read under RLS, the
-- question loops: storage.objects' policies would read public.attachments, whose insert policy
-- reads storage.objects, and Postgres refuses that cycle ("infinite recursion detected in
-- policy"). The helpers live in schema `private`, which the API does not expose, so nobody can
-- call them as RPCs; only signed-in users' policies use them.

create schema if not exists private;
grant usage on schema private to authenticated;

-- The ticket id an object path starts with, or null when the path is not `<digits>/<x>/<y>`.
create function private.attachment_ticket_id(object_name text)
returns bigint
language sql
immutable
set search_path = ''
as $$
  select case
    when object_name ~ '^[0-9]{1,18}/[^/]+/[^/]+$' then split_part(object_name, '/', 1)::bigint
  end
$$;

-- Whether the caller may read the attachment stored at `object_name`: the same rule as the select
-- policy on public.attachments (staff read all; a customer reads files of their own tickets that
-- are not on an internal note).
create function private.can_read_attachment(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.attachments a
    join public.tickets t on t.id = a.ticket_id
    left join public.ticket_activities act on act.id = a.activity_id
    where a.object_path = object_name
      and (
        public.user_role() in ('agent', 'admin')
        or (t.customer_id = auth.uid() and (a.activity_id is null or not act.is_internal))
      )
  )
$$;

-- Whether any attachment row references `object_name`, whoever may see it.
create function private.is_attached(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.attachments a where a.object_path = object_name)
$$;

revoke execute on all functions in schema private from public, anon;
grant execute on all functions in schema private to authenticated;

create policy "attachments: read files of visible attachments, own uploads; staff read all"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'attachments'
    and (
      (select public.user_role()) in ('agent', 'admin')
      or owner_id = (select auth.uid())::text
      or private.can_read_attachment(name)
    )
  );

create policy "attachments: upload into tickets one can see"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'attachments'
    and exists (
      select 1 from public.tickets t where t.id = private.attachment_ticket_id(name)
    )
  );

-- An upload that never became an attachment may be removed by its owner; attached files only by
-- an admin (history is not edited).
create policy "attachments: owners remove unattached uploads, admins remove any"
  on storage.objects for delete to authenticated
  using (
    bucket_id = 'attachments'
    and (
      (select public.user_role()) = 'admin'
      or (owner_id = (select auth.uid())::text and not private.is_attached(name))
    )
  );
