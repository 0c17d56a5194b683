#!/usr/bin/env bats
# cs-reply --send against the fake X, Mastodon and Bluesky of tests/fake:
# the request each network gets (in_reply_to, OAuth 1.0a signature,
# visibility, Idempotency-Key, reply refs, facets at UTF-8 byte offsets,
# record keys), and what each outcome becomes: sent, 429 (exit 75, the
# rest left unsent), duplicate content, a post made whose answer was lost
# (unknown on X; confirmed as sent on Mastodon and Bluesky), 5xx (retried
# where it cannot post twice), bad credentials (a clear error, no secret).

load common
load ../fake/helpers

XUSER=xu-5ecret-7f3e1a
XCS=xc-5ecret-c0n5umer
XATS=xa-5ecret-t0ken5ec
MTOKEN=mt-5ecret-9a8b7c
BPASS=bp-5ecret-app-pw

setup() {
	unset CS_CREDENTIALS
}

teardown() {
	stop_fake
}

# rec NET ID TEXT [JQ]: one record with a draft reply (JQ edits it).
rec() {
	jq -nc --arg n "$1" --arg i "$2" --arg t "$3" '{id: $i, network: $n,
	    text: "@acme where is my order?", lang: "en",
	    reply: {status: "draft", text: $t, lang: "en"}}' |
	    jq -c "${4:-.}"
}

send() {
	timeout 60 cs-reply --send --state "$T/state.db" --api-base "$BASE" \
	    --retry-delay 10 "$@"
}

# posts: what the fake created, one JSON object a line.
posts() {
	curl -sf "$BASE/_fake/posts" | jq -c '.[]'
}

reply_of() {
	jq -r ".reply.$1" "$T/stdout" | sed -n "${2:-1}p"
}

# --- X ----------------------------------------------------------------

xfake() {
	start_fake x "$(jq -c --arg u "$XUSER" --arg cs "$XCS" \
	    --arg ats "$XATS" '. + {user_token: $u, consumer_key: "ck-1",
	    consumer_secret: $cs, access_token: "1500-at",
	    access_token_secret: $ats}' <<<"${1:-{\}}")"
}

xoauth1() {
	export CS_X_CONSUMER_KEY=ck-1 CS_X_CONSUMER_SECRET=$XCS
	export CS_X_ACCESS_TOKEN=1500-at CS_X_ACCESS_TOKEN_SECRET=$XATS
}

@test "send x: a reply with a user token: POST /2/tweets with in_reply_to_tweet_id, 201, sent with the id" {
	xfake
	export CS_X_USER_TOKEN=$XUSER
	rec x 1800000000000000123 "@janedoe Sorry! We've sent you a DM." \
	    >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status)" = sent ]
	[ "$(posts | wc -l)" -eq 1 ]
	[ "$(posts | jq -r .in_reply_to_tweet_id)" = 1800000000000000123 ]
	[ "$(posts | jq -r .text)" = "@janedoe Sorry! We've sent you a DM." ]
	[ "$(posts | jq -r .auth)" = oauth2-user ]
	[ "$(posts | jq -r .id)" = "$(reply_of id)" ]
	[ "$(reply_of url)" = "https://x.com/i/web/status/$(reply_of id)" ]
	# Run again: nothing new.
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(posts | wc -l)" -eq 1 ]
	no_secret "$XUSER" "$T/stdout" "$T/stderr" "$T/state.db"
}

@test "send x: OAuth 1.0a user context, HMAC-SHA1 signature verified by the fake; a wrong secret is a plain 401" {
	xfake
	xoauth1
	rec x 1800000000000000123 "@janedoe signed reply" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status)" = sent ]
	[ "$(posts | jq -r .auth)" = oauth1 ]
	export CS_X_CONSUMER_SECRET=wrong-5ecret
	rec x 1800000000000000124 "@samk another" >"$T/in2"
	run_split send "$T/in2"
	[ "$status" -eq 1 ]
	[ "$(reply_of status)" = failed ]
	[[ "$(reply_of reason)" == *"HTTP 401: Unauthorized"* ]]
	[ "$(posts | wc -l)" -eq 1 ]
	no_secret "$XCS" "$T/stdout" "$T/stderr" "$T/state.db"
	no_secret "$XATS" "$T/stdout" "$T/stderr" "$T/state.db"
	no_secret wrong-5ecret "$T/stdout" "$T/stderr" "$T/state.db"
}

