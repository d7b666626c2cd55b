-- The ticket page's settings (custom ticket fields and macros) are changed by admins and agents like
-- the other settings, so the audit log records them too. A macro's usage count goes up every time an
-- agent applies it: bookkeeping, not a change anyone made to the macro. A field is named by its label.

create or replace function private.changed_columns(old_row jsonb, new_row jsonb)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(key order by key), '{}')
  from jsonb_each(new_row) n(key, value)
  where key not in ('updated_at', 'last_routed_turn', 'last_routed_at', 'usage_count')
    and n.value is distinct from old_row -> key
$$;

create or replace function private.audit_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  entity text := tg_argv[0];
  old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  row_values jsonb := coalesce(new_row, old_row);
  changed text[];
  target_id text := coalesce(
    row_values ->> 'id',
    concat_ws(':', row_values ->> 'team_id', row_values ->> 'agent_id')
  );
  label text := coalesce(
    row_values ->> 'name', row_values ->> 'label', row_values ->> 'email', row_values ->> 'subject', ''
  );
begin
  if tg_table_name = 'team_members' then
    select concat_ws(' in ', p.email, t.name) into label
    from (select 1) one
    left join public.profiles p on p.id = (row_values ->> 'agent_id')::uuid
    left join public.teams t on t.id = (row_values ->> 'team_id')::uuid;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(entity || '.created', tg_table_name, target_id, label, null, new_row);
  elsif tg_op = 'DELETE' then
    perform private.write_audit(entity || '.deleted', tg_table_name, target_id, label, old_row, null);
  else
    changed := private.changed_columns(old_row, new_row);
    if cardinality(changed) > 0 then
      perform private.write_audit(
        entity || '.updated', tg_table_name, target_id, label,
        private.pick(old_row, changed), private.pick(new_row, changed)
      );
    end if;
  end if;
  return null;
end
$$;

create trigger ticket_fields_audit
  after insert or update or delete on public.ticket_fields
  for each row execute function private.audit_change('ticket_field');

create trigger macros_audit
  after insert or update or delete on public.macros
  for each row execute function private.audit_change('macro');
