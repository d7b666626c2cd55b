-- Demo data for `npm run dev`, `supabase db reset` and the tests: two teams, the demo accounts
-- (password `autocrm-demo`) and 60 tickets with their conversations over the last four weeks, with
-- the service levels, routing and automations they run under, their ratings, a follow-up, and the
-- notifications and emails they caused.
--   clients: client@autocrm.test, client2@autocrm.test (and four more customers)
--   agents:  agent@autocrm.test (Customer Support), agent2@autocrm.test (Billing)
--   admin:   admin@autocrm.test
-- Everything is derived from the ticket number, so every seeded database holds the same data
-- (only relative to the time it was seeded).

-- Accounts, as the Auth server stores them (token columns '' rather than null, as GoTrue expects).
-- The auth.users trigger creates each profile as a client; staff roles are set below.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  email_change_token_current, phone_change, phone_change_token, reauthentication_token,
  raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', account.id, 'authenticated', 'authenticated',
  account.email, extensions.crypt('autocrm-demo', extensions.gen_salt('bf')),
  now() - interval '60 days',
  '', '', '', '', '', '', '', '',
  '{"provider":"email","providers":["email"]}', jsonb_build_object('full_name', account.full_name),
  false, now() - interval '60 days', now() - interval '60 days'
from (values
  ('c1000000-0000-4000-8000-000000000001'::uuid, 'client@autocrm.test', 'Casey Client'),
  ('c2000000-0000-4000-8000-000000000002'::uuid, 'client2@autocrm.test', 'Robin Customer'),
  ('c3000000-0000-4000-8000-000000000003'::uuid, 'dana@northwind.test', 'Dana Whitfield'),
  ('c4000000-0000-4000-8000-000000000004'::uuid, 'li.wei@contoso.test', 'Li Wei'),
  ('c5000000-0000-4000-8000-000000000005'::uuid, 'marta@fabrikam.test', 'Marta Kowalska'),
  ('c6000000-0000-4000-8000-000000000006'::uuid, 'omar@tailspin.test', 'Omar Haddad'),
  ('a1000000-0000-4000-8000-000000000001'::uuid, 'agent@autocrm.test', 'Alex Agent'),
  ('a2000000-0000-4000-8000-000000000002'::uuid, 'agent2@autocrm.test', 'Sam Support'),
  ('ad000000-0000-4000-8000-000000000001'::uuid, 'admin@autocrm.test', 'Morgan Admin')
) as account (id, email, full_name);

insert into auth.identities (
  provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at
)
select
  u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', null, u.created_at, u.created_at
from auth.users u
where u.email like '%.test';

insert into public.teams (id, name, description) values
  ('7ea00000-0000-4000-8000-000000000001', 'Customer Support', 'Accounts, sign-in, bugs and how-to questions.'),
  ('7ea00000-0000-4000-8000-000000000002', 'Billing', 'Invoices, payments, plans and refunds.');

update public.profiles set role = 'agent', team_id = '7ea00000-0000-4000-8000-000000000001'
where id = 'a1000000-0000-4000-8000-000000000001';
update public.profiles set role = 'agent', team_id = '7ea00000-0000-4000-8000-000000000002'
where id = 'a2000000-0000-4000-8000-000000000002';
update public.profiles set role = 'admin'
where id = 'ad000000-0000-4000-8000-000000000001';

-- Service levels, routing and automations ------------------------------------------------------

insert into public.ticket_types (id, name, description, position) values
  ('7e000000-0000-4000-8000-000000000001', 'Question', 'How do I …? Questions about using the product.', 1),
  ('7e000000-0000-4000-8000-000000000002', 'Problem', 'Something does not work as it should.', 2),
  ('7e000000-0000-4000-8000-000000000003', 'Billing', 'Invoices, payments, plans and refunds.', 3),
  ('7e000000-0000-4000-8000-000000000004', 'Feature request', 'An idea to make the product better.', 4);

-- Office hours in Berlin with the German public holidays, and a 24/7 calendar for premium support.
insert into public.business_calendars (id, name, time_zone, opening_hours, holidays, is_default)
values
  ('ca100000-0000-4000-8000-000000000001', 'Office hours (Berlin)', 'Europe/Berlin',
    (select jsonb_object_agg(day, '[{"start": "09:00", "end": "17:00"}]'::jsonb)
     from unnest(array['mon', 'tue', 'wed', 'thu', 'fri']) day),
    '[
      {"date": "2026-01-01", "name": "New Year''s Day"},
      {"date": "2026-04-03", "name": "Good Friday"},
      {"date": "2026-04-06", "name": "Easter Monday"},
      {"date": "2026-05-01", "name": "Labour Day"},
      {"date": "2026-05-14", "name": "Ascension Day"},
      {"date": "2026-05-25", "name": "Whit Monday"},
      {"date": "2026-10-03", "name": "Day of German Unity"},
      {"date": "2026-12-25", "name": "Christmas Day"},
      {"date": "2026-12-26", "name": "Second Day of Christmas"},
      {"date": "2027-01-01", "name": "New Year''s Day"},
      {"date": "2027-03-26", "name": "Good Friday"},
      {"date": "2027-03-29", "name": "Easter Monday"},
      {"date": "2027-05-01", "name": "Labour Day"},
      {"date": "2027-05-06", "name": "Ascension Day"},
      {"date": "2027-05-17", "name": "Whit Monday"},
      {"date": "2027-10-03", "name": "Day of German Unity"},
      {"date": "2027-12-25", "name": "Christmas Day"},
      {"date": "2027-12-26", "name": "Second Day of Christmas"}
    ]', true),
  ('ca100000-0000-4000-8000-000000000002', 'Around the clock', 'UTC',
    (select jsonb_object_agg(day, '[{"start": "00:00", "end": "24:00"}]'::jsonb)
     from unnest(array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) day),
    '[]', false);

insert into public.sla_policies (id, name, description, position, calendar_id, conditions, targets)
values
  ('51a00000-0000-4000-8000-000000000001', 'Premium support',
    'Northwind and Contoso have a premium contract: answered around the clock.', 10,
    'ca100000-0000-4000-8000-000000000002',
    '{"customer_id": ["c3000000-0000-4000-8000-000000000003", "c4000000-0000-4000-8000-000000000004"]}',
    '{"urgent": {"first_response": 30, "next_response": 60, "resolution": 240},
      "high": {"first_response": 60, "next_response": 120, "resolution": 480},
      "normal": {"first_response": 120, "next_response": 240, "resolution": 1440},
      "low": {"first_response": 240, "next_response": 480, "resolution": 2880}}'),
  ('51a00000-0000-4000-8000-000000000002', 'Billing',
    'Billing questions, within office hours.', 20, null,
    '{"team_id": ["7ea00000-0000-4000-8000-000000000002"]}',
    '{"urgent": {"first_response": 60, "next_response": 120, "resolution": 480},
      "high": {"first_response": 120, "next_response": 240, "resolution": 960},
      "normal": {"first_response": 240, "next_response": 480, "resolution": 1440},
      "low": {"first_response": 480, "next_response": 960, "resolution": 2880}}'),
  ('51a00000-0000-4000-8000-000000000003', 'Standard',
    'Every other ticket, within office hours.', 100, null, '{}',
    '{"urgent": {"first_response": 60, "next_response": 120, "resolution": 480},
      "high": {"first_response": 240, "next_response": 480, "resolution": 1440},
      "normal": {"first_response": 480, "next_response": 960, "resolution": 2400},
      "low": {"first_response": 960, "next_response": 1440, "resolution": 4800}}');

