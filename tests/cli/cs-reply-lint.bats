#!/usr/bin/env bats
# cs-reply lint: the checks of template files, and the same safety rule
# when cs-reply loads a file.  Fixtures in tests/data/reply/lint.

load common

L=$DATA/reply/lint

setup() {
	printf '%s\n' '{"id":"1","network":"x","text":"my card was charged twice","author":{"handle":"ana"},"class":{"category":"payment","lang":{"code":"en"}}}' >"$T/in.ndjson"
}

@test "cs-reply lint: the built-in templates have no errors and no warnings" {
	run_split cs-reply lint --strict
	[ "$status" -eq 0 ]
	[ -z "$out" ]
	[ -z "$err" ]
	run_split cs-reply lint --json
	[ "$status" -eq 0 ]
	[ -z "$out" ]
	# At the old 140 limit of X the richest variants are never used,
	# but every list still has one that fits.
	run_split cs-reply lint --limit x=140
	[ "$status" -eq 0 ]
	[[ "$err" == *"never used"* ]]
	[[ "$err" == *"cs-reply: 0 errors, "* ]]
}

@test "cs-reply lint: asking for a card number is refused, in en, es and ca" {
	for lang in en es ca; do
		run_split cs-reply lint "$L/card-$lang.json"
		[ "$status" -eq 1 ]
		[[ "$err" == *"cs-reply: $L/card-$lang.json: template payment.$lang.1: asks for a card number in public"* ]]
		[[ "$err" == *"1 error, 0 warnings"* ]]
	done
}

@test "cs-reply lint: such a file is refused on load too, naming the template" {
	for lang in en es ca; do
		cp "$L/card-$lang.json" "$T/replies.json"
		cd "$T"
		run_split cs-reply --templates replies.json in.ndjson
		[ "$status" -eq 1 ]
		[ -z "$out" ]
		[ "$err" = "cs-reply: replies.json: template payment.$lang.1: asks for a card number in public" ]
		CS_TEMPLATES=replies.json run_split cs-reply in.ndjson
		[ "$status" -eq 1 ]
		[ -z "$out" ]
		[[ "$err" == *"template payment.$lang.1: asks for a card number"* ]]
	done
}

@test "cs-reply lint: saying not to share secrets, or to send them by DM, is fine" {
	run_split cs-reply lint --strict "$L/safe.json"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	run_split cs-reply --templates "$L/safe.json" "$T/in.ndjson"
	[ "$status" -eq 0 ]
	[ "$(jq -r .reply.template <<<"$out")" = "payment.en.1" ]
	[[ "$(jq -r .reply.text <<<"$out")" == *"Never post your card number here"* ]]
}

@test "cs-reply lint: every unknown variable is an error" {
	run_split cs-reply lint "$L/vars.json"
	[ "$status" -eq 1 ]
	[[ "$err" == *"template info.en.1: unknown variable '{{ordr}}'"* ]]
	[[ "$err" == *"template info.en.2: unknown variable '{{email}}'"* ]]
	[[ "$err" == *"2 errors, 0 warnings"* ]]
}

@test "cs-reply lint: other load errors are reported" {
	run_split cs-reply lint "$L/broken.json"
	[ "$status" -eq 1 ]
	[[ "$err" == *"broken.json: template info.en.1: no '{{agent}}' signature"* ]]
	printf '{"templates": ' >"$T/bad.json"
	run_split cs-reply lint "$T/bad.json"
	[ "$status" -eq 1 ]
	[[ "$err" == *"bad.json: invalid JSON at byte"* ]]
}

@test "cs-reply lint: shouting and missing thanks are warnings; --strict makes them errors" {
	run_split cs-reply lint "$L/style.json"
	[ "$status" -eq 0 ]
	[[ "$err" == *"template info.en.1: warning: shouts ('URGENT')"* ]]
	[[ "$err" == *"template info.en.2: warning: shouts ('!!')"* ]]
	[[ "$err" == *"template info.en.3: warning: does not thank the customer"* ]]
	[[ "$err" == *"template info.es.1: warning: does not thank the customer"* ]]
	[[ "$err" == *"template info.ca.1: warning: does not thank the customer"* ]]
	[[ "$err" != *"info.en.1: warning: does not thank"* ]]
	[[ "$err" == *"0 errors, 6 warnings"* ]]
	run_split cs-reply lint --strict "$L/style.json"
	[ "$status" -eq 1 ]
	# Warnings do not stop a file from loading.
	run_split cs-reply --templates "$L/style.json" "$T/in.ndjson"
	[ "$status" -eq 0 ]
}

