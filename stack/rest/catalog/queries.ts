// The pg_catalog queries behind the schema cache. They run with an empty search_path, so every type
// and default outside pg_catalog comes back schema-qualified.

/** Tables, views, their columns and primary keys in the exposed schemas ($1). */
export const relationsSql = `
select
  n.nspname as schema,
  c.relname as name,
  c.relkind in ('v', 'm') as is_view,
  (c.relkind in ('r', 'p') or (c.relkind in ('v', 'f')
    and (pg_relation_is_updatable(c.oid::regclass, true) & 8) = 8)) as insertable,
  (c.relkind in ('r', 'p') or (c.relkind in ('v', 'f')
    and (pg_relation_is_updatable(c.oid::regclass, true) & 4) = 4)) as updatable,
  (c.relkind in ('r', 'p') or (c.relkind in ('v', 'f')
    and (pg_relation_is_updatable(c.oid::regclass, true) & 16) = 16)) as deletable,
  coalesce((
    select json_agg(a.attname::text order by a.attname)
    from pg_constraint k
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
    where k.conrelid = c.oid and k.contype = 'p'
  ), '[]') as primary_key,
  coalesce((
    select json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'baseType', format_type(case when t.typtype = 'd' then t.typbasetype else a.atttypid end, null),
      'nullable', not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)),
      'default', case
        when t.typtype = 'd' and ad.adbin is null then pg_get_expr(t.typdefaultbin, 0)
        when a.attidentity = 'd' then
          format('nextval(%L)', pg_get_serial_sequence(c.oid::regclass::text, a.attname))
        when a.attgenerated = 's' then null
        else pg_get_expr(ad.adbin, ad.adrelid)
      end
    ) order by a.attnum)
    from pg_attribute a
    join pg_type t on t.oid = a.atttypid
    left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  ), '[]') as columns
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'v', 'm', 'f', 'p')
  and not c.relispartition
  and n.nspname = any ($1::text[])`;

/** Every foreign key, with its column pairs and whether its columns are also a unique key. */
export const foreignKeysSql = `
select
  c.conname as constraint,
  n1.nspname as table_schema,
  t1.relname as table_name,
  t1.relkind in ('v', 'm') as table_is_view,
  n2.nspname as foreign_schema,
  t2.relname as foreign_name,
  c.conrelid::int8 as table_oid,
  c.confrelid::int8 as foreign_oid,
  (
    select json_agg(json_build_array(a1.attname, a2.attname, k.col, k.ref) order by k.ord)
    from unnest(c.conkey, c.confkey) with ordinality as k (col, ref, ord)
    join pg_attribute a1 on a1.attrelid = c.conrelid and a1.attnum = k.col
    join pg_attribute a2 on a2.attrelid = c.confrelid and a2.attnum = k.ref
  ) as columns,
  exists (
    select 1 from pg_constraint u
    where u.conrelid = c.conrelid and u.contype in ('p', 'u')
      and (select array_agg(x order by x) from unnest(u.conkey) x)
        = (select array_agg(x order by x) from unnest(c.conkey) x)
  ) as one_to_one
from pg_constraint c
join pg_class t1 on t1.oid = c.conrelid
join pg_namespace n1 on n1.oid = t1.relnamespace
join pg_class t2 on t2.oid = c.confrelid
join pg_namespace n2 on n2.oid = t2.relnamespace
where c.contype = 'f' and c.conparentid = 0
order by c.conrelid, c.conname`;

/**
 * Computed relationships: functions of one argument, a table's row type, returning a table's row
 * type; to-one when they return a single row or are declared `rows 1` (PostgREST's allComputedRels).
 */
export const computedRelationshipsSql = `
with row_types as (
  select reltype from pg_class where relkind in ('v', 'r', 'm', 'f', 'p')
)
select
  fn.nspname as schema,
  p.proname as name,
  arg_schema.nspname as table_schema,
  arg_type.typname as table_name,
  ret_schema.nspname as foreign_schema,
  ret_type.typname as foreign_name,
  not p.proretset or p.prorows = 1 as to_one
from pg_proc p
join pg_namespace fn on fn.oid = p.pronamespace
join pg_type arg_type on arg_type.oid = p.proargtypes[0]
join pg_namespace arg_schema on arg_schema.oid = arg_type.typnamespace
join pg_type ret_type on ret_type.oid = p.prorettype
join pg_namespace ret_schema on ret_schema.oid = ret_type.typnamespace
where p.pronargs = 1
  and p.proargtypes[0] in (select reltype from row_types)
  and p.prorettype in (select reltype from row_types)`;

/** Primary keys of every table (by oid and column number), to give views their tables' keys. */
export const primaryKeysSql = `
select c.conrelid::int8 as table_oid, to_json(c.conkey) as attnums
from pg_constraint c
where c.contype = 'p'`;

/** Views in the exposed schemas ($1) with their stored query trees. */
export const viewsSql = `
select n.nspname as schema, c.relname as name, r.ev_action::text as definition
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_rewrite r on r.ev_class = c.oid and r.rulename = '_RETURN'
where c.relkind in ('v', 'm') and n.nspname = any ($1::text[])`;

/** Functions in the exposed schemas ($1): arguments, volatility and what they return. */
export const routinesSql = `
select
  n.nspname as schema,
  p.proname as name,
  p.provolatile as volatility,
  p.proretset as set_of,
  p.pronargs as nargs,
  p.pronargdefaults as ndefaults,
  to_json(coalesce(p.proargnames, '{}')) as arg_names,
  to_json(coalesce(p.proargmodes::text[], '{}')) as arg_modes,
  (
    select json_agg(format_type(a.t, null) order by a.i)
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a (t, i)
  ) as arg_types,
  rn.nspname as return_schema,
  coalesce(comp.relname, rt.typname) as return_name,
  (rt.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as return_composite
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type dt on dt.oid = p.prorettype
join pg_type rt on rt.oid = case when dt.typtype = 'd' then dt.typbasetype else dt.oid end
join pg_namespace rn on rn.oid = rt.typnamespace
left join pg_class comp on comp.oid = rt.typrelid
where n.nspname = any ($1::text[])
  and p.prokind = 'f'
  and p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype`;

/** Per-role settings (`ALTER ROLE … SET`), database-specific ones last so they win. */
export const roleSettingsSql = `
select r.rolname as role, to_json(s.setconfig) as config
from pg_db_role_setting s
join pg_roles r on r.oid = s.setrole
where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
order by s.setdatabase`;
