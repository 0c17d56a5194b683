#!/usr/bin/env python3
"""A fake X API v2 for the cs-fetch tests: GET /2/users/by/username/:u,
GET /2/users/:id/mentions and GET /2/tweets/search/recent, as described in
../shared/api/APIS.md section 1: bearer auth with the 401 problem body,
fields and expansions served only when asked for, max_results bounds with
the 400 invalid-request body, since_id/until_id/start_time/end_time,
next_token paging, the 800-post mentions window, x-rate-limit-* headers
and the 429 problem body, and the scripted faults of fakecore.

Scenario keys (all optional):
    token       the bearer token expected ("test-x-token")
    account     our handle ("ShopCare"); user_id our id
    mentions    how many mentions exist at start (25)
    search      how many posts the recent search finds (0)
    window      how many newest mentions are reachable (800)
    own_every   every n-th mention is from our own account (0: none)
    rate_limit  x-rate-limit-limit (450); remaining counts down per request
    faults      see fakecore

Posting (POST /2/tweets, section 1.6): user context only, either an OAuth
2.0 user token (Authorization: Bearer, scenario "user_token") or OAuth
1.0a, whose HMAC-SHA1 signature is verified for real (RFC 5849: method,
base URL, the oauth_* and query parameters; a JSON body is not signed)
with the scenario's "consumer_key", "consumer_secret", "access_token" and
"access_token_secret", a timestamp within 5 minutes and a nonce never
seen before.  The app-only bearer gets X's 403 unsupported-authentication;
a bad or missing one the 401.  The body is checked as X's schema does (no
unknown properties, text, reply.in_reply_to_tweet_id of digits); the same
text twice is the 403 duplicate-content problem; success is 201 with
data.id, data.text and data.edit_history_tweet_ids.  Scenario
"deleted": ids whose reply gets X's 403 for a deleted post.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from urllib.parse import quote, unquote

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakecore  # noqa: E402

EPOCH_MS = 1288834974657
PROBLEMS = "https://api.twitter.com/2/problems/"

CUSTOMERS = [
    ("2900000001", "janedoe", "Jane Doe", 312, False),
    ("2900000002", "samk", "Sam K", 10450, True),
    ("2900000003", "marta_bcn", "Marta Puig", 88, False),
    ("2900000004", "luis.gz", "Luis & Co <shop>", 5021, False),
]
TEXTS = [
    ("@{a} order #{n} still hasn't shipped &amp; no reply", "en"),
    ("@{a} mi pedido {n} no ha llegado", "es"),
    ("@{a} on és la meva comanda {n}? 😠", "ca"),
    ("@{a} thanks, the reset worked! &lt;3 #{n}", "en"),
]


def snowflake(ms, seq):
    return ((ms - EPOCH_MS) << 22) | (seq & 0x3fffff)


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + \
        ".%03dZ" % (ms % 1000)


def parse_time(s):
    # YYYY-MM-DDTHH:mm:ssZ, second granularity, as X requires.
    import calendar
    t = time.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
    return calendar.timegm(t) * 1000


class X:
    def __init__(self, sc, fake):
        self.sc = sc
        self.fake = fake
        self.token = sc.get("token", "test-x-token")
        self.account = sc.get("account", "ShopCare")
        self.user_id = sc.get("user_id", "1500000000000000001")
        self.window = int(sc.get("window", 800))
        self.limit = int(sc.get("rate_limit", 450))
        self.own_every = int(sc.get("own_every", 0))
        self.user_token = sc.get("user_token", "test-x-user-token")
        self.nonces = set()
        self.seq = 0
        now = int(time.time() * 1000)
        self.mentions = []
        self.search = []
        n = int(sc.get("mentions", 25))
        for i in range(n):
            self.mentions.append(self.make(now - (n - i) * 60000, "m"))
        n = int(sc.get("search", 0))
        for i in range(n):
            self.search.append(self.make(now - (n - i) * 60000 - 7, "s"))

    def make(self, ms, kind):
        self.seq += 1
        i = self.seq
        tid = snowflake(ms, i)
        if self.own_every and i % self.own_every == 0 and kind == "m":
            user = (self.user_id, self.account, "Shop Care", 88210, True)
        else:
            user = CUSTOMERS[i % len(CUSTOMERS)]
        text, lang = TEXTS[i % len(TEXTS)]
        t = {
            "id": str(tid), "ms": ms, "user": user, "lang": lang,
            "text": text.format(a=self.account, n=4400 + i),
            "conversation_id": str(tid), "reply_to": None,
            "metrics": {"retweet_count": i % 3, "reply_count": i % 2,
                        "like_count": i % 5, "quote_count": i % 4,
                        "bookmark_count": 0, "impression_count": 10 * i},
        }
        if i % 3 == 0:
            parent = str(snowflake(ms - 3600000, i))
            t["conversation_id"] = parent
            t["reply_to"] = parent
        return t

    # Rendering with only the fields asked for, as X does.
    def tweet_json(self, t, fields):
        o = {"id": t["id"], "text": t["text"],
             "edit_history_tweet_ids": [t["id"]]}
        if "author_id" in fields:
            o["author_id"] = t["user"][0]
        if "created_at" in fields:
            o["created_at"] = iso(t["ms"])
        if "conversation_id" in fields:
            o["conversation_id"] = t["conversation_id"]
        if "lang" in fields:
            o["lang"] = t["lang"]
        if "public_metrics" in fields:
            o["public_metrics"] = t["metrics"]
        if t["reply_to"]:
            if "in_reply_to_user_id" in fields:
                o["in_reply_to_user_id"] = self.user_id
            if "referenced_tweets" in fields:
                o["referenced_tweets"] = [
                    {"type": "replied_to", "id": t["reply_to"]}]
        return o

    def user_json(self, u, fields):
        o = {"id": u[0], "username": u[1], "name": u[2]}
        if "verified" in fields:
            o["verified"] = u[4]
        if "public_metrics" in fields:
            o["public_metrics"] = {"followers_count": u[3],
                                   "following_count": 10,
                                   "tweet_count": 100, "listed_count": 1}
        return o

    def headers(self, remaining=None, reset=None):
        with self.fake.lock:
            used = self.fake.count
        if remaining is None:
            remaining = max(0, self.limit - used)
        return {"x-rate-limit-limit": self.limit,
                "x-rate-limit-remaining": remaining,
                "x-rate-limit-reset": reset or int(self.fake.now()) + 900}

    def problem(self, h, status, title, detail, ptype="about:blank",
                extra=None):
        body = {"title": title, "detail": detail, "type": ptype,
                "status": status}
        body.update(extra or {})
        h.send(status, body, self.headers(extra and extra.get("_r")),
               "application/problem+json")

    def error(self, h, status, fault):
        # The bodies X sends (application/problem+json), resets by the
        # fake's clock.
        if status == 429:
            reset = int(self.fake.now() + float(fault.get("reset_in", 900)))
            h.send(429, {"title": "Too Many Requests",
                         "detail": "Too Many Requests", "type": "about:blank",
                         "status": 429},
                   self.headers(0, reset), "application/problem+json")
        elif status == 401:
            self.problem(h, 401, "Unauthorized", "Unauthorized")
        elif status == 403:
            self.problem(h, 403, "Client Forbidden",
                         "When authenticating requests to the Twitter API "
                         "v2 endpoints, you must use keys and tokens from a "
                         "Twitter developer App that is attached to a "
                         "Project. You can create a project via the "
                         "developer portal.",
                         PROBLEMS + "client-forbidden",
                         {"reason": "client-not-enrolled",
                          "registration_url": "https://developer.twitter."
                          "com/en/docs/projects/overview"})
        elif status == 404:
            self.problem(h, 404, "Not Found Error",
                         "Sorry, that page does not exist.",
                         PROBLEMS + "resource-not-found")
        else:
            self.problem(h, status, "Service Unavailable" if status == 503
                         else "Internal Server Error", "Internal error")

    def bad_param(self, h, name, value, msg):
        h.send(400, {"errors": [{"parameters": {name: [value]},
                                 "message": msg}],
                     "title": "Invalid Request",
                     "detail": "One or more parameters to your request "
                               "was invalid.",
                     "type": PROBLEMS + "invalid-request"},
               self.headers(), "application/problem+json")

    def control(self, h, method, path, q):
        if path == "/_fake/add":
            n = int(q.get("n", ["1"])[0])
            age = float(q.get("age", ["0"])[0])
            kind = q.get("kind", ["mentions"])[0]
            now = int((time.time() - age) * 1000)
            lst = self.mentions if kind == "mentions" else self.search
            for i in range(n):
                lst.append(self.make(now - (n - i) * 10, kind[0]))
            lst.sort(key=lambda t: int(t["id"]))
            return h.send(200, {"added": n})
        if path == "/_fake/stats":
            return h.send(200, self.fake.stats)
        return h.send(404, {"error": "no such control"})

    def oauth1_ok(self, h, method, path, auth):
        """Verify an OAuth 1.0a header as X does (RFC 5849)."""
        sc = self.sc
        params = {}
        for part in auth[6:].split(","):
            k, _, v = part.strip().partition("=")
            params[unquote(k)] = unquote(v.strip('"'))
        if params.get("oauth_consumer_key") != sc.get("consumer_key") or \
                params.get("oauth_token") != sc.get("access_token") or \
                params.get("oauth_signature_method") != "HMAC-SHA1" or \
                params.get("oauth_version", "1.0") != "1.0":
            return False
        try:
            ts = int(params.get("oauth_timestamp", ""))
        except ValueError:
            return False
        nonce = params.get("oauth_nonce", "")
        if abs(ts - time.time()) > 300 or not nonce or nonce in self.nonces:
            return False
        sig = params.pop("oauth_signature", "")
        parts = h.path.split("?", 1)
        signed = [(k, v) for k, v in params.items()]
        if len(parts) == 2:
            for kv in parts[1].split("&"):
                k, _, v = kv.partition("=")
                signed.append((unquote(k.replace("+", " ")),
                               unquote(v.replace("+", " "))))

        def enc(x):
            return quote(x, safe="-._~")
        pstr = "&".join("%s=%s" % kv for kv in sorted(
            (enc(k), enc(v)) for k, v in signed))
        base = "&".join([method.upper(),
                         enc("http://%s%s" % (h.headers.get("Host"),
                                              parts[0])), enc(pstr)])
        key = "%s&%s" % (enc(sc.get("consumer_secret", "")),
                         enc(sc.get("access_token_secret", "")))
        want = base64.b64encode(hmac.new(key.encode(), base.encode(),
                                         hashlib.sha1).digest()).decode()
        if not hmac.compare_digest(want, sig):
            return False
        self.nonces.add(nonce)
        return True

    def create_tweet(self, h):
        auth = h.headers.get("Authorization") or ""
        if auth.startswith("OAuth "):
            if not self.oauth1_ok(h, "POST", "/2/tweets", auth):
                return self.problem(h, 401, "Unauthorized", "Unauthorized")
            kind = "oauth1"
        elif auth == "Bearer " + self.user_token:
            kind = "oauth2-user"
        elif auth == "Bearer " + self.token:
            return self.problem(
                h, 403, "Unsupported Authentication",
                "Authenticating with OAuth 2.0 Application-Only is "
                "forbidden for this endpoint.  Supported authentication "
                "types are [OAuth 1.0a User Context, OAuth 2.0 User "
                "Context].", PROBLEMS + "unsupported-authentication")
        else:
            return self.problem(h, 401, "Unauthorized", "Unauthorized")
        body = h.body_json()
        allowed = {"text", "reply", "quote_tweet_id", "media", "poll",
                   "reply_settings", "nullcast", "for_super_followers_only",
                   "geo", "direct_message_deep_link", "card_uri",
                   "community_id", "share_with_followers"}
        if not isinstance(body, dict):
            return self.invalid(h, "body", "", "Request body is not valid "
                                "JSON")
        for k in body:
            if k not in allowed:
                return self.invalid(h, k, "", "[%s] is not one of [%s]"
                                    % (k, ",".join(sorted(allowed))))
        text = body.get("text")
        reply = body.get("reply")
        if not isinstance(text, str) or not text.strip():
            return self.invalid(h, "text", "", "$.text: must be a "
                                "non-empty string")
        to = None
        if reply is not None:
            to = reply.get("in_reply_to_tweet_id") \
                if isinstance(reply, dict) else None
            if not isinstance(to, str) or not to.isdigit() or \
                    len(to) > 19:
                return self.invalid(h, "reply.in_reply_to_tweet_id",
                                    str(to), "$.reply.in_reply_to_tweet_id:"
                                    " string [%s] does not match pattern "
                                    "^[0-9]{1,19}$" % to)
            if to in self.sc.get("deleted", []):
                return self.problem(h, 403, "Forbidden",
                                    "You attempted to reply to a Tweet "
                                    "that is deleted or not visible to "
                                    "you.")
        with self.fake.lock:
            dup = any(p["text"] == text for p in self.fake.posts)
        if dup:
            return h.send(403, {
                "detail": "You are not allowed to create a Tweet with "
                          "duplicate content.",
                "type": "about:blank", "title": "Forbidden",
                "status": 403}, self.headers())
        now = int(time.time() * 1000)
        t = self.make(now, "p")
        t["text"] = text
        t["user"] = (self.user_id, self.account, "Shop Care", 88210, True)
        t["reply_to"] = to
        self.fake.add_post({"id": t["id"], "text": text,
                            "in_reply_to_tweet_id": to, "auth": kind,
                            "body": body})
        h.send(201, {"data": {"id": t["id"], "text": text,
                              "edit_history_tweet_ids": [t["id"]]}},
               self.headers())

    def invalid(self, h, name, value, msg):
        return self.bad_param(h, name, value, msg)

    def route(self, h, method, path, q):
        if path == "/2/tweets" and method == "POST":
            return self.create_tweet(h)
        auth = h.headers.get("Authorization") or ""
        if auth != "Bearer " + self.token:
            return self.problem(h, 401, "Unauthorized", "Unauthorized")
        if method != "GET":
            return self.problem(h, 405, "Method Not Allowed", "Not allowed")
        parts = path.strip("/").split("/")
        ufields = set(",".join(q.get("user.fields", [""])).split(","))
        if parts[:4] == ["2", "users", "by", "username"] and len(parts) == 5:
            name = parts[4]
            if name.lower() != self.account.lower():
                return h.send(200, {"errors": [{
                    "value": name,
                    "detail": "Could not find user with username: [%s]."
                              % name,
                    "title": "Not Found Error", "resource_type": "user",
                    "parameter": "username", "resource_id": name,
                    "type": PROBLEMS + "resource-not-found"}]},
                    self.headers())
            u = (self.user_id, self.account, "Shop Care", 88210, True)
            return h.send(200, {"data": self.user_json(u, ufields)},
                          self.headers())
        if len(parts) == 4 and parts[:2] == ["2", "users"] and \
                parts[3] == "mentions":
            if parts[2] != self.user_id:
                return h.send(200, {"errors": [{
                    "value": parts[2], "detail": "Could not find user with "
                    "id: [%s]." % parts[2], "title": "Not Found Error",
                    "resource_type": "user", "parameter": "id",
                    "resource_id": parts[2],
                    "type": PROBLEMS + "resource-not-found"}]},
                    self.headers())
            items = sorted(self.mentions, key=lambda t: -int(t["id"]))
            items = items[: self.window]
            return self.timeline(h, q, items, 5, "pagination_token", True)
        if parts == ["2", "tweets", "search", "recent"]:
            if not q.get("query", [""])[0]:
                return self.bad_param(h, "query", "",
                                      "The `query` query parameter can "
                                      "not be empty")
            items = sorted(self.search, key=lambda t: -int(t["id"]))
            return self.timeline(h, q, items, 10, "next_token", False)
        return self.problem(h, 404, "Not Found Error", "Not found")

    def timeline(self, h, q, items, lo, tokname, prev):
        mr = q.get("max_results", ["10"])[0]
        try:
            m = int(mr)
        except ValueError:
            m = -1
        if not lo <= m <= 100:
            return self.bad_param(
                h, "max_results", mr,
                "The `max_results` query parameter value [%s] is not "
                "between %d and 100" % (mr, lo))
        tok = (q.get(tokname) or q.get("pagination_token") or [None])[0]
        since = q.get("since_id", [None])[0]
        until = q.get("until_id", [None])[0]
        st = q.get("start_time", [None])[0]
        et = q.get("end_time", [None])[0]
        try:
            if since:
                items = [t for t in items if int(t["id"]) > int(since)]
            elif st:
                items = [t for t in items if t["ms"] >= parse_time(st)]
            if until:
                items = [t for t in items if int(t["id"]) < int(until)]
            elif et:
                items = [t for t in items if t["ms"] < parse_time(et)]
            if tok:
                if not tok.startswith("7140d"):
                    raise ValueError(tok)
                last = int(tok[5:], 16)
                items = [t for t in items if int(t["id"]) < last]
        except ValueError:
            return self.bad_param(h, tokname if tok else "since_id",
                                  tok or since or "",
                                  "The `%s` query parameter value is "
                                  "invalid" % (tokname if tok else
                                               "since_id"))
        page = items[:m]
        fields = set(",".join(q.get("tweet.fields", [""])).split(","))
        ufields = set(",".join(q.get("user.fields", [""])).split(","))
        exp = set(",".join(q.get("expansions", [""])).split(","))
        if not page:
            return h.send(200, {"meta": {"result_count": 0}},
                          self.headers())
        body = {"data": [self.tweet_json(t, fields) for t in page]}
        if "author_id" in exp:
            users = {}
            for t in page:
                users[t["user"][0]] = self.user_json(t["user"], ufields)
            body["includes"] = {"users": list(users.values())}
        meta = {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"],
                "result_count": len(page)}
        if len(items) > m:
            meta["next_token"] = "7140d%x" % int(page[-1]["id"])
        if prev and tok:
            meta["previous_token"] = "7140d%x" % (int(page[0]["id"]) + 1)
        body["meta"] = meta
        h.send(200, body, self.headers())


if __name__ == "__main__":
    fakecore.main(X, "fake X API v2")