@test "send x: duplicate content is failed with X's own message" {
	xfake
	export CS_X_USER_TOKEN=$XUSER
	{ rec x 1800000000000000123 "@janedoe Thanks, we're on it."
	  rec x 1800000000000000124 "@janedoe Thanks, we're on it."; } >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 1 ]
	[ "$(reply_of status 1)" = sent ]
	[ "$(reply_of status 2)" = failed ]
	[[ "$(reply_of reason 2)" == *"HTTP 403: You are not allowed to create a Tweet with duplicate content."* ]]
	[ "$(posts | wc -l)" -eq 1 ]
}

@test "send x: 429 stops the run with exit 75, the rest left unsent as drafts" {
	xfake '{"faults": [{"path": "/2/tweets", "at": 2, "status": 429, "reset_in": 600}]}'
	export CS_X_USER_TOKEN=$XUSER
	{ rec x 1800000000000000121 "@a one"; rec x 1800000000000000122 "@b two"
	  rec x 1800000000000000123 "@c three"; } >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 75 ]
	[ "$(reply_of status 1)" = sent ]
	[ "$(reply_of status 3)" = draft ]
	[ "$(posts | wc -l)" -eq 1 ]
	[ "$(requests 'POST /2/tweets')" -eq 2 ]
}

@test "send x: a post made whose answer was lost is unknown, and is not posted again without --force" {
	xfake '{"faults": [{"path": "/2/tweets", "at": 1, "drop_after": true}]}'
	export CS_X_USER_TOKEN=$XUSER
	rec x 1800000000000000123 "@janedoe lost answer" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 1 ]
	[ "$(reply_of status)" = unknown ]
	[[ "$(reply_of reason)" == *"may exist"* ]]
	# Posted once, and not retried: X has no idempotency key.
	[ "$(posts | wc -l)" -eq 1 ]
	[ "$(requests 'POST /2/tweets')" -eq 1 ]
	run_split send "$T/in"
	[ "$(reply_of status)" = unknown ]
	[ "$(posts | wc -l)" -eq 1 ]
}

@test "send x: 503 is retried (not processed); 500 is not, and is unknown" {
	xfake '{"faults": [{"path": "/2/tweets", "at": 1, "status": 503},
	    {"path": "/2/tweets", "at": 3, "status": 500}]}'
	export CS_X_USER_TOKEN=$XUSER
	rec x 1800000000000000123 "@a after a 503" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status)" = sent ]
	[ "$(requests 'POST /2/tweets')" -eq 2 ]
	rec x 1800000000000000124 "@b after a 500" >"$T/in2"
	run_split send "$T/in2"
	[ "$status" -eq 1 ]
	[ "$(reply_of status)" = unknown ]
	[[ "$(reply_of reason)" == *"HTTP 500: Internal error (the post may exist)"* ]]
	[ "$(requests 'POST /2/tweets')" -eq 3 ]
}

@test "send x: no credentials, or an id that is not X's, fail clearly before any request" {
	xfake
	rec x 1800000000000000123 "@a hi" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 1 ]
	[ "$(reply_of status)" = failed ]
	[[ "$(reply_of reason)" == *"set CS_X_USER_TOKEN or the OAuth 1.0a keys"* ]]
	export CS_X_USER_TOKEN=$XUSER
	rec x "at://did:plc:x/app.bsky.feed.post/1" "@a hi" >"$T/in2"
	run_split send "$T/in2"
	[ "$(reply_of status)" = failed ]
	[[ "$(reply_of reason)" == *"is not a post id"* ]]
	[ "$(requests 'POST')" -eq 0 ]
}

