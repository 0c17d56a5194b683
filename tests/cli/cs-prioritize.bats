#!/usr/bin/env bats
# cs-prioritize: scoring, SLA, routing, sticky agents and sorting.

load common

IN=$DATA/prioritize/classified.ndjson
NOW=2026-11-23T10:00:00Z

p() {
	cs-prioritize --no-state --now "$NOW" "$@"
}

@test "cs-prioritize: golden output, sorted by score then age" {
	p --vips "$DATA/prioritize/vips.txt" --agents ana,ben "$IN" >"$T/out"
	golden prioritize/sorted.ndjson "$T/out"
}

@test "cs-prioritize: every record is annotated, nothing lost" {
	p "$IN" >"$T/out"
	[ "$(wc -l <"$T/out")" -eq "$(wc -l <"$IN")" ]
	[ "$(jq -s 'map(select(.priority.score >= 0)) | length' "$T/out")" -eq 11 ]
}

@test "cs-prioritize: ties go to the older message, then input order" {
	p "$IN" | jq -r 'select(.priority.score == 28) | .id' >"$T/ids"
	printf '1001\n1011\n' | diff - "$T/ids"
}

@test "cs-prioritize: --top N equals the head of the full sort" {
	p "$IN" | head -n 3 >"$T/full"
	p --top 3 "$IN" >"$T/top"
	diff "$T/full" "$T/top"
}

@test "cs-prioritize: --no-sort keeps stream order" {
	p --no-sort "$IN" | jq -r .id >"$T/ids"
	jq -r .id "$IN" | diff - "$T/ids"
}

@test "cs-prioritize: re-running on its own output gives the same output" {
	p "$IN" >"$T/once"
	p "$T/once" >"$T/twice"
	diff "$T/once" "$T/twice"
}

@test "cs-prioritize: levels, reasons and overdue are explained" {
	p "$IN" >"$T/out"
	run jq -r 'select(.id == "1002") | .priority | [.level, .score, .overdue, (.reasons | join("; "))] | @tsv' "$T/out"
	[ "$output" = "$(printf 'p1\t74\ttrue\tcomplaint +25; urgent +20; negative sentiment -0.90 +14; overdue by 40m +15')" ]
	run jq -r 'select(.id == "1008") | .priority | [.level, .score, .agent] | @tsv' "$T/out"
	[ "$output" = "$(printf 'p4\t0\t')" ]
}

@test "cs-prioritize: VIP list by handle, with @ and comments" {
	printf '# our VIPs\n@VipGuest  \n' >"$T/vips"
	p --vips "$T/vips" "$IN" | jq -r 'select(.priority.vip) | .id' >"$T/ids"
	echo 1007 | diff - "$T/ids"
}

@test "cs-prioritize: reach and verified add points" {
	p "$IN" | jq -r 'select(.id == "1004") | .priority.reasons[]' >"$T/r"
	grep -qx '2400000 followers +13' "$T/r"
	grep -qx 'verified account +5' "$T/r"
}

@test "cs-prioritize: SLA counted in business hours of the zone" {
	# Saturday 2026-11-21 20:30 in Madrid, office closed until Monday
	# 09:00 local (08:00Z); a 1h target ends at Monday 09:00Z.
	p --hours 'mon-fri 09:00-18:00' --timezone Europe/Madrid "$IN" |
	    jq -r 'select(.id == "1009") | .priority.sla_due' >"$T/due"
	echo 2026-11-23T09:00:00Z | diff - "$T/due"
}

@test "cs-prioritize: holidays are skipped" {
	p --hours 'mon-fri 09:00-18:00' --timezone Europe/Madrid \
	    --holiday 2026-11-23 "$IN" |
	    jq -r 'select(.id == "1009") | .priority.sla_due' >"$T/due"
	echo 2026-11-24T09:00:00Z | diff - "$T/due"
}

@test "cs-prioritize: --sla sets per-category targets" {
	p --sla shipping=10m "$IN" | jq -r 'select(.id == "1001") | .priority.sla_due' >"$T/due"
	echo 2026-11-23T09:10:00Z | diff - "$T/due"
	p --sla urgent=5m "$IN" | jq -r 'select(.id == "1002") | .priority.sla_due' >"$T/due"
	echo 2026-11-23T09:10:00Z | diff - "$T/due"
}

@test "cs-prioritize: queues by language from flags, env and config" {
	p --queue es=soporte --queue '*=support' "$IN" |
	    jq -r '[.id, .priority.queue] | @tsv' | sort >"$T/q"
	grep -qx "$(printf '1005\tsoporte')" "$T/q"
	grep -qx "$(printf '1006\tsupport')" "$T/q"
	CS_QUEUES='ca=suport' p "$IN" | jq -r 'select(.id == "1006") | .priority.queue' >"$T/q"
	echo suport | diff - "$T/q"
	p --config "$DATA/demo/config.json" "$IN" |
	    jq -r 'select(.id == "1007") | [.priority.queue, .priority.agent] | @tsv' >"$T/q"
	printf 'suport-ca\tMontse\n' | diff - "$T/q"
}

@test "cs-prioritize: the configuration file in XDG_CONFIG_HOME is read" {
	mkdir -p "$XDG_CONFIG_HOME/cs"
	echo '{"prioritize":{"agents":["zed"]}}' >"$XDG_CONFIG_HOME/cs/config.json"
	p "$IN" | jq -r 'select(.id == "1001") | .priority.agent' >"$T/a"
	echo zed | diff - "$T/a"
	CS_AGENTS=yan p "$IN" | jq -r 'select(.id == "1001") | .priority.agent' >"$T/a"
	echo yan | diff - "$T/a"
}

