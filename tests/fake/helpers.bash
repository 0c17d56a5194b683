# Shared helpers of the cs-fetch network tests (x, mastodon, bluesky):
# start a fake API from tests/fake on 127.0.0.1, run cs-fetch against it,
# and check that no secret leaks.  Load after common.

FAKE_DIR=$CS_ROOT/tests/fake

# start_fake NET SCENARIO_JSON [ARG...]: run tests/fake/NET.py on a free
# port of 127.0.0.1; sets FAKE_PID, PORT and BASE.  The scenario (with the
# secrets) goes in a file, never in argv.
start_fake() {
	local net=$1 sc=$2
	shift 2
	printf '%s\n' "$sc" >"$T/scenario.json"
	rm -f "$T/port"
	python3 "$FAKE_DIR/$net.py" --scenario "$T/scenario.json" \
	    --port-file "$T/port" --log "$T/fake.log" "$@" >/dev/null \
	    2>"$T/fake.err" &
	FAKE_PID=$!
	local i
	for i in $(seq 200); do
		[ -s "$T/port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$T/port")
	BASE=http://127.0.0.1:$PORT
}

stop_fake() {
	if [ -n "${FAKE_PID:-}" ]; then
		kill "$FAKE_PID" 2>/dev/null || true
		wait "$FAKE_PID" 2>/dev/null || true
		FAKE_PID=
	fi
}

# control PATH: a control request to the fake (POST /_fake/...).
control() {
	curl -sf -X POST "$BASE/_fake/$1" >/dev/null
}

# requests PATTERN: how many requests in the fake's log match PATTERN.
requests() {
	if [ -f "$T/fake.log" ]; then
		grep -c -- "$1" "$T/fake.log" || true
	else
		echo 0
	fi
}

# ids FILE...: the ids of the records in the files, one a line.
ids() {
	cat "$@" | jq -r .id
}

# exactly_once N FILE...: the files hold N records, no id twice.
exactly_once() {
	local n=$1
	shift
	local total uniq
	total=$(cat "$@" | wc -l)
	uniq=$(ids "$@" | sort -u | wc -l)
	if [ "$total" -ne "$n" ] || [ "$uniq" -ne "$n" ]; then
		echo "want $n records once each; got $total lines, $uniq ids" >&2
		ids "$@" | sort | uniq -d | head -5 >&2
		return 1
	fi
}

# no_secret SECRET FILE...: SECRET appears in none of the files (binary
# files too: the state database).
no_secret() {
	local s=$1 f
	shift
	for f in "$@"; do
		[ -e "$f" ] || continue
		if grep -aqF -- "$s" "$f"; then
			echo "secret found in $f" >&2
			return 1
		fi
	done
}

# ---- The fault and crash suites (tests/cli/faults.bats, crash.bats):
# the three networks side by side, each fake with N messages (set N).

X_TOKEN=tok-X-f4ult-1c2d
X_USER=tok-X-user-f4ult-9e
M_TOKEN=tok-M-f4ult-77aa
B_PASS=app-pw-f4ult-31c5
# nets_env: the secrets of the three fakes, and no other CS_ setting.
nets_env() {
	unset CS_CREDENTIALS CS_X_API_BASE CS_MASTODON_API_BASE \
	    CS_BLUESKY_API_BASE CS_X_ACCOUNT CS_MASTODON_ACCOUNT
	export CS_X_BEARER_TOKEN=$X_TOKEN CS_X_USER_TOKEN=$X_USER \
	    CS_MASTODON_TOKEN=$M_TOKEN CS_BLUESKY_IDENTIFIER=acme.bsky.social \
	    CS_BLUESKY_APP_PASSWORD=$B_PASS
}

# net NET: LIST, the path of the network's paged timeline; POST, its
# posting endpoint; FARGS, the cs-fetch arguments.
net() {
	case $1 in
	x)
		LIST=/2/users/1500000000000000001/mentions
		POST=/2/tweets
		FARGS=(--mentions ShopCare) ;;
	mastodon)
		LIST=/api/v1/notifications
		POST=/api/v1/statuses
		FARGS=(--account acme) ;;
	bluesky)
		LIST=/xrpc/app.bsky.notification.listNotifications
		POST=/xrpc/com.atproto.repo.createRecord
		FARGS=() ;;
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

# fetch NET ARGS: cs-fetch NET against the fake with short waits
# (TIMEOUT: --timeout, default 2s).
fetch() {
	local n=$1
	shift
	net "$n"
	timeout 30 cs-fetch "$n" --api-base "$BASE" "${FARGS[@]}" --page-size 10 \
	    --retries 1 --retry-delay 10 --timeout "${TIMEOUT:-2s}" \
	    --state "$T/state.db" "$@"
}

# valid_records FILE: whole lines only, each a JSON object in valid UTF-8.
valid_records() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null
	[ ! -s "$1" ] || [ -z "$(tail -c 1 "$1")" ]
	jq -e -s 'all(type == "object")' "$1" >/dev/null
}

# drafts NET FAULTS [K]: start NET's fake with FAULTS (a JSON list), fetch
# its messages and draft replies to K of them (default 3) into
# $T/drafts.ndjson.
drafts() {
	local n=$1 k=${3:-3}
	fake "$n" "$2"
	fetch "$n" --state "$T/fetch.db" >"$T/in.ndjson"
	# Numbered: X refuses the same text twice.
	cs-reply "$T/in.ndjson" | jq -c 'select(.reply.status == "draft")' |
	    head -n "$k" | jq -c '.reply.text += " (case \(input_line_number))"' \
	    >"$T/drafts.ndjson"
	[ "$(wc -l <"$T/drafts.ndjson")" -eq "$k" ]
}

# send ARGS: cs-reply --send against the fake with short waits
# (TIMEOUT: --timeout, default 2s).
send() {
	timeout 30 cs-reply --send --api-base "$BASE" --state "$T/send.db" \
	    --retries 1 --retry-delay 10 --timeout "${TIMEOUT:-2s}" "$@"
}

# posted: the fake's posts, as the ids they answer, one a line.
posted() {
	curl -sf "$BASE/_fake/posts" | jq -r '.[] | .in_reply_to_id //
	    .in_reply_to_tweet_id // .record.reply.parent.uri'
}

# made: the ids of the fake's posts, sorted.
made() {
	curl -sf "$BASE/_fake/posts" | jq -r '.[] | .id // .uri' | sort
}

# statuses FILE: the reply statuses of FILE's records, on one line.
statuses() {
	jq -r .reply.status "$1" | tr '\n' ' '
}
