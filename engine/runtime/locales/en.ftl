# hallpolicy's English message catalogue (on request; Chinese is the default). Each message's
# id is its code; engine/runtime/MESSAGES.md lists the arguments.

## Units and forms

unit-working_days = { $n ->
    [one] working day
   *[other] working days
}
unit-calendar_days = { $n ->
    [one] calendar day
   *[other] calendar days
}
unit-months = { $n ->
    [one] month
   *[other] months
}
unit-hours = { $n ->
    [one] hour
   *[other] hours
}
unit-minutes = { $n ->
    [one] minute
   *[other] minutes
}
form-oral = oral
form-written = written
form-platform = platform
form-receipt = receipt
list-comma = {", "}
list-and = {" and "}
list-semicolon = {"; "}
list-or = {" or "}

## Duties

duty-none = nothing
duty-do = { $events }
duty-do-matching = { $events } for { $field } { $value }
duty-notice-all = { $event } listing every missing material at once: { $materials }
duty-record = { $event }
duty-record-stating = { $event } stating { $fields }
duty-record-in-form = { $event } in { $forms } form
duty-record-stating-in-form = { $event } stating { $fields }, in { $forms } form

## Limits and counting rules

deadline-before-event = due before { $event } at { $at }
deadline-before-event-pending = due before { $event }, which has not happened
deadline-same-visit = due on the same visit
deadline-applicant-delay = counting rule 8: the applicant caused the delay ({ $event } at { $at }), so the matter counts as done on time
deadline-late = { $event } at { $at } is after the limit ended at { $due }
deadline-stopped-since = the clock has been stopped since { $since }
deadline-not-done = { $events } not done by { $due }
clock-start-next-day = counting rule 1: the day of { $event } is not counted; counting starts the next day
clock-start-on-the-clock = a limit in { $unit } runs on the clock from { $event } at { $at }
clock-start-after-supplement = counting rule 2: materials were supplemented ({ $event } at { $at }); counting starts the next day
clock-start-notice-failed = counting rule 2 not applied: the one-time notice ({ $rule }) was not given as required, so the clock runs from { $event } (Administrative Licensing Law of the PRC, art. 32)
clock-provisional = provisional: counted into { $year }, which the calendar table { $calendar } ({ $first }–{ $last }) does not cover; only weekends were treated as rest days there

## Form and content

fault-wrong-form = { $event } was given in { $given } form; the rule requires { $required }
fault-no-form = { $event } was in no recorded form; the rule requires { $required }
fault-unstated = { $event } does not state { $fields }

## One-time notice

notice-missing = missing at { $event }: { $materials }
notice-omitted = the notice left out { $materials }
notice-late = the notice at { $at } came after { $due }
notice-none = no { $event } by { $due }
notice-repeated = a second notice at { $at } asks for { $materials }, already missing at the first notice

## Prohibitions

forbid-event = { $event } at { $at }
forbid-found-phrase = { $field } contains { $phrase }
forbid-found-number = { $field } is { $value } ({ $op } { $bound })
forbid-after = after { $event } at { $at }

## Extensions (counting rule 7)

extension-counted = extended to { $until } by { $event } (counting rule 7)
extension-not-counted = extension not counted (counting rule 7)
extension-approved = approved by { $approver } and notified before the limit ended
extension-approved-late = approved at { $at }, after the limit ended
extension-no-until = the approval states no { $field }
extension-no-notice = no { $event } to the applicant
extension-notice-late = { $event } at { $at } came after the limit ended
extension-notice-short = { $event } on { $day } is less than { $amount } { $unit } before the last day { $last_day }

## Penalties

penalty-overdue = overdue by { $late } { $unit }, at least { $amount } { $bound_unit }
penalty-fact = { $fact } is { $value }
penalty-repeated = { $count } violations under this ladder in the evaluation, at least { $at_least }
penalty-no-rungs = the text names no rungs; a person decides under the rules it refers to
penalty-no-criterion = no stated criterion selects a rung for this violation; a person decides within the range

## The text report (hall eval's text output)

