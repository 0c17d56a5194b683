#!/usr/bin/env bats
# The claims of SECURITY.md that no other test file checks: the network
# tools write no core file and hide their memory and environment; the
# state database is owner-only even when it was not made so; TLS
# certificates are always verified and redirects never followed; no tool
# starts a shell or another program.  (Secrets out of argv, output, logs
# and the state, the credentials file's mode, hostile display names: see
# the cs-fetch-*, cs-reply* and pipeline tests.)

load common

SECRET=tok-S-5ecret-77e1a0

teardown() {
	if [ -n "${SRV_PID:-}" ]; then
		kill "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
	fi
}

# server MODE: a one-file HTTP(S) server on 127.0.0.1 (python3), logging
# each request's path to $T/srv.log; sets SRV_PID and PORT.  MODE tls: a
# self-signed certificate for localhost, every GET answered 200; MODE
# redirect: every GET answered 302 to /stolen on the same server.
server() {
	cat >"$T/srv.py" <<-'EOF'
	import http.server, ssl, sys
	mode, log, portfile = sys.argv[1:4]
	class H(http.server.BaseHTTPRequestHandler):
	    def do_GET(self):
	        with open(log, "a") as f:
	            f.write(self.path + " auth=" +
	                ("yes" if self.headers.get("Authorization") else "no") +
	                "\n")
	        if mode == "redirect":
	            self.send_response(302)
	            self.send_header("Location", "/stolen")
	            self.send_header("Content-Length", "0")
	        else:
	            self.send_response(200)
	            self.send_header("Content-Type", "application/json")
	            self.send_header("Content-Length", "2")
	        self.end_headers()
	        if mode != "redirect":
	            self.wfile.write(b"{}")
	    def log_message(self, *a):
	        pass
	srv = http.server.HTTPServer(("127.0.0.1", 0), H)
	if mode == "tls":
	    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
	    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
	    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
	with open(portfile + ".tmp", "w") as f:
	    f.write(str(srv.server_address[1]))
	import os
	os.rename(portfile + ".tmp", portfile)
	srv.serve_forever()
	EOF
	: >"$T/srv.log"
	python3 "$T/srv.py" "$@" "$T/srv.log" "$T/port" "$T/cert.pem" \
	    "$T/key.pem" 2>"$T/srv.err" &
	SRV_PID=$!
	local i
	for i in $(seq 200); do
		[ -s "$T/port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$T/port")
}

@test "security: cs-fetch and cs-reply keep their memory out of core files and /proc" {
	no_valgrind "another user's process"
	local as=() t pid
	# /proc/PID/environ of a non-dumpable process belongs to root, not
	# to the process's user: run the tools as nobody when we are root.
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "needs setpriv"
		as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	for t in "cs-fetch import" "cs-reply"; do
		# Standard input stays open while we look at the process.
		sleep 3 | env HOME=/nonexistent XDG_CONFIG_HOME= \
		    XDG_STATE_HOME= \
		    CS_X_BEARER_TOKEN=$SECRET "${as[@]}" $CS_BIN/$t \
		    >/dev/null 2>"$T/err" &
		pid=$!
		sleep 0.5
		kill -0 "$pid"
		grep -E '^Max core file size +0 +0 ' /proc/$pid/limits
		[ "$(stat -c %u /proc/$pid/environ)" -eq 0 ]
		wait "$pid" || true
	done
	# The check means something: an ordinary process is dumpable.
	sleep 3 | "${as[@]}" cat >/dev/null &
	pid=$!
	sleep 0.5
	[ "$(stat -c %u /proc/$pid/environ)" -ne 0 ]
	wait "$pid" || true
}

@test "security: a state database open to others is made owner-only" {
	db=$T/state.db
	echo '{"id":"1","created_at":"2026-11-23T09:00:00Z","text":"hi"}' >"$T/in"
	cs-prioritize --state "$db" --now 2026-11-23T10:00:00Z "$T/in" >/dev/null
	[ "$(stat -c %a "$db")" = 600 ]
	chmod 644 "$db"
	cs-prioritize --state "$db" --now 2026-11-23T10:00:00Z "$T/in" >/dev/null
	[ "$(stat -c %a "$db")" = 600 ]
	# Someone else's file is left alone (and still opened, if allowed).
	if [ "$(id -u)" -eq 0 ]; then
		chmod 644 "$db"
		chown 65534 "$db"
		cs-prioritize --state "$db" --now 2026-11-23T10:00:00Z "$T/in" >/dev/null
		[ "$(stat -c %a "$db")" = 644 ]
	fi
}

@test "security: a TLS certificate that does not verify is refused, the token unsent" {
	command -v openssl >/dev/null || skip "needs openssl"
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost \
	    -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 2>/dev/null
	server tls
	CS_MASTODON_TOKEN=$SECRET run_split timeout 60 cs-fetch mastodon \
	    --api-base "https://localhost:$PORT" --retries 0
	[ "$status" -eq 1 ]
	[[ $err == *"certificate"* ]]
	[[ $err != *"$SECRET"* ]]
	[ ! -s "$T/srv.log" ]
}

@test "security: a redirect is never followed (it would carry the token elsewhere)" {
	server redirect
	# Plain http to loopback never goes through a proxy (port 1: none
	# listens), which would see the token in clear.
	http_proxy=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 \
	    CS_MASTODON_TOKEN=$SECRET run_split timeout 60 cs-fetch mastodon \
	    --api-base "http://127.0.0.1:$PORT" --retries 0
	[ "$status" -eq 1 ]
	[[ $err == *"HTTP 302"* ]]
	[ "$(wc -l <"$T/srv.log")" -eq 1 ]
	! grep -q stolen "$T/srv.log"
	# And plain http goes to loopback only.
	CS_MASTODON_TOKEN=$SECRET run_split cs-fetch mastodon \
	    --api-base "http://example.com"
	[ "$status" -eq 2 ]
	[[ $err == *"plain http:// is only allowed to 127.0.0.1"* ]]
}

@test "security: no tool starts a shell or another program" {
	# No system(3), popen(3), exec*(3), fork(2) or posix_spawn(3) in the
	# tools: user data can never reach a shell.
	run grep -nE '\b(system|popen|exec[lv]p?e?|fork|vfork|posix_spawnp?)[[:space:]]*\(' \
	    "$CS_ROOT"/lib/*.c "$CS_ROOT"/lib/*.h "$CS_ROOT"/cmd/*.c
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}
