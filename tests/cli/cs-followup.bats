#!/usr/bin/env bats
# cs-followup: scheduling, cancelling, due check-ins, answers, and safety
# under concurrency and kill -9.  Every time is given with --now.

load common

F=$DATA/followup

fu() {
	cs-followup "$@" --state "$T/s.db"
}

# cust ID CONV CREATED TEXT [CATEGORY [SCORE]]: a customer's message.
cust() {
	printf '{"id":"%s","network":"x","account":"ShopCare","direction":"in","created_at":"%s","conversation_id":"%s","author":{"id":"7","handle":"ana_g","name":"Ana"},"text":"%s","class":{"category":"%s","sentiment":{"score":%s,"label":"x"},"lang":{"code":"es","confidence":0.9}}}\n' \
	    "$1" "$3" "$2" "$4" "${5:-shipping}" "${6:--0.3}"
}

# sent ID CONV CREATED SENT_AT RESOLVES: the output of cs-reply --send.
sent() {
	cust "$1" "$2" "$3" "Where is it?" |
	    jq -c --arg s "$4" --arg r "r$1" --argjson v "$5" \
	    '. + {reply: ({status: "sent", id: $r, sent_at: $s, agent: "ben", lang: "es"} + (if $v then {resolves: true} else {} end))}'
}

state() {
	fu list --format ndjson | jq -r --arg c "$1" \
	    'select(.conversation_id == $c) | .followup | [.state, .due_at] | @tsv'
}

@test "cs-followup: schedule passes records through unchanged" {
	fu schedule --now 2026-11-02T11:00:00Z "$F/resolved.ndjson" \
	    "$F/open.ndjson" >"$T/out"
	cat "$F/resolved.ndjson" "$F/open.ndjson" | diff - "$T/out"
}

@test "cs-followup: a resolving reply schedules a check-in 3 days later" {
	fu schedule "$F/resolved.ndjson" "$F/open.ndjson" >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-05T10:30:00Z')" ]
	# A reply without resolves leaves the case open.
	[ "$(state 200)" = "$(printf 'open\t')" ]
	fu list --format ndjson | jq -e 'select(.conversation_id == "100") |
	    .followup.resolved_by == "reply" and .lang == "es" and
	    .agent == "ben" and .author.handle == "ana_g"'
}

@test "cs-followup: due emits once, at the due time, what cs-reply needs" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	run_split fu due --now 2026-11-05T10:29:59Z
	[ "$status" -eq 0 ] && [ -z "$out" ]
	fu due --now 2026-11-05T10:30:00Z >"$T/due"
	[ "$(wc -l <"$T/due")" -eq 1 ]
	jq -e '.id == "101" and .network == "x" and .account == "ShopCare"
	    and .conversation_id == "100" and .author.handle == "ana_g"
	    and .author.name == "Ana" and .lang == "es"
	    and .class.category == "followup" and .class.lang.code == "es"
	    and .class.entities.order_ids == ["A123"]
	    and .followup.state == "due" and .followup.template == "followup"
	    and .followup.due_at == "2026-11-05T10:30:00Z"' "$T/due"
	run_split fu due --now 2026-11-05T11:00:00Z
	[ "$status" -eq 0 ] && [ -z "$out" ]
	[ "$(state 100)" = "$(printf 'due\t2026-11-05T10:30:00Z')" ]
}

@test "cs-followup: cs-reply drafts the check-in in the customer's language" {
	fu schedule "$F/resolved.ndjson" "$F/open.ndjson" >/dev/null
	fu resolve --now 2026-11-02T12:00:00Z 200 >/dev/null
	fu due --now 2026-11-06T12:00:00Z >"$T/due"
	[ "$(wc -l <"$T/due")" -eq 2 ]
	cs-reply --category followup <"$T/due" >"$T/drafts"
	jq -r 'select(.network == "x") | .reply | .status, .lang, .text' \
	    "$T/drafts" >"$T/es"
	grep -qx draft "$T/es" && grep -qx es "$T/es"
	grep -q 'pedido A123' "$T/es"
	jq -r 'select(.network == "mastodon") | .reply.text' "$T/drafts" |
	    grep -q 'Com ha anat'
}

