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
