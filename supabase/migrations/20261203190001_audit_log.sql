-- The audit log: who changed what, on which row, with the values before and after. Rows are written
-- by triggers in the writing transaction, so every path (the app, a direct API call, the service
-- role, SQL) is recorded. It is append-only for everyone: no role gets UPDATE, DELETE or TRUNCATE,
-- and a trigger refuses them even for the table's owner.

create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  -- No foreign key: the log outlives the people in it and must never be rewritten by a cascade.
  actor_id uuid,
  -- Who it was at the time: an email, `service_role`, or `database` (the seed, the minute job).
  actor_label text not null,
  -- `<entity>.<what happened>`, such as `person.role_changed` or `team.deleted`.
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_table text not null,
  target_id text,
  -- A readable name of the target at the time (a person's email, a team's name).
  target_label text not null default '',
  old_values jsonb,
  new_values jsonb
);

create index audit_log_at_idx on public.audit_log (at desc, id desc);
create index audit_log_actor_idx on public.audit_log (actor_id, at desc);
create index audit_log_action_idx on public.audit_log (action, at desc);
create index audit_log_target_idx on public.audit_log (target_table, target_id, at desc);

alter table public.audit_log enable row level security;

create policy "admins read the audit log"
  on public.audit_log for select to authenticated
  using ((select public.user_role()) = 'admin');

revoke insert, update, delete, truncate on public.audit_log from public, anon, authenticated, service_role;
grant select on public.audit_log to authenticated;

create function private.refuse_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'the audit log is append-only: rows cannot be changed or deleted'
    using errcode = '42501';
end
$$;

create trigger audit_log_append_only
  before update or delete on public.audit_log
  for each row execute function private.refuse_audit_change();

create trigger audit_log_no_truncate
  before truncate on public.audit_log
  for each statement execute function private.refuse_audit_change();

-- Writes one audit row as the current caller. Only triggers and the admin functions below call it.
create function private.write_audit(
  action text,
  target_table text,
  target_id text,
  target_label text,
  old_values jsonb,
  new_values jsonb
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  label text;
begin
  if actor is not null then
    select p.email into label from public.profiles p where p.id = actor;
  end if;
  label := coalesce(
    nullif(label, ''),
    nullif(auth.jwt() ->> 'email', ''),
    case when auth.role() = 'service_role' then 'service_role' end,
    'database'
  );
  insert into public.audit_log
    (actor_id, actor_label, action, target_table, target_id, target_label, old_values, new_values)
  values (actor, label, action, target_table, target_id, coalesce(target_label, ''), old_values, new_values);
end
$$;

revoke execute on function private.write_audit(text, text, text, text, jsonb, jsonb)
  from public, anon, authenticated;

-- The columns of `new` whose values differ from `old`, without bookkeeping columns.
create function private.changed_columns(old_row jsonb, new_row jsonb)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(key order by key), '{}')
  from jsonb_each(new_row) n(key, value)
  where key not in ('updated_at', 'last_routed_turn', 'last_routed_at')
    and n.value is distinct from old_row -> key
$$;

create function private.pick(row_values jsonb, keys text[])
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(key, value), '{}')
  from jsonb_each(row_values)
  where key = any (keys)
$$;

-- Generic audit trigger: `tg_argv[0]` names the entity (`team`, `sla_policy`, …). Inserts and
-- deletes keep the whole row; updates keep only the columns that changed, and an update that
-- changed nothing but bookkeeping is not recorded.
create function private.audit_change()
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
  label text := coalesce(row_values ->> 'name', row_values ->> 'email', row_values ->> 'subject', '');
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

revoke execute on function private.audit_change() from public, anon, authenticated;

create trigger teams_audit
  after insert or update or delete on public.teams
  for each row execute function private.audit_change('team');

create trigger team_members_audit
  after insert or update or delete on public.team_members
  for each row execute function private.audit_change('team_member');

create trigger ticket_types_audit
  after insert or update or delete on public.ticket_types
  for each row execute function private.audit_change('ticket_type');

create trigger business_calendars_audit
  after insert or update or delete on public.business_calendars
  for each row execute function private.audit_change('business_calendar');

create trigger sla_policies_audit
  after insert or update or delete on public.sla_policies
  for each row execute function private.audit_change('sla_policy');

create trigger automation_rules_audit
  after insert or update or delete on public.automation_rules
  for each row execute function private.audit_change('automation_rule');

create trigger tickets_audit_deletion
  after delete on public.tickets
  for each row execute function private.audit_change('ticket');

-- Invitations: created, revoked (deleted) and accepted (applied to the invited account).
create function private.audit_invitation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  summary_old jsonb := case when tg_op <> 'INSERT' then
    jsonb_build_object('email', old.email, 'role', old.role, 'team_id', old.team_id) end;
  summary_new jsonb := case when tg_op <> 'DELETE' then
    jsonb_build_object('email', new.email, 'role', new.role, 'team_id', new.team_id,
      'expires_at', new.expires_at) end;
begin
  if tg_op = 'INSERT' then
    perform private.write_audit('invitation.created', 'invitations', new.id::text, new.email, null, summary_new);
  elsif tg_op = 'DELETE' then
    perform private.write_audit('invitation.revoked', 'invitations', old.id::text, old.email, summary_old, null);
  elsif new.accepted_at is not null and old.accepted_at is null then
    perform private.write_audit('invitation.accepted', 'invitations', new.id::text, new.email,
      null, summary_new || jsonb_build_object('user_id', new.user_id));
  end if;
  return null;
end
$$;

revoke execute on function private.audit_invitation() from public, anon, authenticated;

create trigger invitations_audit
  after insert or update or delete on public.invitations
  for each row execute function private.audit_invitation();
