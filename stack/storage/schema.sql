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

-- Listing by key order needs names compared byte by byte, whatever the database's collation; the
-- image has this index for the same reason.
create index if not exists idx_objects_bucket_id_name on storage.objects (bucket_id, (name collate "C"));

-- storage.search_v2(): the cursor listing behind list-v2 with a delimiter, written for the local
-- stack. Below `prefix` (a plain string prefix, as in S3) it returns files and, for every deeper
-- path, one folder (id null, name without its trailing slash), after the `start_after` cursor.
-- Sorted by name it walks the key index and jumps over each folder's contents; sorted by a date,
-- folders take the oldest `created_at` inside them and everything is ordered by (date, name).
-- Security invoker: the caller's RLS policies decide what is listed.
create or replace function storage.search_v2(
  prefix text,
  bucket_name text,
  limits int default 100,
  levels int default 1,
  start_after text default '',
  sort_order text default 'asc',
  sort_column text default 'name',
  sort_column_after text default ''
)
returns table (
  key text,
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
  _prefix text := coalesce(prefix, '');
  _after text := coalesce(start_after, '');
  _limit int := least(greatest(coalesce(limits, 100), 0), 1500);
  _asc boolean := lower(coalesce(sort_order, 'asc')) <> 'desc';
  _column text := case lower(coalesce(sort_column, 'name'))
    when 'updated_at' then 'updated_at'
    when 'created_at' then 'created_at'
    else 'name'
  end;
  -- Every name starting with _prefix sorts in [_prefix, _end).
  _end text := case when _prefix = '' then chr(1114111)
    else left(_prefix, -1) || chr(ascii(right(_prefix, 1)) + 1) end;
  -- The next name must sort after (or, when _inclusive, at or after) _from; before it when descending.
  _from text;
  _inclusive boolean;
  _count int := 0;
  _row record;
  _slash int;
  _folder text;
begin
  if _column <> 'name' then
    return query execute format($query$
      with below as (
        select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
               strpos(substr(o.name, $1 + 1), '/') as slash
        from storage.objects o
        where o.bucket_id = $2 and o.name collate "C" >= $3 and o.name collate "C" < $4
      ),
      entry as (
        select left(b.name, $1 + b.slash - 1) as name, null::uuid as id,
               min(b.created_at) as updated_at, min(b.created_at) as created_at,
               null::timestamptz as last_accessed_at, null::jsonb as metadata
        from below b where b.slash > 0
        group by left(b.name, $1 + b.slash - 1)
        union all
        select b.name, b.id, b.updated_at, b.created_at, b.last_accessed_at, b.metadata
        from below b where b.slash = 0
      )
      select split_part(e.name, '/', $5), e.name, e.id, e.updated_at, e.created_at,
             e.last_accessed_at, e.metadata
      from entry e
      where $6 = '' or (date_trunc('milliseconds', e.%1$I), e.name collate "C")
        %2$s (coalesce(nullif($7, '')::timestamptz, 'epoch'::timestamptz), $6)
      order by date_trunc('milliseconds', e.%1$I) %3$s, e.name collate "C" %3$s
      limit $8
    $query$, _column, case when _asc then '>' else '<' end, case when _asc then 'asc' else 'desc' end)
    using length(_prefix), bucket_name, _prefix, _end, levels, _after,
      coalesce(sort_column_after, ''), _limit;
    return;
  end if;

  if _after = '' then
    _from := case when _asc then _prefix else _end end;
    _inclusive := _asc;
  elsif exists (
    select 1 from storage.objects o
    where o.bucket_id = bucket_name
      and o.name collate "C" >= _after || '/' and o.name collate "C" < _after || '0'
  ) then
    -- The cursor names a folder: continue past everything inside it ('0' follows '/').
    _from := case when _asc then _after || '0' else _after || '/' end;
    _inclusive := _asc;
  else
    _from := _after;
    _inclusive := false;
  end if;

  while _count < _limit loop
    if _asc and _inclusive then
      select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata into _row
      from storage.objects o
      where o.bucket_id = bucket_name and o.name collate "C" >= _from and o.name collate "C" < _end
      order by o.name collate "C" limit 1;
    elsif _asc then
      select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata into _row
      from storage.objects o
      where o.bucket_id = bucket_name and o.name collate "C" > _from and o.name collate "C" < _end
      order by o.name collate "C" limit 1;
    else
      select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata into _row
      from storage.objects o
      where o.bucket_id = bucket_name and o.name collate "C" < _from and o.name collate "C" >= _prefix
      order by o.name collate "C" desc limit 1;
    end if;
    exit when not found;

    _slash := strpos(substr(_row.name, length(_prefix) + 1), '/');
    if _slash > 0 then
      _folder := left(_row.name, length(_prefix) + _slash);
      key := split_part(_folder, '/', levels);
      name := left(_folder, -1);
      id := null;
      updated_at := null;
      created_at := null;
      last_accessed_at := null;
      metadata := null;
      _from := case when _asc then left(_folder, -1) || '0' else _folder end;
      _inclusive := _asc;
    else
      key := split_part(_row.name, '/', levels);
      name := _row.name;
      id := _row.id;
      updated_at := _row.updated_at;
      created_at := _row.created_at;
      last_accessed_at := _row.last_accessed_at;
      metadata := _row.metadata;
      _from := _row.name;
      _inclusive := false;
    end if;
    _count := _count + 1;
    return next;
  end loop;
end
$$;

alter function storage.search_v2(text, text, int, int, text, text, text, text)
  owner to supabase_storage_admin;
grant execute on function storage.search_v2(text, text, int, int, text, text, text, text)
  to postgres, anon, authenticated, service_role;
