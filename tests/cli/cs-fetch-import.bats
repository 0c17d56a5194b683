#!/usr/bin/env bats
# cs-fetch import: the twcs CSV, twarc2 raw and flattened JSONL and X API
# pages into records; threads, bad input, options.

load common

F=$DATA/fetch
H='tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id'
OK='1,111,True,Mon Nov 02 09:00:00 +0000 2026,ok,,'

# bad_csv ROW: a CSV with a good row, ROW (printf format) and a good row.
bad_csv() {
	printf "$H\n$OK\n$1\n3,333,True,Mon Nov 02 09:10:00 +0000 2026,ok,,\n" \
	    >"$T/in.csv"
}

# expect_bad REASON [ARGS...]: the bad row on line 3 is reported and
# skipped, the two good rows are written, exit 1.
expect_bad() {
	local reason=$1
	shift
	run_split cs-fetch import "$@" "$T/in.csv"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/in.csv:3: $reason" ]
	[ "$(jq -r .id "$T/stdout" | paste -sd ' ')" = "1 3" ]
}

@test "cs-fetch import: twcs golden output, bad row reported, exit 1" {
	run_split cs-fetch import "$F/twcs.csv"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $F/twcs.csv:16: bad created_at 'Thu Nov 31 10:00:00 +0000 2026'" ]
	golden fetch/twcs.ndjson "$T/stdout"
}

@test "cs-fetch import: every record is a valid record line" {
	cs-fetch import "$F/twcs.csv" >"$T/out" 2>/dev/null || true
	[ "$(wc -l <"$T/out")" -eq 14 ]
	run jq -e -s 'all(.[]; (.id|type) == "string" and .network == "twcs"
	    and (.direction == "in" or .direction == "out")
	    and (.created_at|test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"))
	    and (.author|keys) == ["followers","handle","id","name","verified"]
	    and (.metrics|keys) == ["likes","quotes","replies","reposts"])' "$T/out"
	[ "$status" -eq 0 ]
}

@test "cs-fetch import: twcs threads, out-of-order reply, missing parent" {
	cs-fetch import "$F/twcs.csv" >"$T/out" 2>/dev/null || true
	run jq -r '[.id, .conversation_id, (.in_reply_to // "-"), .account // "-", .direction] | join(" ")' "$T/out"
	[ "${lines[0]}" = "101 101 - AcmeHelp in" ]
	[ "${lines[1]}" = "102 101 101 AcmeHelp out" ]
	[ "${lines[3]}" = "105 101 104 AcmeHelp in" ]	# before its parent
	[ "${lines[4]}" = "104 101 103 AcmeHelp out" ]
	[ "${lines[8]}" = "204 201 202 ShopCare in" ]
	[ "${lines[9]}" = "301 301 - BrandX in" ]	# @mention, digits skipped
	[ "${lines[10]}" = "401 400 400 AcmeHelp in" ]	# parent not in file
	[ "${lines[11]}" = "402 400 401 AcmeHelp out" ]
	[ "${lines[12]}" = "502 502 - - in" ]
}

@test "cs-fetch import: dates with offsets become UTC" {
	cs-fetch import "$F/twcs.csv" >"$T/out" 2>/dev/null || true
	[ "$(jq -r 'select(.id == "104") | .created_at' "$T/out")" = 2026-11-02T09:20:00Z ]
	[ "$(jq -r 'select(.id == "401") | .created_at' "$T/out")" = 2026-11-04T14:00:00Z ]
}

@test "cs-fetch import: quoted fields, embedded newlines, bare CRs kept" {
	cs-fetch import "$F/twcs.csv" >"$T/out" 2>/dev/null || true
	[ "$(jq -c 'select(.id == "104") | .text' "$T/out")" = '"@201001 Thanks!\nIt ships tomorrow.\r\nTrack it with \"AcmeTrack\"."' ]
	[ "$(jq -c 'select(.id == "204") | .text' "$T/out")" = '"@ShopCare \r\rstill waiting for the parcel"' ]
	[ "$(jq -c 'select(.id == "103") | .text' "$T/out")" = '"@AcmeHelp done, sent it"' ]
	[ "$(jq -c 'select(.id == "601") | .text' "$T/out")" = '""' ]
}

