#!/usr/bin/env bats
# cs-fetch x: mentions and recent search against the fake X API v2 of
# tests/fake/x.py: exactly once across runs, kills, 429s and 5xx; rate
# limits, retries, timeouts, credentials and secrecy.

load common
load ../fake/helpers

TOKEN=tok-X-5ecret-7d1e0b
AUTHFAIL='{"token": "other-token", "mentions": 3}'

setup() {
	export CS_X_BEARER_TOKEN=$TOKEN
	unset CS_CREDENTIALS CS_X_API_BASE CS_X_ACCOUNT
}

teardown() {
	stop_fake
}

# scenario JSON: the fake's scenario with our token added.
scenario() {
	jq -c --arg t "$TOKEN" '. + {token: $t}' <<<"$1"
}

fake() {
	start_fake x "$(scenario "$1")"
}

# fx ARGS: cs-fetch x against the fake, short back-off.
fx() {
	timeout 60 cs-fetch x --api-base "$BASE" --retry-delay 10 "$@"
}

# fxbg OUT ARGS: fx in the background, output to OUT; its pid in FX_PID.
fxbg() {
	local out=$1
	shift
	cs-fetch x --api-base "$BASE" --retry-delay 10 "$@" >"$out" \
	    2>"$out.err" &
	FX_PID=$!
}

@test "cs-fetch x: all mentions over many pages, each with the core fields" {
	fake '{"mentions": 230}'
	run_split fx --mentions ShopCare --page-size 50
	[ "$status" -eq 0 ]
	exactly_once 230 "$T/stdout"
	# 230 posts in pages of 50 and one user lookup.
	[ "$(requests /mentions)" -eq 5 ]
	[ "$(requests /users/by/username)" -eq 1 ]
	jq -e -s 'all(.[];
	    (.id | type) == "string" and .network == "x" and
	    .account == "ShopCare" and (.direction == "in" or
	    .direction == "out") and
	    (.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")) and
	    (.conversation_id | type) == "string" and
	    (.in_reply_to == null or (.in_reply_to | type) == "string") and
	    (.author.id | type) == "string" and
	    (.author.handle | type) == "string" and
	    (.author.name | type) == "string" and
	    (.author.followers | type) == "number" and
	    (.author.verified | type) == "boolean" and
	    (.text | type) == "string" and (.lang | type) == "string" and
	    (.url | startswith("https://x.com/")) and
	    (.metrics | keys) == ["likes", "quotes", "replies", "reposts"])' \
	    "$T/stdout"
	# Replies carry their parent; X's &amp; and &lt; are decoded.
	jq -e -s 'any(.[]; .in_reply_to != null and
	    .conversation_id == .in_reply_to)' "$T/stdout"
	jq -e -s 'any(.[]; .text | contains("& no reply"))' "$T/stdout"
	jq -e -s 'any(.[]; .text | contains("<3"))' "$T/stdout"
	jq -e -s 'any(.[]; .author.handle == "luis.gz" and
	    .author.name == "Luis & Co <shop>")' "$T/stdout"
	! grep -q '&amp;' "$T/stdout"
}

@test "cs-fetch x: our own posts are direction out" {
	fake '{"mentions": 20, "own_every": 5}'
	fx --mentions @shopcare >"$T/out"
	[ "$(jq -r 'select(.direction == "out") | .id' "$T/out" | wc -l)" -eq 4 ]
	jq -e -s 'all(.[]; .account == "shopcare")' "$T/out"
}

@test "cs-fetch x: repeated runs give each mention exactly once" {
	fake '{"mentions": 120}'
	fx --mentions ShopCare >"$T/1"
	fx --mentions ShopCare >"$T/2"
	[ ! -s "$T/2" ]
	control 'add?n=7'
	fx --mentions ShopCare >"$T/3"
	[ "$(wc -l <"$T/3")" -eq 7 ]
	fx --mentions ShopCare >"$T/4"
	exactly_once 127 "$T/1" "$T/2" "$T/3" "$T/4"
	# The user id was looked up once and then kept in the state database.
	[ "$(requests /users/by/username)" -eq 1 ]
	# Later runs start from the saved cursor.
	[ "$(requests 'since_id=')" -ge 3 ]
}

