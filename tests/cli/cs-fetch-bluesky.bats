#!/usr/bin/env bats
# cs-fetch bluesky: mentions and replies from the fake Bluesky of
# tests/fake/bluesky.py: sessions (app password, refresh on expiry),
# exactly once across runs, kills, 429s and 5xx; secrecy.

load common
load ../fake/helpers

PASSWORD=app-pw-5ecret-93be
IDENT=acme.bsky.social

setup() {
	export CS_BLUESKY_IDENTIFIER=$IDENT CS_BLUESKY_APP_PASSWORD=$PASSWORD
	unset CS_CREDENTIALS CS_BLUESKY_API_BASE
}

teardown() {
	stop_fake
}

fake() {
	start_fake bluesky "$(jq -c --arg p "$PASSWORD" '. + {password: $p}' <<<"$1")"
}

fb() {
	timeout 60 cs-fetch bluesky --api-base "$BASE" --retry-delay 10 "$@"
}

fbbg() {
	local out=$1
	shift
	cs-fetch bluesky --api-base "$BASE" --retry-delay 10 "$@" >"$out" \
	    2>"$out.err" &
	FX_PID=$!
}

@test "cs-fetch bluesky: mentions and replies over many pages, with post counts" {
	fake '{"mentions": 75, "likes": 10}'
	run_split fb --page-size 20
	[ "$status" -eq 0 ]
	exactly_once 75 "$T/stdout"
	grep -q 'listNotifications?reasons=mention&reasons=reply&limit=20 ' "$T/fake.log"
	[ "$(requests createSession)" -eq 1 ]
	[ "$(requests getPosts)" -eq 4 ]
	jq -e -s 'all(.[];
	    .network == "bluesky" and .account == "acme.bsky.social" and
	    .direction == "in" and (.id | startswith("at://")) and
	    (.created_at | test("^[0-9-]{10}T[0-9:]{8}Z$")) and
	    (.conversation_id | startswith("at://")) and
	    (.author | (.id | startswith("did:")) and
	        (.handle | type) == "string" and (.name | length) > 0) and
	    (.text | length) > 0 and (.lang | type) == "string" and
	    (.url | startswith("https://bsky.app/profile/")) and
	    (.metrics | keys) == ["likes", "quotes", "replies", "reposts"] and
	    (.reason == "mention" or .reason == "reply"))' "$T/stdout"
	# Replies carry the thread root and the parent from the post record.
	jq -e -s 'any(.[]; .reason == "reply" and .in_reply_to != null and
	    .conversation_id != .id)' "$T/stdout"
	jq -e -s '[.[].metrics.likes] | add > 0' "$T/stdout"
}

@test "cs-fetch bluesky: an expired access token is refreshed" {
	fake '{"mentions": 60, "expire_after": 2}'
	run_split fb --page-size 20 -v
	[ "$status" -eq 0 ]
	exactly_once 60 "$T/stdout"
	[ "$(requests refreshSession)" -ge 2 ]
	[[ $err == *"access token expired; refreshing the session"* ]]
}

@test "cs-fetch bluesky: a wrong app password is reported, never printed" {
	start_fake bluesky '{"password": "other"}'
	run_split fb -v
	[ "$status" -eq 1 ]
	[[ $err == *'HTTP 401: {"error":"AuthenticationRequired","message":"Invalid identifier or password"} (check the credentials)'* ]]
	no_secret "$PASSWORD" "$T/stdout" "$T/stderr" "$T/fake.log"
}

@test "cs-fetch bluesky: repeated runs give each post exactly once" {
	fake '{"mentions": 40}'
	fb >"$T/1"
	fb >"$T/2"
	[ ! -s "$T/2" ]
	control 'add?n=5'
	control 'add?n=2&kind=like'
	fb >"$T/3"
	[ "$(wc -l <"$T/3")" -eq 5 ]
	fb >"$T/4"
	exactly_once 45 "$T"/[1-4]
	# Later runs stop at the overlap window instead of reading it all.
	[ "$(requests listNotifications)" -eq 4 ]
}