@test "cs-fetch import: --rejects keeps the bad row verbatim" {
	run_split cs-fetch import --rejects "$T/rej" "$F/twcs.csv"
	[ "$status" -eq 1 ]
	printf '501,505005,True,Thu Nov 31 10:00:00 +0000 2026,@AcmeHelp this row has a bad date,,\n' |
	    cmp - "$T/rej"
}

@test "cs-fetch import: --strict stops at the first bad row" {
	run_split cs-fetch import --strict "$F/twcs.csv"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $F/twcs.csv:16: bad created_at 'Thu Nov 31 10:00:00 +0000 2026'" ]
	[ "$(wc -l <"$T/stdout")" -eq 12 ]
	[ "$(tail -n 1 "$T/stdout" | jq -r .id)" = 402 ]
}

@test "cs-fetch import: standard input, piped or redirected, as a file" {
	cs-fetch import "$F/twcs.csv" >"$T/file" 2>/dev/null || true
	cat "$F/twcs.csv" | cs-fetch import >"$T/pipe" 2>"$T/err" || true
	cmp "$T/file" "$T/pipe"
	[ "$(cat "$T/err")" = "cs-fetch: <stdin>:16: bad created_at 'Thu Nov 31 10:00:00 +0000 2026'" ]
	cs-fetch import - <"$F/twcs.csv" >"$T/redir" 2>/dev/null || true
	cmp "$T/file" "$T/redir"
	cat "$F/twcs.csv" | cs-fetch import --format twcs >"$T/fmt" 2>/dev/null || true
	cmp "$T/file" "$T/fmt"
}

@test "cs-fetch import: --account keeps one brand's records" {
	cs-fetch import --account @shopcare "$F/twcs.csv" >"$T/out" 2>/dev/null || true
	[ "$(jq -r .id "$T/out" | paste -sd ' ')" = "201 202 203 204" ]
	[ "$(jq -r .account "$T/out" | sort -u)" = ShopCare ]
}

@test "cs-fetch import: --since and --until select by created_at" {
	run_split cs-fetch import --since 2026-11-03T14:02:00Z \
	    --until 2026-11-04T14:00:00Z "$F/twcs.csv"
	[ "$(jq -r .id "$T/stdout" | paste -sd ' ')" = "202 203 204 301" ]
}

@test "cs-fetch import: --max N stops after N records" {
	run_split cs-fetch import --max 3 "$F/twcs.csv"
	[ "$status" -eq 0 ]
	[ "$(jq -r .id "$T/stdout" | paste -sd ' ')" = "101 102 103" ]
	run_split cs-fetch import --max 2 "$F/twarc-raw.jsonl"
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$T/stdout")" -eq 2 ]
}

@test "cs-fetch import: twarc2 raw pages, golden" {
	run_split cs-fetch import --account AcmeHelp "$F/twarc-raw.jsonl"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	golden fetch/twarc-raw.ndjson "$T/stdout"
}

@test "cs-fetch import: twarc2 flattened tweets, golden" {
	run_split cs-fetch import "$F/twarc-flat.jsonl"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	golden fetch/twarc-flat.ndjson "$T/stdout"
}

@test "cs-fetch import: raw X API pages, golden" {
	run_split cs-fetch import --format x --account acmehelp "$F/x-page.json"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	golden fetch/x-page.ndjson "$T/stdout"
}

@test "cs-fetch import: raw and flattened give the same records" {
	cs-fetch import --account AcmeHelp "$F/twarc-raw.jsonl" >"$T/raw"
	cs-fetch import --account AcmeHelp "$F/twarc-flat.jsonl" >"$T/flat"
	# Only the missing author of the last flattened tweet differs.
	diff <(head -n 3 "$T/raw") <(head -n 3 "$T/flat")
	[ "$(tail -n 1 "$T/flat" | jq -c .author)" = '{"id":"2900000003","handle":null,"name":null,"followers":null,"verified":null}' ]
}

@test "cs-fetch import: X text is unescaped, ids stay strings" {
	cs-fetch import "$F/twarc-raw.jsonl" >"$T/out"
	[ "$(jq -r 'select(.id == "1800000000000000123") | .text' "$T/out")" = "@AcmeHelp order #4411 still hasn't shipped & no reply to my email" ]
	[ "$(jq -r 'select(.id == "1799999999999999000") | .text' "$T/out")" = "@samk Try resetting it from Settings > Account; tell us if it works <3" ]
	grep -q '"id":"1800000000000000123"' "$T/out"
	[ "$(jq -r .direction "$T/out" | sort -u)" = in ]
}

