#!/usr/bin/env bats
# cs-classify: categories, sentiment, language, urgency, entities and
# personal data, the rules and lexicon options, and the error paths.

load common

IN=$DATA/classify/basic.ndjson
D=$DATA/classify

@test "cs-classify: golden output for every category in en, es and ca" {
	cs-classify "$IN" >"$T/out"
	golden classify/basic.ndjson "$T/out"
}

@test "cs-classify: every record keeps its fields and gets a class" {
	cs-classify "$IN" >"$T/out"
	[ "$(wc -l <"$T/out")" -eq "$(wc -l <"$IN")" ]
	jq -c 'del(.class)' "$T/out" | diff <(jq -c . "$IN") -
	[ "$(jq -s 'map(select(.class.category and .class.lang.code)) | length' \
	    "$T/out")" -eq "$(wc -l <"$IN")" ]
}

@test "cs-classify: the plain cases are right" {
	cs-classify "$IN" | jq -r '[.id, .class.category, .class.lang.code] |
	    join(" ")' >"$T/got"
	cat >"$T/want" <<-'END'
	1 shipping en
	2 shipping es
	3 shipping ca
	4 complaint en
	5 complaint es
	6 complaint ca
	7 returns en
	8 returns es
	9 returns ca
	10 payment en
	11 payment es
	12 payment ca
	13 info en
	14 info es
	15 info ca
	16 product en
	17 product es
	18 product ca
	19 account en
	20 account es
	21 account ca
	22 praise en
	23 praise es
	24 praise ca
	25 complaint en
	26 shipping en
	27 other en
	28 other und
	END
	diff "$T/want" "$T/got"
}

@test "cs-classify: personal data is located, never copied" {
	cs-classify "$IN" >"$T/out"
	jq -c 'select(.class.pii != []) | [.id, .class.pii]' "$T/out" >"$T/got"
	cat >"$T/want" <<-'END'
	["10",[{"type":"card","span":[34,53]}]]
	["11",[{"type":"iban","span":[40,69]}]]
	["17",[{"type":"phone","span":[46,57]},{"type":"email","span":[71,92]}]]
	["19",[{"type":"phone","span":[47,64]}]]
	END
	diff "$T/want" "$T/got"
	# The span, in code points, is the card number itself.
	[ "$(jq -r 'select(.id == "10") | .text[34:53]' "$T/out")" = \
	    "4111 1111 1111 1111" ]
	! jq -c '.class' "$T/out" | grep -q -e 4111 -e ES91
}

@test "cs-classify: urgency and its cues" {
	cs-classify "$IN" | jq -c 'select(.class.urgent) | [.id, .class.cues]' \
	    >"$T/got"
	cat >"$T/want" <<-'END'
	["4",["repeat-contact"]]
	["5",["repeat-contact","threat"]]
	["6",["repeat-contact"]]
	["10",["explicit"]]
	["12",["explicit"]]
	["25",["safety","shouting"]]
	END
	diff "$T/want" "$T/got"
}

@test "cs-classify: re-running on its own output gives the same output" {
	cs-classify "$IN" >"$T/once"
	cs-classify "$T/once" >"$T/twice"
	diff "$T/once" "$T/twice"
}

@test "cs-classify: standard input, '-' and several files" {
	cs-classify <"$IN" >"$T/a"
	cs-classify - <"$IN" >"$T/b"
	diff "$T/a" "$T/b"
	cs-classify "$IN" - "$IN" <"$IN" >"$T/c"
	[ "$(wc -l <"$T/c")" -eq $(($(wc -l <"$IN") * 3)) ]
}

@test "cs-classify: missing 'text' is rejected, the other lines still out" {
	run_split cs-classify "$D/missing.ndjson"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $D/missing.ndjson:2: missing field 'text'" ]
	[ "$(jq -r .id "$T/stdout" | tr '\n' ' ')" = "1 3 " ]
}

