-- A rule that applies a macro is checked with the macro's changes as if the rule listed them: its
-- action must not undo its own condition, and it must not set another rule off forever through
-- the macro. The checks keep their job under new names; the old names now expand the macro first.
-- The macro is read as the rule is saved: a later edit of the macro is not checked again, as the
-- rule reads the macro when it runs and never re-triggers itself.

alter function private.rule_contradiction(jsonb, jsonb) rename to rule_contradiction_listed;
alter function private.rules_loop(text, jsonb, jsonb, text, jsonb, jsonb) rename to rules_loop_listed;

-- `actions` with an apply_macro replaced by the field changes of the shared macro it names.
create function private.expand_macro_actions(actions jsonb)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(expanded.action order by expanded.n, expanded.m), '[]')
  from jsonb_array_elements(actions) with ordinality as listed(action, n)
  cross join lateral (
    select listed.action, listed.n, 0::bigint as m
    where listed.action ->> 'type' is distinct from 'apply_macro'
    union all
    select macro_action, listed.n, m
    from public.macros macro,
      jsonb_array_elements(macro.actions) with ordinality as x(macro_action, m)
    where listed.action ->> 'type' = 'apply_macro'
      and macro.id = (listed.action ->> 'macro_id')::uuid
      and macro.owner_id is null
  ) expanded
$$;

create function private.rule_contradiction(conditions jsonb, actions jsonb)
returns text
language sql
stable
set search_path = ''
as $$
  select private.rule_contradiction_listed(conditions, private.expand_macro_actions(actions))
$$;

create function private.rules_loop(
  a_name text, a_conditions jsonb, a_actions jsonb,
  b_name text, b_conditions jsonb, b_actions jsonb
)
returns text
language sql
stable
set search_path = ''
as $$
  select private.rules_loop_listed(
    a_name, a_conditions, private.expand_macro_actions(a_actions),
    b_name, b_conditions, private.expand_macro_actions(b_actions))
$$;

revoke execute on function private.expand_macro_actions(jsonb) from public;
revoke execute on function private.rule_contradiction(jsonb, jsonb) from public;
revoke execute on function private.rules_loop(text, jsonb, jsonb, text, jsonb, jsonb) from public;
grant execute on function private.expand_macro_actions(jsonb) to authenticated;
grant execute on function private.rule_contradiction(jsonb, jsonb) to authenticated;
grant execute on function private.rules_loop(text, jsonb, jsonb, text, jsonb, jsonb) to authenticated;