@test "cs-fetch x: the overlap window catches a late-indexed mention" {
	fake '{"mentions": 30}'
	fx --mentions ShopCare >"$T/1"
	# Indexed late: created 2 minutes ago, so older than the newest one.
	control 'add?n=1&age=120'
	fx --mentions ShopCare >"$T/2"
	[ "$(wc -l <"$T/2")" -eq 1 ]
	exactly_once 31 "$T/1" "$T/2"
	# Without an overlap (since_id = the newest id) it would be lost.
	fx --mentions ShopCare --overlap 0 --state "$T/s0.db" >"$T/3"
	control 'add?n=1&age=120'
	fx --mentions ShopCare --overlap 0 --state "$T/s0.db" >"$T/4"
	[ ! -s "$T/4" ]
	fx --mentions ShopCare >"$T/5"
	[ "$(wc -l <"$T/5")" -eq 1 ]
}

@test "cs-fetch x: killed (kill -9) in the middle, a re-run neither loses nor repeats" {
	# The fourth request (the third page) hangs for 20 s.
	fake '{"mentions": 300, "faults": [{"at": 4, "slow": 20}]}'
	fxbg "$T/1" --mentions ShopCare
	for i in $(seq 200); do
		[ "$(requests /mentions)" -ge 3 ] && break
		sleep 0.05
	done
	kill -9 "$FX_PID"
	wait "$FX_PID" || true
	[ "$(wc -l <"$T/1")" -eq 200 ]
	fx --mentions ShopCare >"$T/2"
	[ "$(wc -l <"$T/2")" -eq 100 ]
	# The re-run went on from the saved page, not from the top, then
	# looked for anything newer.
	grep -q '^5 GET /2/users/[0-9]*/mentions?.*&pagination_token=' "$T/fake.log"
	grep -q '^6 GET /2/users/[0-9]*/mentions?.*&since_id=[0-9]* auth' "$T/fake.log"
	fx --mentions ShopCare >"$T/3"
	exactly_once 300 "$T/1" "$T/2" "$T/3"
}

@test "cs-fetch x: killed at random moments over many runs, still exactly once" {
	fake '{"mentions": 400, "faults": [{"at": 1, "times": 100000, "slow": 0.15}]}'
	for i in 1 2 3 4 5 6; do
		fxbg "$T/k$i" --mentions ShopCare --page-size 20
		sleep "0.$((RANDOM % 6 + 2))"
		kill -9 "$FX_PID" 2>/dev/null || true
		wait "$FX_PID" 2>/dev/null || true
		control "add?n=$i"
	done
	fx --mentions ShopCare --page-size 100 >"$T/last"
	exactly_once 421 "$T"/k? "$T/last"
}

@test "cs-fetch x: 429 without --wait writes what it has, exits 75, and resumes" {
	fake '{"mentions": 250, "faults": [{"at": 3, "status": 429, "reset_in": 600}]}'
	run_split fx --mentions ShopCare
	[ "$status" -eq 75 ]
	[ "$(wc -l <"$T/stdout")" -eq 100 ]
	[[ $err == *"rate limited (HTTP 429) until "* ]]
	cp "$T/stdout" "$T/1"
	fx --mentions ShopCare >"$T/2"
	exactly_once 250 "$T/1" "$T/2"
}

@test "cs-fetch x: 429 with --wait sleeps until the reset and goes on" {
	fake '{"mentions": 150, "faults": [{"at": 3, "status": 429, "reset_in": 1}]}'
	start=$(date +%s)
	run_split fx --mentions ShopCare --wait
	[ "$status" -eq 0 ]
	[ "$(($(date +%s) - start))" -ge 1 ]
	exactly_once 150 "$T/stdout"
	[[ $err == *"waiting"* ]]
}

@test "cs-fetch x: 429 with a reset beyond --max-wait exits 75" {
	fake '{"mentions": 150, "faults": [{"at": 2, "status": 429, "reset_in": 300}]}'
	run_split fx --mentions ShopCare --wait --max-wait 5s
	[ "$status" -eq 75 ]
	[[ $err == *"longer than --max-wait"* ]]
}