@test "cs-reply lint: missing languages" {
	run_split cs-reply lint "$L/languages.json"
	[ "$status" -eq 0 ]
	[[ "$err" == *"category warranty: warning: no templates in es"* ]]
	[[ "$err" == *"category warranty: warning: no templates in ca"* ]]
	[[ "$err" == *"category info: warning: no templates in ca"* ]]
	[[ "$err" != *"warranty: warning: no templates in en"* ]]
}

@test "cs-reply lint: lengths with the longest plausible values, per network" {
	run_split cs-reply lint "$L/long.json"
	[ "$status" -eq 1 ]
	[[ "$err" == *"template info.en.1: warning: is 355 long on Bluesky with the longest values (limit 300), and no plainer variant after it fits"* ]]
	[[ "$err" == *"template info.en.2: is 301 long on Bluesky with the longest values (limit 300), and it is the plainest variant: some messages would get no reply"* ]]
	run_split cs-reply lint --limit bluesky=300,x=300 "$L/long.json"
	[ "$status" -eq 1 ]
	run_split cs-reply lint --limit x=140 "$L/long.json"
	[[ "$err" == *"info.en.2: is "*" long on X with the longest values (limit 140)"* ]]
	# Mastodon's 500 leaves room for all.
	[[ "$err" != *Mastodon* ]]
	run_split cs-reply lint --limit mastodon=100 "$L/long.json"
	[[ "$err" == *"long on Mastodon with the longest values (limit 100)"* ]]
}

@test "cs-reply lint: the dm flag must match the text" {
	run_split cs-reply lint "$L/dm.json"
	[ "$status" -eq 0 ]
	[[ "$err" == *"template info.en.1: warning: moves to direct messages without \"dm\": true"* ]]
	[[ "$err" == *"template info.en.2: warning: has \"dm\": true but does not mention a direct message"* ]]
}

@test "cs-reply lint: the man page's example file" {
	run_split cs-reply lint "$L/example.json"
	[ "$status" -eq 0 ]
	[ "$err" = "cs-reply: $L/example.json: category shipping: warning: no templates in es
cs-reply: 0 errors, 1 warning" ]
}

@test "cs-reply lint: files go on top of each other, as --templates loads them" {
	# The second puts back the Catalan info replies the first removed.
	printf '{"templates":{"info":{"ca":["Gràcies, @{{handle}}! — {{agent}}"]}}}' >"$T/ca.json"
	run_split cs-reply lint "$L/languages.json" "$T/ca.json"
	[ "$status" -eq 0 ]
	[[ "$err" == *"languages.json: category info: warning: no templates in ca"* ]]
	[[ "$err" != *"ca.json: category info"* ]]
	[[ "$err" == *"0 errors, 3 warnings"* ]]
}

@test "cs-reply lint: --json writes one object a problem" {
	run_split cs-reply lint --json "$L/card-es.json" "$L/style.json"
	[ "$status" -eq 1 ]
	[ -z "$err" ]
	[ "$(wc -l <"$T/stdout")" -eq 7 ]
	run jq -r 'select(.severity == "error") | [.file, .where, .rule, .message] | @tsv' "$T/stdout"
	[ "$output" = "$L/card-es.json	template payment.es.1	secret	asks for a card number in public" ]
	run jq -r 'select(.severity == "warning") | .rule' "$T/stdout"
	[ "$(sort -u <<<"$output" | tr '\n' ' ')" = "shouting thanks " ]
}

@test "cs-reply lint: exit statuses" {
	run_split cs-reply lint --help
	[ "$status" -eq 0 ]
	[[ "$out" == "usage: cs-reply lint "* ]]
	run_split cs-reply lint --bogus
	[ "$status" -eq 2 ]
	[[ "$err" == *"usage: cs-reply lint"* ]]
	run_split cs-reply lint --limit x=0
	[ "$status" -eq 2 ]
	[[ "$err" == *"bad --limit value 'x=0'"* ]]
	run_split cs-reply lint "$T/missing.json"
	[ "$status" -eq 1 ]
	[[ "$err" == *"missing.json"* ]]
	# The usage of cs-reply shows the subcommand.
	run_split cs-reply --help
	[[ "$out" == *"cs-reply lint ["* ]]
}
