-- Automation rules may apply a shared macro: {"type": "apply_macro", "macro_id": "…"}. When the rule
-- runs, the macro's changes are made and its text is added as a reply or internal note (its
-- placeholders filled in for the ticket, signed by the team), as if the rule listed them itself.
-- The macro is read when the rule runs, so editing the macro changes what the rule does; a macro
-- deleted or switched off since is skipped. The existing functions keep their job under new names
-- and the old names now expand the macro first.

alter function private.normalize_actions(jsonb) rename to normalize_listed_actions;
alter function private.apply_automation(public.automation_rules, public.tickets)
  rename to apply_listed_actions;

create function private.normalize_actions(actions jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  macro_actions jsonb := '[]';
  others jsonb := '[]';
  applied jsonb;
  macro public.macros;
  clash text;
begin
  if jsonb_typeof(actions) is distinct from 'array'
    or not exists (select 1 from jsonb_array_elements(actions) a where a ->> 'type' = 'apply_macro') then
    return private.normalize_listed_actions(actions);
  end if;
  others := coalesce(
    (select jsonb_agg(a) from jsonb_array_elements(actions) a where a ->> 'type' is distinct from 'apply_macro'),
    '[]');
  macro_actions := (select jsonb_agg(a) from jsonb_array_elements(actions) a where a ->> 'type' = 'apply_macro');
  if jsonb_array_length(macro_actions) > 1 then
    raise exception 'actions: a rule applies one macro at most' using errcode = '23514';
  end if;
  select * into macro from public.macros m
  where m.id = private.uuid_from_json(macro_actions -> 0 -> 'macro_id') and m.owner_id is null;
  if not found then
    raise exception 'actions: apply_macro needs "macro_id": the id of a shared macro' using errcode = '23514';
  end if;
  if not macro.is_active then
    raise exception 'actions: the macro "%" is switched off; switch it on or pick another', macro.name
      using errcode = '23514';
  end if;
  if jsonb_array_length(others) > 0 then
    others := private.normalize_listed_actions(others);
    select private.action_field(a) into clash
    from jsonb_array_elements(others) a, jsonb_array_elements(macro.actions) b
    where private.action_field(a) = private.action_field(b)
    limit 1;
    if clash is not null then
      raise exception 'actions: the macro "%" already changes %; leave that to the macro or pick another',
        macro.name, clash
        using errcode = '23514';
    end if;
  end if;
  applied := jsonb_build_array(jsonb_build_object('type', 'apply_macro', 'macro_id', macro.id));
  return others || applied;
end
$$;

-- Runs inside the ticket triggers (security definer), so every rule may read the shared macros.
create function private.apply_automation(rule public.automation_rules, n public.tickets)
returns public.tickets
language plpgsql
volatile
set search_path = ''
as $$
declare
  action jsonb;
  expanded jsonb := '[]';
  macro public.macros;
begin
  for action in select e from jsonb_array_elements(rule.actions) e loop
    if action ->> 'type' <> 'apply_macro' then
      expanded := expanded || jsonb_build_array(action);
      continue;
    end if;
    select * into macro from public.macros m
    where m.id = (action ->> 'macro_id')::uuid and m.owner_id is null and m.is_active;
    continue when not found;
    expanded := expanded || macro.actions;
    if btrim(macro.body) <> '' then
      expanded := expanded || jsonb_build_array(jsonb_build_object(
        'type', case macro.message_kind when 'reply' then 'reply' else 'add_note' end,
        'body', private.render_macro_text(macro.body, n, null)));
    end if;
  end loop;
  rule.actions := expanded;
  return private.apply_listed_actions(rule, n);
end
$$;

revoke execute on function private.normalize_actions(jsonb) from public;
grant execute on function private.normalize_actions(jsonb) to authenticated;
revoke execute on function private.apply_automation(public.automation_rules, public.tickets) from public;
