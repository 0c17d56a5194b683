#!/usr/bin/env bats
# cs-fetch mastodon: mentions from the fake Mastodon of
# tests/fake/mastodon.py: exactly once across runs, kills, 429s and 5xx;
# HTML to text, thread roots, Link-header paging, credentials, secrecy.

load common
load ../fake/helpers

TOKEN=tok-M-5ecret-a41f2c

setup() {
	export CS_MASTODON_TOKEN=$TOKEN
	unset CS_CREDENTIALS CS_MASTODON_API_BASE CS_MASTODON_ACCOUNT
}

teardown() {
	stop_fake
}

fake() {
	start_fake mastodon "$(jq -c --arg t "$TOKEN" '. + {token: $t}' <<<"$1")"
}

fm() {
	timeout 60 cs-fetch mastodon --api-base "$BASE" --retry-delay 10 "$@"
}

fmbg() {
	local out=$1
	shift
	cs-fetch mastodon --api-base "$BASE" --retry-delay 10 "$@" >"$out" \
	    2>"$out.err" &
	FX_PID=$!
}

@test "cs-fetch mastodon: all mentions over many pages (Link header), oldest first, as text" {
	fake '{"mentions": 95, "others": 12}'
	run_split fm --page-size 20
	[ "$status" -eq 0 ]
	exactly_once 95 "$T/stdout"
	# Only mentions were asked for, and paged forward with min_id.
	grep -q 'notifications?types%5B%5D=mention&limit=20&min_id=0 ' "$T/fake.log"
	[ "$(requests 'min_id=')" -eq 6 ]
	# After the first page, the rel="prev" links of the Link header.
	[ "$(requests 'notifications?limit=20&types%5B%5D=mention&min_id=')" -eq 5 ]
	[ "$(requests verify_credentials)" -eq 1 ]
	jq -e -s 'all(.[];
	    .network == "mastodon" and .account == "acme" and
	    .direction == "in" and (.id | test("^[0-9]+$")) and
	    (.created_at | test("^[0-9-]{10}T[0-9:]{8}Z$")) and
	    (.conversation_id | type) == "string" and
	    (.author | (.id | type) == "string" and
	        (.handle | type) == "string" and (.name | length) > 0 and
	        (.followers | type) == "number" and .verified == false) and
	    (.text | test("</?(p|br|a|span)[ >/]|&amp;|&#39;") | not) and
	    (.url | startswith("https://example.social/@")) and
	    (.metrics | keys) == ["likes", "quotes", "replies", "reposts"])' \
	    "$T/stdout"
	# Oldest first.
	jq -r .created_at "$T/stdout" | sort -c
	# HTML: entities, <br>, paragraphs and split links.
	jq -e -s 'any(.[]; .text == "@acme my order #4403 hasn'"'"'t shipped")' "$T/stdout"
	jq -e -s 'any(.[]; .text | test("^@acme on és la comanda [0-9]+\\?\nGràcies & salut\n\nsegon paràgraf$"))' "$T/stdout"
	jq -e -s 'any(.[]; .text | test("^see https://track.example/[0-9]+ <urgent>$"))' "$T/stdout"
	jq -e -s 'any(.[]; .author.handle == "ana@masto.es" and .author.name == "ana")' "$T/stdout"
	jq -e -s 'any(.[]; .visibility == "direct")' "$T/stdout"
}

@test "cs-fetch mastodon: a Link to another host is not followed" {
	fake '{"mentions": 50, "link_host": "127.0.0.2:9"}'
	run_split fm --page-size 20
	[ "$status" -eq 0 ]
	exactly_once 50 "$T/stdout"
	[ "$(requests 'notifications?types%5B%5D=mention&limit=20&min_id=')" -eq 4 ]
}