@test "cs-fetch import: --format x refuses flattened tweets" {
	run_split cs-fetch import --format x "$F/twarc-flat.jsonl"
	[ "$status" -eq 1 ]
	[ "${#out}" -eq 0 ]
	[ "$(printf '%s\n' "$err" | head -n 1)" = "cs-fetch: $F/twarc-flat.jsonl:1: not an X API page" ]
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 4 ]
}

@test "cs-fetch import: formats told apart per file, output in operand order" {
	run_split cs-fetch import "$F/twarc-raw.jsonl" "$F/twcs.csv" "$F/x-page.json"
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$T/stdout")" -eq $((4 + 14 + 3)) ]
	[ "$(jq -r .network "$T/stdout" | uniq | paste -sd ' ')" = "x twcs x" ]
	# JSON on standard input streams through the same detection.
	cs-fetch import <"$F/twarc-flat.jsonl" >"$T/stdin"
	cs-fetch import "$F/twarc-flat.jsonl" | cmp - "$T/stdin"
}

@test "cs-fetch import: a thread spanning two files is one thread" {
	head -n 5 "$F/twcs.csv" >"$T/a.csv"	# header, 101 102 103 105
	{ echo "$H"; sed -n '6,$p' "$F/twcs.csv"; } >"$T/b.csv"
	cs-fetch import "$F/twcs.csv" >"$T/one" 2>/dev/null || true
	cs-fetch import "$T/a.csv" "$T/b.csv" >"$T/two" 2>/dev/null || true
	cmp "$T/one" "$T/two"
}

@test "cs-fetch import: concatenated CSV files (repeated header), CRLF, BOM" {
	head -n 5 "$F/twcs.csv" >"$T/lf.csv"
	{ printf '\357\273\277'; cat "$T/lf.csv" "$T/lf.csv"; } | sed 's/$/\r/' |
	    sed '7,$s/^10/20/' >"$T/crlf.csv"
	cs-fetch import "$T/lf.csv" >"$T/lf"
	run_split cs-fetch import "$T/crlf.csv"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	[ "$(wc -l <"$T/stdout")" -eq 8 ]
	head -n 4 "$T/stdout" | cmp - "$T/lf"
	[ "$(sed -n 5p "$T/stdout" | jq -r .id)" = 201 ]
}

@test "cs-fetch import: bad row: wrong number of fields" {
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,short'
	expect_bad 'expected 7 fields, found 5'
}

@test "cs-fetch import: bad row: bad date" {
	bad_csv '2,222,True,Tue Nov 02 09:00:00 +0000 2026,wrong weekday,,'
	expect_bad "bad created_at 'Tue Nov 02 09:00:00 +0000 2026'"
}

@test "cs-fetch import: bad row: bad ids, inbound, author" {
	bad_csv 'x2,222,True,Mon Nov 02 09:00:00 +0000 2026,x,,'
	expect_bad "bad tweet_id 'x2'"
	bad_csv '2,222,yes,Mon Nov 02 09:00:00 +0000 2026,x,,'
	expect_bad "bad inbound 'yes'"
	bad_csv '2,,True,Mon Nov 02 09:00:00 +0000 2026,x,,'
	expect_bad "empty author_id"
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,x,3;4,'
	expect_bad "bad response_tweet_id '3;4'"
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,x,,1.5'
	expect_bad "bad in_response_to_tweet_id '1.5'"
	bad_csv '1,222,True,Mon Nov 02 09:00:00 +0000 2026,x,,'
	expect_bad "duplicate tweet_id '1'"
}

@test "cs-fetch import: bad row: quoting" {
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,say "hi",,'
	expect_bad 'quote in unquoted field'
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,"say"hi,,'
	expect_bad 'text after closing quote'
}