-- Support hands out tickets in turn; Billing to whoever has the fewest open tickets, matching the
-- ticket's billing tags to skills. The admin helps out in both teams, with a small capacity.
update public.teams set routing_mode = 'round_robin'
where id = '7ea00000-0000-4000-8000-000000000001';
update public.teams set routing_mode = 'least_loaded', skills_routing = true
where id = '7ea00000-0000-4000-8000-000000000002';

insert into public.team_members (team_id, agent_id, skills, capacity) values
  ('7ea00000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
    '{login,bug,api,import,how-to}', 25),
  ('7ea00000-0000-4000-8000-000000000002', 'a2000000-0000-4000-8000-000000000002',
    '{invoice,refund,plans,billing,contract}', 20),
  ('7ea00000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001',
    '{login,bug,api}', 5),
  ('7ea00000-0000-4000-8000-000000000002', 'ad000000-0000-4000-8000-000000000001',
    '{invoice,refund,plans,billing,contract}', 5)
on conflict (team_id, agent_id) do update
  set skills = excluded.skills, capacity = excluded.capacity;

insert into public.automation_rules (name, description, position, event, conditions, schedule, actions)
values
  ('Billing questions go to Billing', 'Keywords in the subject that mean money.', 10,
    'ticket_created',
    '{"team_id": [null], "subject_contains": ["invoice", "refund", "charged", "billing", "payment", "vat"]}',
    null,
    '[{"type": "set_team", "team_id": "7ea00000-0000-4000-8000-000000000002"}, {"type": "add_tags", "tags": ["billing"]}]'),
  ('Billing type goes to Billing', 'Customers who chose the Billing type.', 11, 'ticket_created',
    '{"team_id": [null], "type_id": ["7e000000-0000-4000-8000-000000000003"]}', null,
    '[{"type": "set_team", "team_id": "7ea00000-0000-4000-8000-000000000002"}]'),
  ('Questions and problems go to Support', 'Customers who chose Question or Problem.', 12,
    'ticket_created',
    '{"team_id": [null], "type_id": ["7e000000-0000-4000-8000-000000000001", "7e000000-0000-4000-8000-000000000002"]}',
    null,
    '[{"type": "set_team", "team_id": "7ea00000-0000-4000-8000-000000000001"}]'),
  ('Urgent tickets alert the team', 'Everyone in the team hears about an urgent ticket at once.', 20,
    'ticket_created_or_updated', '{"priority": ["urgent"]}', null,
    '[{"type": "notify", "recipients": "team", "message": "An urgent ticket needs someone now."}]'),
  ('Close solved tickets after 4 days', 'Solved tickets nobody reopened are closed.', 100, 'time',
    '{"status": ["solved"]}', '{"since": "status_changed", "minutes": 5760, "business": false}',
    '[{"type": "set_status", "status": "closed"}]'),
  ('Solve pending tickets after 3 business days',
    'When the customer does not answer within three business days (of eight hours).', 110, 'time',
    '{"status": ["pending"]}', '{"since": "status_changed", "minutes": 1440, "business": true}',
    '[{"type": "reply", "body": "We have not heard back from you for three business days, so we are marking this ticket as solved. Just reply to this message if you still need help and it reopens."}, {"type": "set_status", "status": "solved"}]'),
  ('Escalate at 80% of the first response target',
    'Raise the priority and tell the team before a first response is late.', 120, 'time',
    '{"priority": ["low", "normal", "high"]}', '{"sla_target": "first_response", "percent_used": 80}',
    '[{"type": "raise_priority"}, {"type": "notify", "recipients": "team", "message": "The first response target of this ticket is 80% used."}]');

-- Custom fields (none required on solve, so demo flows stay short) and macros ---------------

insert into public.ticket_fields (key, label, description, field_type, options, required_on_solve, position)
values
  ('product_area', 'Product area', 'Which part of the product the ticket is about.', 'dropdown',
    '{Sign-in,Billing,Reports,Integrations,Mobile app}', false, 1),
  ('browser', 'Browser', 'Browser and version, when the problem is in the web app.', 'text', '{}', false, 2),
  ('affected_users', 'Affected users', 'How many of the customer''s users are affected.', 'number', '{}',
    false, 3),
  ('platforms', 'Platforms', 'Where the problem shows up.', 'multi_select', '{Web,iOS,Android,API}', false, 4),
  ('follow_up_on', 'Follow up on', 'A day to check back with the customer.', 'date', '{}', false, 5),
  ('bug_filed', 'Bug filed', 'A bug report exists for this ticket.', 'checkbox', '{}', false, 6);

