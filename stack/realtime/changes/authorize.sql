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

-- Reads what realtime needs to know about a table, cached by the service until the next DDL.
create function _stack.realtime_table_shape(p_entity oid) returns jsonb
language sql
stable
as $$
  select pg_catalog.jsonb_build_object(
    'rls', c.relrowsecurity,
    'columns', coalesce((
      select pg_catalog.jsonb_agg(
        pg_catalog.jsonb_build_object('name', a.attname, 'type', t.typname) order by a.attnum
      )
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_type t on t.oid = a.atttypid
      where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    ), '[]'),
    'pk', coalesce((
      select pg_catalog.jsonb_agg(a.attname order by pg_catalog.array_position(x.indkey::int2[], a.attnum))
      from pg_catalog.pg_index x
      join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
      where x.indrelid = c.oid and x.indisprimary
    ), '[]'),
    -- The columns logical decoding reports for an old row: null means all of them (FULL).
    'identity', case c.relreplident
      when 'f' then null
      when 'i' then coalesce((
        select pg_catalog.jsonb_agg(a.attname order by pg_catalog.array_position(x.indkey::int2[], a.attnum))
        from pg_catalog.pg_index x
        join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
        where x.indrelid = c.oid and x.indisreplident
      ), '[]')
      when 'n' then '[]'
      else coalesce((
        select pg_catalog.jsonb_agg(a.attname order by pg_catalog.array_position(x.indkey::int2[], a.attnum))
        from pg_catalog.pg_index x
        join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
        where x.indrelid = c.oid and x.indisprimary
      ), '[]')
    end
  )
  from pg_catalog.pg_class c
  where c.oid = p_entity
$$;
revoke all on function _stack.realtime_table_shape(oid) from public;

-- The columns of a table a role may select (empty for a role that does not exist).
create function _stack.realtime_selectable_columns(p_entity oid, p_role text) returns text[]
language sql
stable
as $$
  select coalesce(array_agg(a.attname::text order by a.attnum), '{}')
  from pg_catalog.pg_attribute a
  where pg_catalog.to_regrole(p_role) is not null
    and a.attrelid = p_entity and a.attnum > 0 and not a.attisdropped
    and pg_catalog.has_column_privilege(pg_catalog.to_regrole(p_role), p_entity, a.attnum, 'SELECT')
$$;
revoke all on function _stack.realtime_selectable_columns(oid, text) from public;

-- p_pk:      the table's primary key columns
-- p_sources: per change, the row the filters look at (the new row; the old identity for a DELETE)
-- p_filters: [["column", "op", "value", negate], ...], the distinct filters of the subscriptions
-- p_keys:    per change, its primary key values (null for changes RLS does not look up: DELETE)
-- p_checks:  [{"role", "claims", "groups": [[filter index, ...], ...]}], one per distinct claims set,
--            sorted by role; a change is looked up for it only if one of its groups (the filters of
--            one of its subscriptions) lets the change through
-- Returns each filter's verdict per change, and per check the indexes of the changes it found.
-- Runs as the stack's superuser, switching role only for the lookups; search_path stays the
-- session's, so functions called from policies resolve names as they do for PostgREST.
create function _stack.realtime_authorize(
  p_entity oid,
  p_pk text[],
  p_sources jsonb,
  p_filters jsonb,
  p_keys jsonb,
  p_checks jsonb
) returns jsonb
language plpgsql
as $$
declare
  entity regclass := p_entity::regclass;
  -- One prepared lookup per table and key, kept for the session so its plan is reused.
  statement_name text := pg_catalog.format(
    '_stack_realtime_rls_%s_%s', p_entity, pg_catalog.left(pg_catalog.md5(p_pk::text), 8)
  );
  lookups int[] := array(
    select (x.ord - 1)::int
    from pg_catalog.jsonb_array_elements(p_keys) with ordinality x(k, ord)
    where x.k <> 'null'
  );
  filter_results jsonb := '[]';
  visible jsonb[] := '{}';
  f jsonb;
  col text;
  op text;
  negate boolean;
  col_type text;
  condition text;
  verdicts boolean[];
  chk jsonb;
  role_ text;
  current_role_ text;
  wanted int[];
  last_wanted int[];
  lookup_literal text;
  found int[];
  i int;