@test "cs-classify: empty text (a post with only media) is classified" {
	printf '%s\n' '{"id":"1","text":"","lang":"en","media":["a.jpg"]}' \
	    '{"id":"2","text":7}' '{"id":"3","text":null}' >"$T/in"
	run_split cs-classify "$T/in"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $T/in:2: field 'text' is not a string
cs-classify: $T/in:3: missing field 'text'" ]
	[ "$(jq -c '[.id, .class.category, .class.lang.code,
	    .class.sentiment.label, .class.urgent, .class.cues,
	    .class.pii]' "$T/stdout")" = \
	    '["1","other","und","neutral",false,[],[]]' ]
	jq -c 'del(.class)' "$T/stdout" | diff <(sed -n 1p "$T/in") -
	cs-classify --redact "$T/in" 2>/dev/null | diff "$T/stdout" -
	# The other tools still want a non-empty id.
	echo '{"id":"","text":""}' >"$T/noid"
	run_split cs-classify "$T/noid"
	[ "$status" -eq 0 ]
	echo '{"id":"","created_at":"2026-11-01T09:30:00Z"}' >"$T/noid"
	run_split cs-prioritize "$T/noid"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-prioritize: $T/noid:1: field 'id' is empty" ]
}

@test "cs-classify: --redact replaces the personal data of the text" {
	cs-classify --redact "$IN" >"$T/red"
	cs-classify "$IN" >"$T/plain"
	# Only the records with personal data change, in text and class.
	diff <(jq -c 'select(.class.pii == [])' "$T/plain") \
	    <(jq -c 'select(.class.pii == [])' "$T/red")
	jq -r 'select(.class.pii != []) | [.id, .text] | join(" ")' \
	    "$T/red" >"$T/got"
	cat >"$T/want" <<-'END'
	10 You charged me twice!! My card is [card], fix it ASAP
	11 Me habéis cobrado dos veces. Mi IBAN es [iban]
	17 ¿Tenéis esta camiseta en talla L? Llamadme al [phone] o escribid a [email]
	19 I can't log in, forgot my password. Call me at [phone]
	END
	diff "$T/want" "$T/got"
	# The other fields and their order are kept.
	diff <(jq -c 'del(.text, .class)' "$T/plain") \
	    <(jq -c 'del(.text, .class)' "$T/red")
	diff <(jq -c 'keys_unsorted' "$T/plain") \
	    <(jq -c 'keys_unsorted' "$T/red")
	# Again on its own output: the same, and so is classifying it.
	cs-classify --redact "$T/red" | diff "$T/red" -
	cs-classify "$T/red" | diff "$T/red" -
	# "text" replaced where it stands, before the other fields.
	echo '{"text":"my DNI is 12345678Z","id":"x"}' | cs-classify --redact |
	    jq -e '.text == "my DNI is [dni]" and .id == "x" and
	    .class.pii == [{"type": "dni", "span": [10, 15]}]'
}

@test "cs-classify: classify.order_patterns, then a rules file's" {
	printf '{"id":"1","text":"ZA-12345678 and #123456"}\n' >"$T/in"
	printf '{"classify": {"order_patterns": ["ZA-N{8}"]}}\n' \
	    >"$T/config.json"
	cs-classify --config "$T/config.json" "$T/in" |
	    jq -e '.class.entities.order_ids == ["ZA-12345678"]'
	printf '{"order_patterns": ["default"]}\n' >"$T/rules.json"
	cs-classify --config "$T/config.json" --rules "$T/rules.json" "$T/in" |
	    jq -e '.class.entities.order_ids == ["123456"]'
	printf '{"classify": {"order_patterns": []}}\n' >"$T/none.json"
	cs-classify --config "$T/none.json" "$T/in" |
	    jq -e '.class.entities.order_ids == []'
	printf '{"classify": {"order_patterns": "#N{4}"}}\n' >"$T/bad.json"
	run_split cs-classify --config "$T/bad.json" "$T/in"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: configuration: classify.order_patterns must be a list of strings" ]
	printf '{"classify": {"order_patterns": ["N{2,1}"]}}\n' >"$T/bad.json"
	run_split cs-classify --config "$T/bad.json" "$T/in"
	[ "$status" -eq 1 ]
	[[ "$err" == "cs-classify: configuration: classify.order_patterns: order pattern 'N{2,1}': "* ]]
	[ -z "$out" ]
}