-- A dozen shared macros the whole team uses, and two personal ones of the demo agent.
insert into public.macros (name, description, owner_id, message_kind, body, actions, position) values
  ('Greeting', 'A friendly opening for any reply.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nThanks for reaching out about "{{ticket.subject}}". ',
    '[]', 1),
  ('Password reset instructions', 'Walks the customer through resetting their password.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nYou can reset your password from the sign-in page: choose **Forgot password?**, enter {{customer.email}} and follow the link we email you (it is valid for one hour).\n\nIf the email does not arrive within a few minutes, please check your spam folder.\n\nBest,\n{{agent.first_name}}',
    '[{"type": "set_status", "status": "pending"}, {"type": "add_tags", "tags": ["password-reset"]}]', 2),
  ('Ask for more details', 'Asks for steps, screenshots and browser, and waits for the customer.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nSo we can look into this, could you send us:\n\n1. the steps that lead to the problem,\n2. a screenshot of what you see,\n3. your browser and its version.\n\nThanks,\n{{agent.first_name}}',
    '[{"type": "set_status", "status": "pending"}]', 3),
  ('Refund approved', 'Confirms a refund and hands the ticket to Billing.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nGood news: we have approved your refund. It will show on your statement within 5–10 business days.\n\nKind regards,\n{{agent.name}}',
    '[{"type": "set_team", "team_id": "7ea00000-0000-4000-8000-000000000002"}, {"type": "add_tags", "tags": ["refund"]}, {"type": "set_status", "status": "solved"}]', 4),
  ('Invoice copy', 'Sends where to find invoices.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nAll invoices are under **Settings → Billing → Invoices**, where you can download each as a PDF.\n\nBest,\n{{agent.first_name}}',
    '[{"type": "add_tags", "tags": ["invoice"]}, {"type": "set_status", "status": "solved"}]', 5),
  ('Escalate to Billing', 'Moves the ticket to the Billing team with an internal note.', null, 'note',
    E'Escalated to Billing by {{agent.name}}: please check the customer''s last invoice (ticket #{{ticket.id}}).',
    '[{"type": "set_team", "team_id": "7ea00000-0000-4000-8000-000000000002"}, {"type": "unassign"}, {"type": "set_priority", "priority": "high"}]', 6),
  ('Known bug: we are on it', 'Acknowledges a known bug and puts the ticket on hold.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nThis is a known problem and our engineers are working on a fix. We will let you know here as soon as it ships.\n\nSorry for the trouble,\n{{agent.first_name}}',
    '[{"type": "set_status", "status": "on_hold"}, {"type": "add_tags", "tags": ["known-bug"]}]', 7),
  ('Feature request logged', 'Thanks the customer for an idea and solves the ticket.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nThank you for the suggestion! I have passed it on to our product team.\n\nBest,\n{{agent.first_name}}',
    '[{"type": "add_tags", "tags": ["feature-request"]}, {"type": "set_priority", "priority": "low"}, {"type": "set_status", "status": "solved"}]', 8),
  ('Solved: anything else?', 'Closes the loop after a fix.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nI am glad we could sort this out. I will mark ticket #{{ticket.id}} as solved; just reply here if anything else comes up.\n\nBest,\n{{agent.first_name}}',
    '[{"type": "set_status", "status": "solved"}]', 9),
  ('Urgent outage', 'Raises priority for an outage and tags it.', null, 'note',
    E'Possible outage reported by {{customer.name}} ({{customer.email}}). Checking status page and on-call.',
    '[{"type": "set_priority", "priority": "urgent"}, {"type": "add_tags", "tags": ["outage"]}]', 10),
  ('Chasing: no reply yet', 'A gentle reminder when the customer has gone quiet.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nJust checking in on ticket #{{ticket.id}}: do you still need help with this? If we do not hear back in a few days, we will close it.\n\nBest,\n{{agent.first_name}}',
    '[{"type": "set_status", "status": "pending"}]', 11),
  ('Mobile app: reinstall', 'First steps for mobile app problems.', null, 'reply',
    E'Hi {{customer.first_name}},\n\nCould you try signing out of the app, removing it, and installing it again from the App Store or Google Play? That clears most sync problems.\n\nLet me know how it goes,\n{{agent.first_name}}',
    '[{"type": "add_tags", "tags": ["mobile"]}, {"type": "set_status", "status": "pending"}]', 12),
  ('Take it: assign to me', 'Takes the ticket and sets it open.', 'a1000000-0000-4000-8000-000000000001', 'note',
    'Taking this one.',
    '[{"type": "assign", "assignee_id": "a1000000-0000-4000-8000-000000000001"}, {"type": "set_status", "status": "open"}]', 1),
  ('My sign-off', 'My usual closing lines.', 'a1000000-0000-4000-8000-000000000001', 'reply',
    E'Have a great day,\n{{agent.name}}\nCustomer Support', '[]', 2);

-- A rule that answers with a shared macro, left off so the demo's tickets are not answered by it.
insert into public.automation_rules (name, description, position, is_active, event, conditions, actions)
select 'Password questions get the reset steps',
  'Answers sign-in questions at once with the macro. Switch it on to try it.', 30, false,
  'ticket_created', '{"subject_contains": ["password", "reset"]}',
  jsonb_build_array(jsonb_build_object('type', 'apply_macro', 'macro_id', m.id))
from public.macros m
where m.owner_id is null and m.name = 'Password reset instructions';

-- Tickets and their history, written as it happened, with past timestamps. The live triggers
-- would stamp now() and derive history rows themselves, so they are paused while seeding.
alter table public.tickets disable trigger user;
alter table public.ticket_activities disable trigger user;

