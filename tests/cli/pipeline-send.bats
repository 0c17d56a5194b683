#!/usr/bin/env bats
# The whole round trip against the fake Mastodon: fetch, classify,
# prioritize, draft, post exactly once, schedule the check-in, and days
# later post the check-in in the customer's thread, once.

load common
load ../fake/helpers

TOKEN=tok-pipe-3c9a

setup() {
	unset CS_CREDENTIALS CS_MASTODON_API_BASE
	export CS_MASTODON_TOKEN=$TOKEN
}

teardown() {
	stop_fake
}

# A weekday at noon UTC at least N days from now.
weekday_after() {
	local d=$1 t
	while :; do
		t=$(date -u -d "+$d days" +%u)
		[ "$t" -le 5 ] && break
		d=$((d + 1))
	done
	date -u -d "+$d days" +%Y-%m-%dT12:00:00Z
}

@test "pipeline: fetch | classify | prioritize | reply, --send once, then the check-in once, days later" {
	start_fake mastodon "$(jq -nc --arg t "$TOKEN" \
	    '{token: $t, mentions: 6, others: 0}')"
	cs-fetch mastodon --api-base "$BASE" --account acme --state "$T/s.db" |
	    cs-classify | cs-prioritize --state "$T/s.db" |
	    cs-reply >"$T/drafts.ndjson"
	[ "$(jq -r .reply.status "$T/drafts.ndjson" | sort -u)" = draft ]
	# A person approves every draft and says they close the case.
	jq -c '.reply.approved = true | .reply.resolves = true' \
	    "$T/drafts.ndjson" >"$T/approved.ndjson"

	cs-reply --send --approved-only --api-base "$BASE" --state "$T/s.db" \
	    "$T/approved.ndjson" | cs-followup schedule --state "$T/s.db" \
	    >"$T/sent.ndjson"
	[ "$(jq -r .reply.status "$T/sent.ndjson" | sort -u)" = sent ]
	[ "$(curl -sf "$BASE/_fake/posts" | jq length)" -eq 6 ]
	# One case a conversation (the fake threads some mentions).
	convs=$(jq -r .conversation_id "$T/sent.ndjson" | sort -u | wc -l)
	[ "$convs" -ge 2 ] && [ "$convs" -lt 6 ]
	[ "$(cs-followup list --state "$T/s.db" --only pending |
	    wc -l)" -eq "$convs" ]

	# Nothing is due yet; five days on, every check-in is, once.
	now=$(weekday_after 5)
	cs-followup due --state "$T/s.db" >"$T/early.ndjson"
	[ ! -s "$T/early.ndjson" ]
	# The first time the results are lost (never fed back): the
	# check-ins stay claimed and are not written again for an hour...
	cs-followup due --state "$T/s.db" --now "$now" |
	    cs-reply --send --api-base "$BASE" --state "$T/s.db" \
	    >"$T/lost.ndjson"
	[ "$(curl -sf "$BASE/_fake/posts" | jq length)" -eq $((6 + convs)) ]
	cs-followup due --state "$T/s.db" --now "$now" >"$T/none.ndjson"
	[ ! -s "$T/none.ndjson" ]
	# ...then they are, and cs-reply knows it posted them.
	now=$(date -u -d "$now + 2 hours" +%Y-%m-%dT%H:%M:%SZ)
	cs-followup due --state "$T/s.db" --now "$now" |
	    cs-reply --send --api-base "$BASE" --state "$T/s.db" |
	    cs-followup schedule --state "$T/s.db" --now "$now" \
	    >"$T/checkins.ndjson"
	[ "$(jq -r .reply.reason "$T/checkins.ndjson" | sort -u)" = \
	    "already sent by an earlier run" ]
	[ "$(wc -l <"$T/checkins.ndjson")" -eq "$convs" ]
	[ "$(jq -r .reply.status "$T/checkins.ndjson" | sort -u)" = sent ]
	[ "$(jq -r .reply.template "$T/checkins.ndjson" | cut -d. -f1 |
	    sort -u)" = followup ]
	# Each check-in answers our reply in the customer's thread.
	curl -sf "$BASE/_fake/posts" >"$T/posts.json"
	[ "$(jq length "$T/posts.json")" -eq $((6 + convs)) ]
	jq -r '.[6:][] | .in_reply_to_id' "$T/posts.json" | sort >"$T/to"
	[ "$(sort -u "$T/to" | wc -l)" -eq "$convs" ]
	jq -r .reply.id "$T/sent.ndjson" | sort >"$T/ours"
	[ "$(comm -23 "$T/to" "$T/ours" | wc -l)" -eq 0 ]
	[ "$(cs-followup list --state "$T/s.db" --only sent | wc -l)" -eq \
	    "$convs" ]

	# Again: nothing due, nothing posted.
	cs-followup due --state "$T/s.db" --now "$now" |
	    cs-reply --send --api-base "$BASE" --state "$T/s.db" \
	    >"$T/again.ndjson"
	[ ! -s "$T/again.ndjson" ]
	[ "$(curl -sf "$BASE/_fake/posts" | jq length)" -eq $((6 + convs)) ]
	no_secret "$TOKEN" "$T"/*.ndjson "$T/s.db"
}
