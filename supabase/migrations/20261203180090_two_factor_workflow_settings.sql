-- Two-factor sign-in for the workflow settings that landed after 20261203170001: ticket types,
-- business calendars, SLA policies, team membership and automation rules are running the
-- workspace, held to the same rule as invitations, roles and teams there. Everyone who may read
-- them still does (the pages and the workflow need them); changes need the second factor when it
-- is required. Named after those migrations, which it depends on, rather than with this branch's
-- own prefix, which sorts before them.

do $$
declare
  settings text;
begin
  foreach settings in array array[
    'ticket_types', 'business_calendars', 'sla_policies', 'team_members', 'automation_rules'
  ] loop
    execute format(
      'create policy "two-factor sign-in where required to add" on public.%I
         as restrictive for insert to authenticated
         with check ((select private.mfa_requirement_met()))', settings);
    execute format(
      'create policy "two-factor sign-in where required to change" on public.%I
         as restrictive for update to authenticated
         using ((select private.mfa_requirement_met()))
         with check ((select private.mfa_requirement_met()))', settings);
    execute format(
      'create policy "two-factor sign-in where required to remove" on public.%I
         as restrictive for delete to authenticated
         using ((select private.mfa_requirement_met()))', settings);
  end loop;
end
$$;