do $seed$
declare
  -- subject, description, team (1 support, 2 billing), tag, first agent reply, customer follow-up
  scenarios text[][] := array[
    array['Cannot sign in after password reset',
      'I reset my password this morning but the new one is rejected on the sign-in page. I have tried twice.',
      '1', 'login',
      'Sorry about that! The reset link signs you out everywhere; please try once more in a private window and let me know if it still fails.',
      'A private window worked. Thanks!'],
    array['Invoice shows the wrong company name',
      'Our latest invoice is addressed to our old company name. We changed it in the settings last month.',
      '2', 'invoice',
      'Thanks for flagging this. I have updated the billing profile and reissued the invoice; you will find the corrected one under Billing > Invoices.',
      'Got it, the new invoice looks right.'],
    array['Export to CSV times out',
      'Exporting the full contact list to CSV spins for a minute and then fails with a timeout.',
      '1', 'bug',
      'We can reproduce this with large lists. As a workaround, exporting per segment works; our engineers are on the fix.',
      'The per-segment export works for now, please let me know when the fix ships.'],
    array['Charged twice this month',
      'Our card was charged twice for the October subscription. Please refund the duplicate payment.',
      '2', 'refund',
      'You are right, the payment was captured twice. I have refunded the duplicate; it should appear on your statement within five business days.',
      'Thank you for the quick refund.'],
    array['How do I add a teammate?',
      'We hired someone new. How do I give them access to our workspace?',
      '1', 'how-to',
      'Go to Settings > Members and choose Invite. They will get an email with a link to set their password.',
      'Found it, thanks.'],
    array['Upgrade to the annual plan',
      'We would like to switch from monthly to annual billing. Will the unused part of this month be credited?',
      '2', 'plans',
      'Yes: when you switch, the unused days are credited against the first annual invoice. You can switch under Billing > Plan.',
      'Great, we have switched.'],
    array['Notifications arrive hours late',
      'Email notifications for new messages reach us two to three hours after the message was sent.',
      '1', 'bug',
      'Thanks, we found a delay in one of our mail queues and have cleared it. Could you tell us whether new notifications arrive on time?',
      'They are on time again today.'],
    array['Need a copy of our contract',
      'For our audit we need a signed copy of the service agreement. Where can we download it?',
      '2', 'contract',
      'I have attached the countersigned agreement to your account documents; you can download it from Billing > Documents.',
      'Downloaded, thank you.'],
    array['Dashboard charts are empty',
      'Since yesterday all charts on the dashboard show no data, although our reports still have numbers.',
      '1', 'bug',
      'We deployed a fix for the dashboard caching an empty result. Please reload the page and check again.',
      'Still empty on my side, even after a reload.'],
    array['Change the billing email',
      'Invoices should go to accounts@ instead of my personal address. How can I change that?',
      '2', 'invoice',
      'Done: invoices now go to accounts@. You can change it yourself under Billing > Contacts in the future.',
      'Perfect.'],
    array['Two-factor codes are rejected',
      'The codes from my authenticator app are always rejected as invalid.',
      '1', 'login',
      'This usually means the phone clock is off. Please enable automatic time on your phone and try a fresh code.',
      'That was it, the clock was five minutes behind.'],
    array['Request for a VAT invoice',
      'We are an EU business and need our VAT number on the invoices. Can you add it?',
      '2', 'invoice',
      'I have added your VAT number to the billing profile; all invoices from now on will show it, and I reissued last month''s.',
      'Thanks, that is what our accountant needed.'],
    array['API returns 429 too often',
      'Our integration gets rate limited at about 20 requests per second. What are the limits?',
      '1', 'api',
      'The standard limit is 20 requests per second per key. I can raise it for your workspace if you tell me your expected peak.',
      'Our peak is about 50 per second.'],
    array['Cancel our subscription',
      'We are closing the project at the end of the month and want to cancel our subscription.',
      '2', 'plans',
      'Sorry to see you go. I have scheduled the cancellation for the end of your billing period; your data stays available for 30 days after that.',
      'Thanks for making this easy.'],
    array['Import from spreadsheet skips rows',
      'When importing our spreadsheet, about one in ten rows is silently skipped.',
      '1', 'import',
      'The skipped rows have a date format the importer does not read. Formatting the date column as YYYY-MM-DD fixes it.',
      'Reformatted and all rows imported.'],
    array['Webhook deliveries failing',
      'Our webhook endpoint stopped receiving events yesterday. The endpoint itself is up.',
      '1', 'api',
      'Your endpoint started answering with a redirect, which we do not follow. Pointing the webhook at the final URL will fix it.',
      'Updated the URL, events are flowing again.'],
    array['Discount not applied at renewal',
      'We were promised 20% off for the second year, but the renewal invoice shows the full price.',
      '2', 'plans',
      'You are right, the discount was not carried over. I have applied it and issued a credit note for the difference.',
      'Credit note received, thanks.'],
    array['Search does not find recent records',
      'Records created in the last hour do not show up in search results.',
      '1', 'bug',
      'The search index was lagging behind after a maintenance job; it has caught up now. New records should appear within a minute.',
      'I can find them now.'],
    array['Payment method expired',
      'Our company card expired and we got a warning email. How do we update it without losing access?',
      '2', 'billing',
      'You can add the new card under Billing > Payment methods; your access is not affected while the old card is replaced.',
      'Done, the new card is in.'],
    array['Account locked after too many attempts',
      'One of our users is locked out after mistyping their password several times.',
      '1', 'login',
      'Accounts unlock automatically after 15 minutes. I have unlocked this one right away; a password reset also clears the lock.',
      'They are back in, thank you.']
  ];
  notes text[] := array[
    'Checked the logs: the error matches the known issue from last week.',
    'Customer is on the enterprise plan, keep them posted personally.',
    'Asked engineering in the bug channel, waiting for an answer. @agent2 have you seen this before?',
    'Second time this customer reports this; @Morgan Admin, worth a follow-up call?',
    'Refund approved by finance.'
  ];
  closing_replies text[] := array[
    'Glad it is sorted! I will mark this ticket as solved; just reply if anything comes up again.',
    'Happy to help. Closing this one now, and thanks for your patience.',
    'Thanks for confirming. I am marking this as solved.'
  ];
  customers uuid[] := array[
    'c1000000-0000-4000-8000-000000000001', 'c2000000-0000-4000-8000-000000000002',
    'c3000000-0000-4000-8000-000000000003', 'c4000000-0000-4000-8000-000000000004',
    'c5000000-0000-4000-8000-000000000005', 'c6000000-0000-4000-8000-000000000006'
  ]::uuid[];
  agents uuid[] := array[
    'a1000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000002'
  ]::uuid[];
  teams uuid[] := array[
    '7ea00000-0000-4000-8000-000000000001', '7ea00000-0000-4000-8000-000000000002'
  ]::uuid[];
  ratings public.satisfaction_rating[] := array['good', 'good', 'good', 'bad', 'good', 'bad', 'good'];
  -- the ticket type a scenario's tag means
  tag_types jsonb := '{"login": 2, "bug": 2, "api": 2, "import": 2, "how-to": 1, "invoice": 3,
    "refund": 3, "plans": 3, "billing": 3, "contract": 3}';
  scenario text[];
  new_ticket bigint;
  customer uuid;
  agent uuid;
  final_status public.ticket_status;
  opened timestamptz;
  moment timestamptz;
  replied timestamptz;
  solved timestamptz;
  rating public.satisfaction_rating;
  follow_up bigint;