@test "cs-fetch x: 5xx and dropped connections are retried with back-off" {
	# Request 1 is dropped unanswered; 4 and 5 are 503; 7 is 500.
	fake '{"mentions": 250, "faults": [{"at": 1, "drop": true}, {"at": 4, "status": 503, "times": 2}, {"at": 7, "status": 500}]}'
	run_split fx --mentions ShopCare
	[ "$status" -eq 0 ]
	exactly_once 250 "$T/stdout"
	[ "$(grep -c 'retry' <<<"$err")" -eq 4 ]
	[[ $err == *"Empty reply from server (HTTP 0) from http://127.0.0.1:"*"/2/users/by/username/ShopCare, retry 1 of 4"* ]]
	[[ $err == *"HTTP 503 from http://127.0.0.1:"*"retry 2 of 4"* ]]
	[[ $err == *"HTTP 500 from http://127.0.0.1:"*"retry 1 of 4"* ]]
}

@test "cs-fetch x: 5xx past the retries exits 75, and the next run completes" {
	fake '{"mentions": 250, "faults": [{"at": 3, "status": 502, "times": 3}]}'
	run_split fx --mentions ShopCare --retries 2 --quiet
	[ "$status" -eq 75 ]
	[[ $err == *"HTTP 502 after 3 attempts"* ]]
	[[ $err != *"retry 1"* ]]
	cp "$T/stdout" "$T/1"
	fx --mentions ShopCare >"$T/2"
	exactly_once 250 "$T/1" "$T/2"
}

@test "cs-fetch x: a truncated body is retried, then reported with its status" {
	fake '{"mentions": 150, "faults": [{"at": 2, "truncate": true}]}'
	fx --mentions ShopCare >"$T/1" 2>"$T/err"
	exactly_once 150 "$T/1"
	grep -q 'retry 1 of 4' "$T/err"
	stop_fake
	fake '{"mentions": 150, "faults": [{"at": 2, "truncate": true, "times": 5}]}'
	run_split fx --mentions ShopCare --retries 1 --state "$T/2.db"
	[ "$status" -eq 75 ]
	[[ $err == *"(HTTP 200)"* ]]
}

@test "cs-fetch x: a body that is not JSON is an error naming the status" {
	fake '{"mentions": 50, "faults": [{"at": 2, "nonjson": true, "status": 200}]}'
	run_split fx --mentions ShopCare
	[ "$status" -eq 1 ]
	[[ $err == *"HTTP 200: response is not JSON"* ]]
	[ ! -s "$T/stdout" ]
	# Nothing was lost: the next run gets everything.
	fx --mentions ShopCare >"$T/2"
	exactly_once 50 "$T/2"
}

@test "cs-fetch x: a reply slower than --timeout fails as temporary" {
	fake '{"mentions": 20, "faults": [{"at": 2, "slow": 3, "times": 5}]}'
	run_split fx --mentions ShopCare --timeout 1s --retries 1
	[ "$status" -eq 75 ]
	[[ $err == *"imeout"* || $err == *"timed out"* ]]
}

@test "cs-fetch x: a refused connection fails as temporary" {
	fake '{"mentions": 1}'
	stop_fake
	run_split fx --mentions ShopCare --retries 1
	[ "$status" -eq 75 ]
	[[ $err == *"127.0.0.1"* ]]
}

@test "cs-fetch x: a wrong token is HTTP 401, exit 1, and never printed" {
	start_fake x "$AUTHFAIL"
	run_split fx --mentions ShopCare -v
	[ "$status" -eq 1 ]
	[[ $err == *"HTTP 401"*"check the credentials"* ]]
	no_secret "$TOKEN" "$T/stdout" "$T/stderr" "$T/fake.log"
}

@test "cs-fetch x: an unknown account is reported" {
	fake '{"mentions": 3}'
	run_split fx --mentions nosuchuser
	[ "$status" -eq 1 ]
	[[ $err == *"no such account 'nosuchuser': Could not find user with username: [nosuchuser]."* ]]
}

