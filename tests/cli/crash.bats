#!/usr/bin/env bats
# Crash safety: each stateful tool killed with SIGKILL at many points, then
# run again; the union of what the runs wrote (and posted) must be what a
# clean run gives, nothing twice.  cs-fetch x|mastodon|bluesky during a
# multi-page fetch; cs-reply --send before its first post, right after a
# post, with a post in flight (made, or not yet made, by the network) and
# at a random moment; cs-followup schedule and due.  The fakes are those of
# tests/fake; the sanitizer build (CS_SANITIZED) kills at fewer points.

load common
load ../fake/helpers

setup() {
	nets_env
}

teardown() {
	stop_fake
	if [ -n "${BG:-}" ]; then
		kill -9 "$BG" 2>/dev/null || true
		wait "$BG" 2>/dev/null || true
	fi
}

# wait_for CMD...: until CMD succeeds (at most 30 s).
wait_for() {
	local i
	for i in $(seq 600); do
		"$@" && return 0
		sleep 0.05
	done
	echo "timed out waiting for: $*" >&2
	return 1
}

# bg OUT CMD...: CMD in the background, standard output to OUT; BG is
# its pid (the tool itself: kill -9 hits it, not a shell).
bg() {
	local out=$1
	shift
	"$@" >"$out" 2>"$out.err" &
	BG=$!
}

# kill_bg: SIGKILL BG, if it still runs.
kill_bg() {
	kill -9 "$BG" 2>/dev/null || true
	wait "$BG" 2>/dev/null || true
	BG=
}

# at_least N CMD...: CMD prints a number >= N, or BG has ended.
at_least() {
	local n=$1
	shift
	[ "$("$@")" -ge "$n" ] || ! kill -0 "$BG" 2>/dev/null
}

lines() {
	if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# ---- cs-fetch ----------------------------------------------------------

# crash_fetch NET: a fetch of 80 messages in pages of 10, each request
# held 0.15 s, killed while page k of the run is in flight (k = 1, 2, 1,
# 3, 2), plus a random moment after it; then a run to the end.  The union
# of the runs' records is the clean run's, each once.
crash_fetch() {
	local n=$1 k i=0 before
	N=80
	net "$n"
	fake "$n" '[{"at": 1, "times": 1000000, "slow": 0.15}]'
	for k in 1 2 1 3 2; do
		i=$((i + 1))
		before=$(requests "GET $LIST")
		bg "$T/run$i" cs-fetch "$n" --api-base "$BASE" "${FARGS[@]}" \
		    --page-size 10 --retry-delay 10 --state "$T/state.db"
		wait_for at_least $((before + k)) requests "GET $LIST"
		sleep "$(printf 0.%02d $((RANDOM % 15)))"
		kill_bg
		[ -z "${CS_SANITIZED:-}" ] || [ "$i" -lt 3 ] || break
	done
	fetch "$n" --retries 4 >"$T/last"
	echo "records per run: $(wc -l "$T"/run? "$T/last" | tr '\n' ' ')"
	# Killed while writing a page, it left whole records only.
	for i in "$T"/run?; do valid_records "$i"; done
	exactly_once "$N" "$T"/run? "$T/last"
	# A clean run, from nothing, gives the very same records.
	fetch "$n" --state "$T/clean.db" >"$T/clean"
	sort "$T"/run? "$T/last" >"$T/union"
	sort "$T/clean" | diff - "$T/union"
}

@test "crash: cs-fetch x killed at many points of a multi-page fetch: the union is a clean run, each record once" {
	crash_fetch x
}

@test "crash: cs-fetch mastodon killed at many points of a multi-page fetch: the union is a clean run, each record once" {
	crash_fetch mastodon
}

@test "crash: cs-fetch bluesky killed at many points of a multi-page fetch: the union is a clean run, each record once" {
	crash_fetch bluesky
}

# ---- cs-reply --send -----------------------------------------------------

# sender OUT: cs-reply --send in the background, reading $T/fifo.
sender() {
	bg "$1" cs-reply --send --api-base "$BASE" --state "$T/send.db" \
	    --retries 1 --retry-delay 10 --timeout 5s "${2:-$T/fifo}"
}

# posts_made: how many posts the fake has made.
posts_made() {
	posted | wc -l
}

# crash_send NET: ten drafts, posted over runs killed (1) before the
# first post, (2) right after the third (its record written, the next
# draft not yet read), (3) while the fifth POST is answered a byte a
# second (the network made the post), (4) while the eighth POST is held
# before the network acts on it (it makes it a second later), (5) at a
# random moment; then (6) a run to the end.
crash_send() {
	local n=$1 i
	N=20
	net "$n"
	drafts "$n" "$(jq -nc --arg p "$POST" '[
	    {path: $p, at: 5, slow_body: 1, times: 1},
	    {path: $p, at: 8, slow: 1}]')" 10
	mkfifo "$T/fifo"

	# (1) Before the first post: nothing to read yet.
	sender "$T/run1"
	exec 5>"$T/fifo"
	sleep 0.3
	kill_bg
	exec 5>&-
	[ "$(posts_made)" -eq 0 ]

	# (2) Right after the third post: its record is out.
	sender "$T/run2"
	exec 5>"$T/fifo"
	head -3 "$T/drafts.ndjson" >&5
	wait_for at_least 3 lines "$T/run2"
	kill_bg
	exec 5>&-
	[ "$(posts_made)" -eq 3 ]

	# (3) The fifth POST made by the network, its answer in flight.
	sender "$T/run3" "$T/drafts.ndjson"
	wait_for at_least 5 posts_made
	kill_bg
	[ "$(posts_made)" -eq 5 ]

	# (4) The eighth POST sent, not yet acted on.
	sender "$T/run4" "$T/drafts.ndjson"
	wait_for at_least 8 requests "POST $POST"
	kill_bg
	sleep 1.2		# the network makes it after all

	# (5) A random moment.
	sender "$T/run5" "$T/drafts.ndjson"
	sleep "0.$((RANDOM % 4))"
	kill_bg

	# (6) To the end.
	run_split send "$T/drafts.ndjson"
	echo "runs: $(statuses "$T/stdout"); exit $status"
	cp "$T/stdout" "$T/last"
	[ -z "$(posted | sort | uniq -d)" ]
	for i in 1 2 3 4 5; do valid_records "$T/run$i"; done
	valid_records "$T/last"
	[ "$(wc -l <"$T/last")" -eq 10 ]
}