begin
  for n in 1..60 loop
    scenario := scenarios[(n - 1) % array_length(scenarios, 1) + 1:(n - 1) % array_length(scenarios, 1) + 1][1:6];
    customer := customers[n % 6 + 1];
    agent := agents[scenario[1][3]::int];
    -- Older tickets are mostly done, the newest mostly still open.
    final_status := case
      when n <= 18 then (array['closed', 'closed', 'solved'])[n % 3 + 1]
      when n <= 40 then (array['solved', 'open', 'pending', 'on_hold', 'solved', 'closed'])[n % 6 + 1]
      else (array['open', 'open', 'pending', 'open', 'on_hold', 'solved', 'open'])[n % 7 + 1]
    end::public.ticket_status;
    -- Every fifth open ticket is still waiting for anyone to pick it up.
    if final_status = 'open' and n % 5 = 0 then
      agent := null;
    end if;
    opened := now() - make_interval(hours => (61 - n) * 11 + n * 37 % 7);
    moment := opened;

    insert into public.tickets (
      subject, description, status, priority, customer_id, assignee_id, team_id, tags, type_id,
      created_at, updated_at
    )
    values (
      scenario[1][1], scenario[1][2], final_status,
      (array['normal', 'low', 'normal', 'high', 'normal', 'urgent', 'normal', 'high'])[n % 8 + 1]::public.ticket_priority,
      customer, agent, case when agent is null then null else teams[scenario[1][3]::int] end,
      array[scenario[1][4]],
      ('7e000000-0000-4000-8000-00000000000' || (tag_types ->> scenario[1][4]))::uuid,
      opened, opened
    )
    returning id into new_ticket;

    if agent is null then
      continue;
    end if;

    moment := opened + interval '20 minutes';
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
    values (new_ticket, agent, 'assignment', true,
      jsonb_build_object('field', 'assignee_id', 'old', null, 'new', agent), moment);

    if n % 3 = 0 then
      moment := moment + interval '15 minutes';
      insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, created_at)
      values (new_ticket, agent, 'note', notes[n % array_length(notes, 1) + 1], true, moment);
    end if;

    replied := opened + make_interval(hours => 1 + n % 4);
    insert into public.ticket_activities (ticket_id, author_id, kind, body, created_at)
    values (new_ticket, agent, 'reply', scenario[1][5], replied);
    moment := replied;

    if final_status = 'pending' then
      insert into public.ticket_activities (ticket_id, author_id, kind, meta, created_at)
      values (new_ticket, agent, 'status',
        jsonb_build_object('field', 'status', 'old', 'open', 'new', 'pending'), moment + interval '1 minute');
      moment := moment + interval '1 minute';
    elsif final_status = 'on_hold' then
      moment := moment + interval '30 minutes';
      insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, created_at)
      values (new_ticket, agent, 'note', 'Waiting on engineering before we can answer.', true, moment);
      insert into public.ticket_activities (ticket_id, author_id, kind, meta, created_at)
      values (new_ticket, agent, 'status',
        jsonb_build_object('field', 'status', 'old', 'open', 'new', 'on_hold'), moment);
    elsif n % 2 = 0 or final_status in ('solved', 'closed') then
      moment := replied + make_interval(hours => 2 + n % 3);
      insert into public.ticket_activities (ticket_id, author_id, kind, body, created_at)
      values (new_ticket, customer, 'reply', scenario[1][6], moment);
    end if;

    solved := null;
    rating := null;
    if final_status in ('solved', 'closed') then
      moment := moment + interval '40 minutes';
      insert into public.ticket_activities (ticket_id, author_id, kind, body, created_at)
      values (new_ticket, agent, 'reply', closing_replies[n % 3 + 1], moment);
      solved := moment;
      insert into public.ticket_activities (ticket_id, author_id, kind, meta, created_at)
      values (new_ticket, agent, 'status',
        jsonb_build_object('field', 'status', 'old', 'open', 'new', 'solved'), moment);
      if n % 3 <> 1 then
        rating := ratings[n % 7 + 1];
        moment := moment + interval '1 hour';
        insert into public.ticket_activities (ticket_id, author_id, kind, body, meta, created_at)
        values (new_ticket, customer, 'rating',
          case
            when rating = 'bad' then 'Took too long to get an answer.'
            when n % 2 = 0 then 'Quick and friendly, thank you!'
          end,
          jsonb_build_object('field', 'satisfaction_rating', 'old', null, 'new', rating), moment);
      end if;
      if final_status = 'closed' then
        moment := moment + interval '4 days';
        insert into public.ticket_activities (ticket_id, author_id, kind, meta, created_at)
        values (new_ticket, null, 'status',
          jsonb_build_object('field', 'status', 'old', 'solved', 'new', 'closed'), moment);
      end if;
    end if;

    update public.tickets t
    set
      first_response_at = replied,
      solved_at = solved,
      satisfaction_rating = rating,
      satisfaction_comment = (
        select a.body from public.ticket_activities a
        where a.ticket_id = t.id and a.kind = 'rating'
      ),
      updated_at = moment
    where t.id = new_ticket;
  end loop;

  -- Casey came back about their last closed ticket: a follow-up, waiting for an answer.
  insert into public.tickets (subject, description, status, priority, customer_id, team_id, tags,
    type_id, created_at, updated_at)
  select left('Again: ' || t.subject, 200),
    'What you suggested on my closed ticket worked for a while, but since yesterday the problem is back.',
    'open', t.priority, t.customer_id, t.team_id, t.tags, t.type_id,
    now() - interval '5 hours', now() - interval '5 hours'
  from public.tickets t
  where t.customer_id = customers[1] and t.status = 'closed'
  order by t.solved_at desc
  limit 1
  returning id into follow_up;
  insert into public.ticket_links (kind, source_ticket_id, target_ticket_id, created_by, created_at)
  select 'follow_up', l.source, follow_up, customers[1], now() - interval '5 hours'
  from (
    select t.id as source from public.tickets t
    where t.customer_id = customers[1] and t.status = 'closed'
    order by t.solved_at desc limit 1
  ) l;
  insert into public.ticket_activities (ticket_id, author_id, kind, meta, created_at)
  select l.source_ticket_id, customers[1], 'system'::public.activity_kind,
    jsonb_build_object('event', 'follow_up_opened', 'ticket_id', follow_up), l.created_at
  from public.ticket_links l where l.target_ticket_id = follow_up
  union all
  select follow_up, customers[1], 'system',
    jsonb_build_object('event', 'follow_up_of', 'ticket_id', l.source_ticket_id), l.created_at
  from public.ticket_links l where l.target_ticket_id = follow_up;
end
$seed$;

-- Their SLA state, as the triggers would have kept it: the policy and due times from when each
-- ticket was filed (the next response from the customer's last unanswered reply), paused since
-- its last status change unless open, and the breaches of targets met late or overdue now.
update public.tickets t
set status_changed_at = coalesce(
  (select max(a.created_at) from public.ticket_activities a where a.ticket_id = t.id and a.kind = 'status'),
  t.created_at
);

with applied as (
  select
    t.id,
    policy.id as policy_id,
    policy.targets -> t.priority::text as targets,
    private.calendar_for(policy.calendar_id) as cal,
    (
      select max(a.created_at) from public.ticket_activities a
      where a.ticket_id = t.id and a.kind = 'reply' and a.author_id = t.customer_id
        and a.created_at > coalesce((
          select max(b.created_at) from public.ticket_activities b
          where b.ticket_id = t.id and b.kind = 'reply' and b.author_id is distinct from t.customer_id
        ), 'infinity')
    ) as unanswered_since
  from public.tickets t
  cross join lateral private.sla_policy_for(t) policy
)
update public.tickets t
set
  sla_policy_id = a.policy_id,
  sla_targets = a.targets,
  first_response_due_at = private.sla_due(a.cal, t.created_at, a.targets -> 'first_response'),
  next_response_due_at = case
    when t.status = 'open' and t.first_response_at is not null
    then private.sla_due(a.cal, a.unanswered_since, a.targets -> 'next_response')
  end,
  resolution_due_at = private.sla_due(a.cal, t.created_at, a.targets -> 'resolution'),
  sla_paused_at = case when t.status <> 'open' then t.status_changed_at end
from applied a
where a.id = t.id;

with breaches as (
  select t.id, target, due
  from public.tickets t
  cross join lateral (values
    ('first_response', t.first_response_due_at, coalesce(t.first_response_at, now())),
    ('next_response', t.next_response_due_at, now()),
    ('resolution', t.resolution_due_at, coalesce(t.solved_at, case when t.status = 'open' then now() end))
  ) as targets (target, due, met)
  where due < met
),
recorded as (
  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta, created_at)
  select b.id, null, 'system', true, jsonb_build_object(
    'event', 'sla_breach', 'target', b.target, 'due_at', b.due,
    'policy', jsonb_build_object('id', p.id, 'name', p.name)), b.due
  from breaches b
  join public.tickets t on t.id = b.id
  join public.sla_policies p on p.id = t.sla_policy_id
  returning ticket_id
)
update public.tickets t
set
  first_response_breached_at = (select b.due from breaches b where b.id = t.id and b.target = 'first_response'),
  next_response_breached_at = (select b.due from breaches b where b.id = t.id and b.target = 'next_response'),
  resolution_breached_at = (select b.due from breaches b where b.id = t.id and b.target = 'resolution')
where t.id in (select ticket_id from recorded);

