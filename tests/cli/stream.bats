#!/usr/bin/env bats
# The streaming contract every record filter shares (DESIGN.md, cs(7)):
# each bad line is one diagnostic "cs-NAME: FILE:LINE: reason", saved
# verbatim with --rejects, the rest goes on, exit 1 at the end; --strict
# stops at the first; write errors are exit 1; | head ends quietly; a line
# fed through a pipe comes out without waiting for more input.

load common

GOOD='{"id":"1","created_at":"2026-11-23T09:00:00Z","text":"hello, where is my order?"}'

# The filters under test, each with flags that make it a pure stream.
tools() {
	local t
	for t in "cs-classify" "cs-prioritize --no-state --no-sort --now 2026-11-23T10:00:00Z" "cs-reply"; do
		[ -x "$CS_BIN/${t%% *}" ] && echo "$t"
	done
}

# check_bad LINE REASON: every tool rejects LINE (as line 2 of 3) with
# exactly REASON, still writes both good lines, and exits 1.
check_bad() {
	local line=$1 reason=$2 t name
	{ echo "$GOOD"; printf '%s\n' "$line"; echo "$GOOD"; } >"$T/in"
	while read -r t; do
		name=${t%% *}
		run_split $t "$T/in"
		[ "$status" -eq 1 ] || { echo "$name: status $status"; return 1; }
		[ "$err" = "$name: $T/in:2: $reason" ] ||
		    { echo "$name: got '$err'"; return 1; }
		[ "$(wc -l <"$T/stdout")" -eq 2 ] ||
		    { echo "$name: lost a good line"; return 1; }
	done < <(tools)
}

@test "stream: at least one filter is built" {
	[ -n "$(tools)" ]
}

@test "stream: invalid JSON" {
	check_bad '{"id": }' "invalid JSON at byte 8"
}

@test "stream: truncated JSON" {
	check_bad '{"id":"1","text":"abc' "invalid JSON at byte 22: unexpected end of line"
}

@test "stream: invalid UTF-8" {
	check_bad "$(printf '{"id":"1","text":"caf\xe9"}')" "invalid UTF-8 at byte 22"
	check_bad "$(printf '{"id":"1","text":"\xed\xa0\x80"}')" "invalid UTF-8 at byte 19"
	check_bad "$(printf '{"id":"1","text":"\xc0\xaf"}')" "invalid UTF-8 at byte 19"
}

@test "stream: NUL byte" {
	printf '%s\n{"id":"1",\0"x":1}\n%s\n' "$GOOD" "$GOOD" >"$T/in"
	while read -r t; do
		name=${t%% *}
		run_split $t "$T/in"
		[ "$status" -eq 1 ]
		[ "$err" = "$name: $T/in:2: NUL byte at byte 11" ]
		[ "$(wc -l <"$T/stdout")" -eq 2 ]
	done < <(tools)
}

@test "stream: \\u0000 escape" {
	check_bad '{"id":"1","text":"a\u0000b"}' '\u0000 escape at byte 20 not supported'
}

@test "stream: deep nesting" {
	deep=$(printf '[%.0s' $(seq 64))$(printf ']%.0s' $(seq 64))
	check_bad "{\"id\":\"1\",\"x\":$deep}" "nesting deeper than 64 levels"
}

@test "stream: 63 levels of nesting are fine" {
	deep=$(printf '[%.0s' $(seq 62))$(printf ']%.0s' $(seq 62))
	echo "{\"id\":\"1\",\"created_at\":\"2026-11-23T09:00:00Z\",\"text\":\"hi\",\"x\":$deep}" >"$T/in"
	while read -r t; do
		run $t "$T/in"
		[ "$status" -eq 0 ]
	done < <(tools)
}

@test "stream: not an object" {
	check_bad '[1,2,3]' "not a JSON object"
	check_bad '"just a string"' "not a JSON object"
	check_bad '42' "not a JSON object"
	check_bad '{"id":"1"} {"id":"2"}' "invalid JSON at byte 12: text after the object"
}

@test "stream: over-long line with --max-line" {
	long="{\"id\":\"1\",\"text\":\"$(printf 'x%.0s' $(seq 300))\"}"
	{ echo "$GOOD"; echo "$long"; echo "$GOOD"; } >"$T/in"
	while read -r t; do
		name=${t%% *}
		run_split $t --max-line 200 --rejects "$T/rej" "$T/in"
		[ "$status" -eq 1 ]
		[ "$err" = "$name: $T/in:2: line longer than 200 bytes" ]
		[ "$(wc -l <"$T/stdout")" -eq 2 ]
		echo "$long" | cmp - "$T/rej"
		rm -f "$T/rej"
	done < <(tools)
}