# --- Mastodon -----------------------------------------------------------

mfake() {
	start_fake mastodon "$(jq -c --arg t "$MTOKEN" '. + {token: $t}' \
	    <<<"${1:-{\}}")"
	export CS_MASTODON_TOKEN=$MTOKEN
	# A status to answer, and one sent as a direct message.
	curl -sf -H "Authorization: Bearer $MTOKEN" \
	    "$BASE/api/v1/notifications?limit=80&types[]=mention" >"$T/notes"
	SID=$(jq -r '[.[] | select(.status.visibility == "public")][0].status.id' "$T/notes")
	DSID=$(jq -r '[.[] | select(.status.visibility == "direct")][0].status.id' "$T/notes")
	# That look-up was an API request: posting faults name their path.
}

@test "send mastodon: in_reply_to_id, language, visibility never more public than the customer's, one Idempotency-Key per claim" {
	mfake '{"mentions": 20}'
	{ rec mastodon "$SID" "@jane@example.social Sorry, looking into it." \
	    '. + {visibility: "public"}'
	  rec mastodon "$DSID" "@pau Sent you the details." \
	    '. + {visibility: "direct"}'; } >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status 1)" = sent ]
	[ "$(reply_of status 2)" = sent ]
	posts >"$T/posts"
	[ "$(wc -l <"$T/posts")" -eq 2 ]
	[ "$(jq -r .in_reply_to_id "$T/posts" | head -1)" = "$SID" ]
	[ "$(jq -r .visibility "$T/posts" | tr '\n' ' ')" = "public direct " ]
	[ "$(jq -r .language "$T/posts" | head -1)" = en ]
	[ "$(jq -r .content_type "$T/posts" | head -1)" = application/x-www-form-urlencoded ]
	k1=$(jq -r .idempotency_key "$T/posts" | head -1)
	k2=$(jq -r .idempotency_key "$T/posts" | tail -1)
	[ -n "$k1" ] && [ "$k1" != null ] && [ "$k1" != "$k2" ]
	[ "$(reply_of id 1)" = "$(jq -r .id "$T/posts" | head -1)" ]
	[[ "$(reply_of url 1)" == https://mastodon.example/@acme/* ]]
	# --visibility caps it: public becomes unlisted.
	rec mastodon "$SID" "@jane@example.social one more" \
	    '. + {id: "'"$(jq -r '[.[].status.id][2]' "$T/notes")"'"}' >"$T/in2"
	run_split send --visibility unlisted "$T/in2"
	[ "$(posts | tail -1 | jq -r .visibility)" = unlisted ]
}

@test "send mastodon: 503s and a lost answer are retried with the same key, and post once" {
	mfake '{"faults": [{"path": "/api/v1/statuses", "at": 1, "status": 503},
	    {"path": "/api/v1/statuses", "at": 3, "drop_after": true}]}'
	rec mastodon "$SID" "@jane@example.social after a 503" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status)" = sent ]
	[ "$(requests 'POST /api/v1/statuses')" -eq 2 ]
	rec mastodon "$DSID" "@pau after a lost answer" >"$T/in2"
	run_split send "$T/in2"
	[ "$status" -eq 0 ]
	[ "$(reply_of status)" = sent ]
	[ "$(requests 'POST /api/v1/statuses')" -eq 4 ]
	# The lost one was made once; the retry got the same status back.
	[ "$(posts | wc -l)" -eq 2 ]
	[ "$(posts | tail -1 | jq -r .id)" = "$(reply_of id)" ]
}