@test "crash: cs-reply --send mastodon killed before, between and during posts: each reply posted exactly once" {
	crash_send mastodon
	[ "$status" -eq 0 ]
	[ "$(statuses "$T/last")" = "$(printf 'sent %.0s' $(seq 10))" ]
	[ "$(posts_made)" -eq 10 ]
	jq -r .reply.id "$T/last" | sort | diff <(made) -
}

@test "crash: cs-reply --send bluesky killed before, between and during posts: each reply posted exactly once" {
	crash_send bluesky
	[ "$status" -eq 0 ]
	[ "$(statuses "$T/last")" = "$(printf 'sent %.0s' $(seq 10))" ]
	[ "$(posts_made)" -eq 10 ]
	jq -r .reply.id "$T/last" | sort | diff <(made) -
}

@test "crash: cs-reply --send x killed before, between and during posts: never twice, the posts in flight said unknown" {
	crash_send x
	# X has no idempotency key: the two posts cut off by a kill (and
	# any the random kill cut) are unknown, with what to do; the rest
	# sent, each with an id the network gave.
	[ "$status" -eq 1 ]
	[ "$(jq -r .reply.status "$T/last" | grep -c unknown)" -ge 2 ]
	[ "$(jq -r 'select(.reply.status == "unknown") | .reply.reason' \
	    "$T/last" | grep -vc -- --force)" -eq 0 ]
	[ "$(jq -r .reply.status "$T/last" | grep -vc -e sent -e unknown)" -eq 0 ]
	jq -r 'select(.reply.status == "sent") | .reply.id' "$T/last" |
	    sort >"$T/said"
	[ -z "$(made | comm -13 - "$T/said")" ]
	# The two cut off in flight (drafts 5 and 8) were made all the same;
	# the random kill may have cut one before its request went out.
	posted >"$T/posted"
	grep -qx "$(jq -r .id "$T/drafts.ndjson" | sed -n 5p)" "$T/posted"
	grep -qx "$(jq -r .id "$T/drafts.ndjson" | sed -n 8p)" "$T/posted"
	[ "$(posts_made)" -ge $(($(wc -l <"$T/said") + 2)) ]
	# Running again posts nothing more.
	n=$(posts_made)
	run_split send "$T/drafts.ndjson"
	[ "$(posts_made)" -eq "$n" ]
}