@test "cs-followup: a due time at night moves to the next business hour" {
	sent 300 c3 2026-11-02T19:00:00Z 2026-11-02T20:00:00Z true |
	    fu schedule >/dev/null
	# Thursday 20:00 is closed (mon-fri 09:00-18:00 by default).
	[ "$(state c3)" = "$(printf 'pending\t2026-11-06T09:00:00Z')" ]
}

@test "cs-followup: business hours in a zone, and holidays, like cs-prioritize" {
	sent 300 c3 2026-11-02T19:00:00Z 2026-11-02T20:00:00Z true |
	    fu schedule --hours 'mon-fri 10:00-14:00' \
	    --timezone Europe/Madrid --holiday 2026-11-06 >/dev/null
	# Thursday 21:00 Madrid; Friday a holiday; Monday 10:00 is 09:00Z.
	[ "$(state c3)" = "$(printf 'pending\t2026-11-09T09:00:00Z')" ]
}

@test "cs-followup: due emits nothing in quiet hours, even when overdue" {
	sent 300 c3 2026-11-02T09:00:00Z 2026-11-02T10:00:00Z true |
	    fu schedule >/dev/null
	run_split fu due --now 2026-11-05T22:00:00Z
	[ "$status" -eq 0 ] && [ -z "$out" ]
	run_split fu due --now 2026-11-07T12:00:00Z	# Saturday
	[ -z "$out" ]
	fu due --now 2026-11-09T09:00:00Z | jq -e '.conversation_id == "c3"'
	# 24/7 lifts the quiet hours.
	sent 400 c4 2026-11-02T09:00:00Z 2026-11-02T10:00:00Z true |
	    fu schedule >/dev/null
	fu due --hours 24/7 --now 2026-11-07T03:00:00Z |
	    jq -e '.conversation_id == "c4"'
}

@test "cs-followup: the delay per category, from --delay or the configuration" {
	fu schedule --delay shipping=1d --delay 5d "$F/resolved.ndjson" \
	    >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-03T10:30:00Z')" ]
	printf '{"followup":{"delay":{"shipping":"2d","*":"4d"}}}\n' >"$T/c.json"
	rm "$T/s.db"
	fu schedule --config "$T/c.json" "$F/resolved.ndjson" >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-04T10:30:00Z')" ]
	rm "$T/s.db"
	fu schedule --config "$T/c.json" "$F/open.ndjson" >/dev/null
	fu resolve --config "$T/c.json" --now 2026-11-02T12:00:00Z 200 \
	    >/dev/null
	[ "$(state 200)" = "$(printf 'pending\t2026-11-04T12:00:00Z')" ]
}

@test "cs-followup: the customer writing again cancels the check-in" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	cust 102 100 2026-11-03T08:00:00Z "Still nothing" | fu observe >"$T/out"
	jq -e '.followup.state == "reopened" and .followup.due_at == null' \
	    "$T/out"
	[ "$(state 100 | cut -f1)" = reopened ]
	run_split fu due --now 2026-11-10T12:00:00Z
	[ -z "$out" ]
	# Resolved again: one check-in, from the new resolution.
	sent 102 100 2026-11-03T08:00:00Z 2026-11-03T09:00:00Z true |
	    fu schedule >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-06T09:00:00Z')" ]
}

@test "cs-followup: a message older than the resolution does not reopen it" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	# Fed late, but written before our resolving reply.
	cust 99 100 2026-11-02T09:00:00Z "Hello?" | fu observe >"$T/out"
	[ "$(state 100 | cut -f1)" = pending ]
	# Fed twice: the same resolution changes nothing.
	fu schedule "$F/resolved.ndjson" >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-05T10:30:00Z')" ]
}