@test "send mastodon: an unknown status is 404, 429 stops with exit 75, a bad token is a clear 401 without the secret" {
	mfake '{"faults": [{"path": "/api/v1/statuses", "at": 2, "status": 429, "reset_in": 120}]}'
	rec mastodon 999999 "@nobody hi" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 1 ]
	[[ "$(reply_of reason)" == *"HTTP 404: Record not found"* ]]
	{ rec mastodon "$SID" "@jane@example.social a"
	  rec mastodon "$DSID" "@pau b"; } >"$T/in2"
	run_split send "$T/in2"
	[ "$status" -eq 75 ]
	[ "$(reply_of status 1)" = draft ]
	[ "$(reply_of status 2)" = draft ]
	[ "$(posts | wc -l)" -eq 0 ]
	export CS_MASTODON_TOKEN=bad-5ecret-tok
	rec mastodon "$SID" "@jane@example.social c" >"$T/in3"
	run_split send --state "$T/other.db" "$T/in3"
	[ "$status" -eq 1 ]
	[[ "$(reply_of reason)" == *"HTTP 401: The access token is invalid"* ]]
	no_secret bad-5ecret-tok "$T/stdout" "$T/stderr" "$T/other.db"
	no_secret "$MTOKEN" "$T/stdout" "$T/stderr" "$T/state.db"
}

@test "send mastodon: the instance is required" {
	mfake
	rec mastodon "$SID" "@jane hi" >"$T/in"
	run_split timeout 60 cs-reply --send --state "$T/state.db" "$T/in"
	[ "$status" -eq 1 ]
	[[ "$(reply_of reason)" == *"no API base"* ]]
}

# --- Bluesky ------------------------------------------------------------

bfake() {
	start_fake bluesky "$(jq -c --arg p "$BPASS" '. + {password: $p}' \
	    <<<"${1:-{\}}")"
	export CS_BLUESKY_IDENTIFIER=acme.bsky.social
	export CS_BLUESKY_APP_PASSWORD=$BPASS
	local tok
	tok=$(curl -sf -X POST -H 'Content-Type: application/json' \
	    -d "$(jq -nc --arg p "$BPASS" '{identifier: "acme.bsky.social",
	    password: $p}')" "$BASE/xrpc/com.atproto.server.createSession" |
	    jq -r .accessJwt)
	curl -sf -H "Authorization: Bearer $tok" \
	    "$BASE/xrpc/app.bsky.notification.listNotifications?limit=100" \
	    >"$T/notes"
	# A thread root, and a reply within a thread (its root differs).
	ROOT=$(jq -r '[.notifications[] | select(.reason == "mention")][0].uri' "$T/notes")
	REPLY=$(jq -r '[.notifications[] | select(.reason == "reply")][0].uri' "$T/notes")
	REPLY_ROOT=$(jq -r '[.notifications[] | select(.reason == "reply")][0].record.reply.root.uri' "$T/notes")
}

