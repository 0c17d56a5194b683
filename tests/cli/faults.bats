#!/usr/bin/env bats
# Fault injection: cs-fetch x|mastodon|bluesky and cs-reply --send against
# the fakes of tests/fake, with every network fault fakecore can script
# (refused connections, resets in the middle of a body, a body at a byte
# a second, a 1 GB body, invalid UTF-8, invalid JSON, an HTML page with a
# 200, 401/403/404/429/500/503 with each network's own error body, rate
# limit resets skewed by clocks hours apart).  Each case checks a bounded
# wait, a clear message, the documented exit status, and then that a
# re-run gives what a clean run gives: cs-fetch writes each record once
# (the cursor never passed what was written), cs-reply --send posts each
# reply at most once (exactly once on Mastodon and Bluesky).

load common
load ../fake/helpers

N=30			# messages each fake has; pages of 10

setup() {
	nets_env
}

teardown() {
	stop_fake
}

# fetch_fault NET FAULT STATUS MESSAGE [LIMIT [ARGS...]]: the second page
# of NET's timeline gets FAULT (a JSON object).  The run ends within LIMIT
# seconds (default 5) with STATUS and MESSAGE on standard error, having
# written valid records from before the fault only; a re-run writes the
# rest, each record once over both.
fetch_fault() {
	local n=$1 fault=$2 want=$3 msg=$4 limit=${5:-5}
	shift 5 2>/dev/null || shift $#
	net "$n"
	fake "$n" "[$(jq -c --arg p "$LIST" '. + {path: $p, at: 2}' \
	    <<<"$fault")]"
	timed "$limit" fetch "$n" "$@"
	[ "$status" -eq "$want" ]
	[[ $err == *"$msg"* ]]
	valid_records "$T/stdout"
	# Nothing from the faulty page, unless waited out (--wait).
	[ "$want" -eq 0 ] || [ "$(wc -l <"$T/stdout")" -le 10 ]
	cp "$T/stdout" "$T/run1"
	fetch "$n" >"$T/run2"
	valid_records "$T/run2"
	exactly_once "$N" "$T/run1" "$T/run2"
}

# fetch_refused NET: nothing listens; then a run against the fake gets all.
fetch_refused() {
	local n=$1 port
	net "$n"
	port=$(closed_port)
	BASE=http://127.0.0.1:$port
	timed 5 fetch "$n"
	[ "$status" -eq 75 ]
	[[ $err == *"127.0.0.1 port $port"* ]]
	[[ $err == *"onnect"* ]]
	[ ! -s "$T/stdout" ]
	fake "$n" '[]'
	fetch "$n" >"$T/run2"
	exactly_once "$N" "$T/run2"
}

# ---- cs-fetch --------------------------------------------------------

@test "faults: cs-fetch x: connection refused exits 75 at once" {
	fetch_refused x
}

@test "faults: cs-fetch mastodon: connection refused exits 75 at once" {
	fetch_refused mastodon
}

@test "faults: cs-fetch bluesky: connection refused exits 75 at once" {
	fetch_refused bluesky
}

# The faults that every network gets, as "NET FAULT STATUS MESSAGE".
@test "faults: cs-fetch x: a reset in the middle of the body is retried, then exits 75" {
	fetch_fault x '{"reset_body": true, "times": 2}' 75 "Connection reset by peer"
}

@test "faults: cs-fetch mastodon: a reset in the middle of the body is retried, then exits 75" {
	fetch_fault mastodon '{"reset_body": true, "times": 2}' 75 "Connection reset by peer"
}

@test "faults: cs-fetch bluesky: a reset in the middle of the body is retried, then exits 75" {
	fetch_fault bluesky '{"reset_body": true, "times": 2}' 75 "Connection reset by peer"
}

# --timeout 1s: the body would take minutes.
@test "faults: cs-fetch x: a body at one byte a second times out (--timeout) and exits 75" {
	TIMEOUT=1s fetch_fault x '{"slow_body": 1, "times": 2}' 75 "timed out after 1" 4
}

@test "faults: cs-fetch mastodon: a body at one byte a second times out (--timeout) and exits 75" {
	TIMEOUT=1s fetch_fault mastodon '{"slow_body": 1, "times": 2}' 75 "timed out after 1" 4
}

@test "faults: cs-fetch bluesky: a body at one byte a second times out (--timeout) and exits 75" {
	TIMEOUT=1s fetch_fault bluesky '{"slow_body": 1, "times": 2}' 75 "timed out after 1" 4
}