@test "cs-fetch mastodon: replies carry their thread's root" {
	fake '{"mentions": 30, "others": 0, "thread": 2}'
	fm >"$T/out"
	# Each reply's conversation is its parent's conversation.
	jq -e -s 'INDEX(.id) as $by | all(.[] | select(.in_reply_to != null);
	    .conversation_id == $by[.in_reply_to].conversation_id)' "$T/out"
	jq -e -s '[.[] | select(.in_reply_to != null)] | length > 5' "$T/out"
	# Roots are remembered: no status context was asked for.
	[ "$(requests /context)" -eq 0 ]
	# A reply to a post we never saw asks for its context once.
	# (Notification 34975002 is the second mention, a reply to the first.)
	fm --state "$T/other.db" --since 34975001 >"$T/late"
	[ "$(requests /context)" -ge 1 ]
	jq -e -s 'INDEX(.id) as $by | all(.[] | select(.in_reply_to != null);
	    .conversation_id == ($by[.in_reply_to].conversation_id // .conversation_id))' "$T/late"
}

@test "cs-fetch mastodon: repeated runs give each mention exactly once" {
	fake '{"mentions": 50}'
	fm >"$T/1"
	fm >"$T/2"
	[ ! -s "$T/2" ]
	control 'add?n=6'
	control 'add?n=3&type=favourite'
	fm >"$T/3"
	[ "$(wc -l <"$T/3")" -eq 6 ]
	fm >"$T/4"
	exactly_once 56 "$T"/[1-4]
	# Later runs re-read from the overlap point, not from 0.
	[ "$(grep -c 'min_id=0 ' "$T/fake.log")" -eq 1 ]
}

@test "cs-fetch mastodon: killed (kill -9) in the middle, a re-run neither loses nor repeats" {
	fake '{"mentions": 120, "faults": [{"at": 4, "slow": 20}]}'
	fmbg "$T/1" --page-size 40
	for i in $(seq 200); do
		[ "$(requests notifications)" -ge 3 ] && break
		sleep 0.05
	done
	kill -9 "$FX_PID"
	wait "$FX_PID" || true
	[ "$(wc -l <"$T/1")" -eq 80 ]
	fm >"$T/2"
	exactly_once 120 "$T/1" "$T/2"
}

@test "cs-fetch mastodon: killed at random moments over many runs, still exactly once" {
	fake '{"mentions": 200, "faults": [{"at": 1, "times": 100000, "slow": 0.15}]}'
	for i in 1 2 3 4 5; do
		fmbg "$T/k$i" --page-size 15
		sleep "0.$((RANDOM % 6 + 2))"
		kill -9 "$FX_PID" 2>/dev/null || true
		wait "$FX_PID" 2>/dev/null || true
		control "add?n=$i"
	done
	fm --page-size 80 >"$T/last"
	exactly_once 215 "$T"/k? "$T/last"
}

@test "cs-fetch mastodon: 429 (ISO reset) exits 75 or waits with --wait" {
	fake '{"mentions": 100, "faults": [{"at": 3, "status": 429, "reset_in": 600}, {"at": 6, "status": 429, "reset_in": 1}]}'
	run_split fm --page-size 40
	[ "$status" -eq 75 ]
	[[ $err == *"rate limited (HTTP 429) until "*"Z"* ]]
	cp "$T/stdout" "$T/1"
	run_split fm --page-size 40 --wait
	[ "$status" -eq 0 ]
	[[ $err == *"waiting"* ]]
	exactly_once 100 "$T/1" "$T/stdout"
}

@test "cs-fetch mastodon: 5xx is retried; past the retries it exits 75 and resumes" {
	fake '{"mentions": 100, "faults": [{"at": 3, "status": 503, "times": 2}, {"at": 7, "status": 502, "times": 3}]}'
	run_split fm --page-size 30 --retries 2
	[ "$status" -eq 75 ]
	[[ $err == *"retry 2 of 2"* ]]
	[[ $err == *"HTTP 502 after 3 attempts"* ]]
	cp "$T/stdout" "$T/1"
	fm >"$T/2"
	exactly_once 100 "$T/1" "$T/2"
}

@test "cs-fetch mastodon: a bad token is HTTP 401 with the server's message" {
	start_fake mastodon '{"token": "other", "mentions": 3}'
	run_split fm -v
	[ "$status" -eq 1 ]
	[[ $err == *'HTTP 401: {"error":"The access token is invalid"} (check the credentials)'* ]]
	no_secret "$TOKEN" "$T/stdout" "$T/stderr" "$T/fake.log"
}

