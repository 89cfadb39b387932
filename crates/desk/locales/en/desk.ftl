# The partners' support desks (/soporte-profesional).

desk-calendar-shape = The calendar does not have the expected shape ({ $detail }). Write "kind": "24x7", or "kind": "business" with "zone", "hours" and "mx_statutory_holidays" (and, if you like, "extra_holidays").
desk-calendar-zone = “{ $zone }” is not a time zone of Mexico. Use one of these: { $zones }.
desk-calendar-time = “{ $value }” is not a valid time in { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
    }'s hours: write HH:MM, from 00:00 to 23:59 (or 24:00 as an end).
desk-calendar-reversed = The interval { $start }–{ $end } on { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
    } ends before it starts or lasts no time. A shift across midnight is written as two intervals, one on each day.
desk-calendar-overlap = On { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
    } the intervals { $first } and { $second } overlap.
desk-calendar-date = “{ $value }” is not a valid date for a holiday: write YYYY-MM-DD, between 1970 and 2199.
desk-calendar-no-hours = The hours have no business time at all. Add at least one interval or use a 24x7 calendar.
desk-calendar-too-many-holidays = The calendar has { $count } extra holidays; the most it may have is { $max }.
desk-instant-bad = “{ $value }” is not an ISO-8601 instant in UTC (for example, 2025-12-12T15:00:00Z).
desk-instant-minute = “{ $value }” is not on a whole minute: its seconds must be zero.
desk-instant-range = “{ $value }” is outside the dates the clock handles (1970 to 2199).
desk-pause-reversed = The pause from { $start } to { $end } ends before it starts.
desk-target-bad = The target must be a whole number of minutes between 0 and { $max }, not { $value }.
desk-due-beyond = With this calendar the target would fall due after 2199.
desk-sla-not-json = Line { $line } is not valid JSON: { $detail }
desk-sla-missing = The field “{ $field }” is missing.
desk-sla-shape = The field “{ $field }” does not have the expected shape: the record is an object, instants are ISO-8601 texts, pauses are [start, end] pairs and the target is a number.
desk-sla-failed-lines = { $count ->
    [one] One line had an error (see its answer).
   *[other] { $count } lines had errors (see their answers).
}