@test "faults: cs-fetch x: a 1 GB body is given up at the 8 MB cap, exit 1" {
	fetch_fault x '{"huge": 1073741824}' 1 "response body over 8388608 bytes (HTTP 200)"
}

@test "faults: cs-fetch mastodon: a 1 GB body is given up at the 8 MB cap, exit 1" {
	fetch_fault mastodon '{"huge": 1073741824}' 1 "response body over 8388608 bytes (HTTP 200)"
}

@test "faults: cs-fetch bluesky: a 1 GB body is given up at the 8 MB cap, exit 1" {
	fetch_fault bluesky '{"huge": 1073741824}' 1 "response body over 8388608 bytes (HTTP 200)"
}

@test "faults: cs-fetch x: invalid UTF-8 in a text is refused, never written" {
	fetch_fault x '{"badutf8": "text"}' 1 "HTTP 200: response is not UTF-8 (byte "
}

@test "faults: cs-fetch mastodon: invalid UTF-8 in a text is refused, never written" {
	fetch_fault mastodon '{"badutf8": "content"}' 1 "HTTP 200: response is not UTF-8 (byte "
}

@test "faults: cs-fetch bluesky: invalid UTF-8 in a text is refused, never written" {
	fetch_fault bluesky '{"badutf8": "text"}' 1 "HTTP 200: response is not UTF-8 (byte "
}

@test "faults: cs-fetch x: invalid JSON with a 200 is an error naming the status" {
	fetch_fault x '{"badjson": true}' 1 "HTTP 200: response is not JSON"
}

@test "faults: cs-fetch mastodon: invalid JSON with a 200 is an error naming the status" {
	fetch_fault mastodon '{"badjson": true}' 1 "HTTP 200: response is not JSON"
}

@test "faults: cs-fetch bluesky: invalid JSON with a 200 is an error naming the status" {
	fetch_fault bluesky '{"badjson": true}' 1 "HTTP 200: response is not JSON"
}

@test "faults: cs-fetch x: an HTML page with a 200 (wrong content type) is an error" {
	fetch_fault x '{"nonjson": true, "status": 200}' 1 "HTTP 200: response is not JSON (50 bytes): <html><body><h1>502 Bad Gateway"
}

@test "faults: cs-fetch mastodon: an HTML page with a 200 (wrong content type) is an error" {
	fetch_fault mastodon '{"nonjson": true, "status": 200}' 1 "HTTP 200: response is not JSON (50 bytes): <html><body><h1>502 Bad Gateway"
}

@test "faults: cs-fetch bluesky: an HTML page with a 200 (wrong content type) is an error" {
	fetch_fault bluesky '{"nonjson": true, "status": 200}' 1 "HTTP 200: response is not JSON (50 bytes): <html><body><h1>502 Bad Gateway"
}

@test "faults: cs-fetch x: 401, 403 and 404 exit 1 with X's own message" {
	fetch_fault x '{"status": 401}' 1 'HTTP 401: {"title":"Unauthorized"'
	[[ $err == *"(check the credentials)"* ]]
	stop_fake
	rm -f "$T/state.db"
	fetch_fault x '{"status": 403}' 1 '"title":"Client Forbidden","detail":"When authenticating'
	[[ $err == *"(check the credentials)"* ]]
	stop_fake
	rm -f "$T/state.db"
	fetch_fault x '{"status": 404}' 1 'HTTP 404: {"title":"Not Found Error","detail":"Sorry, that page does not exist."'
}

@test "faults: cs-fetch mastodon: 401, 403 and 404 exit 1 with Mastodon's own message" {
	fetch_fault mastodon '{"status": 401}' 1 'HTTP 401: {"error":"The access token is invalid"} (check the credentials)'
	stop_fake
	rm -f "$T/state.db"
	fetch_fault mastodon '{"status": 403}' 1 'HTTP 403: {"error":"This action is not allowed"} (check the credentials)'
	stop_fake
	rm -f "$T/state.db"
	fetch_fault mastodon '{"status": 404}' 1 'HTTP 404: {"error":"Record not found"}'
}

@test "faults: cs-fetch bluesky: 401, 403 and 404 exit 1 with the PDS's own message" {
	fetch_fault bluesky '{"status": 401}' 1 'HTTP 401: {"error":"AuthenticationRequired","message":"Authentication Required"} (check the credentials)'
	stop_fake
	rm -f "$T/state.db"
	fetch_fault bluesky '{"status": 403}' 1 'HTTP 403: {"error":"Forbidden","message":"Forbidden"} (check the credentials)'
	stop_fake
	rm -f "$T/state.db"
	fetch_fault bluesky '{"status": 404}' 1 'HTTP 404: {"error":"NotFound","message":"Not Found"}'
}

