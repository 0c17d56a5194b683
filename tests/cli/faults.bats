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

X_TOKEN=tok-X-f4ult-1c2d
X_USER=tok-X-user-f4ult-9e
M_TOKEN=tok-M-f4ult-77aa
B_PASS=app-pw-f4ult-31c5
N=30			# messages each fake has; pages of 10

setup() {
	unset CS_CREDENTIALS CS_X_API_BASE CS_MASTODON_API_BASE \
	    CS_BLUESKY_API_BASE CS_X_ACCOUNT CS_MASTODON_ACCOUNT
	export CS_X_BEARER_TOKEN=$X_TOKEN CS_X_USER_TOKEN=$X_USER \
	    CS_MASTODON_TOKEN=$M_TOKEN CS_BLUESKY_IDENTIFIER=acme.bsky.social \
	    CS_BLUESKY_APP_PASSWORD=$B_PASS
}

teardown() {
	stop_fake
}

# net NET: LIST, the path of the network's paged timeline; POST, its
# posting endpoint; FARGS, the cs-fetch arguments; TEXT, the member of a
# timeline item holding its text.
net() {
	case $1 in
	x)
		LIST=/2/users/1500000000000000001/mentions
		POST=/2/tweets
		FARGS=(--mentions ShopCare)
		TEXT=text ;;
	mastodon)
		LIST=/api/v1/notifications
		POST=/api/v1/statuses
		FARGS=(--account acme)
		TEXT=content ;;
	bluesky)
		LIST=/xrpc/app.bsky.notification.listNotifications
		POST=/xrpc/com.atproto.repo.createRecord
		FARGS=()
		TEXT=text ;;
	esac
}

# fake NET FAULTS [EXTRA]: start NET's fake with N messages, the faults (a
# JSON list) and the extra scenario members (a JSON object).
fake() {
	local sc
	sc=$(jq -nc --arg xt "$X_TOKEN" --arg xu "$X_USER" --arg mt "$M_TOKEN" \
	    --arg bp "$B_PASS" --argjson n "$N" --argjson f "$2" \
	    --argjson x "${3:-{\}}" '{token: $xt, user_token: $xu,
	    mentions: $n, window: $n, others: 0, likes: 0, faults: $f} + $x')
	[ "$1" != mastodon ] || sc=$(jq -c --arg t "$M_TOKEN" '.token = $t' \
	    <<<"$sc")
	[ "$1" != bluesky ] || sc=$(jq -c --arg p "$B_PASS" '.password = $p' \
	    <<<"$sc")
	start_fake "$1" "$sc"
}

# closed_port: a port of 127.0.0.1 where nothing listens.
closed_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# timed LIMIT CMD...: run_split CMD (which runs its tool under timeout
# 30); fail when it was killed, or took LIMIT seconds or more.
timed() {
	local limit=$1 t0
	shift
	t0=$(date +%s%N)
	run_split "$@"
	ELAPSED=$((($(date +%s%N) - t0) / 1000000))
	echo "exit $status after $ELAPSED ms: $(head -c 600 "$T/stderr")"
	[ "$status" -ne 124 ]
	[ "$ELAPSED" -lt $((limit * 1000)) ]
}

# fetch NET ARGS: cs-fetch NET against the fake with short waits.
fetch() {
	local n=$1
	shift
	net "$n"
	timeout 30 cs-fetch "$n" --api-base "$BASE" "${FARGS[@]}" --page-size 10 \
	    --retries 1 --retry-delay 10 --timeout 2s --state "$T/state.db" "$@"
}

# valid_records FILE: every line is a JSON object in valid UTF-8.
valid_records() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null
	[ "$(jq -c 'type' "$1" | sort -u)" = '"object"' ] || [ ! -s "$1" ]
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

@test "faults: cs-fetch x: a body at one byte a second times out (--timeout) and exits 75" {
	fetch_fault x '{"slow_body": 1, "times": 2}' 75 "timed out after 2" 7
}

@test "faults: cs-fetch mastodon: a body at one byte a second times out (--timeout) and exits 75" {
	fetch_fault mastodon '{"slow_body": 1, "times": 2}' 75 "timed out after 2" 7
}

@test "faults: cs-fetch bluesky: a body at one byte a second times out (--timeout) and exits 75" {
	fetch_fault bluesky '{"slow_body": 1, "times": 2}' 75 "timed out after 2" 7
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