@test "cs-fetch x: recent search, its own stream, max_results within 10..100" {
	fake '{"mentions": 5, "search": 35}'
	run_split fx --search '@ShopCare -is:retweet' --account ShopCare --page-size 5
	[ "$status" -eq 0 ]
	exactly_once 35 "$T/stdout"
	grep -q 'search/recent?query=%40ShopCare%20-is%3Aretweet&max_results=10&' "$T/fake.log"
	# Mentions are a different stream: all five still come.
	fx --mentions ShopCare >"$T/m"
	exactly_once 5 "$T/m"
	fx --search '@ShopCare -is:retweet' --account ShopCare >"$T/again"
	[ ! -s "$T/again" ]
	run_split fx --search 'x'
	[ "$status" -eq 2 ]
}

@test "cs-fetch x: --max N stops after N and the next runs go on" {
	fake '{"mentions": 130}'
	fx --mentions ShopCare --max 50 >"$T/1"
	[ "$(wc -l <"$T/1")" -eq 50 ]
	fx --mentions ShopCare --max 50 >"$T/2"
	[ "$(wc -l <"$T/2")" -eq 50 ]
	fx --mentions ShopCare --max 50 >"$T/3"
	fx --mentions ShopCare --max 50 >"$T/4"
	exactly_once 130 "$T"/[1-4]
}

@test "cs-fetch x: --max-reads keeps to the budget and says so" {
	fake '{"mentions": 250}'
	run_split fx --mentions ShopCare --max-reads 120
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$T/stdout")" -eq 120 ]
	[[ $err == *"read budget of 120 reached (120 read)"* ]]
	grep -q 'max_results=20&' "$T/fake.log"
	cp "$T/stdout" "$T/1"
	fx --mentions ShopCare --max-reads 1000 >"$T/2"
	exactly_once 250 "$T/1" "$T/2"
}

@test "cs-fetch x: --since and --until pass ids and times, and keep the cursor" {
	fake '{"mentions": 40}'
	fx --mentions ShopCare >"$T/all"
	id=$(jq -r .id "$T/all" | sed -n 10p)
	old=$(jq -r .id "$T/all" | sed -n 30p)
	control 'add?n=2'
	# A back-fill: ids already emitted are not repeated.
	fx --mentions ShopCare --since "$old" --until "$id" >"$T/b"
	[ ! -s "$T/b" ]
	grep -q "since_id=$old&until_id=$id" "$T/fake.log"
	# The cursor did not move: the next run reads from it.
	fx --mentions ShopCare >"$T/new"
	[ "$(wc -l <"$T/new")" -eq 2 ]
	control 'add?n=3'
	fx --mentions ShopCare --since 2026-01-01T00:00:00.5+01:00 >"$T/t"
	grep -q 'start_time=2025-12-31T23:00:00Z' "$T/fake.log"
	[ "$(wc -l <"$T/t")" -eq 3 ]
	exactly_once 45 "$T/all" "$T/b" "$T/new" "$T/t"
	run_split fx --mentions ShopCare --since yesterday
	[ "$status" -eq 2 ]
	[[ $err == *"bad --since value 'yesterday'"* ]]
}

@test "cs-fetch x: more than the 800-post window since the cursor warns of a gap" {
	fake '{"mentions": 10}'
	fx --mentions ShopCare >/dev/null
	control 'add?n=850'
	run_split fx --mentions ShopCare
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$T/stdout")" -eq 800 ]
	[[ $err == *"800-post window without reaching the saved cursor"*"possible gap"* ]]
}

@test "cs-fetch x: credentials from a file only its owner can read" {
	fake '{"mentions": 4}'
	unset CS_X_BEARER_TOKEN
	run_split fx --mentions ShopCare
	[ "$status" -eq 1 ]
	[[ $err == *"no x bearer_token: set CS_X_BEARER_TOKEN or put \"bearer_token\" in"*"credentials.json"* ]]
	printf '{"x": {"bearer_token": "%s"}}\n' "$TOKEN" >"$T/creds.json"
	chmod 644 "$T/creds.json"
	run_split fx --mentions ShopCare --credentials "$T/creds.json"
	[ "$status" -eq 1 ]
	[[ $err == *"$T/creds.json: credentials file is accessible by group or others (mode 0644); run chmod 600 on it"* ]]
	chmod 600 "$T/creds.json"
	run_split fx --mentions ShopCare --credentials "$T/creds.json"
	[ "$status" -eq 0 ]
	exactly_once 4 "$T/stdout"
	# The default place, through XDG_CONFIG_HOME.
	mkdir -p "$XDG_CONFIG_HOME/cs"
	cp "$T/creds.json" "$XDG_CONFIG_HOME/cs/credentials.json"
	chmod 640 "$XDG_CONFIG_HOME/cs/credentials.json"
	run_split fx --mentions ShopCare
	[ "$status" -eq 1 ]
	[[ $err == *"mode 0640"* ]]
	chmod 400 "$XDG_CONFIG_HOME/cs/credentials.json"
	run_split fx --mentions ShopCare
	[ "$status" -eq 0 ]
}