@test "send bluesky: createRecord with reply root and parent, mention and link facets at UTF-8 byte offsets, a TID record key" {
	bfake
	{ rec bluesky "$REPLY" "@jane.bsky.social gràcies 🙏! Segueix-ho a acme.com/t/1 o pregunta a @pau.example.com." '.reply.lang = "ca"'
	  rec bluesky "$ROOT" "@ana.bsky.social thanks!"; } >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status 1)" = sent ]
	[ "$(reply_of status 2)" = sent ]
	posts >"$T/posts"
	[ "$(wc -l <"$T/posts")" -eq 2 ]
	p1=$(head -1 "$T/posts")
	# The fake refuses wrong refs and facets; check them here too.
	[ "$(jq -r .record.reply.parent.uri <<<"$p1")" = "$REPLY" ]
	[ "$(jq -r .record.reply.root.uri <<<"$p1")" = "$REPLY_ROOT" ]
	[ "$REPLY_ROOT" != "$REPLY" ]
	[ "$(tail -1 "$T/posts" | jq -r .record.reply.root.uri)" = "$ROOT" ]
	[ "$(jq -c '[.record.facets[].index.byteStart]' <<<"$p1")" = "[0,46,72]" ]
	[ "$(jq -c '[.record.facets[].features[0]."$type" | sub(".*#"; "")]' <<<"$p1")" = '["mention","link","mention"]' ]
	[ "$(jq -r '.record.facets[0].features[0].did' <<<"$p1")" = did:plc:jane4kq2m ]
	[ "$(jq -r '.record.facets[1].features[0].uri' <<<"$p1")" = https://acme.com/t/1 ]
	[ "$(jq -c .record.langs <<<"$p1")" = '["ca"]' ]
	[[ "$(jq -r .rkey <<<"$p1")" =~ ^[2-7a-j][2-7a-z]{12}$ ]]
	[ "$(reply_of id 1)" = "$(jq -r .uri <<<"$p1")" ]
	[[ "$(reply_of id 1)" == at://did:plc:acme7b2x4kq3n5/app.bsky.feed.post/* ]]
	[[ "$(reply_of url 1)" == https://bsky.app/profile/did:plc:acme7b2x4kq3n5/post/* ]]
	no_secret "$BPASS" "$T/stdout" "$T/stderr" "$T/state.db"
}

@test "send bluesky: a lost answer or a 500 after the record was made is confirmed with getRecord and reported sent, once" {
	for exists in 500 409; do
		bfake '{"exists_error": '"$exists"', "faults": [{"path": "/xrpc/com.atproto.repo.createRecord", "at": 1, "drop_after": true}]}'
		rec bluesky "$ROOT" "@jane.bsky.social made, answer lost" >"$T/in"
		run_split send --state "$T/state-$exists.db" "$T/in"
		[ "$status" -eq 0 ]
		[ "$(reply_of status)" = sent ]
		[ "$(posts | wc -l)" -eq 1 ]
		[ "$(posts | jq -r .uri)" = "$(reply_of id)" ]
		[ "$(requests 'GET /xrpc/com.atproto.repo.getRecord')" -eq 1 ]
		stop_fake
		rm -f "$T/fake.log"
	done
}

@test "send bluesky: an expired session is renewed; a wrong app password fails clearly without the secret" {
	# The token serves one call (getPosts); createRecord renews it.
	bfake '{"expire_after": 1}'
	rec bluesky "$ROOT" "@ana.bsky.social after a refresh" >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 0 ]
	[ "$(reply_of status)" = sent ]
	[ "$(requests refreshSession)" -ge 1 ]
	export CS_BLUESKY_APP_PASSWORD=wrong-5ecret-pw
	rec bluesky "$REPLY" "@jane.bsky.social hi" >"$T/in2"
	run_split send "$T/in2"
	[ "$status" -eq 1 ]
	[[ "$(reply_of reason)" == *"login as acme.bsky.social failed: HTTP 401: AuthenticationRequired: Invalid identifier or password"* ]]
	no_secret wrong-5ecret-pw "$T/stdout" "$T/stderr" "$T/state.db"
	no_secret "$BPASS" "$T/stdout" "$T/stderr" "$T/state.db"
}

@test "send bluesky: 429 on createRecord stops with exit 75; a deleted parent fails" {
	bfake '{"faults": [{"path": "/xrpc/com.atproto.repo.createRecord", "at": 1, "status": 429, "reset_in": 60}]}'
	{ rec bluesky "$ROOT" "@a.bsky.social one"
	  rec bluesky "$REPLY" "@b.bsky.social two"; } >"$T/in"
	run_split send "$T/in"
	[ "$status" -eq 75 ]
	[ "$(reply_of status 1)" = draft ]
	[ "$(reply_of status 2)" = draft ]
	[ "$(posts | wc -l)" -eq 0 ]
	rec bluesky "at://did:plc:jane4kq2m/app.bsky.feed.post/3kgone00000aa" "@jane.bsky.social hi" >"$T/in2"
	run_split send --state "$T/s2.db" "$T/in2"
	[ "$status" -eq 1 ]
	[[ "$(reply_of reason)" == *"the post answered was not found"* ]]
}
