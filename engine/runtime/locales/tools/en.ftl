# The English words of the tools (the hall CLI's summaries, the rule book, the service's refusals,
# explanations): not compiled into a component; loaded only with hallpolicy-runtime's `tools` feature.

## Derivations (hall explain)

explain-event-by = {" "}by { $person }
explain-event-form = {" "}({ $form })
explain-counted = { $limit } counted after { $start } ({ $basis })
explain-stopped = stopped { $from } – { $to }: { $excluded } not counted (counting rule 6)
explain-extension = extension to { $until }: { $verdict } — { $reason } (counting rule 7)
explain-no-date = no date
explain-span = { $from } – { $to }
explain-holiday = { $span }: { $festival } holiday, not counted
explain-makeup-day = { $day }: a weekend made a working day, counted
explain-makeup-day-for = { $day }: a weekend made a working day for { $festival }, counted
explain-weekends = { $count } weekend days not counted
explain-avoid-stating = { $duty } stating { $fields }
explain-avoid-in-form = { $duty } in { $forms } form
explain-avoid-by = { $duty } by { $by }
explain-avoid-nothing-later = { $duty }, asking for nothing later
explain-avoid-forbid = no { $event }
explain-avoid-forbid-after = no { $event } after { $first }
explain-heading-cites = cites
explain-heading-event = event
explain-heading-counted = counted
explain-heading-day = day
explain-heading-avoided = avoided by

## Refusals of hall serve itself (codes in hosts/cli/src/serve/api_error.rs)

service-unknown-hall = no hall “{ $hall }” is served here
service-too-large = the case is larger than this service's limit of { $limit } bytes
service-invalid-line = the line is larger than this service's limit of { $limit } bytes
service-unsupported-media-type = the request body must be { $expected }, not “{ $given }”
service-unreadable-body = the request body could not be read: { $detail }
service-invalid-query = the query is not valid: { $detail }
service-time-limit = evaluation stopped: it ran longer than its time limit of { $limit } ms
service-memory-limit = evaluation stopped: it exceeded its memory cap of { $limit } MiB
service-overloaded = the service is at its limit of waiting requests; try again shortly
service-unauthorized = a bearer token is required
service-forbidden = this needs the admin token
service-component-failed = the component failed: { $detail }
service-not-found = no such endpoint: { $path }

## Lines hall serve writes on stderr

service-listening = hall serve: listening on { $url }
service-hall-line = { "  " }{ $hall } — { $name } { $version } (policy { $hash }…)
service-open-warning = hall serve: warning: listening beyond loopback without --token-file; anyone who can reach it may evaluate
service-reloaded = hall serve: reloaded: { $report }
service-stopping = hall serve: stopping; finishing requests in flight
service-log-rotate = hall serve: cannot rotate the decision log: { $reason }
service-log-write = hall serve: cannot write the decision log: { $reason }

## hall serve's API document (/openapi.json and /docs)

api-info = Evaluate cases of government service halls against their policies: obligations, violations and clocks, each citing its article.
api-hall-parameter = The hall's id: its rule file's stem (`baicheng-004`).
api-as-of-parameter = The moment to evaluate at (`2026-05-20T09:00:00+08:00`, or a date meaning 24:00 of that day); overrides the case's own `as_of`.
api-refused-400 = The case is malformed: the path of the field and the reason; or the query is not valid.
api-refused-401 = A bearer token is required.
api-refused-404 = No such hall.
api-refused-413 = The case is larger than the service accepts.
api-refused-415 = The body is not JSON.
api-refused-422 = The evaluation ran past its time or memory limit; the error names the limit.
api-refused-503 = The service is at its limit of waiting requests; `Retry-After` says when to try again.
api-refused-401-admin = The admin token is required.
api-refused-403-admin = The token is not an admin token, or no admin token is configured.
api-evaluate = Evaluate one case
api-evaluate-200 = The evaluation: obligations, violations and clocks, each citing its article; the same bytes as `hall eval --format json`.
api-evaluate-batch = Evaluate many cases, JSON lines in and out, streamed
api-evaluate-batch-body = One case a line (JSON lines); blank lines are skipped.
api-evaluate-batch-200 = One line per case in input order: an evaluation, or `{"{"}"error": …{"}"}` for a refused case.
api-list-halls = The halls served
api-list-halls-200 = Every hall served.
api-describe-hall = A hall's policy: rules, citations, case schema, version, hash
api-describe-hall-200 = What `hall describe` prints: the rules and their citations, the case schema, version, hash and calendar coverage.
api-reload = Load changed policies; one that fails to check is refused and the old one keeps serving
api-reload-200 = What was reloaded, left as it was, and refused.
api-healthz = Live
api-healthz-200 = The process answers.
api-readyz = Ready: policies loaded
api-readyz-200 = Policies are loaded.
api-readyz-503 = No policy is loaded.
api-metrics = Prometheus metrics
api-metrics-200 = Requests by hall and status, latency, cases refused, instances in use.
api-docs = This document, rendered for people
api-docs-200 = One HTML page: every operation and schema.
api-openapi = This document
api-openapi-200 = OpenAPI 3.1.
docs-machine-readable = The machine-readable form: { $link }.
docs-operations = Operations
docs-schemas = Schemas
docs-parameter = parameter
docs-in = in
docs-type = type
docs-description = description
docs-required = { " " }(required)
docs-body = Body: { $media }, { $type }
docs-status = status
docs-answer = body
docs-field = field
docs-array-of = array of { $type }
docs-map-of = map of { $type }
docs-any = any