@test "faults: cs-fetch x: 429 exits 75 at once; 500 and 503 are retried, then exit 75" {
	fetch_fault x '{"status": 429, "reset_in": 600}' 75 "rate limited (HTTP 429) until "
	stop_fake
	rm -f "$T/state.db"
	fetch_fault x '{"status": 500, "times": 2}' 75 'HTTP 500 after 2 attempts: {"title":"Internal Server Error"'
	stop_fake
	rm -f "$T/state.db"
	fetch_fault x '{"status": 503, "times": 2}' 75 'HTTP 503 after 2 attempts: {"title":"Service Unavailable"'
}

@test "faults: cs-fetch mastodon: 429 exits 75 at once; 500 and 503 are retried, then exit 75" {
	fetch_fault mastodon '{"status": 429, "reset_in": 600}' 75 "rate limited (HTTP 429) until "
	stop_fake
	rm -f "$T/state.db"
	fetch_fault mastodon '{"status": 500, "times": 2}' 75 "HTTP 500 after 2 attempts: {\"error\":\"We're sorry, but something went wrong on our end.\"}"
	stop_fake
	rm -f "$T/state.db"
	fetch_fault mastodon '{"status": 503, "times": 2}' 75 'HTTP 503 after 2 attempts: {"error":"There was a temporary problem'
}

@test "faults: cs-fetch bluesky: 429 exits 75 at once; 500 and 503 are retried, then exit 75" {
	fetch_fault bluesky '{"status": 429, "reset_in": 600}' 75 "rate limited (HTTP 429) until "
	stop_fake
	rm -f "$T/state.db"
	fetch_fault bluesky '{"status": 500, "times": 2}' 75 'HTTP 500 after 2 attempts: {"error":"InternalServerError"'
	stop_fake
	rm -f "$T/state.db"
	fetch_fault bluesky '{"status": 503, "times": 2}' 75 'HTTP 503 after 2 attempts: {"error":"NotEnoughResources"'
}

# skew_cases NET: the rate limit's reset already past (a second's wait,
# then on); hours ahead (beyond --max-wait: exit 75 at once); and two
# seconds ahead on a server whose clock (its Date header) is three hours
# ahead or behind ours: waited as the server means it, two seconds or so.
skew_cases() {
	local n=$1 skew
	fetch_fault "$n" '{"status": 429, "reset_in": -600}' 0 \
	    "rate limited (HTTP 429); waiting 1 s" 5 --wait --max-wait 10s
	stop_fake
	rm -f "$T/state.db"
	fetch_fault "$n" '{"status": 429, "reset_in": 7200}' 75 \
	    ": longer than --max-wait" 3 --wait --max-wait 10s
	for skew in 10800 -10800; do
		stop_fake
		rm -f "$T/state.db"
		net "$n"
		fake "$n" "[$(jq -nc --arg p "$LIST" '{path: $p, at: 2,
		    status: 429, reset_in: 2}')]" "{\"clock_skew\": $skew}"
		timed 8 fetch "$n" --wait --max-wait 10s
		[ "$status" -eq 0 ]
		[[ $err == *"rate limited (HTTP 429); waiting "[23]" s"* ]]
		[ "$ELAPSED" -ge 1000 ]
		exactly_once "$N" "$T/stdout"
	done
}

@test "faults: cs-fetch x: rate-limit resets past, hours ahead, and on a skewed clock" {
	skew_cases x
}

@test "faults: cs-fetch mastodon: rate-limit resets past, hours ahead, and on a skewed clock" {
	skew_cases mastodon
}

@test "faults: cs-fetch bluesky: rate-limit resets past, hours ahead, and on a skewed clock" {
	skew_cases bluesky
}

# ---- cs-reply --send -------------------------------------------------