@test "cs-followup: thanks resolves a case, and never reopens one" {
	fu schedule "$F/open.ndjson" >/dev/null
	printf '{"id":"202","network":"mastodon","account":"shopcare","direction":"in","created_at":"2026-11-02T12:00:00Z","conversation_id":"200","author":{"handle":"joan"},"text":"Moltes gràcies!","class":{"category":"other","sentiment":{"score":0.7,"label":"positive"}}}\n' |
	    fu observe >"$T/out"
	jq -e '.followup.state == "pending" and
	    .followup.due_at == "2026-11-05T12:00:00Z"' "$T/out"
	fu list --format ndjson | jq -e '.followup.resolved_by == "thanks"'
	# Thanks after a resolution keeps the check-in.
	fu schedule "$F/resolved.ndjson" >/dev/null
	cust 103 100 2026-11-02T11:00:00Z "Thank you so much" other 0.8 |
	    fu observe >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-05T10:30:00Z')" ]
	# Praise counts too; negative "thanks" is not thanks.
	cust 501 c5 2026-11-02T11:00:00Z "Great service" praise 0.9 |
	    fu observe >/dev/null
	[ "$(state c5 | cut -f1)" = pending ]
	cust 601 c6 2026-11-02T11:00:00Z "thanks for nothing" complaint -0.8 |
	    fu observe >/dev/null
	[ "$(state c6 | cut -f1)" = open ]
}

@test "cs-followup: the resolution policy is configurable" {
	cust 501 c5 2026-11-02T11:00:00Z "Great service" praise 0.9 |
	    fu observe --resolve-on reply,manual >/dev/null
	[ "$(state c5 | cut -f1)" = open ]
	fu schedule --resolve-on thanks "$F/resolved.ndjson" >/dev/null
	[ "$(state 100 | cut -f1)" = open ]
	run_split fu resolve --resolve-on reply 100
	[ "$status" -eq 1 ]
	[[ $err == *"manual resolution is not in the resolution policy"* ]]
	printf '{"followup":{"resolve":"manual"}}\n' >"$T/c.json"
	fu resolve --config "$T/c.json" --now 2026-11-02T12:00:00Z 100 |
	    jq -e '.followup.state == "pending" and
	    .followup.resolved_by == "manual"'
	printf '{"followup":{"resolve":["reply","thanks"]}}\n' >"$T/c2.json"
	run_split fu resolve --config "$T/c2.json" 100
	[ "$status" -eq 1 ]
	[[ $err == *"manual resolution is not in the resolution policy"* ]]
	printf '{"followup":{"resolve":["reply",3]}}\n' >"$T/c3.json"
	run_split fu list --config "$T/c3.json"
	[ "$status" -eq 1 ] && [[ $err == *"followup.resolve must be a list"* ]]
	run_split fu schedule --resolve-on reply,sometimes
	[ "$status" -eq 2 ]
	[[ $err == *"bad --resolve-on value 'reply,sometimes': unknown resolution 'sometimes'"* ]]
}

@test "cs-followup: resolve and cancel by hand" {
	run_split fu resolve nosuch
	[ "$status" -eq 1 ] && [[ $err == *"unknown conversation nosuch"* ]]
	fu schedule "$F/open.ndjson" >/dev/null
	fu resolve --now 2026-11-02T12:00:00Z 200 >/dev/null
	[ "$(state 200 | cut -f1)" = pending ]
	fu cancel 200 | jq -e '.followup.state == "cancelled"'
	run_split fu due --now 2026-11-10T12:00:00Z
	[ -z "$out" ]
	# Cancelled by hand is final.
	run_split fu resolve --now 2026-11-03T12:00:00Z 200
	[ "$status" -eq 1 ] && [[ $err == *"is cancelled: nothing to do"* ]]
	# A claimed check-in cannot be cancelled any more.
	fu schedule "$F/resolved.ndjson" >/dev/null
	fu due --now 2026-11-05T12:00:00Z >/dev/null
	run_split fu cancel 100
	[ "$status" -eq 1 ] && [[ $err == *"is due: nothing to do"* ]]
}

@test "cs-followup: the same conversation on two networks needs --network" {
	cust 1 same 2026-11-02T10:00:00Z "hi" | fu observe >/dev/null
	cust 1 same 2026-11-02T10:00:00Z "hi" | jq -c '.network = "bluesky"' |
	    fu observe >/dev/null
	run_split fu resolve same
	[ "$status" -eq 1 ] && [[ $err == *"on several networks"* ]]
	fu resolve --network bluesky --now 2026-11-02T11:00:00Z same |
	    jq -e '.network == "bluesky" and .followup.state == "pending"'
}