@test "cs-fetch x: the token is never in argv, output, logs or the state" {
	fake '{"mentions": 150, "faults": [{"at": 3, "slow": 2}, {"at": 4, "status": 503}]}'
	fxbg "$T/out" --mentions ShopCare --verbose
	for i in $(seq 100); do
		[ "$(requests /mentions)" -ge 2 ] && break
		sleep 0.05
	done
	tr '\0' ' ' </proc/$FX_PID/cmdline >"$T/cmdline"
	grep -q -- '--api-base' "$T/cmdline"
	wait "$FX_PID"
	mv "$T/out.err" "$T/err"
	exactly_once 150 "$T/out"
	grep -q 'GET http://127.0.0.1' "$T/err"
	no_secret "$TOKEN" "$T/cmdline" "$T/out" "$T/err" "$T/fake.log" \
	    "$XDG_STATE_HOME/cs/state.db" "$XDG_STATE_HOME/cs/state.db-wal"
	# The fake saw it, in the Authorization header only.
	grep -q 'auth=yes' "$T/fake.log"
	! grep -q 'auth=no' "$T/fake.log"
	# The fake itself took the token from a file, not from argv.
	! tr '\0' ' ' </proc/$FAKE_PID/cmdline | grep -qF -- "$TOKEN"
}

@test "cs-fetch x: --api-base must be https, or http to a loopback host" {
	run_split cs-fetch x --mentions ShopCare --api-base http://example.com
	[ "$status" -eq 2 ]
	[[ $err == *"plain http:// is only allowed to 127.0.0.1, [::1] or localhost"* ]]
	run_split cs-fetch x --mentions ShopCare --api-base ftp://127.0.0.1
	[ "$status" -eq 2 ]
	run_split cs-fetch x --mentions ShopCare --api-base 'https://u:p@api.x.com'
	[ "$status" -eq 2 ]
}

@test "cs-fetch x: usage errors exit 2" {
	run_split cs-fetch x
	[ "$status" -eq 2 ]
	[[ $err == *"give one of --mentions HANDLE or --search QUERY"* ]]
	run_split cs-fetch x --mentions a --search b
	[ "$status" -eq 2 ]
	run_split cs-fetch x --mentions ShopCare --max 0
	[ "$status" -eq 2 ]
	run_split cs-fetch x --mentions ShopCare --page-size 101
	[ "$status" -eq 2 ]
	run_split cs-fetch x --mentions ShopCare --bogus
	[ "$status" -eq 2 ]
	run_split cs-fetch x --mentions ShopCare extra
	[ "$status" -eq 2 ]
	run_split cs-fetch x --help
	[ "$status" -eq 0 ]
	[[ $out == "usage: cs-fetch x --mentions HANDLE | --search QUERY"* ]]
}

@test "cs-fetch x: a closed output pipe ends quietly and loses nothing" {
	fake '{"mentions": 300}'
	run bash -c "cs-fetch x --api-base '$BASE' --mentions ShopCare | head -1"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	fx --mentions ShopCare >"$T/rest"
	# The page head cut short is sent again; the others were delivered.
	[ "$(wc -l <"$T/rest")" -ge 100 ]
}

@test "cs-fetch check x: credentials, account, clock and state, without fetching" {
	fake '{"mentions": 5, "clock_skew": 0}'
	run_split cs-fetch check x --mentions ShopCare --api-base "$BASE"
	[ "$status" -eq 0 ]
	[[ $out == *"x: credentials: ok: from CS_X_BEARER_TOKEN, accepted by the server"* ]]
	[[ $out == *"x: state: ok: $XDG_STATE_HOME/cs/state.db: no cursor yet for mentions"* ]]
	[[ $out == *"x: account: ok: ShopCare is user 1500000000000000001"* ]]
	[[ $out == *"x: clock: ok: within "* ]]
	[[ $out == *"x: rate limit: ok: "*" requests left, reset at "* ]]
	[ "$(requests /mentions)" -eq 0 ]
	fx --mentions ShopCare >/dev/null
	run_split cs-fetch check x --mentions ShopCare --api-base "$BASE"
	[[ $out == *"mentions resumes at the start, saved "* ]]
	no_secret "$TOKEN" "$T/stdout" "$T/stderr"
}

