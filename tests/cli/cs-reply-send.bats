#!/usr/bin/env bats
# cs-reply --send: each reply posted exactly once, across reruns, rate
# limits and a kill -9 in the middle of a post; the review workflow
# (--approved-only), --dry-run, --force and the usage rules.  Against the
# fakes of tests/fake (the network details are in cs-reply-send-net.bats).

load common
load ../fake/helpers

M_TOKEN=tok-M-5end-77c1
X_BEARER=tok-X-app-19ab
X_USER=tok-X-user-5e4d
B_PASS=app-pass-0c1d-9e2f

setup() {
	unset CS_CREDENTIALS CS_MASTODON_API_BASE CS_X_API_BASE \
	    CS_BLUESKY_API_BASE
	export CS_MASTODON_TOKEN=$M_TOKEN CS_X_BEARER_TOKEN=$X_BEARER \
	    CS_X_USER_TOKEN=$X_USER CS_BLUESKY_IDENTIFIER=acme.bsky.social \
	    CS_BLUESKY_APP_PASSWORD=$B_PASS
}

teardown() {
	stop_fake
}

# drafts NETWORK N: start the network's fake with N mentions, fetch them
# and draft a reply to each into $T/drafts.ndjson.  FAULTS (a JSON list)
# is added to the scenario.
drafts() {
	local net=$1 n=$2 sc
	case $net in
	mastodon)
		sc=$(jq -nc --arg t "$M_TOKEN" --argjson n "$n" \
		    --argjson f "${FAULTS:-[]}" \
		    '{token: $t, mentions: $n, others: 0, faults: $f}')
		start_fake mastodon "$sc"
		cs-fetch mastodon --api-base "$BASE" --account acme \
		    --max 100000 >"$T/in.ndjson" ;;
	x)
		# A quarter of the fake's authors have handles X would
		# not take (no draft for them): fetch more.
		sc=$(jq -nc --arg t "$X_BEARER" --arg u "$X_USER" \
		    --argjson n $((n * 3 / 2)) --argjson f "${FAULTS:-[]}" \
		    '{token: $t, user_token: $u, mentions: $n, window: $n,
		      faults: $f}')
		start_fake x "$sc"
		cs-fetch x --api-base "$BASE" --mentions ShopCare \
		    --max 100000 >"$T/in.ndjson" ;;
	bluesky)
		sc=$(jq -nc --arg p "$B_PASS" --argjson n "$n" \
		    --argjson f "${FAULTS:-[]}" \
		    '{password: $p, mentions: $n, likes: 0, faults: $f}')
		start_fake bluesky "$sc"
		cs-fetch bluesky --api-base "$BASE" >"$T/in.ndjson" ;;
	esac
	# The fake's few authors get the same texts, which X refuses as
	# duplicates: number them, as a person might sign a case number.
	cs-reply "$T/in.ndjson" | jq -c 'select(.reply.status == "draft")' |
	    head -n "$n" | jq -c '.reply.text += " (case \(input_line_number))"' \
	    >"$T/drafts.ndjson"
	[ "$(wc -l <"$T/drafts.ndjson")" -eq "$n" ]
}

send() {
	cs-reply --send --api-base "$BASE" --state "$T/state.db" "$@"
}

# posts: the posts the fake made, as "in_reply_to id" lines.
posts() {
	curl -sf "$BASE/_fake/posts" | jq -r '.[] |
	    "\(.in_reply_to_id // .in_reply_to_tweet_id //
	        .record.reply.parent.uri) \(.id // .uri)"'
}