@test "cs-classify: --rejects keeps the bad line verbatim" {
	run_split cs-classify --rejects "$T/rej" "$D/missing.ndjson"
	[ "$status" -eq 1 ]
	sed -n 2p "$D/missing.ndjson" | diff - "$T/rej"
}

@test "cs-classify: --strict stops at the first bad line" {
	run_split cs-classify --strict "$D/missing.ndjson"
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$T/stdout")" -eq 1 ]
}

@test "cs-classify: --max-line rejects a longer line" {
	{
		echo '{"text":"short"}'
		printf '{"text":"%0200d"}\n' 0
		echo '{"text":"short"}'
	} >"$T/in"
	run_split cs-classify --max-line 100 "$T/in"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $T/in:2: line longer than 100 bytes" ]
	[ "$(wc -l <"$T/stdout")" -eq 2 ]
}

@test "cs-classify: --rules adds a category, removes one, adds a cue" {
	cs-classify --rules "$D/user-rules.json" "$D/rules.ndjson" >"$T/out"
	jq -r '[.id, .class.category, (.class.cues | join(","))] | join(" ")' \
	    "$T/out" >"$T/got"
	printf '1 warranty press\n2 warranty \n3 other \n' | diff - "$T/got"
	jq -e '.class.scores | has("warranty") and (has("praise") | not)' \
	    "$T/out" >/dev/null
	[ "$(jq -r '.class.scores | keys_unsorted | last' "$T/out" | uniq)" = \
	    other ]
}

@test "cs-classify: CS_RULES and classify.rules, flags first" {
	CS_RULES=$D/user-rules.json cs-classify "$D/rules.ndjson" >"$T/env"
	cs-classify --rules "$D/user-rules.json" "$D/rules.ndjson" >"$T/flag"
	diff "$T/flag" "$T/env"
	printf '{"classify": {"rules": "%s"}}\n' "$D/user-rules.json" \
	    >"$T/config.json"
	cs-classify --config "$T/config.json" "$D/rules.ndjson" >"$T/cfg"
	diff "$T/flag" "$T/cfg"
	# The configuration's file in the default place.
	mkdir -p "$XDG_CONFIG_HOME/cs"
	cp "$T/config.json" "$XDG_CONFIG_HOME/cs/config.json"
	cs-classify "$D/rules.ndjson" >"$T/xdg"
	diff "$T/flag" "$T/xdg"
	# A flag wins over the environment: a bad CS_RULES is not read.
	CS_RULES=/nonexistent cs-classify --rules "$D/user-rules.json" \
	    "$D/rules.ndjson" >"$T/both"
	diff "$T/flag" "$T/both"
}

@test "cs-classify: a bad rules file is an error naming it" {
	run_split cs-classify --rules "$D/bad-weight.json" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $D/bad-weight.json: categories.shipping.en: weight of 'where is' must be a number from 0 to 100" ]
	[ -z "$out" ]
	run_split cs-classify --rules "$D/bad-syntax.json" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $D/bad-syntax.json: invalid JSON at line 3, column 27" ]
	run_split cs-classify --rules "$T/nonexistent.json" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: rules: $T/nonexistent.json: No such file or directory" ]
	CS_RULES=$D/bad-weight.json run_split cs-classify "$IN"
	[ "$status" -eq 1 ]
	[[ "$err" == *"bad-weight.json: categories.shipping.en"* ]]
}

@test "cs-classify: --lexicon LANG=FILE adds to a language's lexicon" {
	echo '{"text":"the parcel is here"}' >"$T/in"
	cs-classify "$T/in" | jq -e '.class.sentiment.label == "neutral"'
	cs-classify --lexicon "en=$D/lexicon-en.txt" "$T/in" |
	    jq -e '.class.sentiment.label == "positive"'
	printf '{"classify": {"lexicons": {"en": "%s"}}}\n' \
	    "$D/lexicon-en.txt" >"$T/config.json"
	cs-classify --config "$T/config.json" "$T/in" |
	    jq -e '.class.sentiment.label == "positive"'
}