@test "cs-fetch mastodon: --account skips verify_credentials; a base URL is needed" {
	fake '{"mentions": 5}'
	fm --account @acme >"$T/out"
	exactly_once 5 "$T/out"
	[ "$(requests verify_credentials)" -eq 0 ]
	run_split cs-fetch mastodon
	[ "$status" -eq 1 ]
	[[ $err == *"no API base URL: give --api-base or set CS_MASTODON_API_BASE"* ]]
	CS_MASTODON_API_BASE=$BASE run_split cs-fetch mastodon
	[ "$status" -eq 0 ]
	run_split cs-fetch mastodon --search x
	[ "$status" -eq 2 ]
}

@test "cs-fetch mastodon: credentials file with the owner-only rule" {
	fake '{"mentions": 4}'
	unset CS_MASTODON_TOKEN
	printf '{"mastodon": {"access_token": "%s"}}\n' "$TOKEN" >"$T/c.json"
	chmod 660 "$T/c.json"
	run_split fm --credentials "$T/c.json"
	[ "$status" -eq 1 ]
	[[ $err == *"(mode 0660); run chmod 600 on it"* ]]
	chmod 600 "$T/c.json"
	CS_CREDENTIALS=$T/c.json run_split fm
	[ "$status" -eq 0 ]
	exactly_once 4 "$T/stdout"
}

@test "cs-fetch mastodon: --max, --max-reads, --since and --until" {
	fake '{"mentions": 70, "others": 0}'
	fm --max 25 >"$T/1"
	[ "$(wc -l <"$T/1")" -eq 25 ]
	run_split fm --max-reads 30 --page-size 40
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$T/stdout")" -eq 30 ]
	[[ $err == *"read budget of 30 reached"* ]]
	cp "$T/stdout" "$T/2"
	fm >"$T/3"
	exactly_once 70 "$T/1" "$T/2" "$T/3"
	# A one-off window by notification id, in a fresh state.
	fm --state "$T/w.db" --since 34975010 --until 34975021 >"$T/w"
	[ "$(wc -l <"$T/w")" -eq 10 ]
	grep -q 'min_id=34975010&max_id=34975021' "$T/fake.log"
	# By time: only the newest.
	since=$(jq -r .created_at "$T/3" | tail -5 | head -1)
	fm --state "$T/t.db" --since "$since" >"$T/t"
	[ "$(wc -l <"$T/t")" -eq 5 ]
}

@test "cs-fetch mastodon: the token is never in argv, output, logs or the state" {
	fake '{"mentions": 60, "faults": [{"at": 3, "slow": 2}, {"at": 4, "status": 500}]}'
	fmbg "$T/out" --verbose --page-size 20
	for i in $(seq 100); do
		[ "$(requests notifications)" -ge 2 ] && break
		sleep 0.05
	done
	tr '\0' ' ' </proc/$FX_PID/cmdline >"$T/cmdline"
	wait "$FX_PID"
	exactly_once 60 "$T/out"
	no_secret "$TOKEN" "$T/cmdline" "$T/out" "$T/out.err" "$T/fake.log" \
	    "$XDG_STATE_HOME/cs/state.db" "$XDG_STATE_HOME/cs/state.db-wal"
	! grep -q 'auth=no' "$T/fake.log"
}

@test "cs-fetch check mastodon: the token's account, clock and state" {
	fake '{"mentions": 5}'
	run_split cs-fetch check mastodon --api-base "$BASE"
	[ "$status" -eq 0 ]
	[[ $out == *"mastodon: account: ok: the token is acme's"* ]]
	[[ $out == *"mastodon: clock: ok: within "* ]]
	[[ $out == *"mastodon: rate limit: ok: "*" requests left, reset at "* ]]
	run_split cs-fetch check mastodon --api-base "$BASE" --account other
	[ "$status" -eq 1 ]
	[[ $out == *"mastodon: account: FAIL: the token is acme's, not other's"* ]]
	[ "$(requests notifications)" -eq 0 ]
}