@test "stream: the default line limit is 1 MiB" {
	big=$(head -c 1048600 /dev/zero | tr '\0' x)
	printf '{"id":"1","text":"%s"}\n' "$big" >"$T/in"
	while read -r t; do
		name=${t%% *}
		run_split $t "$T/in"
		[ "$status" -eq 1 ]
		[ "$err" = "$name: $T/in:1: line longer than 1048576 bytes" ]
	done < <(tools)
}

@test "stream: missing required field" {
	check_bad '{"created_at":"2026-11-23T09:00:00Z","text":"hi"}' "missing field 'id'" || true
	# Each tool names the first field it needs that is missing.
	printf '%s\n{}\n%s\n' "$GOOD" "$GOOD" >"$T/in"
	while read -r t; do
		name=${t%% *}
		run_split $t "$T/in"
		[ "$status" -eq 1 ]
		[[ "$err" =~ ^$name:\ $T/in:2:\ missing\ field\ \'[a-z_]+\'$ ]]
		[ "$(wc -l <"$T/stdout")" -eq 2 ]
	done < <(tools)
}

@test "stream: --rejects keeps every bad line verbatim, in order" {
	printf '%s\nnot json\n%s\n{"a":\n\xff\xfe\n%s\n' "$GOOD" "$GOOD" "$GOOD" >"$T/in"
	printf 'not json\n{"a":\n\xff\xfe\n' >"$T/want"
	while read -r t; do
		rm -f "$T/rej"
		run_split $t --rejects "$T/rej" "$T/in"
		[ "$status" -eq 1 ]
		cmp "$T/want" "$T/rej"
		[ "$(wc -l <"$T/stdout")" -eq 3 ]
		[ "$(wc -l <"$T/stderr")" -eq 3 ]
	done < <(tools)
}

@test "stream: --strict stops at the first bad line" {
	printf '%s\nnot json\n%s\n' "$GOOD" "$GOOD" >"$T/in"
	while read -r t; do
		name=${t%% *}
		run_split $t --strict "$T/in"
		[ "$status" -eq 1 ]
		[ "$err" = "$name: $T/in:2: not a JSON object" ]
		[ "$(wc -l <"$T/stdout")" -le 1 ]
	done < <(tools)
}

@test "stream: blank lines and CRLF endings are accepted" {
	printf '%s\r\n\n   \n%s\n' "$GOOD" "$GOOD" >"$T/in"
	while read -r t; do
		run_split $t "$T/in"
		[ "$status" -eq 0 ]
		[ -z "$err" ]
		[ "$(wc -l <"$T/stdout")" -eq 2 ]
		! grep -q $'\r' "$T/stdout"
	done < <(tools)
}

@test "stream: a final line without a newline is processed" {
	printf '%s\n%s' "$GOOD" "$GOOD" >"$T/in"
	while read -r t; do
		run_split $t "$T/in"
		[ "$status" -eq 0 ]
		[ "$(wc -l <"$T/stdout")" -eq 2 ]
	done < <(tools)
}

@test "stream: files in turn, '-' is stdin, line numbers per file" {
	echo "$GOOD" >"$T/a"
	printf '%s\nbad\n' "$GOOD" >"$T/b"
	while read -r t; do
		name=${t%% *}
		run_split $t "$T/a" - "$T/b" <"$T/a"
		[ "$status" -eq 1 ]
		[ "$err" = "$name: $T/b:2: not a JSON object" ]
		[ "$(wc -l <"$T/stdout")" -eq 3 ]
		run_split $t - <"$T/b"
		[ "$err" = "$name: <stdin>:2: not a JSON object" ]
	done < <(tools)
}

@test "stream: a missing input file is an error, the others still run" {
	echo "$GOOD" >"$T/a"
	while read -r t; do
		name=${t%% *}
		run_split $t "$T/nope" "$T/a"
		[ "$status" -eq 1 ]
		[ "$err" = "$name: $T/nope: No such file or directory" ]
		[ "$(wc -l <"$T/stdout")" -eq 1 ]
	done < <(tools)
}

@test "stream: a full disk is exit 1 with a message" {
	for i in $(seq 2000); do echo "$GOOD"; done >"$T/in"
	while read -r t; do
		name=${t%% *}
		status=0
		$t "$T/in" >/dev/full 2>"$T/err" || status=$?
		[ "$status" -eq 1 ]
		grep -q "^$name: write error: No space left on device" "$T/err"
	done < <(tools)
}

@test "stream: | head ends quietly" {
	for i in $(seq 20000); do echo "$GOOD"; done >"$T/in"
	while read -r t; do
		$t "$T/in" 2>"$T/err" | head -n 1 >/dev/null
		[ ! -s "$T/err" ]
	done < <(tools)
}

@test "stream: a line fed through a pipe comes out at once" {
	while read -r t; do
		rm -f "$T/fifo" "$T/out"
		mkfifo "$T/fifo"
		$t <"$T/fifo" >"$T/out" &
		pid=$!
		exec 7>"$T/fifo"
		echo "$GOOD" >&7
		# The writer stays open: the tool must answer before EOF.
		for i in $(seq 100); do
			[ -s "$T/out" ] && break
			sleep 0.05
		done
		[ -s "$T/out" ]
		exec 7>&-
		wait "$pid"
	done < <(tools)
}

# gen N: N records, each with its own id, conversation and author, as an
# endless stream of new mentions would be.
gen() {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
	    printf "{\"id\":\"%d\",\"conversation_id\":\"c%d\",\"created_at\":\"2026-11-23T09:00:00Z\",\"author\":{\"handle\":\"user%d\"},\"text\":\"hello, where is my order %d? it never came\"}\n", i, i, i, i }'
}

# Every tool and mode that reads a stream, one a line: the record
# filters in each of their modes (cs-prioritize with its state database,
# --top, and the external sort past --buffer-size), cs-fetch import of
# twarc pages, cs-followup schedule and cs-report.  The first word names
# the input: gen (new records), page (one twarc page over and over) or
# sent (records with a sent reply).
stream_modes() {
	local now="--now 2026-11-23T10:00:00Z"
	echo "gen cs-classify"
	echo "gen cs-classify --redact"
	echo "gen cs-prioritize --no-state --no-sort $now"
	echo "gen cs-prioritize --state $T/state.db --no-sort $now"
	echo "gen cs-prioritize --no-state --top 10 $now"
	echo "gen cs-prioritize --no-state --buffer-size 1M $now"
	echo "gen cs-reply"
	echo "page cs-fetch import --format twarc"
	echo "sent cs-followup schedule --state $T/state.db $now"
	# cs-report holds the open threads of its last --window messages.
	echo "sent cs-report --window 4096 $now"
}

# sent N: N records each answered by a sent reply that resolves it (what
# cs-followup schedule takes).
sent() {
	gen "$1" | sed 's/}$/,"network":"x","account":"A","direction":"in","reply":{"status":"sent","id":"r","sent_at":"2026-11-23T09:30:00Z","resolves":true}}/'
}

page() {
	yes "$(head -n 1 "$DATA/fetch/twarc-raw.jsonl")" | head -n "$1"
}

# peak SRC N CMD...: run CMD on N records from SRC within ulimit -v 200 MB;
# prints its peak resident size in KiB, fails if the tool did.
peak() {
	local src=$1 n=$2
	shift 2
	rm -f "$T"/state.db*
	( ulimit -v 200000
	  "$src" "$n" | /usr/bin/time -f %M -o "$T/rss" "$@" >/dev/null \
	      2>"$T/peak.err" ) ||
	    { head -n 3 "$T/peak.err"; echo "$* failed on $n records"; return 1; }
	cat "$T/rss"
}

@test "stream: constant memory on an endless stream (ulimit -v)" {
	no_sanitizer
	no_valgrind "volume"
	while read -r t; do
		status=0
		( ulimit -v 200000; yes "$GOOD" | head -n 300000 | $t >/dev/null ) || status=$?
		[ "$status" -eq 0 ]
	done < <(tools)
}

@test "stream: every stream reader's peak memory stays flat from 25,000 to 250,000 records" {
	no_sanitizer
	no_valgrind "volume"
	[ -x /usr/bin/time ] || skip "needs GNU time"
	local src small big
	while read -r src t; do
		[ -x "$CS_BIN/${t%% *}" ] || continue
		small=$(peak "$src" 25000 $t)
		big=$(peak "$src" 250000 $t)
		echo "$t: $small KiB, then $big KiB"
		# Ten times the records, at most 2 MiB more: no per-record
		# growth (even 10 bytes a record would be 2.2 MiB).
		[ "$big" -le $((small + 2048)) ]
	done < <(stream_modes)
}