## Summaries of hall coverage, hall test and hall diff

coverage-heading = { $policy } against { $count } cases in { $dir }
coverage-ok = ok
coverage-gap = GAP
coverage-row = met in { $met }  breached in { $breached }
coverage-complete = every rule is met in some case and breached in another
coverage-gaps = { $count } of { $rules } rules not covered both ways: { $gaps }
coverage-never-met = { $rule } is never met
coverage-never-breached = { $rule } is never breached
coverage-never-either = { $rule } is never met nor breached
coverage-refused = case refused: { $case }: { $reason }
test-new = new
test-failed = FAILED
test-summary = { $passed } passed, { $failed } failed, { $new } new ({ $count } { $verb })
test-updated = updated
test-left-new = left as .snap.new
diff-summary = { $changed } of { $cases } cases change
diff-what-obligation = obligation
diff-what-status = status
diff-what-due = due
diff-what-last-day = last day
diff-what-warning = warning
diff-what-violation = violation
diff-what-penalty = penalty
diff-none = (none)
diff-obligation-due = { $status } due { $due }
diff-penalty-rung = { $ladder }: { $rung }
diff-penalty-person = { $ladder }: a person decides
diff-refused-heading = Cases refused by one version:
diff-refused = { $case }: old { $old } · new { $new }
diff-evaluates = evaluates

## The rule book (hall doc)

book-title = { $hall } — rule book
book-subtitle = Policy version { $version } · { $count } rules · generated by hall doc
book-text-heading = { $title }: the articles and their rules
book-col-article = article
book-col-text = text
book-col-encoded = encoded by
book-not-encoded = not encoded: { $reason }
book-not-encoded-silent = not encoded, no reason given
book-no-text = No text attached: give the regulation with hall doc --text, and each article stands beside the rules that encode it.
book-rules = Rules
book-col-rule = rule
book-col-kind = kind
book-col-duty = duty
book-col-by = by
book-no-rules = This policy has no rules.
book-matters = Matters
book-col-matter = matter
book-col-type = type
book-col-limit = limit
book-col-materials = materials
book-no-matters = This policy declares no matters.
book-ladders = Penalty ladders
book-col-ladder = ladder
book-col-rungs = rungs (when)
book-no-ladders = This policy declares no penalty ladders.
book-repeats = Repetition across cases
book-col-counts = counts
book-col-then = then
book-no-repeats = This policy has no repetition rules.
book-matter-immediate = immediate
book-matter-promised = promised
book-on-the-spot = on the spot
book-limit-fixed = within { $amount }
book-limit-same-visit = in the same visit
book-limit-matter = within the matter's promised limit
book-limit-before = before { $event }
book-after = after { $trigger }
book-after-each = after each { $trigger }
book-deadline = { $after }: { $duties } { $limit }
book-check = each { $events }: { $parts }
book-stating = stating { $fields }
book-in-form = in { $forms } form
book-forbid = never { $event }
book-forbid-once = never { $event } once { $first }
book-notice = one notice ({ $notice }) listing every material missing at { $received }, { $limit }
book-when = applies when { $conditions }
book-if-fact = { $fact } is “{ $value }”
book-if-fact-not = { $fact } is not “{ $value }”
book-if-matter = { $fact } is a { $type } matter
book-if-event = { $event } happened
book-filter-equals = { $field } is “{ $value }”
book-filter-contains = { $field } contains { $phrases }
book-filter-above = { $field } is above { $bound }
book-filter-at-least = { $field } is at least { $bound }
book-filter-below = { $field } is below { $bound }
book-filter-at-most = { $field } is at most { $bound }
book-only = only where { $filter }
book-matching = the { $event } matching { $field }
book-stops = stopped from { $stop } to { $resume }
book-restart = counted again from the day after { $event }
book-restart-if = counted again from the day after { $event } (if { $rule } was met)
book-extension = extension: approved by { $approver } ({ $approval }), told by { $notice }
book-applicant-delay = a delay of the applicant's ({ $event }) counts as done in time
book-warn = yellow light { $warn } before the end
book-criterion-overdue = overdue by at least { $amount }
book-criterion-fact = { $fact } is “{ $value }”
book-criterion-repeated = at least { $count } violations under the ladder
book-criterion-person = a person decides
book-no-rungs = the text names no rungs; a person decides under the rules it refers to
book-repeat-counts = at least { $count } cases with { $event }

## Limits of a host (the hall CLI; the Python and JavaScript hosts word them alike)

host-time-limit-range = the time limit must be between { $low } and { $high } ms, not { $given }
host-memory-range = the memory cap must be between { $low } and { $high } MiB, not { $given }
host-too-large = the case is larger than this host's limit of { $limit } bytes
