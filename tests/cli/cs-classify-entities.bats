#!/usr/bin/env bats
# cs-classify's entities, personal data and urgency cues: tracking numbers
# of each carrier with their check digits, order numbers, cards, accounts,
# identity numbers and passwords, and the cues of lib/data/cues.json in
# English, Spanish and Catalan, --redact and order patterns from a rules
# file.

load common

IN=$DATA/classify/entities.ndjson
CUES=$CS_ROOT/lib/data/cues.json

# The parts of the class object these tests are about.
mine() {
	jq -c '{id, entities: .class.entities, pii: .class.pii,
	    cues: .class.cues}'
}

@test "cs-classify entities: golden tracking, orders, pii and cues" {
	cs-classify --rules "$CUES" "$IN" | mine >"$T/out"
	golden classify/entities.ndjson "$T/out"
}

@test "cs-classify entities: tracking numbers and their carriers" {
	cs-classify "$IN" | jq -r 'select(.class.entities.tracking != []) |
	    [.id, (.class.entities.tracking | map(.carrier + ":" + .number) |
	    join(","))] | join(" ")' >"$T/got"
	cat >"$T/want" <<-'END'
	1 ups:1Z5R89390357567127
	2 correos:RR123456785ES
	3 usps:9400111201080805483016
	4 fedex:986578788855
	5 dhl:3318810025
	6 seur:12345678
	7 nacex:88881234
	8 amazon:TBA566517950000
	9 gls:291417776315
	END
	diff "$T/want" "$T/got"
}

@test "cs-classify entities: order numbers, built-in patterns" {
	cs-classify "$IN" | jq -r 'select(.class.entities.order_ids != []) |
	    [.id, (.class.entities.order_ids | join(","))] | join(" ")' \
	    >"$T/got"
	cat >"$T/want" <<-'END'
	8 111-5014070-4118645
	9 123456
	10 7654321,404-9266355-4116356
	29 55555
	END
	diff "$T/want" "$T/got"
}

@test "cs-classify entities: personal data where the spans say, never copied" {
	cs-classify "$IN" >"$T/out"
	jq -r '.text as $t | .class.pii[] |
	    [.type, $t[.span[0]:.span[1]]] | join(" ")' "$T/out" >"$T/got"
	cat >"$T/want" <<-'END'
	card 4111 1111 1111 1111
	iban ES91 2100 0418 4502 0005 1332
	dni 12345678Z
	nie X1234567L
	password hunter2
	password Perro123
	password Gos_2023
	email ana.perez@example.com
	phone +34 612 345 678
	password 9876
	END
	diff "$T/want" "$T/got"
	! jq -c '.class' "$T/out" | grep -q -e 4111 -e ES91 -e 0200051332 \
	    -e 12345678Z -e X1234567L -e hunter2 -e Perro123 -e Gos_2023 \
	    -e 9876
}

@test "cs-classify entities: urgency cues in en, es and ca" {
	cs-classify --rules "$CUES" "$IN" | jq -r 'select(.class.urgent) |
	    [.id, (.class.cues | join(","))] | join(" ")' >"$T/got"
	cat >"$T/want" <<-'END'
	4 repeat-contact
	5 repeat-contact
	6 repeat-contact
	18 threat
	19 threat
	20 threat,safety
	21 safety
	22 safety
	26 explicit
	27 explicit
	28 explicit
	END
	diff "$T/want" "$T/got"
}

@test "cs-classify entities: cashtags, exactly as twitter-text" {
	cs-classify "$IN" >"$T/out"
	[ "$(jq -c 'select(.id == "23") | .class.entities |
	    [.cashtags, .hashtags, .mentions, .urls]' "$T/out")" = \
	    '[["AMZN"],["fail"],["ShopCare"],["https://example.com/x"]]' ]
}

@test "cs-classify entities: --redact leaves tags and keeps the pii list" {
	cs-classify --redact "$IN" >"$T/red"
	[ "$(wc -l <"$T/red")" -eq "$(wc -l <"$IN")" ]
	! grep -q -e 4111 -e ES91 -e 0200051332 -e 12345678Z -e X1234567L \
	    -e hunter2 -e Perro123 -e Gos_2023 -e ana.perez -e '612 345' \
	    "$T/red"
	# Each span now covers its tag, in the text as stored.
	[ "$(jq -r '.text as $t | .class.pii[] |
	    $t[.span[0]:.span[1]] == "[" + .type + "]"' "$T/red" |
	    sort -u)" = true ]
	[ "$(jq -r 'select(.id == "17") | .text' "$T/red")" = \
	    "Email me at [email] or call me on [phone]" ]
	jq -s -e 'all(.[]; .class.entities.emails == [] and
	    .class.entities.phones == [])' "$T/red" >/dev/null
	# The same types as without --redact.
	cs-classify "$IN" | jq -c '[.id, (.class.pii | map(.type))]' \
	    >"$T/types"
	jq -c '[.id, (.class.pii | map(.type))]' "$T/red" | diff "$T/types" -
	# Again on its own output: the same.
	cs-classify --redact "$T/red" | diff "$T/red" -
}

@test "cs-classify entities: order patterns from a rules file" {
	printf '{"order_patterns": ["default", "ZA-N{8}"]}\n' >"$T/rules.json"
	printf '{"id":"1","text":"ZA-12345678 and #123456"}\n' >"$T/in"
	run_split cs-classify --rules "$T/rules.json" "$T/in"
	[ "$status" -eq 0 ]
	[ "$(jq -c .class.entities.order_ids "$T/stdout")" = \
	    '["ZA-12345678","123456"]' ]
	printf '{"order_patterns": ["ZA-N{8}"]}\n' >"$T/only.json"
	cs-classify --rules "$T/only.json" "$T/in" |
	    jq -e '.class.entities.order_ids == ["ZA-12345678"]'
	printf '{"order_patterns": ["AAAA"]}\n' >"$T/bad.json"
	run_split cs-classify --rules "$T/bad.json" "$T/in"
	[ "$status" -eq 1 ]
	[[ "$err" == *"order pattern 'AAAA': needs a digit (N)"* ]]
}