update public.tickets t
set sla_due_at = refreshed.sla_due_at, sla_warn_at = refreshed.sla_warn_at,
  sla_next_breach_at = refreshed.sla_next_breach_at
from public.tickets source
cross join lateral private.sla_refresh(source) refreshed
where source.id = t.id;

insert into public.agent_status (agent_id, open_tickets)
select t.assignee_id, count(*)
from public.tickets t
where t.assignee_id is not null and t.status in ('open', 'pending', 'on_hold')
group by t.assignee_id
on conflict (agent_id) do update set open_tickets = excluded.open_tickets;

alter table public.tickets enable trigger user;
alter table public.ticket_activities enable trigger user;

-- The notifications the last ten days caused, as the triggers write them (older ones read), and
-- the emails that went out for them: sent, but one address bounced and one server kept deferring.
insert into public.notifications (
  recipient_id, kind, ticket_id, activity_id, actor_id, title, body, read_at, created_at
)
select event.recipient, event.kind::public.notification_kind, t.id, a.id, a.author_id,
  event.title, event.body,
  case when a.created_at < now() - interval '2 days' then a.created_at + interval '3 hours' end,
  a.created_at
from public.ticket_activities a
join public.tickets t on t.id = a.ticket_id
left join public.profiles author on author.id = a.author_id
cross join lateral (
  select case
    when a.kind = 'reply' and author.role in ('agent', 'admin') then t.customer_id
    when a.kind = 'reply' and a.author_id = t.customer_id then t.assignee_id
    when a.kind = 'status' and a.meta ->> 'new' = 'solved' then t.customer_id
    when a.kind = 'assignment' and a.meta ->> 'field' = 'assignee_id' then (a.meta ->> 'new')::uuid
    when a.kind = 'rating' then t.assignee_id
  end as recipient,
  case
    when a.kind in ('reply', 'rating') then a.kind::text
    when a.kind = 'assignment' then 'assigned'
    when a.kind = 'status' then 'solved'
    else 'reply'
  end as kind,
  case
    when a.kind = 'reply' then
      private.person_name(a.author_id) || ' replied on ' || private.quoted_subject(t.subject)
    when a.kind = 'status' then private.quoted_subject(t.subject) || ' was solved'
    when a.kind = 'assignment' then private.quoted_subject(t.subject) || ' was assigned to you'
    else private.person_name(a.author_id) || ' rated ' || private.quoted_subject(t.subject) || ' '
      || case when t.satisfaction_rating = 'bad' then 'Bad' else 'Good' end
  end as title,
  case
    when a.kind = 'status' then 'How did we do? Rate the help you got.'
    when a.kind = 'assignment' then 'By ' || private.person_name(a.author_id)
    else private.excerpt(a.body, 200)
  end as body
) event
where a.created_at > now() - interval '10 days'
  and a.kind in ('reply', 'status', 'assignment', 'rating')
  and event.recipient is not null
  and event.recipient is distinct from a.author_id
  and (a.kind <> 'status' or a.author_id is distinct from t.customer_id);

insert into public.notifications (
  recipient_id, kind, ticket_id, activity_id, actor_id, title, body, read_at, created_at
)
select p.id, 'mention', t.id, a.id, a.author_id,
  private.person_name(a.author_id) || ' mentioned you on ' || private.quoted_subject(t.subject),
  private.excerpt(a.body, 200),
  case when a.created_at < now() - interval '2 days' then a.created_at + interval '1 hour' end,
  a.created_at
from public.ticket_activities a
join public.tickets t on t.id = a.ticket_id
join public.profiles p on p.role in ('agent', 'admin') and p.id <> a.author_id
  and a.body ~* ('@(' || private.regexp_escape(p.full_name) || '|'
    || private.regexp_escape(split_part(p.email, '@', 1)) || ')($|[^[:alnum:]_])')
where a.kind = 'note' and a.created_at > now() - interval '10 days';

insert into public.email_outbox (
  recipient_id, to_email, to_name, template, ticket_id, activity_id, data, status, attempts,
  next_attempt_at, last_error, message_id, created_at, sent_at, updated_at
)
select t.customer_id, customer.email, customer.full_name, mail.template::public.email_template,
  t.id, mail.activity_id,
  mail.data || jsonb_build_object('ticket_id', t.id, 'subject', t.subject,
    'customer_name', customer.full_name, 'unsubscribe_token', prefs.unsubscribe_token),
  mail.status::public.email_status, mail.attempts, mail.at, mail.error,
  case when mail.status = 'sent' then '<autocrm-outbox-seed-' || t.id || '-' || mail.template || '@autocrm.test>' end,
  mail.at,
  case when mail.status = 'sent' then mail.at + interval '4 seconds' end,
  mail.at + interval '4 seconds'
from public.tickets t
join public.profiles customer on customer.id = t.customer_id
join public.notification_preferences prefs on prefs.user_id = t.customer_id
cross join lateral (
  select 'ticket_received' as template, null::bigint as activity_id, t.created_at as at,
    jsonb_build_object('description', t.description) as data
  union all
  select 'agent_reply', a.id, a.created_at,
    jsonb_build_object('author_name', private.person_name(a.author_id), 'body', a.body)
  from public.ticket_activities a
  join public.profiles author on author.id = a.author_id and author.role in ('agent', 'admin')
  where a.ticket_id = t.id and a.kind = 'reply'
  union all
  select 'ticket_solved', a.id, a.created_at,
    jsonb_build_object('solved_by', private.person_name(a.author_id))
  from public.ticket_activities a
  where a.ticket_id = t.id and a.kind = 'status' and a.meta ->> 'new' = 'solved'
) base
cross join lateral (
  select base.*,
    case
      when customer.email = 'omar@tailspin.test' and base.template = 'agent_reply' then 'failed'
      when customer.email = 'marta@fabrikam.test' and base.template = 'ticket_solved' then 'failed'
      else 'sent'
    end as status,
    case when customer.email = 'marta@fabrikam.test' and base.template = 'ticket_solved' then 5 else 1 end
      as attempts,
    case
      when customer.email = 'omar@tailspin.test' and base.template = 'agent_reply'
        then '550 5.1.1 <omar@tailspin.test>: Recipient address rejected: User unknown in virtual mailbox table'
      when customer.email = 'marta@fabrikam.test' and base.template = 'ticket_solved'
        then '421 4.7.0 mx.fabrikam.test: Too many connections, try again later (gave up after 5 tries)'
    end as error
) mail
where mail.at > now() - interval '10 days';

-- The search documents, which the paused triggers would have written.
select private.rebuild_ticket_search();

-- The tag catalogue, which the paused triggers would have written too.
insert into public.tags (name)
select distinct btrim(t) from public.tickets, unnest(tags) t
where btrim(t) <> '' and char_length(btrim(t)) <= 50
on conflict do nothing;