@test "cs-followup: a sent check-in is marked, a failed one re-queued" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	fu due --now 2026-11-05T12:00:00Z >"$T/due"
	jq -c '. + {reply: {status: "failed", reason: "HTTP 503"}}' "$T/due" |
	    fu schedule --now 2026-11-05T12:01:00Z >/dev/null
	[ "$(state 100)" = "$(printf 'pending\t2026-11-05T12:01:00Z')" ]
	fu due --now 2026-11-05T13:00:00Z >"$T/due2"
	jq -e '.followup.attempts == 2 and .followup.reason == "failed: HTTP 503"' "$T/due2"
	jq -c '. + {reply: {status: "sent", id: "900", sent_at: "2026-11-05T13:00:05Z"}}' \
	    "$T/due2" | fu schedule >"$T/out"
	fu list --format ndjson | jq -e '.followup.state == "sent" and
	    .followup.checkin_id == "900" and
	    .followup.sent_at == "2026-11-05T13:00:05Z"'
	run_split fu due --now 2026-11-20T12:00:00Z
	[ -z "$out" ]
}

@test "cs-followup: after --attempts failures a check-in fails for good" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	for h in 12 13; do
		fu due --now 2026-11-05T$h:00:00Z |
		    jq -c '. + {reply: {status: "skipped", reason: "no template"}}' |
		    fu schedule --attempts 2 --now 2026-11-05T$h:01:00Z >/dev/null
	done
	[ "$(state 100 | cut -f1)" = failed ]
	run_split fu due --now 2026-11-06T12:00:00Z
	[ -z "$out" ]
}

@test "cs-followup: requeue puts back a check-in whose result never came" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	fu due --now 2026-11-05T12:00:00Z >/dev/null
	fu requeue --now 2026-11-05T14:00:00Z 100 >/dev/null
	fu due --now 2026-11-05T14:00:00Z | jq -e '.conversation_id == "100"'
	# A draft (cs-reply without --send) changes nothing.
	fu due --now 2026-11-05T12:00:00Z >/dev/null
	fu requeue --now 2026-11-05T15:00:00Z 100 >/dev/null
	fu due --now 2026-11-05T15:00:00Z | cs-reply --category followup |
	    fu schedule >/dev/null
	[ "$(state 100 | cut -f1)" = due ]
}

@test "cs-followup: the answer to a check-in is linked with its sentiment" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	fu due --now 2026-11-05T12:00:00Z |
	    jq -c '. + {reply: {status: "sent", id: "900", sent_at: "2026-11-05T12:00:05Z"}}' |
	    fu schedule >/dev/null
	cust 104 100 2026-11-05T15:00:00Z "Sí, todo bien, gracias" other 0.6 |
	    fu observe >"$T/out"
	jq -e '.followup.state == "answered" and
	    .followup.checkin_id == "900" and .followup.answer.id == "104" and
	    .followup.answer.sentiment.score == 0.6' "$T/out"
	# A second message is not a second answer.
	cust 105 100 2026-11-05T16:00:00Z "Bye" | fu observe >"$T/out2"
	jq -e 'has("followup") | not' "$T/out2"
	fu list --only answered --format ndjson >"$T/ans"
	[ "$(wc -l <"$T/ans")" -eq 1 ]
	jq -e '.followup.answer.id == "104"' "$T/ans"
	fu stats | jq -e '.answered == 1 and .checkins == 1 and
	    .response_rate == 1 and .sentiment.positive == 0 and
	    .sentiment.mean == 0.6'
}