begin
  for i in 0 .. coalesce(pg_catalog.jsonb_array_length(p_filters), 0) - 1 loop
    f := p_filters -> i;
    col := f ->> 0;
    op := f ->> 1;
    negate := coalesce((f ->> 3)::boolean, false);
    select a.atttypid::regtype::text into col_type
    from pg_catalog.pg_attribute a
    where a.attrelid = entity and a.attname = col and a.attnum > 0 and not a.attisdropped;
    if col_type is null then
      verdicts := array_fill(false, array[pg_catalog.jsonb_array_length(p_sources)]);
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
      -- A filter on a column the change does not carry (a DELETE's old row without it) fails.
      execute pg_catalog.format(
        'select coalesce(array_agg(coalesce(x.src ? %L and (%s), false) order by x.ord), ''{}'') '
        'from pg_catalog.jsonb_array_elements($2) with ordinality x(src, ord) '
        'left join lateral pg_catalog.jsonb_populate_record(null::%s, x.src) r on true',
        col, condition, entity
      ) into verdicts using f ->> 2, p_sources;
    end if;
    filter_results := filter_results || pg_catalog.jsonb_build_array(pg_catalog.to_jsonb(verdicts));
  end loop;

  if pg_catalog.cardinality(lookups) > 0
    and coalesce(pg_catalog.jsonb_array_length(p_checks), 0) > 0
    and not exists (select 1 from pg_catalog.pg_prepared_statements where name = statement_name)
  then
    -- A lateral probe with LIMIT, never turned into a join, looks each change up by its key. An
    -- EXISTS becomes a semi-join, which the planner hashes while the table is small: every row of
    -- the table through the policies, once per check.
    execute pg_catalog.format(
      'prepare %1$I(jsonb) as '
      'select coalesce(array_agg((x.e ->> ''i'')::int), ''{}'') '
      'from pg_catalog.jsonb_array_elements($1) x(e) '
      'cross join lateral pg_catalog.jsonb_populate_record(null::%2$s, x.e -> ''r'') r '
      'cross join lateral (select from %2$s t where %3$s limit 1) visible_row',
      statement_name,
      entity,
      (select string_agg(pg_catalog.format('t.%1$I = r.%1$I', pk.col), ' and ') from unnest(p_pk) pk(col))
    );
  end if;

  -- Indexed loops, not FOR over a query: a cursor would fetch its later rows under the switched role.
  for i in 0 .. coalesce(pg_catalog.jsonb_array_length(p_checks), 0) - 1 loop
    chk := p_checks -> i;
    role_ := chk ->> 'role';
    found := '{}';
    -- The changes some subscription of these claims lets through its filters.
    if pg_catalog.jsonb_array_length(p_filters) = 0 then
      wanted := lookups;
    else
      wanted := array(
        select l.idx
        from unnest(lookups) l(idx)
        where exists (
          select 1
          from pg_catalog.jsonb_array_elements(coalesce(chk -> 'groups', '[[]]')) g(grp)
          where not exists (
            select 1 from pg_catalog.jsonb_array_elements_text(g.grp) fi(f)
            where not coalesce((filter_results -> fi.f::int ->> l.idx)::boolean, false)
          )
        )
      );
    end if;
    if pg_catalog.cardinality(wanted) > 0 and pg_catalog.to_regrole(role_) is not null then
      if wanted is distinct from last_wanted then
        lookup_literal := pg_catalog.quote_literal((
          select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('i', w.idx, 'r', p_keys -> w.idx))
          from unnest(wanted) w(idx)
        )::text);
        last_wanted := wanted;
      end if;
      -- Checks come sorted by role, so the role changes once per role, the claims once per check.
      if current_role_ is distinct from role_ then
        perform pg_catalog.set_config('role', role_, true);
        current_role_ := role_;
      end if;
      perform pg_catalog.set_config('request.jwt.claims', (chk -> 'claims')::text, true);
      execute 'execute ' || pg_catalog.quote_ident(statement_name) || '(' || lookup_literal || ')'
        into found;
    end if;
    visible := array_append(visible, pg_catalog.to_jsonb(found));
  end loop;
  perform pg_catalog.set_config('role', 'none', true);
  perform pg_catalog.set_config('request.jwt.claims', null, true);

  return pg_catalog.jsonb_build_object('filters', filter_results, 'visible', pg_catalog.to_jsonb(visible));
