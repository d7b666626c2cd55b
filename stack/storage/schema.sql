-- storage.search(): the listing function Supabase's image has, written for the local stack. It
-- lists one level of a bucket below a folder prefix, folders (id null) and files (names relative to
-- the prefix), filtered by a case-insensitive name start. It is security invoker, so the caller's
-- RLS policies on storage.objects decide what is listed.

create or replace function storage.search(
  prefix text,
  bucketname text,
  limits int default 100,
  levels int default 1,
  offsets int default 0,
  search text default '',
  sortcolumn text default 'name',
  sortorder text default 'asc'
)
returns table (
  name text,
  id uuid,
  updated_at timestamptz,
  created_at timestamptz,
  last_accessed_at timestamptz,
  metadata jsonb
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  _start text := lower(coalesce(prefix, '') || coalesce(search, ''));
  _cut int := length(coalesce(prefix, ''));
  _direction text := case when lower(coalesce(sortorder, 'asc')) = 'desc' then 'desc' else 'asc' end;
  _column text := case lower(coalesce(sortcolumn, 'name'))
    when 'updated_at' then 'updated_at'
    when 'created_at' then 'created_at'
    when 'last_accessed_at' then 'last_accessed_at'
    else 'name'
  end;
  _order text;
begin
  -- Sorted by name, folders and files interleave; by a date, folders (which have none) come first.
  if _column = 'name' then
    _order := format('lower(entry.name) collate "C" %s', _direction);
  else
    _order := format(
      'entry.is_file, case when entry.is_file then null else lower(entry.name) end collate "C" %1$s, entry.%2$I %1$s, entry.name collate "C"',
      _direction, _column
    );
  end if;

  return query execute format($query$
    with below as (
      select substring(o.name from $2 + 1) as rest, o.id, o.updated_at, o.created_at,
             o.last_accessed_at, o.metadata
      from storage.objects o
      where o.bucket_id = $1 and left(lower(o.name), length($3)) = $3
    ),
    entry as (
      select distinct on (split_part(b.rest, '/', 1))
             split_part(b.rest, '/', 1) as name, null::uuid as id, null::timestamptz as updated_at,
             null::timestamptz as created_at, null::timestamptz as last_accessed_at,
             null::jsonb as metadata, false as is_file
      from below b
      where strpos(b.rest, '/') > 0
      union all
      select b.rest, b.id, b.updated_at, b.created_at, b.last_accessed_at, b.metadata, true
      from below b
      where strpos(b.rest, '/') = 0
    )
    select entry.name, entry.id, entry.updated_at, entry.created_at, entry.last_accessed_at,
           entry.metadata
    from entry
    order by %s
    limit $4 offset $5
  $query$, _order)
  using bucketname, _cut, _start, least(coalesce(limits, 100), 1500), greatest(coalesce(offsets, 0), 0);
end
$$;

alter function storage.search(text, text, int, int, int, text, text, text) owner to supabase_storage_admin;
grant execute on function storage.search(text, text, int, int, int, text, text, text)
  to postgres, anon, authenticated, service_role;