@test "cs-fetch check x: says exactly what is wrong" {
	fake '{"mentions": 5, "clock_skew": -400}'
	run_split cs-fetch check x --mentions ShopCare --api-base "$BASE"
	[ "$status" -eq 1 ]
	[[ $out == *"x: clock: FAIL: ours is 40"?" s ahead of the server's"* ]]
	run_split cs-fetch check x --mentions nobody --api-base "$BASE"
	[ "$status" -eq 1 ]
	[[ $out == *"x: account: FAIL: no such account 'nobody'"* ]]
	CS_X_BEARER_TOKEN=wrong run_split cs-fetch check x --mentions ShopCare --api-base "$BASE"
	[ "$status" -eq 1 ]
	[[ $out == *"x: credentials: FAIL: from CS_X_BEARER_TOKEN: refused by the server"* ]]
	[[ $err == *"HTTP 401"* ]]
	printf '{"x": {"bearer_token": "%s"}}\n' "$TOKEN" >"$T/c.json"
	chmod 604 "$T/c.json"
	unset CS_X_BEARER_TOKEN
	run_split cs-fetch check x --mentions ShopCare --api-base "$BASE" --credentials "$T/c.json"
	[ "$status" -eq 1 ]
	[[ $err == *"credentials file is accessible by group or others (mode 0604)"* ]]
	run_split cs-fetch check
	[ "$status" -eq 2 ]
	run_split cs-fetch check facebook
	[ "$status" -eq 2 ]
}

@test "cs-fetch x: progress on a terminal, none with --quiet or when not one" {
	command -v script >/dev/null || skip "needs script(1)"
	fake '{"mentions": 120}'
	CS_X_API_BASE=$BASE script -qec "cs-fetch x --mentions ShopCare --state $T/a.db >$T/a.out" /dev/null >"$T/tty"
	grep -q '2 pages, 120 new, 0 already seen, 120 read' "$T/tty"
	grep -q 'mentions of ShopCare: 120 new, 0 already seen, 3 requests, 120 read (budget none)' "$T/tty"
	CS_X_API_BASE=$BASE script -qec "cs-fetch x -q --mentions ShopCare --state $T/b.db >$T/b.out" /dev/null >"$T/tty-q"
	[ ! -s "$T/tty-q" ]
	run_split fx --mentions ShopCare --state "$T/c.db"
	[ -z "$err" ]
	exactly_once 120 "$T/a.out"
}

@test "cs-fetch x: the man page's pipeline example" {
	fake '{"mentions": 12}'
	export CS_X_API_BASE=$BASE
	cs-fetch x --mentions ShopCare | cs-classify >"$T/new.ndjson"
	[ "$(wc -l <"$T/new.ndjson")" -eq 12 ]
	jq -e -s 'all(.[]; .class.category | type == "string")' "$T/new.ndjson"
}

@test "cs-fetch x: TLS is always verified: a self-signed server is refused at once" {
	command -v openssl >/dev/null || skip "needs openssl"
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	    -keyout "$T/tls.pem" -out "$T/cert.pem" 2>/dev/null
	cat "$T/cert.pem" >>"$T/tls.pem"
	start_fake x "$(scenario '{"mentions": 3}')" --tls-cert "$T/tls.pem"
	run_split timeout 60 cs-fetch x --mentions ShopCare --retry-delay 10 \
	    --api-base "https://127.0.0.1:$PORT"
	[ "$status" -eq 1 ]
	[[ $err == *"https://127.0.0.1:$PORT/2/users/by/username/ShopCare: SSL certificate problem: self-signed certificate"* ]]
	[[ $err != *"retry"* ]]
	[ ! -s "$T/stdout" ]
	[ ! -e "$T/fake.log" ]
}