# wait_posts N: until the fake has made N posts (at most 60 s).
wait_posts() {
	local i
	for i in $(seq 1200); do
		[ "$(posts | wc -l)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# The three runs of the same drafts: the first stopped by a rate limit
# at post 300 (exit 75), the second killed with SIGKILL while post 600 is
# in flight (the network makes it; the answer never arrives), the third
# to the end.  PATH_PREFIX is the posting endpoint.
three_runs() {
	local n=$1
	run_split send "$T/drafts.ndjson"
	echo "run 1: $status: $(tail -2 "$T/stderr")"
	[ "$status" -eq 75 ]
	grep -q "rate limited" "$T/stderr"
	[ "$(jq -r .reply.status "$T/stdout" | grep -c sent)" -eq 299 ]
	[ "$(jq -r .reply.status "$T/stdout" | grep -c draft)" -eq 701 ]
	[ "$(wc -l <"$T/stdout")" -eq "$n" ]
	[ "$(posts | wc -l)" -eq 299 ]

	# cs-reply itself, not a shell around it, is what gets killed.
	cs-reply --send --api-base "$BASE" --state "$T/state.db" \
	    "$T/drafts.ndjson" >"$T/run2.ndjson" 2>"$T/run2.err" &
	local pid=$!
	wait_posts 598
	sleep 1		# post 600 is now held by the fake
	kill -9 "$pid"
	wait "$pid" || true
	# The network still makes the post it was sent (3 s late).
	wait_posts 600

	echo "run 2: $(tail -1 "$T/run2.err")"

	run_split send "$T/drafts.ndjson"
	echo "run 3: $status: $(grep -v "already sent by" "$T/stderr" |
	    tail -5)"
	cp "$T/stdout" "$T/run3.ndjson"
}

# Every reply of the drafts was posted once, and the third run's record
# of each says so, with the id the network gave.
all_once() {
	local n=$1
	posts | sort >"$T/posts.txt"
	[ "$(wc -l <"$T/posts.txt")" -eq "$n" ]
	[ "$(cut -d' ' -f1 "$T/posts.txt" | sort -u | wc -l)" -eq "$n" ]
	jq -r '"\(.id) \(.reply.id)"' "$T/run3.ndjson" | sort >"$T/said.txt"
	diff "$T/posts.txt" "$T/said.txt"
	[ "$(jq -r .reply.status "$T/run3.ndjson" | sort -u)" = sent ]
}

@test "cs-reply --send: Mastodon, 1,000 drafts three times with a rate limit and a kill -9: each posted exactly once" {
	no_valgrind "volume (1,000 posts)"
	FAULTS='[{"at": 300, "path": "/api/v1/statuses", "status": 429,
	    "reset_in": 1}, {"at": 601, "path": "/api/v1/statuses",
	    "slow": 3}]' drafts mastodon 1000
	three_runs 1000
	[ "$status" -eq 0 ]
	all_once 1000
	# The post in flight at the kill was settled with its key.
	grep -q "sent 401, already sent 599, failed 0, unknown 0" "$T/stderr"
	no_secret "$M_TOKEN" "$T"/*.ndjson "$T"/*.err "$T/stderr" \
	    "$T/state.db" "$T/fake.log"
}

@test "cs-reply --send: Bluesky, 1,000 drafts three times with a rate limit and a kill -9: each posted exactly once" {
	no_valgrind "volume (1,000 posts)"
	FAULTS='[{"at": 300, "path": "/xrpc/com.atproto.repo.createRecord",
	    "status": 429, "reset_in": 1}, {"at": 601,
	    "path": "/xrpc/com.atproto.repo.createRecord", "slow": 3}]' \
	    drafts bluesky 1000
	three_runs 1000
	[ "$status" -eq 0 ]
	all_once 1000
	no_secret "$B_PASS" "$T"/*.ndjson "$T"/*.err "$T/stderr" \
	    "$T/state.db" "$T/fake.log"
}

@test "cs-reply --send: X, 1,000 drafts three times with a rate limit and a kill -9: never twice, and the one in flight is said to be unknown" {
	no_valgrind "volume (1,000 posts)"
	FAULTS='[{"at": 300, "path": "/2/tweets", "status": 429,
	    "reset_in": 1}, {"at": 601, "path": "/2/tweets", "slow": 3}]' \
	    drafts x 1000
	three_runs 1000
	# X has no idempotency key: the reply whose post was cut off by
	# the kill may or may not exist, and the record says exactly that.
	[ "$status" -eq 1 ]
	posts | sort >"$T/posts.txt"
	[ "$(wc -l <"$T/posts.txt")" -eq 1000 ]
	[ "$(cut -d' ' -f1 "$T/posts.txt" | sort -u | wc -l)" -eq 1000 ]
	[ "$(jq -r .reply.status "$T/run3.ndjson" | grep -c sent)" -eq 999 ]
	jq -c 'select(.reply.status == "unknown")' "$T/run3.ndjson" \
	    >"$T/unknown.ndjson"
	[ "$(wc -l <"$T/unknown.ndjson")" -eq 1 ]
	jq -r .reply.reason "$T/unknown.ndjson" | grep -q -- "--force"
	jq -r 'select(.reply.status == "sent") | "\(.id) \(.reply.id)"' \
	    "$T/run3.ndjson" | sort >"$T/said.txt"
	[ "$(comm -13 "$T/posts.txt" "$T/said.txt" | wc -l)" -eq 0 ]
	# Rerunning still posts nothing; --force on that one posts it
	# again, and X refuses the duplicate text: said plainly.
	run_split send "$T/drafts.ndjson"
	[ "$status" -eq 1 ]
	[ "$(posts | wc -l)" -eq 1000 ]
	run_split send --force "$T/unknown.ndjson"
	[ "$status" -eq 1 ]
	jq -r .reply.reason "$T/stdout" | grep -q "^duplicate content: "
	[ "$(posts | wc -l)" -eq 1000 ]
	no_secret "$X_USER" "$T"/*.ndjson "$T"/*.err "$T/stderr" \
	    "$T/state.db" "$T/fake.log"
}

@test "cs-reply --send: the review workflow posts only approved drafts, with the text as edited" {
	drafts mastodon 6
	# A person deletes one line, edits and approves two, approves one
	# as it is, and leaves two unapproved.
	jq -c 'if input_line_number == 1 then
	           .reply.text = "@" + .author.handle +
	               " Edited by a person: sorry! — Ana" |
	           .reply.approved = true
	       elif input_line_number == 2 then .reply.approved = true
	       elif input_line_number == 3 then empty
	       elif input_line_number == 4 then .reply.approved = false
	       else . end' "$T/drafts.ndjson" >"$T/reviewed.ndjson"
	run_split send --approved-only "$T/reviewed.ndjson"
	[ "$status" -eq 0 ]
	[ "$(posts | wc -l)" -eq 2 ]
	[ "$(wc -l <"$T/stdout")" -eq 5 ]
	[ "$(jq -r .reply.status "$T/stdout" | tr '\n' ' ')" = \
	    "sent sent draft draft draft " ]
	curl -sf "$BASE/_fake/posts" | jq -r '.[0].text' |
	    grep -q "Edited by a person: sorry! — Ana"
	# Approving the rest later posts only those.
	jq -c '.reply.approved = true' "$T/stdout" >"$T/all.ndjson"
	run_split send --approved-only "$T/all.ndjson"
	[ "$status" -eq 0 ]
	[ "$(posts | wc -l)" -eq 5 ]
	grep -q "sent 3, already sent 0" "$T/stderr"
}

@test "cs-reply --send: an edited text over the limit is not posted" {
	drafts mastodon 1
	jq -c '.reply.text = ("a" * 501)' "$T/drafts.ndjson" >"$T/long.ndjson"
	run_split send "$T/long.ndjson"
	[ "$status" -eq 0 ]
	[ "$(jq -r .reply.status "$T/stdout")" = skipped ]
	[ "$(jq -r .reply.reason "$T/stdout")" = \
	    "the text is 501 characters, over the limit of 500" ]
	[ "$(posts | wc -l)" -eq 0 ]
}

@test "cs-reply --send --dry-run: says what would be posted, posts and claims nothing" {
	drafts mastodon 3
	run_split send --dry-run "$T/drafts.ndjson"
	[ "$status" -eq 0 ]
	cmp "$T/stdout" "$T/drafts.ndjson"
	[ "$(grep -c "would post in reply to" "$T/stderr")" -eq 3 ]
	grep -q "dry run: 3 to post, 0 cannot be, nothing posted" "$T/stderr"
	[ "$(posts | wc -l)" -eq 0 ]
	run_split send "$T/drafts.ndjson"
	[ "$(posts | wc -l)" -eq 3 ]
	run_split send --dry-run "$T/drafts.ndjson"
	[ "$(grep -c "would not post the reply to .*: it is sent as" \
	    "$T/stderr")" -eq 3 ]
}

@test "cs-reply --send: records without a reply are drafted and posted; others pass through untouched" {
	drafts mastodon 2
	head -1 "$T/in.ndjson" >"$T/mixed.ndjson"
	echo '{"id":"n1","network":"mastodon","direction":"out","text":"ours"}' \
	    >>"$T/mixed.ndjson"
	tail -1 "$T/drafts.ndjson" | jq -c '.reply.status = "skipped"' \
	    >>"$T/mixed.ndjson"
	run_split send "$T/mixed.ndjson"
	[ "$status" -eq 0 ]
	[ "$(sed -n 1p "$T/stdout" | jq -r .reply.status)" = sent ]
	[ "$(sed -n 2p "$T/stdout" | jq -r .reply.status)" = skipped ]
	[ "$(sed -n 2p "$T/stdout" | jq -r .reply.reason)" = \
	    "outbound message" ]
	sed -n 3p "$T/stdout" | cmp - <(sed -n 3p "$T/mixed.ndjson")
	[ "$(posts | wc -l)" -eq 1 ]
}

@test "cs-reply --send: missing credentials fail each reply plainly, without posting" {
	drafts mastodon 2
	unset CS_MASTODON_TOKEN
	run_split send "$T/drafts.ndjson"
	[ "$status" -eq 1 ]
	[ "$(jq -r .reply.status "$T/stdout" | sort -u)" = failed ]
	jq -r .reply.reason "$T/stdout" | head -1 |
	    grep -q "^mastodon: no credentials"
	[ "$(posts | wc -l)" -eq 0 ]
	# Nothing was claimed: with the token, both go out.
	export CS_MASTODON_TOKEN=$M_TOKEN
	mv "$T/stdout" "$T/failed.ndjson"
	run_split send "$T/failed.ndjson"
	[ "$status" -eq 0 ]
	[ "$(posts | wc -l)" -eq 2 ]
}

@test "cs-reply --send: usage errors" {
	run_split cs-reply --force </dev/null
	[ "$status" -eq 2 ]
	grep -q "need --send" "$T/stderr"
	run_split cs-reply --send --visibility loud </dev/null
	[ "$status" -eq 2 ]
	grep -q "bad --visibility value 'loud'" "$T/stderr"
	run_split cs-reply --send --retries 21 </dev/null
	[ "$status" -eq 2 ]
	grep -q "bad --retries value '21'" "$T/stderr"
	run_split cs-reply --send --timeout 0 </dev/null
	[ "$status" -eq 2 ]
	grep -q "bad --timeout value '0'" "$T/stderr"
	run_split cs-reply --retry-delay 5 </dev/null
	[ "$status" -eq 2 ]
	grep -q "need --send" "$T/stderr"
	run_split cs-reply --send --api-base nowhere </dev/null
	[ "$status" -eq 2 ]
	grep -q "bad --api-base value 'nowhere'" "$T/stderr"
	echo '{"id":"1","network":"x","reply":{"status":"draft"}}' \
	    >"$T/bad.ndjson"
	run_split cs-reply --send --state "$T/s.db" --rejects "$T/rej" \
	    "$T/bad.ndjson"
	[ "$status" -eq 1 ]
	grep -q "bad.ndjson:1: reply.text is missing or empty" "$T/stderr"
	cmp "$T/rej" "$T/bad.ndjson"
	[ ! -s "$T/stdout" ]
}