@test "cs-followup: imported outbound messages with resolved: true" {
	cust 700 c7 2026-11-02T10:00:00Z "Order?" | fu observe >/dev/null
	printf '{"id":"701","network":"x","account":"ShopCare","direction":"out","created_at":"2026-11-02T10:20:00Z","conversation_id":"c7","author":{"handle":"ShopCare"},"text":"Done!","resolved":true}\n' |
	    fu schedule >/dev/null
	[ "$(state c7)" = "$(printf 'pending\t2026-11-05T10:20:00Z')" ]
	# The check-in answers our last message.
	fu due --now 2026-11-05T11:00:00Z | jq -e '.id == "701" and
	    .author.handle == "ana_g"'
}

@test "cs-followup: list is NDJSON, or a table on a terminal" {
	fu schedule "$F/resolved.ndjson" "$F/open.ndjson" >/dev/null
	fu list >"$T/l"
	[ "$(jq -s length "$T/l")" -eq 2 ]
	fu list --only pending,open --format table >"$T/t"
	head -n 1 "$T/t" | grep -q '^STATE  *DUE  *NETWORK  *CONVERSATION'
	grep -q '^pending  2026-11-05T10:30:00Z  x  ' "$T/t"
	[ "$(wc -l <"$T/t")" -eq 3 ]
	command -v script >/dev/null || skip "no script(1)"
	script -qc "cs-followup list --state $T/s.db" /dev/null >"$T/tty"
	grep -q 'CONVERSATION' "$T/tty"
	run_split fu list --only bogus
	[ "$status" -eq 2 ] && [[ $err == *"bad --only value 'bogus'"* ]]
	run_split fu due --only pending
	[ "$status" -eq 2 ]
}

@test "cs-followup: bad lines are reported, kept with --rejects, exit 1" {
	{ cat "$F/resolved.ndjson"; echo 'not json'
	  echo '{"id":"9","created_at":"yesterday"}'
	  cat "$F/open.ndjson"; } >"$T/in"
	run_split fu schedule --rejects "$T/rej" "$T/in"
	[ "$status" -eq 1 ]
	[[ $err == *"cs-followup: $T/in:2: "* ]]
	[[ $err == *"cs-followup: $T/in:3: field 'created_at' is not an RFC 3339 time"* ]]
	[ "$(wc -l <"$T/rej")" -eq 2 ]
	[ "$(echo "$out" | wc -l)" -eq 2 ]
	[ "$(state 200 | cut -f1)" = open ]
	run_split fu schedule --strict "$T/in"
	[ "$status" -eq 1 ]
	[ "$(echo "$out" | wc -l)" -eq 1 ]
}

@test "cs-followup: usage errors exit 2" {
	run_split cs-followup
	[ "$status" -eq 2 ]
	run_split cs-followup frobnicate
	[ "$status" -eq 2 ] && [[ $err == *"unknown command 'frobnicate'"* ]]
	run_split fu schedule --delay shipping=soon
	[ "$status" -eq 2 ] && [[ $err == *"bad --delay value 'shipping=soon'"* ]]
	run_split fu due --now tomorrow
	[ "$status" -eq 2 ]
	run_split fu resolve
	[ "$status" -eq 2 ]
	run_split fu due --timezone Mars/Base
	[ "$status" -eq 2 ]
	run_split fu list --reclaim-after 1h
	[ "$status" -eq 2 ] && [[ $err == *"--reclaim-after is for due"* ]]
	run_split fu due --reclaim-after later
	[ "$status" -eq 2 ] && [[ $err == *"bad --reclaim-after value"* ]]
	cs-followup --help | grep -q '^usage: cs-followup schedule'
	cs-followup --version | grep -q '^cs-followup '
}

@test "cs-followup: four due processes racing emit each check-in once" {
	for i in $(seq 1 300); do
		printf '{"id":"m%d","network":"x","account":"ShopCare","direction":"in","created_at":"2026-11-02T10:00:00Z","conversation_id":"k%d","author":{"handle":"c%d"},"text":"?","reply":{"status":"sent","id":"r%d","sent_at":"2026-11-02T10:30:00Z","resolves":true}}\n' \
		    "$i" "$i" "$i" "$i"
	done >"$T/in"
	fu schedule "$T/in" >/dev/null
	for p in 1 2 3 4; do
		( for k in 1 2 3 4 5 6 7 8; do
			fu due --max 10 --now 2026-11-05T12:00:00Z || exit 1
		  done >"$T/due.$p" ) &
	done
	wait
	cat "$T/due".* | jq -r .conversation_id | sort >"$T/all"
	[ "$(wc -l <"$T/all")" -eq 300 ]
	[ -z "$(uniq -d "$T/all")" ]
	# More than one process took a share.
	n=0
	for p in 1 2 3 4; do [ -s "$T/due.$p" ] && n=$((n + 1)); done
	[ "$n" -ge 2 ]
}

