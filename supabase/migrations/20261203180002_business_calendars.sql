-- Business hours: calendars with a time zone, weekly opening hours and holidays, and the arithmetic
-- SLA targets are measured in (business minutes). One calendar is the default; SLA policies and time
-- rules without a calendar of their own use it, and with no calendar at all time runs around the
-- clock.
--
-- opening_hours: {"mon": [{"start": "09:00", "end": "17:00"}], "tue": [...], ... "sun": []}
--   (days mon..sun; a missing or empty day is closed; "24:00" ends a day; no overlaps).
-- holidays:      [{"date": "2026-12-25", "name": "Christmas Day"}, ...] (whole days, local time).
-- Both are checked and normalised on save; week_minutes and holiday_dates are derived from them
-- for the arithmetic and cannot be written directly.

create table public.business_calendars (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (btrim(name) <> '' and char_length(name) <= 100),
  time_zone text not null,
  opening_hours jsonb not null,
  holidays jsonb not null default '[]',
  is_default boolean not null default false,
  -- Opening intervals as minutes of the ISO week (Monday 00:00 = 0), flattened and sorted:
  -- {start1, end1, start2, end2, ...}.
  week_minutes integer[] not null default '{}',
  holiday_dates date[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index business_calendars_one_default_idx
  on public.business_calendars (is_default) where is_default;

create trigger business_calendars_set_updated_at
  before update on public.business_calendars
  for each row execute function public.set_updated_at();

-- Whether the caller may save settings (calendars, policies, rules, team members): an admin, or
-- the database itself. Validation triggers check only what such a caller saves; anybody else's
-- write is refused by RLS, with RLS's error, whatever the row holds.
create function private.may_manage_settings()
returns boolean
language sql
stable
set search_path = ''
as $$
  select current_user not in ('anon', 'authenticated') or public.user_role() = 'admin'
$$;

-- "HH:MM" as minutes after midnight, or null when it is not a time of day ("24:00" is the end of
-- the day).
create function private.minute_of_day(value text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case
    when value ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
      then split_part(value, ':', 1)::integer * 60 + split_part(value, ':', 2)::integer
    when value = '24:00' then 1440
  end
$$;

create function private.clock_text(minute integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select lpad((minute / 60)::text, 2, '0') || ':' || lpad((minute % 60)::text, 2, '0')
$$;

-- Checks and normalises a calendar before it is saved, with a reason a person can act on.
create function private.validate_business_calendar()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  day_keys constant text[] := array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  day_names constant text[] :=
    array['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  key text;
  day integer;
  hours jsonb := '{}';
  day_hours jsonb;
  interval_value jsonb;
  opens integer;
  closes integer;
  previous_close integer;
  previous_text text;
  week integer[] := '{}';
  holiday jsonb;
  holiday_date date;
  holiday_list jsonb := '[]';
  dates date[] := '{}';
begin
  if not private.may_manage_settings() then
    return new;
  end if;
  if new.time_zone is null
    or not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    raise exception 'time zone "%" does not exist', new.time_zone
      using errcode = '23514',
        hint = 'Use an IANA time zone name such as Europe/Berlin or America/New_York.';
  end if;

  if jsonb_typeof(new.opening_hours) is distinct from 'object' then
    raise exception 'opening hours must be an object with the days mon … sun'
      using errcode = '23514';
  end if;
  for key in select jsonb_object_keys(new.opening_hours) loop
    if not key = any(day_keys) then
      raise exception 'opening hours: unknown day "%" (use mon, tue, wed, thu, fri, sat, sun)', key
        using errcode = '23514';
    end if;
  end loop;

  for day in 1..7 loop
    day_hours := coalesce(new.opening_hours -> day_keys[day], '[]');
    if jsonb_typeof(day_hours) <> 'array' then
      raise exception 'opening hours: % must be a list of {"start", "end"} times', day_names[day]
        using errcode = '23514';
    end if;
    previous_close := null;
    for interval_value in
      select e from jsonb_array_elements(day_hours) e
      order by private.minute_of_day(e ->> 'start') nulls first
    loop
      opens := private.minute_of_day(interval_value ->> 'start');
      closes := private.minute_of_day(interval_value ->> 'end');
      if jsonb_typeof(interval_value) <> 'object' or opens is null or closes is null
        or opens = 1440 then
        raise exception 'opening hours: % has an interval that is not {"start": "HH:MM", "end": "HH:MM"}: %',
          day_names[day], interval_value
          using errcode = '23514';
      end if;
      if closes <= opens then
        raise exception 'opening hours: % closes (%) before it opens (%)',
          day_names[day], interval_value ->> 'end', interval_value ->> 'start'
          using errcode = '23514';
      end if;
      if previous_close is not null and opens < previous_close then
        raise exception 'opening hours: on % %–% overlaps %',
          day_names[day], private.clock_text(opens), private.clock_text(closes), previous_text
          using errcode = '23514';
      end if;
      previous_close := closes;
      previous_text := private.clock_text(opens) || '–' || private.clock_text(closes);
      week := week || array[(day - 1) * 1440 + opens, (day - 1) * 1440 + closes];
    end loop;
    hours := hours || jsonb_build_object(day_keys[day], (
      select coalesce(jsonb_agg(
        jsonb_build_object(
          'start', private.clock_text(private.minute_of_day(e ->> 'start')),
          'end', private.clock_text(private.minute_of_day(e ->> 'end'))
        ) order by private.minute_of_day(e ->> 'start')), '[]')
      from jsonb_array_elements(day_hours) e
    ));
  end loop;
  if cardinality(week) = 0 then
    raise exception 'opening hours: the week has no opening hours; a calendar needs at least one interval'
      using errcode = '23514';
  end if;

  if jsonb_typeof(new.holidays) is distinct from 'array' then
    raise exception 'holidays must be a list of {"date": "YYYY-MM-DD", "name": "…"}'
      using errcode = '23514';
  end if;
  for holiday in select e from jsonb_array_elements(new.holidays) e loop
    if jsonb_typeof(holiday) <> 'object' or jsonb_typeof(holiday -> 'date') is distinct from 'string'
      or (holiday ? 'name' and jsonb_typeof(holiday -> 'name') <> 'string') then
      raise exception 'holidays: % is not {"date": "YYYY-MM-DD", "name": "…"}', holiday
        using errcode = '23514';
    end if;
    holiday_date := null;
    if holiday ->> 'date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
      begin
        holiday_date := (holiday ->> 'date')::date;
      exception when others then
        holiday_date := null;
      end;
    end if;
    if holiday_date is null or holiday_date::text <> holiday ->> 'date' then
      raise exception 'holidays: "%" is not a valid date (YYYY-MM-DD)', holiday ->> 'date'
        using errcode = '23514';
    end if;
    if holiday_date = any(dates) then
      raise exception 'holidays: % is listed twice', holiday_date using errcode = '23514';
    end if;
    if char_length(coalesce(holiday ->> 'name', '')) > 100 then
      raise exception 'holidays: the name of % is longer than 100 characters', holiday_date
        using errcode = '23514';
    end if;
    dates := dates || holiday_date;
    holiday_list := holiday_list || jsonb_build_array(jsonb_build_object(
      'date', holiday_date::text, 'name', coalesce(btrim(holiday ->> 'name'), '')
    ));
  end loop;

  new.opening_hours := hours;
  new.week_minutes := week;
  new.holiday_dates := array(select d from unnest(dates) d order by d);
  new.holidays := (
    select coalesce(jsonb_agg(e order by e ->> 'date'), '[]') from jsonb_array_elements(holiday_list) e
  );
  return new;
end
$$;

create trigger business_calendars_validate
  before insert or update on public.business_calendars
  for each row execute function private.validate_business_calendar();

-- Exactly one default once any calendar exists: the first calendar becomes the default, making
-- another one the default moves the flag, and the default is replaced rather than switched off or
-- deleted.
create function private.keep_one_default_calendar()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not private.may_manage_settings() then
    return coalesce(new, old);
  end if;
  if tg_op = 'DELETE' then
    if old.is_default and exists (select 1 from public.business_calendars c where c.id <> old.id) then
      raise exception 'calendar "%" is the default; make another calendar the default before deleting it',
        old.name
        using errcode = '23514';
    end if;
    return old;
  end if;
  if tg_op = 'INSERT' and not new.is_default
    and not exists (select 1 from public.business_calendars c where c.is_default) then
    new.is_default := true;
  end if;
  if tg_op = 'UPDATE' and old.is_default and not new.is_default and pg_trigger_depth() = 1 then
    raise exception 'calendar "%" is the default; make another calendar the default instead', old.name
      using errcode = '23514';
  end if;
  if new.is_default and (tg_op = 'INSERT' or not old.is_default) then
    update public.business_calendars c set is_default = false where c.is_default and c.id <> new.id;
  end if;
  return new;
end
$$;

create trigger business_calendars_keep_one_default
  before insert or update of is_default or delete on public.business_calendars
  for each row execute function private.keep_one_default_calendar();

-- The arithmetic. Intervals are turned into instants with `(local date + minutes) at time zone`,
-- so a day that is 23 or 25 hours long (DST) counts exactly the opening hours it has. A calendar
-- row whose id is null (no calendar) counts every minute.

-- The calendar with this id, or the default one when id is null (a row of nulls when neither
-- exists). Runs with the caller's rights: API callers see only the calendars RLS shows them.
create function private.calendar_for(calendar_id uuid)
returns public.business_calendars
language plpgsql
stable
set search_path = ''
as $$
declare
  result public.business_calendars;
begin
  select c.* into result
  from public.business_calendars c
  where c.id = calendar_id or (calendar_id is null and c.is_default);
  return result;
end
$$;

-- `start` moved forward (seconds > 0) or back (seconds < 0) by that much business time.
create function private.business_add(cal public.business_calendars, start timestamptz, seconds numeric)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  zone text := cal.time_zone;
  week integer[] := cal.week_minutes;
  remaining numeric := abs(seconds);
  pos timestamptz := start;
  day date;
  weekday integer;
  i integer;
  opens timestamptz;
  closes timestamptz;
  span numeric;
begin
  if start is null or seconds is null then
    return null;
  end if;
  if cal.id is null then
    return start + seconds * interval '1 second';
  end if;
  if seconds = 0 then
    return start;
  end if;
  day := (start at time zone zone)::date;
  -- Ten years of days at most: a calendar always has opening hours, but holidays could in theory
  -- cover every one of them.
  for step in 1..3660 loop
    if not day = any(cal.holiday_dates) then
      weekday := extract(isodow from day)::integer - 1;
      if seconds > 0 then
        i := 1;
        while i < cardinality(week) loop
          if week[i] / 1440 = weekday then
            closes := (day + (week[i + 1] - weekday * 1440) * interval '1 minute') at time zone zone;
            if closes > pos then
              opens := greatest(
                (day + (week[i] - weekday * 1440) * interval '1 minute') at time zone zone, pos);
              span := extract(epoch from closes - opens);
              if span >= remaining then
                return opens + remaining * interval '1 second';
              end if;
              remaining := remaining - span;
            end if;
          end if;
          i := i + 2;
        end loop;
      else
        i := cardinality(week) - 1;
        while i >= 1 loop
          if week[i] / 1440 = weekday then
            opens := (day + (week[i] - weekday * 1440) * interval '1 minute') at time zone zone;
            if opens < pos then
              closes := least(
                (day + (week[i + 1] - weekday * 1440) * interval '1 minute') at time zone zone, pos);
              span := extract(epoch from closes - opens);
              if span >= remaining then
                return closes - remaining * interval '1 second';
              end if;
              remaining := remaining - span;
            end if;
          end if;
          i := i - 2;
        end loop;
      end if;
    end if;
    day := day + case when seconds > 0 then 1 else -1 end;
  end loop;
  raise exception 'calendar "%" has no opening hours within ten years of %', cal.name, start
    using errcode = '22023';
end
$$;

-- Business seconds from `from_at` to `to_at` (negative when to_at is earlier).
create function private.business_between(cal public.business_calendars, from_at timestamptz, to_at timestamptz)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
declare
  zone text := cal.time_zone;
  week integer[] := cal.week_minutes;
  day date;
  last_day date;
  weekday integer;
  i integer;
  opens timestamptz;
  closes timestamptz;
  total numeric := 0;
begin
  if from_at is null or to_at is null then
    return null;
  end if;
  if to_at < from_at then
    return -private.business_between(cal, to_at, from_at);
  end if;
  if cal.id is null then
    return extract(epoch from to_at - from_at);
  end if;
  day := (from_at at time zone zone)::date;
  last_day := (to_at at time zone zone)::date;
  while day <= last_day loop
    if not day = any(cal.holiday_dates) then
      weekday := extract(isodow from day)::integer - 1;
      i := 1;
      while i < cardinality(week) loop
        if week[i] / 1440 = weekday then
          opens := greatest(
            (day + (week[i] - weekday * 1440) * interval '1 minute') at time zone zone, from_at);
          closes := least(
            (day + (week[i + 1] - weekday * 1440) * interval '1 minute') at time zone zone, to_at);
          if closes > opens then
            total := total + extract(epoch from closes - opens);
          end if;
        end if;
        i := i + 2;
      end loop;
    end if;
    day := day + 1;
  end loop;
  return total;
end
$$;

-- The same, as RPCs for staff (e.g. "due in 3 business hours"), in minutes, on a calendar the
-- caller can see: the given one, or the default when calendar_id is null.
create function public.add_business_minutes(
  start timestamptz,
  minutes numeric,
  calendar_id uuid default null
)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  cal public.business_calendars := private.calendar_for(calendar_id);
begin
  if cal.id is null then
    raise exception '%', coalesce('no business calendar with id ' || calendar_id,
      'there is no default business calendar')
      using errcode = '22023';
  end if;
  return private.business_add(cal, start, minutes * 60);
end
$$;

create function public.business_minutes_between(
  from_at timestamptz,
  to_at timestamptz,
  calendar_id uuid default null
)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
declare
  cal public.business_calendars := private.calendar_for(calendar_id);
begin
  if cal.id is null then
    raise exception '%', coalesce('no business calendar with id ' || calendar_id,
      'there is no default business calendar')
      using errcode = '22023';
  end if;
  return round(private.business_between(cal, from_at, to_at) / 60, 2);
end
$$;

revoke execute on function public.add_business_minutes(timestamptz, numeric, uuid) from public, anon;
revoke execute on function public.business_minutes_between(timestamptz, timestamptz, uuid)
  from public, anon;
grant execute on function public.add_business_minutes(timestamptz, numeric, uuid) to authenticated;
grant execute on function public.business_minutes_between(timestamptz, timestamptz, uuid)
  to authenticated;
-- Helpers reached from code running as the caller (the validation trigger, the RPCs above).
revoke execute on function private.may_manage_settings() from public;
grant execute on function private.may_manage_settings() to anon, authenticated;
revoke execute on function private.minute_of_day(text) from public;
revoke execute on function private.clock_text(integer) from public;
revoke execute on function private.calendar_for(uuid) from public;
revoke execute on function private.business_add(public.business_calendars, timestamptz, numeric)
  from public;
revoke execute on function
  private.business_between(public.business_calendars, timestamptz, timestamptz) from public;
grant execute on function private.minute_of_day(text) to authenticated;
grant execute on function private.clock_text(integer) to authenticated;
grant execute on function private.calendar_for(uuid) to authenticated;
grant execute on function private.business_add(public.business_calendars, timestamptz, numeric)
  to authenticated;
grant execute on function
  private.business_between(public.business_calendars, timestamptz, timestamptz) to authenticated;
revoke execute on function private.validate_business_calendar() from public;
revoke execute on function private.keep_one_default_calendar() from public;

alter table public.business_calendars enable row level security;

create policy "staff read business calendars"
  on public.business_calendars for select to authenticated
  using ((select public.user_role()) in ('agent', 'admin'));

create policy "admins create business calendars"
  on public.business_calendars for insert to authenticated
  with check ((select public.user_role()) = 'admin');

create policy "admins update business calendars"
  on public.business_calendars for update to authenticated
  using ((select public.user_role()) = 'admin')
  with check ((select public.user_role()) = 'admin');

create policy "admins delete business calendars"
  on public.business_calendars for delete to authenticated
  using ((select public.user_role()) = 'admin');