end
$$;
revoke all on function _stack.realtime_authorize(oid, text[], jsonb, jsonb, jsonb, jsonb) from public;

-- Takes the captured changes of the committed transactions p_txids (deleting them) and checks them
-- with _stack.realtime_authorize, table by table, in the same statement: reading, checking and
-- committing cost the feed one round trip.
-- p_plans: {"<relid>": {"pk": [...], "deleteFilterColumns": [...] or null (all columns): the old
--          row's columns a DELETE's filters look at, "filters": [...],
--          "checks": [...]}}, for every table with subscriptions (see realtime_authorize)
-- Returns {"rows": the captured rows in write order, "verdicts": {"<relid>": realtime_authorize's
-- answer for that table's rows, in the order they appear in "rows"}}.
create function _stack.realtime_take(p_txids bigint[], p_plans jsonb) returns jsonb
language plpgsql
as $$
declare
  taken jsonb;
  verdicts jsonb := '{}';
  plan record;
  sources jsonb;
  keys jsonb;
begin
  with deleted as (
    delete from _stack.realtime_changes where txid = any(p_txids)
    returning id, txid, relid, schema_name, table_name, action, record, old_record, captured_at
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'txid', d.txid, 'relid', d.relid, 'schema', d.schema_name, 'table', d.table_name,
      'type', d.action, 'record', d.record, 'old', d.old_record,
      'capturedMs', extract(epoch from d.captured_at) * 1000
    ) order by d.id), '[]')
  into taken
  from deleted d;

  for plan in select e.key::oid as relid, e.value as p from pg_catalog.jsonb_each(p_plans) e loop
    if pg_catalog.jsonb_array_length(plan.p -> 'filters') = 0
      and pg_catalog.jsonb_array_length(plan.p -> 'checks') = 0 then
      continue;
    end if;
    select
      pg_catalog.jsonb_agg(
        case
          when c ->> 'type' <> 'DELETE' then c -> 'record'
          when plan.p -> 'deleteFilterColumns' = 'null' then c -> 'old'
          -- A DELETE's old row as logical decoding reports it (its replica identity columns), and
          -- on an RLS table only its primary key (dispatch.ts, deleteFilterColumns).
          else (
            select pg_catalog.jsonb_object_agg(o.key, o.value)
            from pg_catalog.jsonb_each(c -> 'old') o
            where plan.p -> 'deleteFilterColumns' ? o.key
          )
        end order by x.ord),
      pg_catalog.jsonb_agg(
        case
          when c ->> 'type' <> 'DELETE' and pg_catalog.jsonb_array_length(plan.p -> 'checks') > 0 then (
            select pg_catalog.jsonb_object_agg(k.col, c -> 'record' -> k.col)
            from pg_catalog.jsonb_array_elements_text(plan.p -> 'pk') k(col)
          )
        end order by x.ord)
    into sources, keys
    from pg_catalog.jsonb_array_elements(taken) with ordinality x(c, ord)
    where (c ->> 'relid')::oid = plan.relid;
    if sources is null then
      continue;
    end if;
    verdicts := verdicts || pg_catalog.jsonb_build_object(
      plan.relid::text,
      _stack.realtime_authorize(
        plan.relid,
        array(select pg_catalog.jsonb_array_elements_text(plan.p -> 'pk')),
        sources,
        plan.p -> 'filters',
        keys,
        plan.p -> 'checks'
      )
    );
  end loop;

  return pg_catalog.jsonb_build_object('rows', taken, 'verdicts', verdicts);
end
$$;
revoke all on function _stack.realtime_take(bigint[], jsonb) from public;