@test "cs-followup: schedule and due at once on one database" {
	for i in $(seq 1 400); do
		printf '{"id":"m%d","network":"x","account":"A","direction":"in","created_at":"2026-11-02T10:00:00Z","conversation_id":"k%d","author":{"handle":"c%d"},"text":"?","reply":{"status":"sent","id":"r%d","sent_at":"2026-11-02T10:30:00Z","resolves":true}}\n' \
		    "$i" "$i" "$i" "$i"
	done >"$T/in"
	fu list >/dev/null	# create the database
	fu schedule "$T/in" >/dev/null &
	for k in $(seq 1 20); do
		fu due --now 2026-11-05T12:00:00Z
	done >"$T/due.a" &
	wait
	fu due --now 2026-11-05T12:00:00Z >"$T/due.b"
	cat "$T/due.a" "$T/due.b" | jq -r .conversation_id | sort >"$T/all"
	[ "$(wc -l <"$T/all")" -eq 400 ]
	[ -z "$(uniq -d "$T/all")" ]
}

@test "cs-followup: kill -9 leaves a consistent database; a re-run loses nothing" {
	no_valgrind "timing (kill -9 at 0.5 s)"
	no_sanitizer
	for i in $(seq 1 3000); do
		printf '{"id":"m%d","network":"x","account":"A","direction":"in","created_at":"2026-11-02T10:00:00Z","conversation_id":"k%d","author":{"handle":"c%d"},"text":"?","reply":{"status":"sent","id":"r%d","sent_at":"2026-11-02T10:30:00Z","resolves":true}}\n' \
		    "$i" "$i" "$i" "$i"
	done >"$T/in"
	# A slow reader: schedule commits batches between blocking reads.
	( i=0; while read -r l; do
		printf '%s\n' "$l"; i=$((i + 1))
		[ $((i % 100)) -ne 0 ] || sleep 0.05
	  done <"$T/in" ) | cs-followup schedule --state "$T/s.db" >/dev/null &
	pid=$!
	sleep 0.5
	kill -9 "$pid" 2>/dev/null || true
	wait || true
	sqlite3 "$T/s.db" 'PRAGMA integrity_check' | grep -qx ok
	# Killed half-way: some cases were committed, not all.
	n=$(fu list | wc -l)
	[ "$n" -gt 0 ] && [ "$n" -lt 3000 ]
	fu schedule "$T/in" >/dev/null
	[ "$(fu list --only pending | wc -l)" -eq 3000 ]
	# due killed at several points: what was written holds no check-in
	# twice; what was claimed but not written (killed between the
	# commit and the write) is still "due", and written again once its
	# claim is an hour old (cs-reply --send posts it at most once);
	# nothing is lost.
	: >"$T/due"
	for k in 1 2 3 4 5; do
		cs-followup due --state "$T/s.db" --max 500 \
		    --now 2026-11-05T12:00:00Z >>"$T/due" &
		pid=$!
		sleep 0.0$k
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	sqlite3 "$T/s.db" 'PRAGMA integrity_check' | grep -qx ok
	fu due --now 2026-11-05T12:00:00Z >>"$T/due"
	jq -r .conversation_id "$T/due" | sort >"$T/written"
	[ -z "$(uniq -d "$T/written")" ]
	[ "$(fu list --only pending | wc -l)" -eq 0 ]
	fu list --only due | jq -r .conversation_id | sort >"$T/claimed"
	[ "$(wc -l <"$T/claimed")" -eq 3000 ]
	fu due --now 2026-11-05T12:59:59Z >"$T/soon"
	[ ! -s "$T/soon" ]
	fu due --now 2026-11-05T13:00:01Z >"$T/again"
	jq -r .conversation_id "$T/again" | sort | diff "$T/claimed" -
	# --reclaim-after sets the wait.
	fu due --now 2026-11-05T13:30:00Z --reclaim-after 10m >"$T/again"
	[ "$(wc -l <"$T/again")" -eq 3000 ]
}