# send_fault NET FAULT EXIT STATUSES REASON [LIMIT]: the second of three
# posts gets FAULT.  The run ends within LIMIT seconds (default 5) with
# EXIT, the records' reply statuses STATUSES ("sent unknown sent") and
# REASON in the second's reply.reason (or on standard error), every
# record valid UTF-8.  Then a re-run: nothing is ever posted twice; on
# Mastodon and Bluesky each reply is then posted, exactly once, and
# said to be; on X, where an unknown outcome cannot be settled, the
# unknown stay unknown (not posted again) and the rest are sent.
send_fault() {
	local n=$1 fault=$2 want=$3 sts=$4 why=$5 limit=${6:-5}
	net "$n"
	drafts "$n" "[$(jq -c --arg p "$POST" '{path: $p, at: 2} + .' \
	    <<<"$fault")]"
	timed "$limit" send "$T/drafts.ndjson"
	[ "$status" -eq "$want" ]
	[ "$(statuses "$T/stdout")" = "$sts " ]
	[[ "$(jq -r '.reply.reason // empty' "$T/stdout" | sed -n 2p)" == *"$why"* ||
	    $err == *"$why"* ]]
	valid_records "$T/stdout"
	cp "$T/stdout" "$T/run1"
	[ -z "$(posted | sort | uniq -d)" ]
	run_split send "$T/drafts.ndjson"
	valid_records "$T/stdout"
	[ -z "$(posted | sort | uniq -d)" ]
	made >"$T/made"
	jq -r 'select(.reply.status == "sent") | .reply.id' "$T/stdout" |
	    sort >"$T/said"
	if [ "$n" = x ]; then
		[ "$(statuses "$T/stdout")" = "$(statuses "$T/run1" |
		    sed 's/failed/sent/g; s/draft/sent/g')" ]
		[ -z "$(comm -13 "$T/made" "$T/said")" ]
		[ "$(jq -r 'select(.reply.status == "unknown") | .reply.reason' \
		    "$T/stdout" | grep -vc -- --force)" -eq 0 ]
	else
		[ "$status" -eq 0 ]
		[ "$(statuses "$T/stdout")" = "sent sent sent " ]
		[ "$(posted | wc -l)" -eq 3 ]
		diff "$T/made" "$T/said"
	fi
}

# send_refused NET: nothing listens: each reply fails as not sent (exit
# 1) at once; a run against the fake then posts each.
send_refused() {
	local n=$1 port
	drafts "$n" '[]'
	port=$(closed_port)
	timeout 30 cs-reply --send --api-base "http://127.0.0.1:$port" \
	    --state "$T/send.db" --retries 1 --retry-delay 10 --timeout 2s \
	    "$T/drafts.ndjson" >"$T/run1" 2>"$T/err1" || status=$?
	[ "$status" -eq 1 ]
	[ "$(statuses "$T/run1")" = "failed failed failed " ]
	[[ "$(jq -r .reply.reason "$T/run1" | head -1)" == *"127.0.0.1 port $port"* ]]
	[ "$(posted | wc -l)" -eq 0 ]
	run_split send "$T/drafts.ndjson"
	[ "$status" -eq 0 ]
	[ "$(statuses "$T/stdout")" = "sent sent sent " ]
	[ "$(posted | sort -u | wc -l)" -eq 3 ]
}

@test "faults: cs-reply --send x: connection refused fails each reply as not sent, exit 1" {
	send_refused x
}

@test "faults: cs-reply --send mastodon: connection refused fails each reply as not sent, exit 1" {
	send_refused mastodon
}

@test "faults: cs-reply --send bluesky: connection refused fails each reply as not sent, exit 1" {
	send_refused bluesky
}