@test "cs-prioritize: sticky agent per conversation, round-robin for new ones" {
	db=$T/state.db
	head -n 2 "$IN" | cs-prioritize --state "$db" --now "$NOW" --agents ana,ben |
	    jq -r '[.id, .priority.agent] | @tsv' | sort >"$T/a1"
	printf '1001\tana\n1002\tben\n' | diff - "$T/a1"
	# Another run: conversation 2000 keeps ben, the next new one gets ana.
	sed -n '3p;5p' "$IN" | cs-prioritize --state "$db" --now "$NOW" --agents ana,ben |
	    jq -r '[.id, .priority.agent] | @tsv' | sort >"$T/a2"
	printf '1003\tben\n1005\tana\n' | diff - "$T/a2"
	# ben leaves: his conversation moves to someone still on the roster.
	sed -n 3p "$IN" | cs-prioritize --state "$db" --now "$NOW" --agents ana,carla |
	    jq -r .priority.agent >"$T/a3"
	grep -qx -e ana -e carla "$T/a3"
}

@test "cs-prioritize: repeat contact in a conversation comes from the state" {
	db=$T/state.db
	cs-prioritize --state "$db" --now "$NOW" "$IN" >/dev/null
	cs-prioritize --state "$db" --now "$NOW" "$IN" |
	    jq -r 'select(.id == "1003") | .priority.reasons[]' >"$T/r"
	grep -qx '2nd message in this conversation +8' "$T/r"
}

@test "cs-prioritize: the state database is private" {
	db=$T/private/state.db
	cs-prioritize --state "$db" --now "$NOW" "$IN" >/dev/null
	[ "$(stat -c %a "$db")" = 600 ]
	[ "$(stat -c %a "$T/private")" = 700 ]
}

@test "cs-prioritize: the default state path follows XDG_STATE_HOME" {
	cs-prioritize --now "$NOW" "$IN" >/dev/null
	[ -f "$XDG_STATE_HOME/cs/state.db" ]
}

@test "cs-prioritize: a bad created_at is rejected with its line" {
	printf '{"id":"9","created_at":"yesterday"}\n' >"$T/bad"
	cat "$IN" "$T/bad" >"$T/in"
	run_split p "$T/in"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-prioritize: $T/in:12: field 'created_at' is not an RFC 3339 time" ]
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 11 ]
}

@test "cs-prioritize: usage errors exit 2" {
	run_split p --top 0 "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-prioritize: bad --top value '0': too small" ]
	run_split p --top 3 --no-sort "$IN"
	[ "$status" -eq 2 ]
	run_split p --sla shipping "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-prioritize: bad --sla value 'shipping': expected CATEGORY=DURATION" ]
	run_split p --sla shipping=soon "$IN"
	[ "$status" -eq 2 ]
	run_split cs-prioritize --now tomorrow "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-prioritize: bad --now value 'tomorrow': not an RFC 3339 time such as 2026-11-01T09:30:00Z" ]
	run_split p --timezone Mars/Olympus "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-prioritize: unknown time zone 'Mars/Olympus'" ]
	run_split p --hours 'someday 9-5' "$IN"
	[ "$status" -eq 2 ]
	run_split p --bogus
	[ "$status" -eq 2 ]
	[[ "$err" == *"usage: cs-prioritize"* ]]
}

@test "cs-prioritize: bad configuration is an error naming the file" {
	echo '{"prioritize": {"agents": 5}}' >"$T/c.json"
	run_split p --config "$T/c.json" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-prioritize: configuration: prioritize.agents must be a list or an object of lists" ]
	echo '{nope' >"$T/c.json"
	run_split p --config "$T/c.json" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-prioritize: $T/c.json: invalid JSON at byte 3" ]
	run_split p --config "$T/missing.json" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-prioritize: $T/missing.json: No such file or directory" ]
}

@test "cs-prioritize: --help and --version" {
	run_split cs-prioritize --help
	[ "$status" -eq 0 ]
	[[ "$out" == "usage: cs-prioritize"* ]]
	run_split cs-prioritize --version
	[ "$status" -eq 0 ]
	[[ "$out" =~ ^cs-prioritize\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "cs-prioritize: sorting spills to disk past --buffer-size, same order" {
	for i in $(seq 300); do cat "$IN"; done >"$T/big"
	p "$T/big" >"$T/mem"
	TMPDIR=$T p --buffer-size 64k "$T/big" >"$T/disk"
	cmp "$T/mem" "$T/disk"
	# The spill files are unlinked at once: nothing is left behind.
	[ -z "$(ls "$T" | grep cs-sort)" ]
	run_split p --buffer-size 1k "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-prioritize: bad --buffer-size value '1k': too small" ]
}

@test "cs-prioritize: a full sort of an endless stream stays within memory" {
	no_valgrind "ulimit -v"
	no_sanitizer
	status=0
	( ulimit -v 200000
	  yes "$(head -n 1 "$IN")" | head -n 200000 |
	      cs-prioritize --no-state --buffer-size 8M --now "$NOW" >/dev/null ) || status=$?
	[ "$status" -eq 0 ]
}