@test "cs-fetch import: bad row: unterminated quote at the end" {
	printf "$H\n$OK\n"'2,222,True,Mon Nov 02 09:00:00 +0000 2026,"open,,\n3,x\n' >"$T/in.csv"
	run_split cs-fetch import --rejects "$T/rej" "$T/in.csv"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/in.csv:3: unterminated quoted field" ]
	[ "$(wc -l <"$T/stdout")" -eq 1 ]
	printf '2,222,True,Mon Nov 02 09:00:00 +0000 2026,"open,,\n3,x\n\n' | cmp - "$T/rej"
}

@test "cs-fetch import: bad row: invalid UTF-8 and NUL bytes" {
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,bad \377 byte,,'
	expect_bad 'invalid UTF-8 at byte 47'
	bad_csv '2,222,True,Mon Nov 02 09:00:00 +0000 2026,nul \000 byte,,'
	expect_bad 'NUL byte at byte 47'
}

@test "cs-fetch import: bad row: longer than --max-line, copied whole" {
	long=$(printf '%0300d' 0)
	bad_csv "2,222,True,Mon Nov 02 09:00:00 +0000 2026,\"$long\n$long\",,"
	expect_bad 'row longer than 200 bytes' --max-line 200 --rejects "$T/rej"
	printf "2,222,True,Mon Nov 02 09:00:00 +0000 2026,\"$long\n$long\",,\n" | cmp - "$T/rej"
}

@test "cs-fetch import: bad header" {
	printf 'tweet_id,author_id,inbound,created_at,body\n1,a,True,x,y\n' >"$T/in.csv"
	run_split cs-fetch import "$T/in.csv"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/in.csv:1: missing column 'text'" ]
	[ -z "$out" ]
	run_split cs-fetch import --format twcs "$F/x-page.json"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $F/x-page.json:1: quote in unquoted field" ]
}

@test "cs-fetch import: an input of unknown format" {
	printf 'hello world\n' >"$T/in.txt"
	run_split cs-fetch import "$T/in.txt" "$F/twarc-flat.jsonl"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/in.txt:1: cannot tell the format: use --format" ]
	[ "$(wc -l <"$T/stdout")" -eq 4 ]
}

@test "cs-fetch import: bad JSON lines are reported, kept, skipped" {
	{
		sed -n 1p "$F/twarc-raw.jsonl"
		printf '{"data":[\n'
		printf '{"data":[{"id":"1","text":"a","created_at":"2024-01-01T00:00:00Z"},{"id":"2","text":"b"}]}\n'
		printf '\n   \n'
		printf '{"id":"9","text":"bad \377","created_at":"2024-01-01T00:00:00Z"}\n'
		sed -n 4p "$F/twarc-raw.jsonl"
	} >"$T/in.jsonl"
	run_split cs-fetch import --rejects "$T/rej" "$T/in.jsonl"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/in.jsonl:2: invalid JSON at byte 10: unexpected end of line
cs-fetch: $T/in.jsonl:3: data[1]: missing field 'created_at'
cs-fetch: $T/in.jsonl:6: invalid UTF-8 at byte 23" ]
	[ "$(wc -l <"$T/stdout")" -eq 3 ]
	sed -n '2,3p;6p' "$T/in.jsonl" | cmp - "$T/rej"
	run_split cs-fetch import --strict "$T/in.jsonl"
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$T/stdout")" -eq 2 ]
}

@test "cs-fetch import: JSON line longer than --max-line" {
	{ sed -n 1p "$F/twarc-raw.jsonl"; sed -n 4p "$F/twarc-raw.jsonl"; } >"$T/in.jsonl"
	n=$(head -n 1 "$T/in.jsonl" | wc -c)
	run_split cs-fetch import --max-line 1000 --rejects "$T/rej" "$T/in.jsonl"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/in.jsonl:1: line longer than 1000 bytes" ]
	[ "$(wc -l <"$T/stdout")" -eq 1 ]
	head -n 1 "$T/in.jsonl" | cmp - "$T/rej"
	[ "$n" -gt 1000 ]
}

@test "cs-fetch import: empty input, missing file" {
	run_split cs-fetch import </dev/null
	[ "$status" -eq 0 ]
	[ -z "$out" ] && [ -z "$err" ]
	: >"$T/empty.csv"
	run_split cs-fetch import --format twcs "$T/empty.csv"
	[ "$status" -eq 0 ]
	run_split cs-fetch import "$T/nope.csv" "$F/twarc-flat.jsonl"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/nope.csv: No such file or directory" ]
	[ "$(wc -l <"$T/stdout")" -eq 4 ]
}