@test "cs-classify: a bad lexicon is an error" {
	run_split cs-classify --lexicon "en=$D/bad-lexicon.txt" "$IN"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $D/bad-lexicon.txt:1: valence must be a number from -4 to 4" ]
	run_split cs-classify --lexicon "en" "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-classify: bad --lexicon value 'en': expected LANG=FILE" ]
	run_split cs-classify --lexicon "english=$D/lexicon-en.txt" "$IN"
	[ "$status" -eq 2 ]
}

@test "cs-classify: the network's language is only a hint" {
	echo '{"text":"ok","lang":"ca"}' | cs-classify |
	    jq -e '.class.lang.code == "ca"'
	echo '{"text":"¿Dónde está mi pedido?","lang":"en"}' | cs-classify |
	    jq -e '.class.lang.code == "es"'
}

@test "cs-classify: --help, --version, bad usage" {
	run_split cs-classify --help
	[ "$status" -eq 0 ]
	[[ "$out" == "usage: cs-classify "* ]]
	[ -z "$err" ]
	run_split cs-classify -h
	[ "$status" -eq 0 ]
	run_split cs-classify --version
	[ "$status" -eq 0 ]
	[[ "$out" =~ ^cs-classify\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	run_split cs-classify -V
	[ "$status" -eq 0 ]
	run_split cs-classify --bogus
	[ "$status" -eq 2 ]
	[ -z "$out" ]
	[[ "$err" == *"usage: cs-classify "* ]]
	run_split cs-classify -x
	[ "$status" -eq 2 ]
	run_split cs-classify --rules
	[ "$status" -eq 2 ]
	run_split cs-classify --max-line nope "$IN"
	[ "$status" -eq 2 ]
}

@test "cs-classify: an unreadable input file is reported, exit 1" {
	run_split cs-classify "$T/nonexistent.ndjson" "$IN"
	[ "$status" -eq 1 ]
	[[ "$err" == *"nonexistent.ndjson"* ]]
	[ "$(wc -l <"$T/stdout")" -eq "$(wc -l <"$IN")" ]
}

@test "cs-classify: the man page's examples run" {
	cs-classify "$IN" | jq -r 'select(.class.category == "shipping") |
	    .id' | tr '\n' ' ' | grep -qx '1 2 3 26 '
	cs-classify "$IN" | jq -c 'select(.class.urgent) | {id, cues: .class.cues}' |
	    head -n 1 | grep -qx '{"id":"4","cues":\["repeat-contact"\]}'
	cs-classify "$IN" | jq -r '.class.category' | sort | uniq -c |
	    awk '{ n += $1 } END { exit n != 28 }'
	# Masking personal data with the code point spans.
	cs-classify "$IN" | jq -r 'select(.class.pii != []) |
	    .text as $t | reduce .class.pii[] as $p ($t;
	    .[:$p.span[0]] + ("*" * ($p.span[1] - $p.span[0])) +
	    .[$p.span[1]:])' >"$T/masked"
	[ "$(wc -l <"$T/masked")" -eq 4 ]
	! grep -q -e 4111 -e ES91 -e 612 -e example.com -e 555 "$T/masked"
	grep -q '^You charged me twice!! My card is \*\{19\}, fix it ASAP$' \
	    "$T/masked"
	# The same with --redact.
	cs-classify --redact "$IN" >"$T/redacted"
	! grep -q -e 4111 -e ES91 -e 612 -e example.com -e 555 "$T/redacted"
	grep -q 'My card is \[card\], fix it ASAP' "$T/redacted"
	# Order numbers of one's own shape.
	echo '{"order_patterns": ["default", "ZA-N{8}"]}' >"$T/orders.json"
	echo '{"text":"order ZA-12345678, not #123456"}' |
	    cs-classify --rules "$T/orders.json" |
	    jq -r '.class.entities.order_ids[]' | tr '\n' ' ' |
	    grep -qx 'ZA-12345678 123456 '
	# A category of one's own.
	printf '%s\n' '{"categories": {"warranty": {"en": {"warranty": 5},' \
	    '"es": {"garantía": 5}, "ca": {"garantia": 5}}}}' >"$T/w.json"
	echo '{"text":"la garantia és de dos anys?"}' |
	    cs-classify --rules "$T/w.json" |
	    jq -e '.class.category == "warranty"'
}