status-met = met
status-pending = pending
status-breached = BREACHED
warning-green = green
warning-yellow = yellow
warning-red = red
text-heading = { $hall } (policy { $version }) — { $kind } { $subject } as of { $as_of }
text-provisional = PROVISIONAL: some dates were counted beyond the calendar table
text-obligations = Obligations ({ $count }):
text-actor-person = { $actor } ({ $person })
text-duty = duty: { $duty } by { $who }
text-due = due:  { $due }
text-forms = form: { $forms }
text-done = done: { $at }
text-next-change = next change: { $at }
text-why = why:  { $why }
text-cites = cites { $citation }
text-violations = Violations ({ $count }):
text-violation = { $title }: { $what } (at { $at })
text-violation-by = by { $who }; cites { $citation }
text-penalty-rung = penalty: { $rung } ({ $basis }; { $citation })
text-penalty-person = penalty: a person decides ({ $basis }; { $citation })
text-penalty-range = penalty: a person decides among { $range } ({ $basis }; { $citation })
text-clocks = Clocks:
text-clock = { $rule }: { $limit } from { $start } (event { $event }), { $due }, used { $used }, { $left }
text-clock-due = due { $due }
text-clock-no-due = stopped, no due date
text-clock-left = { $amount } left
text-clock-overdue = overdue by { $amount }
text-clock-stopped = {" "}[stopped]
text-clock-provisional = {" "}[provisional]
text-stop = stopped { $from } – { $to } ({ $excluded } not counted)
text-stop-open = not restarted
text-extension = extension to { $until }: { $verdict } ({ $reason })
text-extension-counted = counted
text-extension-not-counted = not counted

## Why a case is refused (returned with the path of the field)

case-refused = invalid case: { $reason }
case-refused-at = invalid case at { $path }: { $reason }
case-not-utf8 = not valid UTF-8: invalid utf-8 sequence of { $length } bytes from index { $index }
case-not-utf8-incomplete = not valid UTF-8: incomplete utf-8 byte sequence from index { $index }
case-not-json = not valid JSON: { $detail } at line { $line } column { $column }
case-not-json-anywhere = not valid JSON: { $detail }
case-not-object = a case must be a JSON object
case-must-be-object = must be an object
case-must-be-array = must be an array
case-event-not-object = an event must be an object
case-must-be-string = must be a string
case-must-be-actor = must be a string naming who acted
case-must-be-staff = must be a string naming a staff member
case-must-be-number = must be a number
case-must-be-finite-number = must be a finite number
case-must-be-bool = must be true or false
case-must-be-date = must be a date string such as “2026-05-06”
case-must-be-datetime = must be a date-time string such as “2026-05-06T09:30:00+08:00”
case-must-be-form = must be a form name
case-must-be-material = must be a string naming a material
case-must-be-materials = must be an array of material names
case-must-be-matter = must be a string naming a matter
case-missing = missing
case-repeated = given more than once
case-as-of-missing = missing: give the case an as_of time or pass one to the evaluator
case-unknown-field = unknown field { $field }; allowed here: { $allowed }
case-unknown-kind = unknown kind { $kind }; this policy declares { $known }
case-unknown-fact = unknown fact { $fact } for kind { $kind }; it declares { $known }
case-fact-missing = missing: kind { $kind } requires this fact
case-unknown-event = unknown event { $event } for kind { $kind }; it declares { $known }
case-unknown-event-field = unknown field { $field } for event { $event }; it has { $known }
case-event-field-missing = missing: event { $event } requires this field
case-event-after-as-of = { $at } is after the as-of time { $as_of }; a case holds only what has happened
case-events-out-of-order = events out of order: { $at } is before the previous event { $previous } at { $previous_at }
case-unknown-form = unknown form { $form }; one of { $known }
case-unknown-matter = unknown matter { $matter }; this policy declares { $known }
case-not-a-choice = { $value } is not one of { $choices }
case-not-datetime = { $text } is not a date-time; expected for example “2026-05-06T09:30:00+08:00”
case-not-date = { $text } is not a date; expected for example “2026-05-06”
case-year-zero = { $day } is not a day of the calendar: years run from 0001
case-no-such-day = { $day } is not a day of the calendar
case-unknown-lang = no catalogue for language { $lang }: use zh or en
case-no-policy = no usable policy in this component: { $detail }