@test "cs-fetch import: usage errors exit 2" {
	run_split cs-fetch import --format csv
	[ "$status" -eq 2 ]
	[ "$err" = "cs-fetch: bad --format value 'csv': expected twcs, twarc or x" ]
	run_split cs-fetch import --max 0
	[ "$status" -eq 2 ]
	[ "$err" = "cs-fetch: bad --max value '0': too small" ]
	run_split cs-fetch import --since yesterday
	[ "$status" -eq 2 ]
	run_split cs-fetch import --account @
	[ "$status" -eq 2 ]
	run_split cs-fetch import --bogus
	[ "$status" -eq 2 ]
	[ "$(printf '%s\n' "$err" | head -n 1)" = "cs-fetch import: unrecognized option '--bogus'" ]
	run_split cs-fetch
	[ "$status" -eq 2 ]
	run_split cs-fetch fetch
	[ "$status" -eq 2 ]
	[ "$(printf '%s\n' "$err" | head -n 1)" = "cs-fetch: unknown command 'fetch'" ]
}

@test "cs-fetch import: --help, --version" {
	run_split cs-fetch import --help
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	[[ "${out}" == "usage: cs-fetch import "* ]]
	run_split cs-fetch --help
	[ "$status" -eq 0 ]
	[[ "${out}" == *"cs-fetch import [options] [FILE ...]"* ]]
	run_split cs-fetch --version
	[ "$status" -eq 0 ]
	[[ "$out" == "cs-fetch "[0-9]* ]]
}

@test "cs-fetch import: a closed pipe ends quietly, a full disk does not" {
	for _ in $(seq 500); do cat "$F/twarc-raw.jsonl"; done >"$T/big.jsonl"
	run bash -c 'set -o pipefail; cs-fetch import "$1" 2>"$2" | head -n 1 >/dev/null' _ "$T/big.jsonl" "$T/err"
	[ "$status" -eq 0 ]
	[ ! -s "$T/err" ]
	run_split cs-fetch import --max 1 "$F/twcs.csv"
	[ "$status" -eq 0 ]
	run bash -c 'cs-fetch import "$1" >/dev/full' _ "$F/twarc-raw.jsonl"
	[ "$status" -eq 1 ]
	[[ "$output" == *"write error"* ]]
}

@test "cs-fetch import: JSON on a pipe is answered line by line" {
	mkfifo "$T/fifo"
	# The writer keeps the pipe open; the first page must come out first.
	(sed -n 1p "$F/twarc-raw.jsonl"; exec sleep 5) >"$T/fifo" 2>/dev/null &
	writer=$!
	cs-fetch import --format twarc <"$T/fifo" >"$T/out" 2>/dev/null &
	reader=$!
	for _ in $(seq 50); do
		[ "$(wc -l <"$T/out")" -eq 2 ] && break
		sleep 0.1
	done
	[ "$(wc -l <"$T/out")" -eq 2 ]
	kill "$writer" "$reader" 2>/dev/null || true
	wait "$reader" 2>/dev/null || true
}

