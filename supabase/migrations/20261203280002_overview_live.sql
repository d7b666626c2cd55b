-- What the admin overview needs: agents' availability live (their status and each tab's heartbeat,
-- in agent_status, which staff may read), and a readable target for changes to the workspace
-- settings in the audit log (the one settings row has no name; its id is `true`).

alter publication supabase_realtime add table public.agent_status;

create function private.audit_workspace_settings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row jsonb := to_jsonb(old);
  new_row jsonb := to_jsonb(new);
  changed text[] := private.changed_columns(old_row, new_row);
begin
  if cardinality(changed) > 0 then
    perform private.write_audit('settings.updated', tg_table_name, new.id::text, 'Workspace settings',
      private.pick(old_row, changed), private.pick(new_row, changed));
  end if;
  return null;
end
$$;

revoke execute on function private.audit_workspace_settings() from public, anon, authenticated;

drop trigger app_settings_audit on public.app_settings;

create trigger app_settings_audit
  after update on public.app_settings
  for each row execute function private.audit_workspace_settings();