# ---- cs-followup -------------------------------------------------------

NOW=2026-11-05T12:00:00Z

# cases N: N conversations, each with a sent reply that resolves it.
cases() {
	local i
	for i in $(seq 1 "$1"); do
		printf '{"id":"m%d","network":"x","account":"A","direction":"in","created_at":"2026-11-02T10:00:00Z","conversation_id":"k%d","author":{"handle":"c%d"},"text":"Where is order %d?","lang":"en","reply":{"status":"sent","id":"r%d","sent_at":"2026-11-02T10:30:00Z","resolves":true}}\n' \
		    "$i" "$i" "$i" "$i" "$i"
	done
}

fu() {
	cs-followup "$@" --state "$T/fu.db"
}

@test "crash: cs-followup schedule and due killed at many points: every check-in once, as in a clean run" {
	local k i c
	cases 600 >"$T/in"
	# The clean run.
	cs-followup schedule --state "$T/clean.db" "$T/in" >/dev/null
	cs-followup list --state "$T/clean.db" --format ndjson >"$T/clean.list"
	cs-followup due --state "$T/clean.db" --now "$NOW" >"$T/clean.due"
	[ "$(wc -l <"$T/clean.due")" -eq 600 ]

	# schedule, fed through a fifo, killed after k records were read
	# (it commits before each read that would block).
	mkfifo "$T/fifo"
	for k in 1 150 151 400; do
		bg "$T/sched" cs-followup schedule --state "$T/fu.db" "$T/fifo"
		exec 5>"$T/fifo"
		head -n "$k" "$T/in" >&5
		wait_for at_least "$k" lines "$T/sched"
		sleep 0.2	# blocked on the next read, committed
		kill_bg
		exec 5>&-
		sqlite3 "$T/fu.db" 'PRAGMA integrity_check' | grep -qx ok
		[ "$(fu list --format ndjson | wc -l)" -eq "$k" ]
	done
	# Feeding everything again changes nothing already known.
	fu schedule "$T/in" >/dev/null
	fu list --format ndjson | diff "$T/clean.list" -

	# due, killed while blocked writing to a full pipe (after the claim
	# was committed), then at random moments.
	: >"$T/due"
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	cs-followup due --state "$T/fu.db" --now "$NOW" --max 250 \
	    >"$T/fifo" 2>"$T/due1.err" &
	BG=$!
	exec 6<"$T/fifo"
	for i in $(seq 20); do IFS= read -r c <&6; printf '%s\n' "$c"; done \
	    >>"$T/due"
	sleep 0.3	# it fills the pipe, and blocks
	kill_bg
	cat <&6 >>"$T/due"
	exec 6<&-
	n1=$(wc -l <"$T/due")
	echo "due killed mid-write: $n1 written"
	[ "$n1" -gt 20 ] && [ "$n1" -lt 250 ]
	for k in 1 2 3; do
		bg "$T/due.$k" cs-followup due --state "$T/fu.db" --now "$NOW" \
		    --max 50
		sleep "0.0$((RANDOM % 10))"
		kill_bg
		cat "$T/due.$k" >>"$T/due"
	done
	fu due --now "$NOW" >>"$T/due"
	jq -r .conversation_id "$T/due" | sort >"$T/written"
	[ -z "$(uniq -d "$T/written")" ]
	# Claimed but never written (killed between the commit and the
	# write): still "due", for requeue; nothing is lost.
	fu list --only due --format ndjson | jq -r .conversation_id | sort \
	    >"$T/claimed"
	[ "$(wc -l <"$T/claimed")" -eq 600 ]
	for c in $(comm -23 "$T/claimed" "$T/written"); do
		fu requeue --now "$NOW" "$c" >/dev/null
	done
	fu due --now "$NOW" >>"$T/due"
	# The same check-ins as the clean run (a requeued one is due again
	# when requeued, one more attempt).
	jq -c 'del(.followup)' "$T/due" | sort >"$T/due.cmp"
	jq -c 'del(.followup)' "$T/clean.due" | sort | diff - "$T/due.cmp" |
	    head -20
	[ "$(jq -c 'del(.followup)' "$T/clean.due" | sort | md5sum)" = \
	    "$(md5sum <"$T/due.cmp")" ]
}