-- Knowledge base -------------------------------------------------------------------------------
-- Five categories and 25 articles: most public, some for signed-in customers, some internal
-- (agents' playbooks), two drafts and one archived. Written by the demo agents; their numbers
-- (views, votes, deflections) as a few weeks of traffic would have left them.

insert into public.kb_categories (id, name, slug, description, position) values
  ('cb000000-0000-4000-8000-000000000001', 'Getting started', 'getting-started',
   'Set up your account and file your first request.', 1),
  ('cb000000-0000-4000-8000-000000000002', 'Account and sign-in', 'account-and-sign-in',
   'Passwords, two-factor sign-in and your profile.', 2),
  ('cb000000-0000-4000-8000-000000000003', 'Billing and invoices', 'billing-and-invoices',
   'Plans, payment methods, invoices and refunds.', 3),
  ('cb000000-0000-4000-8000-000000000004', 'Tickets and notifications', 'tickets-and-notifications',
   'How requests are handled, answered and closed.', 4),
  ('cb000000-0000-4000-8000-000000000005', 'Troubleshooting', 'troubleshooting',
   'Fixes for the problems people run into most.', 5);

create temporary table seed_kb (
  n integer, category integer, slug text, title text, tags text[], status public.kb_article_status,
  visibility public.kb_visibility, author uuid, body text
);

insert into seed_kb values
(1, 1, 'welcome-to-autocrm-support', 'Welcome to AutoCRM support', '{getting-started,tickets}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
Our support team answers every request in the order it needs attention: urgent problems first, then by the time they were filed.

## Where to start

1. **Search this help center.** Most questions already have an answer here.
2. **File a ticket** from *New ticket* in the customer portal if you could not find one.
3. **Follow your ticket** under *My tickets*. Every reply arrives there and by email.

## Opening hours

We work Monday to Friday, 09:00–17:00 (Berlin time). Urgent requests from premium plans are answered around the clock.
$md$),
(2, 1, 'create-your-account', 'Create your account', '{account,signup}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
You need an account to file tickets and follow their answers.

1. Open the sign-up page and enter your work email address.
2. Choose a password of at least 8 characters.
3. Open the confirmation email we send you and follow its link.

> The link is valid for 24 hours. If it has expired, sign up again with the same address and we send a new one.

After confirming you land on *My tickets*, which is empty until you file your first request.
$md$),
(3, 1, 'file-your-first-ticket', 'File your first ticket', '{tickets,getting-started}',
 'published', 'public', 'a2000000-0000-4000-8000-000000000002', $md$
A good ticket gets a good answer faster.

- **Subject:** one line saying what is wrong, like *Invoice shows the wrong amount*.
- **Description:** what happened, what you expected, and what you already tried.
- **Attachments:** screenshots or log files help us see what you see.

While you type, we suggest articles that may already answer your question. If one does, you do not need to file the ticket at all.
$md$),
(4, 1, 'what-to-expect-after-filing', 'What happens after you file a ticket', '{tickets,sla,response-time}',
 'published', 'customers', 'a2000000-0000-4000-8000-000000000002', $md$
Each ticket is routed to the team that knows the subject best and assigned to an agent.

| Plan | First answer within |
| --- | --- |
| Standard | 8 business hours |
| Premium | 1 hour, around the clock |

You get an email for every reply. Answer it or reply in the portal; both end up in the same conversation.
$md$),
(5, 1, 'getting-started-checklist-draft', 'Getting started checklist', '{getting-started,onboarding}',
 'draft', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
A checklist for new customers: account, profile, notification settings, first ticket.

*Draft: screenshots still to come.*
$md$),
(6, 2, 'reset-your-password', 'Reset your password', '{password,sign-in,account}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
Forgot your password? You can set a new one in two minutes.

1. On the sign-in page, choose **Forgot password?**
2. Enter the email address of your account.
3. Open the email we send and follow the link to set a new password.

The link works once and expires after one hour. If no email arrives within five minutes, look in your spam folder, then ask your IT team whether mail from our domain is blocked.
$md$),
(7, 2, 'turn-on-two-factor-sign-in', 'Turn on two-factor sign-in', '{two-factor,security,sign-in}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
Two-factor sign-in asks for a six-digit code from an authenticator app after your password, so a stolen password alone is not enough.

1. Open **Account → Security**.
2. Scan the QR code with an authenticator app (1Password, Google Authenticator, Authy…).
3. Enter the code the app shows to confirm.

From then on every sign-in asks for a code. Keep a second device enrolled in case you lose your phone.
$md$),
(8, 2, 'cannot-sign-in', 'I cannot sign in', '{sign-in,password,locked}',
 'published', 'public', 'a2000000-0000-4000-8000-000000000002', $md$
Check these in order:

- **Wrong password?** After several failed attempts sign-in is paused for a few minutes. Wait, then [reset your password](/help/articles/reset-your-password).
- **Email not confirmed?** Look for our confirmation email and follow its link.
- **Lost your authenticator?** Ask your administrator to remove your second factor, then enrol again.

Still stuck? File a ticket from another account or email support and tell us the address you sign in with.
$md$),
(9, 2, 'change-your-email-address', 'Change the email address of your account', '{account,email,profile}',
 'published', 'customers', 'a1000000-0000-4000-8000-000000000001', $md$
Open **Profile**, enter the new address and save. We send a confirmation link to the new address; the change takes effect once you follow it.

Tickets you filed stay with your account; only where we send email changes.
$md$),
(10, 2, 'verify-identity-before-account-changes', 'Verifying a caller''s identity before account changes', '{security,identity,playbook}',
 'published', 'internal', 'ad000000-0000-4000-8000-000000000001', $md$
**Internal: never share with customers.**

Before changing the email address, removing a second factor or unlocking an account:

1. The request must come from the account's own email address or a ticket filed while signed in.
2. Ask for the last invoice number or the date of their last ticket.
3. For second-factor removal, also get approval from the customer's account owner.

Record what you checked in an internal note on the ticket.
$md$),
(11, 3, 'download-your-invoices', 'Download your invoices', '{invoices,billing}',
 'published', 'customers', 'a2000000-0000-4000-8000-000000000002', $md$
All invoices are under **Billing → Invoices** as PDF files. Each invoice shows your VAT number if you added one before it was issued.

Need an invoice sent to your accounts department? Add their address under **Billing → Invoice recipients**.
$md$),
(12, 3, 'update-your-payment-method', 'Update your payment method', '{payment,billing,credit-card}',
 'published', 'public', 'a2000000-0000-4000-8000-000000000002', $md$
We accept credit cards, SEPA direct debit and bank transfer on yearly plans.

1. Open **Billing → Payment method**.
2. Choose **Replace** and enter the new card or account.
3. Save. The next invoice is charged to the new method.

A declined payment is retried after three days. Update the method before then to avoid an interruption.
$md$),
(13, 3, 'invoice-shows-wrong-amount', 'My invoice shows the wrong amount', '{invoices,billing,refund}',
 'published', 'public', 'a2000000-0000-4000-8000-000000000002', $md$
Invoices are prorated when you add or remove seats during a billing period, so the amount can differ from your plan's list price.

- **Added seats:** charged for the remaining days of the period.
- **Removed seats:** credited on the next invoice, not refunded.
- **Changed plan:** the old plan is credited and the new one charged from that day.

If the amount still looks wrong, file a ticket with the invoice number and we will check it line by line.
$md$),
(14, 3, 'refund-approval-policy', 'Refund approval policy', '{refund,billing,playbook}',
 'published', 'internal', 'a2000000-0000-4000-8000-000000000002', $md$
**Internal.**

- Up to **€100**: any billing agent may refund.
- Up to **€1,000**: needs the billing team lead's approval in an internal note.
- Above that: the admin decides; tag the ticket `refund-review`.

Refunds go back to the original payment method only. Never promise a date; say "within 10 business days".
$md$),
(15, 3, 'vat-and-tax-exemption', 'VAT and tax exemption', '{vat,tax,billing}',
 'archived', 'public', 'a2000000-0000-4000-8000-000000000002', $md$
This article described the VAT rules before our 2025 billing change and is kept for reference.
$md$),
(16, 4, 'ticket-statuses-explained', 'Ticket statuses explained', '{tickets,status}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
- **Open:** we are working on it.
- **Pending:** we asked you something and wait for your answer.
- **On hold:** we wait for someone else, such as a supplier.
- **Solved:** we believe it is fixed. Reply within 7 days to reopen it.
- **Closed:** solved for more than 7 days. File a new ticket for follow-ups.
$md$),
(17, 4, 'email-notifications', 'Choose which emails you get', '{notifications,email}',
 'published', 'customers', 'a1000000-0000-4000-8000-000000000001', $md$
Under **Profile → Notifications** you choose whether we email you for every reply, for status changes, or only when a ticket is solved.

Replies to our emails always reach your ticket, whatever you choose.
$md$),
(18, 4, 'rate-our-support', 'Rate the support you received', '{satisfaction,tickets}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
When a ticket is solved we ask how we did: **Good** or **Bad**, with an optional comment.

Every rating is read by the team lead. A bad rating reopens the conversation with the agent's lead so we can make it right.
$md$),
(19, 4, 'writing-great-replies', 'Writing great replies', '{playbook,replies,tone}',
 'published', 'internal', 'a1000000-0000-4000-8000-000000000001', $md$
**Internal style guide.**

1. Greet by name, answer the question in the first sentence.
2. One step per line; link to help center articles instead of pasting them.
3. Say what happens next and when.
4. Before solving, ask yourself: would the customer need to write back? If so, do not solve yet.
$md$),
(20, 4, 'escalating-to-engineering', 'Escalating a ticket to engineering', '{escalation,playbook,bug}',
 'published', 'internal', 'ad000000-0000-4000-8000-000000000001', $md$
**Internal.**

Escalate when you can reproduce a bug, or when three customers report the same symptom within a day.

- Set priority to **High** (or **Urgent** when data is lost or nobody can sign in).
- Put steps to reproduce, account and browser in an internal note.
- Tag the ticket `engineering` and set it **On hold** while engineering works on it.
$md$),
(21, 5, 'emails-from-us-not-arriving', 'Emails from us are not arriving', '{email,notifications,spam}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
1. Look in your spam or junk folder and mark our message as *not spam*.
2. Add `support@autocrm.test` to your contacts.
3. Ask your IT team whether a mail filter holds messages from our domain.

Your tickets and their replies are always in the portal under *My tickets*, email or not.
$md$),
(22, 5, 'page-does-not-load', 'A page does not load or looks broken', '{browser,cache,troubleshooting}',
 'published', 'public', 'a2000000-0000-4000-8000-000000000002', $md$
- Reload the page without the cache: **Ctrl+Shift+R** (Windows, Linux) or **Cmd+Shift+R** (Mac).
- Try a private window. If it works there, a browser extension is usually the cause.
- We support the last two versions of Chrome, Edge, Firefox and Safari.

Still broken? File a ticket with a screenshot and your browser's version.
$md$),
(23, 5, 'attachments-fail-to-upload', 'Attachments fail to upload', '{attachments,upload,troubleshooting}',
 'published', 'public', 'a1000000-0000-4000-8000-000000000001', $md$
Files up to **25 MB** can be attached: images, PDFs, text, CSV, Office documents and ZIP archives.

If an upload fails:

- Check the file's size and type.
- Compress large screenshots or logs into a ZIP.
- A company proxy may block uploads; try another network.
$md$),
(24, 5, 'live-updates-not-showing', 'New replies do not appear until I reload', '{realtime,browser,troubleshooting}',
 'published', 'customers', 'a1000000-0000-4000-8000-000000000001', $md$
The portal shows new replies live. The dot in the header says whether the live connection works.

- **Reconnecting:** your network dropped; it reconnects by itself.
- **Offline:** check your connection or VPN. Some proxies block WebSocket connections; ask IT to allow them for our domain.
$md$),
(25, 5, 'known-issues-this-week-draft', 'Known issues this week', '{status,incidents}',
 'draft', 'internal', 'a2000000-0000-4000-8000-000000000002', $md$
- Exports of more than 10,000 tickets time out (engineering, on hold).
- Invoice PDFs for plans changed mid-month show the old plan's name.
$md$);

insert into public.kb_articles (category_id, slug, title, tags, status, visibility, author_id, body)
select ('cb000000-0000-4000-8000-00000000000' || category)::uuid, slug, title, tags, status,
  visibility, author, btrim(body, E'\n')
from seed_kb
order by n;

-- A later edit by the billing agent, so the article has a history to compare.
select set_config('request.jwt.claims', '{"sub": "a2000000-0000-4000-8000-000000000002"}', false);
update public.kb_articles
set body = body || E'\n\n> Using single sign-on? Reset your password with your company''s identity provider instead.'
where slug = 'reset-your-password';
select set_config('request.jwt.claims', '{}', false);

-- Back-dated as written over the last weeks; the trigger would stamp now().
alter table public.kb_articles disable trigger kb_articles_prepare;
update public.kb_articles a
set created_at = now() - make_interval(days => 40 - s.n), updated_at = now() - make_interval(days => (40 - s.n) / 2),
  published_at = case when a.status = 'published' then now() - make_interval(days => (40 - s.n) / 2) end
from seed_kb s
where s.slug = a.slug;
alter table public.kb_articles enable trigger kb_articles_prepare;
update public.kb_revisions r
set created_at = a.updated_at - make_interval(days => (select max(o.revision) from public.kb_revisions o where o.article_id = r.article_id) - r.revision)
from public.kb_articles a where a.id = r.article_id;

insert into public.kb_article_stats (article_id, views, helpful, not_helpful, deflections)
select a.id, 40 + (s.n * 37) % 400, 3 + (s.n * 7) % 30, (s.n * 3) % 6, (s.n * 5) % 12
from public.kb_articles a
join seed_kb s on s.slug = a.slug
where a.status = 'published';

drop table seed_kb;

-- The report rollups, which the paused triggers would have kept.
select private.rebuild_report_rollups();