@test "cs-fetch bluesky: killed (kill -9) in the middle, a re-run neither loses nor repeats" {
	fake '{"mentions": 90, "faults": [{"at": 8, "slow": 20}]}'
	fbbg "$T/1" --page-size 30
	for i in $(seq 200); do
		[ "$(requests " ")" -ge 8 ] && break
		sleep 0.05
	done
	kill -9 "$FX_PID"
	wait "$FX_PID" || true
	[ "$(wc -l <"$T/1")" -eq 60 ]
	fb >"$T/2"
	exactly_once 90 "$T/1" "$T/2"
}

@test "cs-fetch bluesky: 429 with Retry-After exits 75 or waits; 5xx is retried" {
	fake '{"mentions": 60, "faults": [{"at": 4, "status": 429, "reset_in": 600}, {"at": 8, "status": 429, "reset_in": 1}, {"at": 11, "status": 502, "times": 2}]}'
	run_split fb --page-size 20
	[ "$status" -eq 75 ]
	[[ $err == *"rate limited (HTTP 429) until "* ]]
	cp "$T/stdout" "$T/1"
	run_split fb --page-size 20 --wait
	[ "$status" -eq 0 ]
	[[ $err == *"waiting"* ]]
	[[ $err == *"HTTP 502 from"*"retry 2 of 4"* ]]
	exactly_once 60 "$T/1" "$T/stdout"
}

@test "cs-fetch bluesky: credentials from an owner-only file; times only for --since" {
	fake '{"mentions": 6}'
	unset CS_BLUESKY_IDENTIFIER CS_BLUESKY_APP_PASSWORD
	printf '{"bluesky": {"identifier": "%s", "app_password": "%s"}}\n' \
	    "$IDENT" "$PASSWORD" >"$T/c.json"
	chmod 644 "$T/c.json"
	run_split fb --credentials "$T/c.json"
	[ "$status" -eq 1 ]
	[[ $err == *"(mode 0644); run chmod 600 on it"* ]]
	chmod 600 "$T/c.json"
	run_split fb --credentials "$T/c.json"
	[ "$status" -eq 0 ]
	exactly_once 6 "$T/stdout"
	cp "$T/stdout" "$T/all"
	run_split fb --credentials "$T/c.json" --since 12345
	[ "$status" -eq 2 ]
	since=$(jq -r .created_at "$T/all" | sed -n 3p)
	run_split fb --credentials "$T/c.json" --state "$T/w.db" --since "$since"
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$T/stdout")" -eq 3 ]
}

@test "cs-fetch bluesky: the password and tokens are never in argv, output, logs or the state" {
	fake '{"mentions": 50, "expire_after": 3, "faults": [{"at": 3, "slow": 2}]}'
	fbbg "$T/out" --verbose --page-size 10
	for i in $(seq 100); do
		[ "$(requests ' ')" -ge 2 ] && break
		sleep 0.05
	done
	tr '\0' ' ' </proc/$FX_PID/cmdline >"$T/cmdline"
	wait "$FX_PID"
	exactly_once 50 "$T/out"
	no_secret "$PASSWORD" "$T/cmdline" "$T/out" "$T/out.err" "$T/fake.log" \
	    "$XDG_STATE_HOME/cs/state.db" "$XDG_STATE_HOME/cs/state.db-wal"
	no_secret "eyJ." "$T/out" "$T/out.err" "$T/fake.log" \
	    "$XDG_STATE_HOME/cs/state.db" "$XDG_STATE_HOME/cs/state.db-wal"
}

@test "cs-fetch check bluesky: the session, clock and state" {
	fake '{"mentions": 5, "clock_skew": 120}'
	run_split cs-fetch check bluesky --api-base "$BASE"
	[ "$status" -eq 1 ]
	[[ $out == *"bluesky: credentials: ok: from CS_BLUESKY_APP_PASSWORD, accepted by the server"* ]]
	[[ $out == *"bluesky: account: ok: session for acme.bsky.social (did:plc:acme7b2x4kq3n5)"* ]]
	[[ $out == *"bluesky: clock: FAIL: ours is 1"??" s behind the server's"* ]]
	[ "$(requests listNotifications)" -eq 0 ]
	CS_BLUESKY_APP_PASSWORD=wrong run_split cs-fetch check bluesky --api-base "$BASE"
	[ "$status" -eq 1 ]
	[[ $out == *"bluesky: credentials: FAIL"* ]]
	no_secret "$PASSWORD" "$T/stdout" "$T/stderr"
}
