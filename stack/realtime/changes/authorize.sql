-- Realtime's per-subscriber checks, done in the database the way Supabase's walrus
-- (realtime.apply_rls) does them: filters compare the column's value with the filter's value as the
-- column's type, column privileges decide what a role may see, and on tables with RLS a row is
-- delivered only if a lookup by primary key, run as the subscriber's role with its JWT claims,
-- finds it. One call checks a batch of changes to one table for every distinct claims set at once.

-- Which tables a postgres_changes binding covers, rejecting what Supabase's realtime.subscription
-- insert rejects (unknown role, filter or select column the role cannot read, a value that is not of
-- the column's type), with its messages.
create function _stack.realtime_subscription_tables(
  p_schema text,
  p_table text,
  p_role text,
  p_filters jsonb,
  p_select jsonb
) returns table (relid oid, schema_name text, table_name text)
language plpgsql
as $$
declare
  role_ regrole := p_role::regrole;
  entity regclass;
  f jsonb;
  col text;
  op text;
  val text;
  col_type regtype;
  col_names text[];
  in_values jsonb;
begin
  for entity, schema_name, table_name in
    select pg_catalog.format('%I.%I', p.schemaname, p.tablename)::regclass, p.schemaname, p.tablename
    from pg_catalog.pg_publication_tables p
    where p.pubname = 'supabase_realtime'
      and p.schemaname like (case p_schema when '*' then '%' else p_schema end) escape ''
      and p.tablename like (case p_table when '*' then '%' else p_table end) escape ''
  loop
    col_names := array(
      select a.attname::text
      from pg_catalog.pg_attribute a
      where a.attrelid = entity and a.attnum > 0 and not a.attisdropped
        and pg_catalog.has_column_privilege(role_, a.attrelid, a.attnum, 'SELECT')
      order by a.attnum
    );
    for f in select * from pg_catalog.jsonb_array_elements(p_filters) loop
      col := f ->> 0;
      op := f ->> 1;
      val := f ->> 2;
      if not col = any(col_names) then
        raise exception 'invalid column for filter %', col;
      end if;
      select a.atttypid::regtype into col_type
      from pg_catalog.pg_attribute a
      where a.attrelid = entity and a.attname = col;
      if op = 'in' then
        execute pg_catalog.format('select pg_catalog.to_jsonb(%L::%s[])', val, col_type) into in_values;
        if coalesce(pg_catalog.jsonb_array_length(in_values), 0) > 100 then
          raise exception 'too many values for `in` filter. Maximum 100';
        end if;
      elsif op = 'is' then
        if val not in ('null', 'true', 'false', 'unknown') then
          raise exception 'invalid value for is filter: must be null, true, false, or unknown';
        end if;
        if val <> 'null' and col_type <> 'boolean'::regtype then
          raise exception 'is % filter requires a boolean column, got %', val, col_type;
        end if;
      elsif op in ('like', 'ilike', 'match', 'imatch') then
        if not exists (
          select 1 from pg_catalog.pg_operator o
          where o.oprname = case op when 'like' then '~~' when 'ilike' then '~~*' when 'match' then '~' else '~*' end
            and o.oprleft = col_type
        ) then
          raise exception 'operator % requires a text-compatible column type, got %', op, col_type;
        end if;
        if op in ('match', 'imatch') then
          begin
            perform '' ~ val;
          exception when others then
            raise exception 'invalid regular expression for % filter: %', op, sqlerrm;
          end;
        end if;
      else
        execute pg_catalog.format('select %L::%s', val, col_type);
      end if;
    end loop;
    for col in select * from pg_catalog.jsonb_array_elements_text(coalesce(p_select, '[]')) loop
      if not col = any(col_names) then
        raise exception 'invalid column for select %', col;
      end if;
    end loop;
    relid := entity;
    return next;
  end loop;
end
$$;
revoke all on function _stack.realtime_subscription_tables(text, text, text, jsonb, jsonb) from public;

-- p_changes: [{"type": "INSERT" | "UPDATE" | "DELETE", "record": {...} | null, "old": {...} | null}]
-- p_filters: [["column", "op", "value", negate], ...], the distinct filters of the subscriptions
-- p_checks:  [{"role": "...", "claims": {...}, "groups": [[filter index, ...], ...]}, ...], one per
--            distinct claims set; each group is the filters of one subscription (AND-ed), and a
--            change is looked up for a claims set only when one of its groups lets it through.
-- Returns the table's shape (rls, columns, pk, replica identity), the old rows trimmed to the replica
-- identity, each filter's verdict per change, the columns each role may select, and per claims set
-- the indexes of the changes that passed the RLS lookup.
-- Runs as the stack's superuser, switching role for the lookups only (search_path stays the
-- session's, so functions called from policies resolve names as they do for PostgREST).
create function _stack.realtime_authorize(
  p_entity oid,
  p_changes jsonb,
  p_filters jsonb,
  p_checks jsonb
) returns jsonb
language plpgsql
as $$
declare
  entity regclass := p_entity::regclass;
  is_rls boolean;
  replica_identity "char";
  pk text[];
  identity_columns text[];
  columns jsonb;
  olds jsonb;
  sources jsonb;
  filter_results jsonb := '[]';
  privileges jsonb := '{}';
  visible jsonb := '[]';
  f jsonb;
  col text;
  op text;
  negate boolean;
  col_type text;
  condition text;
  verdicts boolean[];
  chk jsonb;
  role_ text;
  passing int[];
  lookup jsonb;
  found int[];
  i int;
  j int;
begin
  select c.relrowsecurity, c.relreplident into is_rls, replica_identity
  from pg_catalog.pg_class c where c.oid = entity;

  pk := array(
    select a.attname::text
    from pg_catalog.pg_index x
    join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
    where x.indrelid = entity and x.indisprimary
    order by pg_catalog.array_position(x.indkey::int2[], a.attnum)
  );
  identity_columns := case replica_identity
    when 'f' then null
    when 'd' then pk
    when 'i' then array(
      select a.attname::text
      from pg_catalog.pg_index x
      join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
      where x.indrelid = entity and x.indisreplident
      order by pg_catalog.array_position(x.indkey::int2[], a.attnum)
    )
    else '{}'::text[]
  end;

  select pg_catalog.jsonb_agg(
    pg_catalog.jsonb_build_object('name', a.attname, 'type', t.typname) order by a.attnum
  ) into columns
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_type t on t.oid = a.atttypid
  where a.attrelid = entity and a.attnum > 0 and not a.attisdropped;

  -- The old row as logical decoding would report it: whole with REPLICA IDENTITY FULL, else its
  -- identity columns (the primary key by default), null when there are none.
  select coalesce(pg_catalog.jsonb_agg(
    case
      when ch -> 'old' is null or ch -> 'old' = 'null' then null
      when identity_columns is null then ch -> 'old'
      else (
        select pg_catalog.jsonb_object_agg(kv.key, kv.value)
        from pg_catalog.jsonb_each(ch -> 'old') kv
        where kv.key = any(identity_columns)
      )
    end order by ord
  ), '[]') into olds
  from pg_catalog.jsonb_array_elements(p_changes) with ordinality x(ch, ord);

  -- Filters look at the new row, or for a DELETE at the old identity (as walrus does).
  select coalesce(pg_catalog.jsonb_agg(
    case when ch ->> 'type' = 'DELETE' then olds -> (ord::int - 1) else ch -> 'record' end order by ord
  ), '[]') into sources
  from pg_catalog.jsonb_array_elements(p_changes) with ordinality x(ch, ord);

  for i in 0 .. coalesce(pg_catalog.jsonb_array_length(p_filters), 0) - 1 loop
    f := p_filters -> i;
    col := f ->> 0;
    op := f ->> 1;
    negate := coalesce((f ->> 3)::boolean, false);
    select a.atttypid::regtype::text into col_type
    from pg_catalog.pg_attribute a
    where a.attrelid = entity and a.attname = col and a.attnum > 0 and not a.attisdropped;
    if col_type is null then
      verdicts := array_fill(false, array[pg_catalog.jsonb_array_length(p_changes)]);
    else
      condition := case op
        when 'isdistinct' then pg_catalog.format(
          'r.%I %s $1::%s', col,
          case when negate then 'is not distinct from' else 'is distinct from' end, col_type)
        when 'is' then pg_catalog.format(
          'r.%I %s %s', col, case when negate then 'is not' else 'is' end,
          case f ->> 2 when 'true' then 'true' when 'false' then 'false' when 'unknown' then 'unknown' else 'null' end)
        else pg_catalog.format(
          case when negate then 'not (r.%I %s ($1::%s))' else 'r.%I %s ($1::%s)' end,
          col,
          case op
            when 'eq' then '=' when 'neq' then '<>' when 'lt' then '<' when 'lte' then '<='
            when 'gt' then '>' when 'gte' then '>=' when 'in' then '= any'
            when 'like' then 'like' when 'ilike' then 'ilike' when 'match' then '~' else '~*'
          end,
          case when op = 'in' then col_type || '[]' else col_type end)
      end;
      execute pg_catalog.format(
        'select coalesce(array_agg(coalesce(x.src ? %L and (%s), false) order by x.ord), ''{}'') '
        'from pg_catalog.jsonb_array_elements($2) with ordinality x(src, ord) '
        'left join lateral pg_catalog.jsonb_populate_record(null::%s, x.src) r on true',
        col, condition, entity
      ) into verdicts using f ->> 2, sources;
    end if;
    filter_results := filter_results || pg_catalog.jsonb_build_array(pg_catalog.to_jsonb(verdicts));
  end loop;

  for i in 0 .. coalesce(pg_catalog.jsonb_array_length(p_checks), 0) - 1 loop
    role_ := p_checks -> i ->> 'role';
    if not privileges ? role_ then
      privileges := privileges || pg_catalog.jsonb_build_object(role_, coalesce((
        select pg_catalog.jsonb_agg(a.attname order by a.attnum)
        from pg_catalog.pg_attribute a
        where pg_catalog.to_regrole(role_) is not null
          and a.attrelid = entity and a.attnum > 0 and not a.attisdropped
          and pg_catalog.has_column_privilege(pg_catalog.to_regrole(role_), entity, a.attnum, 'SELECT')
      ), '[]'));
    end if;
  end loop;

  if is_rls and pg_catalog.array_length(pk, 1) > 0 then
    if exists (select 1 from pg_catalog.pg_prepared_statements where name = '_stack_realtime_rls') then
      execute 'deallocate _stack_realtime_rls';
    end if;
    execute pg_catalog.format(
      'prepare _stack_realtime_rls(jsonb) as '
      'select coalesce(array_agg((x.e ->> ''i'')::int), ''{}'') '
      'from pg_catalog.jsonb_array_elements($1) x(e), '
      'lateral pg_catalog.jsonb_populate_record(null::%1$s, x.e -> ''r'') r '
      'where exists (select 1 from %1$s t where %2$s)',
      entity,
      (select string_agg(pg_catalog.format('t.%1$I = r.%1$I', k), ' and ') from unnest(pk) k)
    );
  end if;

  -- Indexed loops, not FOR over a query: a cursor would fetch its later rows under the switched role.
  for i in 0 .. coalesce(pg_catalog.jsonb_array_length(p_checks), 0) - 1 loop
    chk := p_checks -> i;
    role_ := chk ->> 'role';
    found := '{}';
    if is_rls
      and pg_catalog.array_length(pk, 1) > 0
      and pg_catalog.to_regrole(role_) is not null
      and (select bool_and(k = any(array(select pg_catalog.jsonb_array_elements_text(privileges -> role_)))) from unnest(pk) k)
    then
      lookup := '[]';
      for j in 0 .. pg_catalog.jsonb_array_length(p_changes) - 1 loop
        continue when p_changes -> j ->> 'type' = 'DELETE';
        -- Some subscription of this claims set passes all of its filters for this change.
        passing := array(
          select g.ord::int
          from pg_catalog.jsonb_array_elements(coalesce(chk -> 'groups', '[[]]')) with ordinality g(grp, ord)
          where not exists (
            select 1 from pg_catalog.jsonb_array_elements_text(g.grp) fi(idx)
            where not coalesce((filter_results -> fi.idx::int ->> j)::boolean, false)
          )
        );
        continue when pg_catalog.cardinality(passing) = 0;
        lookup := lookup || pg_catalog.jsonb_build_array(
          pg_catalog.jsonb_build_object('i', j, 'r', sources -> j)
        );
      end loop;
      if pg_catalog.jsonb_array_length(lookup) > 0 then
        perform pg_catalog.set_config('role', role_, true),
          pg_catalog.set_config('request.jwt.claims', (chk -> 'claims')::text, true);
        execute 'execute _stack_realtime_rls(' || pg_catalog.quote_literal(lookup::text) || ')' into found;
        perform pg_catalog.set_config('role', 'none', true);
      end if;
    end if;
    visible := visible || pg_catalog.jsonb_build_array(pg_catalog.to_jsonb(found));
  end loop;
  perform pg_catalog.set_config('request.jwt.claims', null, true);

  return pg_catalog.jsonb_build_object(
    'rls', is_rls,
    'columns', coalesce(columns, '[]'),
    'pk', pg_catalog.to_jsonb(pk),
    'identity', pg_catalog.to_jsonb(identity_columns),
    'olds', olds,
    'filters', filter_results,
    'privileges', privileges,
    'visible', visible
  );
end
$$;
revoke all on function _stack.realtime_authorize(oid, jsonb, jsonb, jsonb) from public;
