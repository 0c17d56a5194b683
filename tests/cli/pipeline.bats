#!/usr/bin/env bats
# The whole offline triage pipeline: the demo and the cron script.

load common

@test "pipeline: make demo's script runs end to end" {
	run_split env CS_DEMO_OUT="$T/demo" bash "$CS_ROOT/scripts/demo" "$CS_BIN"
	[ "$status" -eq 0 ]
	[[ "$out" == *"60 records:"* ]]
	f=$T/demo/triage.ndjson
	[ "$(wc -l <"$f")" -eq 60 ]
	# Every record went through all three tools.
	[ "$(jq -s 'map(select(.class and .priority and .reply)) | length' "$f")" -eq 60 ]
	# Sorted by priority score.
	jq -s '[.[].priority.score] | . == (sort | reverse)' "$f" | grep -qx true
}

@test "pipeline: leaked card numbers are never repeated in a reply" {
	CS_DEMO_OUT="$T/demo" bash "$CS_ROOT/scripts/demo" "$CS_BIN" >/dev/null
	f=$T/demo/triage.ndjson
	! jq -r '.reply.text // empty' "$f" | grep -E '4539|4111|rosa\.perez'
	# Those customers are asked to move to a direct message.
	jq -r 'select(.class.pii | length > 0) | .reply.template' "$f" >"$T/t"
	[ -s "$T/t" ]
	! grep -v '^pii\.' "$T/t"
}

@test "pipeline: scripts/triage writes drafts atomically and keeps rejects" {
	{ cat "$DATA/demo/mentions.ndjson"; echo 'not json'; } >"$T/in"
	status=0
	CS_BIN=$CS_BIN CS_PRIORITIZE_FLAGS="--no-state --now 2026-11-23T12:00:00Z" \
	    bash "$CS_ROOT/scripts/triage" -o "$T/out" "$T/in" 2>"$T/err" || status=$?
	[ "$status" -eq 1 ]
	ls "$T/out"/drafts-*.ndjson >/dev/null
	[ "$(cat "$T/out"/drafts-*.ndjson | wc -l)" -eq 60 ]
	[ "$(cat "$T/out/rejects.ndjson")" = "not json" ]
	! ls "$T/out"/.drafts-* 2>/dev/null
	grep -q "cs-classify: $T/in:61: not a JSON object" "$T/err"
}

@test "pipeline: scripts/triage usage" {
	run bash "$CS_ROOT/scripts/triage" -x
	[ "$status" -eq 2 ]
	run bash "$CS_ROOT/scripts/triage" -h
	[ "$status" -eq 0 ]
}
