# The 白城 policy's 一次性告知 and 承诺件限时办结 rules written in Rego, as a peer for the
# benchmark in BENCHMARKS.md (`cargo bench -p hall --bench peer`). It reads the same case JSON as
# hallpolicy (`input`) and takes the matters and the working-day table as data
# (`data.matters`, `data.calendar`, built from policy/baicheng-004.hall and
# policy/calendars/cn-mainland.csv). `hosts/cli/tests/peer_rego.rs` checks that it gives the
# same status, due time, warning and clock as hallpolicy on every 申办 fixture and on generated
# cases, so the benchmark compares two programs that do the same work.
package baicheng

# ── Time: day numbers are days since 1970-01-01 in China Standard Time ──────────

ns_per_day := 86400000000000

cst_offset_ns := 28800000000000

moment(text) := time.parse_rfc3339_ns(text)

day_of(ns) := floor((ns + cst_offset_ns) / ns_per_day)

# Counting rule 5: a limit ends at 24:00 of its last day (the policy declares no hours).
end_of_day(day) := ((day + 1) * ns_per_day) - cst_offset_ns

date_day(text) := day_of(time.parse_rfc3339_ns(concat("", [text, "T00:00:00+08:00"])))

pad2(n) := sprintf("%d", [n]) if n >= 10

pad2(n) := sprintf("0%d", [n]) if n < 10

date_text(day) := sprintf("%d-%s-%s", [ymd[0], pad2(ymd[1]), pad2(ymd[2])]) if {
	ymd := time.date([day * ns_per_day, "UTC"])
}

# 24:00 of `day`, written as hallpolicy writes it: 00:00 of the next day.
due_text(day) := concat("", [date_text(day + 1), "T00:00:00+08:00"])

# ── Counting rule 3: working days from the calendar table, weekends otherwise ────

key(day) := format_int(day, 10)

working(day) if data.calendar.work[key(day)]

working(day) if {
	not data.calendar.rest[key(day)]
	weekday := (day + 4) % 7 # 1970-01-01 was a Thursday; 0 is Sunday
	weekday != 0
	weekday != 6
}

# ── The case ─────────────────────────────────────────────────────────────────

events := [object.union(e, {"i": i, "ns": moment(e.at)}) | some i, e in input.events]

as_of := moment(input.as_of)

matter := data.matters[input.facts["事项"]]

first_after(index, type) := e if {
	some e in events
	e.type == type
	e.i > index
	not earlier_of_type(index, type, e.i)
}

earlier_of_type(index, type, than) if {
	some e in events
	e.type == type
	e.i > index
	e.i < than
}

# ── 一次性告知 (第十六条(二)1、3) ────────────────────────────────────────────────

receipt := first_after(-1, "收件")

missing := [m | some m in matter.materials; not m in receipt["材料"]]

notice_due_day := day_of(receipt.ns)

notice := first_after(receipt.i, "告知")

notice_faults contains "omitted" if {
	some m in missing
	not m in notice["材料"]
}

notice_faults contains "form" if notice.form != "written"

notice_faults contains "form" if not notice.form

notice_faults contains "late" if notice.ns > end_of_day(notice_due_day)

notice_met if {
	notice
	count(notice_faults) == 0
}

# Counting rule 2 holds unless a notice was owed and not given as required.
notice_as_required if count(missing) == 0

notice_as_required if notice_met

notice_status := "met" if {
	notice_met
} else := "breached" if {
	notice
} else := "breached" if {
	as_of > end_of_day(notice_due_day)
} else := "pending"

notice_warning := null if {
	notice
} else := "red" if {
	notice_status == "breached"
} else := "green"

obligations["一次性告知"] := {
	"status": notice_status,
	"due": due_text(notice_due_day),
	"warning": notice_warning,
} if {
	input.kind == "申办"
	count(missing) > 0
}

# ── 承诺件限时办结 (第十六条(三)1、3、4) ──────────────────────────────────────────

trigger := receipt

done := first_after(trigger.i, "办结")

until := done.ns if {
	done
} else := as_of

# Counting rule 2: the clock starts the day after the last supplement, when the notice was given.
supplements := [e | some e in events; e.type == "补正"; e.i > trigger.i; e.ns <= until]

start := supplements[count(supplements) - 1] if {
	count(supplements) > 0
	notice_as_required
} else := trigger

# Counting rule 6: 中止 stops the clock and 恢复 restarts it; a 中止 while stopped and a 恢复
# while running change nothing.
switches := [e | some e in events; e.type in {"中止", "恢复"}; e.i > start.i; e.ns <= until]

opens(k) if {
	switches[k].type == "中止"
	k == 0
}

opens(k) if {
	switches[k].type == "中止"
	switches[k - 1].type == "恢复"
}

closed_stops := [{"from": day_of(switches[opener].ns), "to": day_of(e.ns)} |
	some k, e in switches
	e.type == "恢复"
	switches[k - 1].type == "中止"
	opener := max({j | some j, _ in switches; j < k; opens(j)})
]

open_stop_from := day_of(switches[opener].ns) if {
	last := count(switches) - 1
	switches[last].type == "中止"
	opener := max({j | some j, _ in switches; j <= last; opens(j)})
}

stopped(day) if {
	some s in closed_stops
	s.from <= day
	day <= s.to
}

limit := matter.limit

stopped_days := sum([n | some s in closed_stops; n := (s.to - s.from) + 1])

start_day := day_of(start.ns)

counted := [d |
	some n in numbers.range(1, (limit * 3 + 40) + stopped_days)
	d := start_day + n
	working(d)
	not stopped(d)
]

counted_last := counted[limit - 1]

original_last := counted_last if {
	not open_stop_from
} else := counted_last if {
	counted_last < open_stop_from
}

# Counting rule 7: an extension counts with approval, a date, and a notice stating the reason,
# all before the original limit ends.
approval := first_after(trigger.i, "延期批准") if first_after(trigger.i, "延期批准").ns <= until

extension_notice := first_after(approval.i, "延期告知") if first_after(approval.i, "延期告知").ns <= until

extended_last := date_day(approval["延至"]) if {
	approval.ns <= end_of_day(original_last)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, approval["延至"])
	extension_notice.ns <= end_of_day(original_last)
	is_string(extension_notice["原由"])
	extension_notice["原由"] != ""
}

last_day := extended_last if {
	extended_last
} else := original_last

yellow_day := [d | some n in numbers.range(0, 64); d := last_day - n; working(d)][1]

limit_status := "met" if {
	done
	not last_day
} else := "met" if {
	done.ns <= end_of_day(last_day)
} else := "breached" if {
	done
} else := "breached" if {
	as_of > end_of_day(last_day)
} else := "pending"

limit_warning := null if {
	done
} else := "red" if {
	limit_status == "breached"
} else := "yellow" if {
	as_of >= end_of_day(yellow_day - 1)
} else := "green"

limit_due := due_text(last_day) if {
	last_day
} else := null

obligations["承诺件限时办结"] := {
	"status": limit_status,
	"due": limit_due,
	"warning": limit_warning,
	"start": date_text(start_day),
} if {
	input.kind == "申办"
	matter.type == "promised"
	trigger
}