@test "cs-fetch import: man page EXAMPLES" {
	cp "$F/twcs.csv" "$T/twcs.csv"
	cd "$T"
	# Every record is classified, the two with an empty text too.
	cs-fetch import twcs.csv 2>/dev/null | cs-classify > classified.ndjson
	[ "$(jq -r .class.category classified.ndjson | wc -l)" -eq 14 ]
	[ "$(jq -r 'select(.text == "") | .class.category' \
	    classified.ndjson | tr '\n' ' ')" = "other other " ]
	cs-fetch import --account ShopCare --since 2026-11-01T00:00:00Z \
	    twcs.csv > shopcare.ndjson 2>/dev/null || [ $? -eq 1 ]
	[ "$(wc -l <shopcare.ndjson)" -eq 4 ]
	# twarc2 mentions AcmeHelp, from its saved output.
	cat "$F/twarc-raw.jsonl" |
	    cs-fetch import --account AcmeHelp --format twarc |
	    jq -r 'select(.direction == "in") | .url' >urls
	[ "$(wc -l <urls)" -eq 3 ]
	[ "$(head -n 1 urls)" = https://x.com/janedoe/status/1800000000000000123 ]
	rc=0
	cs-fetch import --rejects bad.csv twcs.csv > records.ndjson 2>/dev/null || rc=$?
	[ "$rc" -eq 1 ]
	[ "$(wc -l <bad.csv)" -eq 1 ]
	[ "$(wc -l <records.ndjson)" -eq 14 ]
	run bash -c "cs-fetch import twcs.csv 2>/dev/null | jq -s 'group_by(.conversation_id) | length'"
	[ "$output" -eq 6 ]
}

# The public corpus (../shared): the first 5,000 rows of the Kaggle set.
@test "cs-fetch import: twcs-head5000.csv, 5000 records, threads right" {
	need_shared corpora/tweets
	csv=$CS_SHARED/corpora/tweets/twcs-head5000.csv
	run_split cs-fetch import "$csv"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	[ "$(wc -l <"$T/stdout")" -eq 5000 ]
	# Every reply whose parent is in the file points at that record, and
	# shares its conversation.
	run jq -n -r '[inputs] | INDEX(.id) as $by
	    | [.[] | select(.in_reply_to != null and $by[.in_reply_to] != null)] as $r
	    | [($r | length), ($r | map(select($by[.in_reply_to].conversation_id != .conversation_id)) | length),
	       ([.[] | .conversation_id] | unique | length),
	       ([.[] | select(.in_reply_to != null and $by[.in_reply_to] == null)] | length),
	       ([.[] | select(.account == null)] | length)] | @tsv' "$T/stdout"
	[ "$output" = "$(printf '3688\t0\t1312\t6\t0')" ]
	# A root's conversation_id is its own id.
	run jq -r 'select(.in_reply_to == null and .conversation_id != .id) | .id' "$T/stdout"
	[ -z "$output" ]
}

@test "cs-fetch import: twcs-head5000.csv, the bare-CR row intact" {
	need_shared corpora/tweets
	command -v python3 >/dev/null || skip "needs python3"
	csv=$CS_SHARED/corpora/tweets/twcs-head5000.csv
	cs-fetch import "$csv" >"$T/out"
	jq -r 'select(.text | test("\r")) | .id' "$T/out" >"$T/ids"
	[ "$(cat "$T/ids")" = 3399 ]
	jq -j 'select(.id == "3399") | .text' "$T/out" >"$T/ours"
	# Python's csv module ends a row at a bare CR outside quotes, so the
	# bare CRs are masked before it reads the file and restored after.
	python3 - "$csv" "$T/theirs" <<'EOF'
import csv, io, re, sys
data = open(sys.argv[1], encoding="utf-8", newline="").read()
data = re.sub("\r(?!\n)", "\0", data)
for row in csv.DictReader(io.StringIO(data, newline="")):
    if row["tweet_id"] == "3399":
        open(sys.argv[2], "w", encoding="utf-8", newline="").write(
            row["text"].replace("\0", "\r"))
EOF
	cmp "$T/ours" "$T/theirs"
	grep -q $'\r\r' "$T/ours"
	# And the whole corpus agrees with Python's reading, text for text.
	python3 - "$csv" "$T/out" <<'EOF'
import csv, io, json, re, sys
data = re.sub("\r(?!\n)", "\0", open(sys.argv[1], encoding="utf-8", newline="").read())
rows = list(csv.DictReader(io.StringIO(data, newline="")))
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(rows) == len(recs) == 5000
for row, rec in zip(rows, recs):
    assert rec["id"] == row["tweet_id"]
    assert rec["text"] == row["text"].replace("\0", "\r"), rec["id"]
    assert rec["direction"] == ("in" if row["inbound"] == "True" else "out")
EOF
}

@test "cs-fetch import: --strict writes the inputs before a failed one" {
	printf 'hello\n' >"$T/bad.txt"
	run_split cs-fetch import --strict "$F/twarc-flat.jsonl" "$T/bad.txt" "$F/x-page.json"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-fetch: $T/bad.txt:1: cannot tell the format: use --format" ]
	[ "$(wc -l <"$T/stdout")" -eq 4 ]
	run_split cs-fetch import "$F/twarc-flat.jsonl" "$T/bad.txt" "$F/x-page.json"
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$T/stdout")" -eq 7 ]
}