# The post is made, and its answer is lost or spoilt: a reset in the
# middle of the body, a body at a byte a second (given up after 1 s), a
# 1 GB body, invalid UTF-8, invalid JSON, an HTML page with a 200.
lost_cases() {
	local n=$1 f
	for f in '{"reset_body": true}' '{"slow_body": 1}' \
	    '{"huge": 1073741824}' '{"badutf8": true}' '{"badjson": true}' \
	    '{"nonjson": true, "status": 200}'; do
		case $n:$f in
		x:*slow*)
			TIMEOUT=1s send_fault x "$f" 1 "sent unknown sent" \
			    "Operation timed out after 1" ;;
		x:*)
			send_fault x "$f" 1 "sent unknown sent" \
			    "may or may not have been posted" ;;
		mastodon:*reset*)
			# Retried at once with the same Idempotency-Key.
			send_fault mastodon "$f" 0 "sent sent sent" "" ;;
		mastodon:*slow*)
			# Its retry too.
			TIMEOUT=1s send_fault mastodon \
			    '{"slow_body": 1, "times": 2}' 1 \
			    "sent unknown sent" "Operation timed out after 1" ;;
		mastodon:*)
			send_fault mastodon "$f" 1 "sent unknown sent" \
			    "the post may exist" ;;
		bluesky:*slow*)
			TIMEOUT=1s send_fault bluesky "$f" 0 "sent sent sent" \
			    "an earlier attempt posted it" ;;
		bluesky:*)
			# Confirmed with getRecord on the claim's record key.
			send_fault bluesky "$f" 0 "sent sent sent" \
			    "an earlier attempt posted it" ;;
		esac
		stop_fake
		rm -f "$T"/*.db
	done
}

@test "faults: cs-reply --send x: a post whose answer is lost or spoilt is unknown, never posted twice" {
	lost_cases x
}

@test "faults: cs-reply --send mastodon: a post whose answer is lost or spoilt is settled with its key, posted once" {
	lost_cases mastodon
}

@test "faults: cs-reply --send bluesky: a post whose answer is lost or spoilt is confirmed with getRecord, posted once" {
	lost_cases bluesky
}

# refusal_cases NET 401-MESSAGE 403-MESSAGE 404-MESSAGE MEMBER: each
# fails that reply alone (exit 1) with the network's own message; a 403
# with bytes that are not UTF-8 in its message (MEMBER) leaves the record
# valid UTF-8.
refusal_cases() {
	local n=$1 st
	shift
	for st in 401 403 404; do
		send_fault "$n" "{\"status\": $st}" 1 "sent failed sent" \
		    "HTTP $st: $1"
		shift
		stop_fake
		rm -f "$T"/*.db
	done
	send_fault "$n" "{\"status\": 403, \"badutf8\": \"$1\"}" 1 \
	    "sent failed sent" "HTTP 403: "
	jq -r .reply.reason "$T/run1" | sed -n 2p | grep -q '?'
}

@test "faults: cs-reply --send x: 401, 403 and 404 fail that reply with X's message" {
	refusal_cases x "Unauthorized" "When authenticating requests" \
	    "Sorry, that page does not exist." detail
}

@test "faults: cs-reply --send mastodon: 401, 403 and 404 fail that reply with Mastodon's message" {
	refusal_cases mastodon "The access token is invalid" \
	    "This action is not allowed" "Record not found" error
}

@test "faults: cs-reply --send bluesky: 401, 403 and 404 fail that reply with the PDS's message" {
	refusal_cases bluesky "AuthenticationRequired: Authentication Required" \
	    "Forbidden: Forbidden" "NotFound: Not Found" message
}

# server_cases NET 500-STATUSES 500-REASON: 429 stops the run (exit 75,
# the rest left as drafts); 503 (twice) is retried, then fails; 500 (on
# the second and third posts) as the network allows.
server_cases() {
	local n=$1
	send_fault "$n" '{"status": 429, "reset_in": 60}' 75 \
	    "sent draft draft" "rate limited until "
	stop_fake
	rm -f "$T"/*.db
	send_fault "$n" '{"status": 503, "times": 2}' 1 "sent failed sent" \
	    "HTTP 503: "
	stop_fake
	rm -f "$T"/*.db
	send_fault "$n" '{"status": 500, "times": 2}' 1 "$2" "$3"
}

@test "faults: cs-reply --send x: 429 stops with 75; 503 is retried; 500 may have posted: unknown" {
	server_cases x "sent unknown unknown" "HTTP 500: Internal error (the post may exist)"
}

@test "faults: cs-reply --send mastodon: 429 stops with 75; 503 and 500 are retried with the key, then fail" {
	server_cases mastodon "sent failed sent" "HTTP 500: We're sorry, but something went wrong on our end."
}

@test "faults: cs-reply --send bluesky: 429 stops with 75; 503 is retried; 500 is checked with getRecord" {
	server_cases bluesky "sent failed failed" "HTTP 500: InternalServerError: Internal Server Error (record "
}

# The "until" of the rate-limit summary, from a server whose clock is
# three hours ahead or behind and whose limit resets in a minute: within
# two minutes of our clock.
@test "faults: cs-reply --send: a rate limit's reset is read on the server's clock" {
	local n skew until now d
	for n in x mastodon bluesky; do
		for skew in 10800 -10800; do
			net "$n"
			fake "$n" "[$(jq -nc --arg p "$POST" '{path: $p, at: 1,
			    status: 429, reset_in: 60}')]" \
			    "{\"clock_skew\": $skew}"
			fetch "$n" --state "$T/fetch.db" >"$T/in.ndjson"
			cs-reply "$T/in.ndjson" | head -1 >"$T/drafts.ndjson"
			timed 5 send "$T/drafts.ndjson"
			[ "$status" -eq 75 ]
			until=$(grep -o 'until [0-9:]* UTC' "$T/stderr" | cut -d' ' -f2)
			now=$(date -u +%s)
			d=$((($(date -u -d "$(date -u +%F) $until" +%s) - now +
			    86400 + 43200) % 86400 - 43200))
			echo "$n $skew: until $until, $d s from now"
			[ "$d" -ge 0 ] && [ "$d" -le 120 ]
			stop_fake
			rm -f "$T"/*.db
		done
	done
}