@test "cs-followup: a scripted month of traffic gives exactly the expected check-ins" {
	no_valgrind "volume (a month of hourly runs)"
	sh "$F/month.sh" "$T/m" 60
	g() {
		cs-followup "$@" --state "$T/m.db" --hours 'mon-fri 09:00-18:00' \
		    --holiday 2026-11-20
	}
	t=$(date -u -d 2026-11-01T00:00:00Z +%s)
	end=$(date -u -d 2026-12-08T00:00:00Z +%s)
	: >"$T/all"
	while [ "$t" -lt "$end" ]; do
		h=$(date -u -d "@$t" +%Y-%m-%dT%H)
		e=$T/m/events/$h
		[ ! -f "$e.in" ] || g observe --now "$h:59:00Z" "$e.in" >/dev/null
		[ ! -f "$e.out" ] || g schedule --now "$h:59:00Z" "$e.out" >/dev/null
		if [ -f "$e.hand" ]; then
			while read -r cmd conv; do
				g "$cmd" --now "$h:59:00Z" "$conv" >/dev/null
			done <"$e.hand"
		fi
		g due --now "$h:30:00Z" >"$T/due"
		if [ -s "$T/due" ]; then
			cat "$T/due" >>"$T/all"
			# cs-reply --send, simulated: each check-in is posted.
			jq -c --arg at "$h:31:00Z" '. + {reply: {status: "sent",
			    id: ("k" + .conversation_id), sent_at: $at}}' \
			    "$T/due" | g schedule >/dev/null
			# Customers with an even number answer.
			jq -c --arg at "$h:45:00Z" 'select((.conversation_id[1:] |
			    tonumber) % 2 == 0) | {id: ("a" + .conversation_id),
			    network, account, direction: "in", created_at: $at,
			    conversation_id, author, text: "All good now",
			    class: {category: "other", sentiment: {score: 0.5,
			    label: "positive"}}}' "$T/due" |
			    g observe >/dev/null
		fi
		t=$((t + 3600))
	done
	# One per resolved case, none for reopened or unresolved ones.
	jq -r .conversation_id "$T/all" | sort >"$T/got"
	diff "$T/m/expected" "$T/got"
	# None in quiet hours: each went out Monday to Friday 09-18 UTC,
	# never on the holiday, and no earlier than 3 days after resolution.
	jq -e -s 'map(.followup.claimed_at, .followup.due_at |
	    fromdateiso8601 | gmtime |
	    select(.[6] < 1 or .[6] > 5 or .[3] < 9 or .[3] >= 18)) ==
	    []' "$T/all"
	jq -e -s 'map(select(.followup.claimed_at | startswith("2026-11-20")))
	    == []' "$T/all"
	jq -e -s 'map(select((.followup.due_at | fromdateiso8601) -
	    (.followup.resolved_at | fromdateiso8601) < 259200)) == []' \
	    "$T/all"
	# Satisfaction: the even half answered, positively.
	want=$(grep -c '[02468]$' "$T/m/expected")
	g stats | jq -e --argjson w "$want" --argjson n "$(wc -l <"$T/got")" \
	    '.answered == $w and .sent == ($n - $w) and
	    .sentiment.positive == $w'
	[ "$(g list --only reopened | wc -l)" -eq 10 ]
}

@test "cs-followup: a result for an unknown case changes nothing" {
	fu schedule "$F/resolved.ndjson" >/dev/null
	fu due --now 2026-11-05T12:00:00Z >"$T/due"
	jq -c '.conversation_id = "zz" | . + {reply: {status: "sent", id: "9"}}' \
	    "$T/due" | fu schedule >/dev/null
	[ "$(fu list | wc -l)" -eq 1 ]
	[ "$(state 100 | cut -f1)" = due ]
}
