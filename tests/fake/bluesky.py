#!/usr/bin/env python3
"""A fake Bluesky PDS/AppView for the cs-fetch tests, per
../shared/api/APIS.md section 3: com.atproto.server.createSession and
refreshSession (JWT-like opaque tokens; an access token expires after a
scripted number of uses with 400 ExpiredToken), listNotifications
(repeated reasons= filter, limit 1..100, opaque cursor, newest first),
app.bsky.feed.getPosts (up to 25 uris, missing ones omitted), XRPC error
bodies {"error","message"}, RateLimit-* headers with an epoch reset and
Retry-After on 429, and the scripted faults of fakecore.

Scenario keys (all optional):
    identifier    our handle ("acme.bsky.social")
    password      the app password expected ("test-app-password")
    did           our DID ("did:plc:acme7b2x4kq3n5")
    mentions      how many mention/reply notifications exist (25)
    likes         how many like/follow notifications besides (8)
    expire_after  an access token works for this many calls (0: forever)
    faults        see fakecore
"""

import os
import random
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakecore  # noqa: E402

PEOPLE = [
    ("did:plc:jane4kq2m", "jane.bsky.social", "Jane Doe"),
    ("did:plc:pau9x", "pau.example.com", ""),
    ("did:plc:ana3z", "ana.bsky.social", "Ana"),
]
TEXTS = ["@acme.bsky.social my order #{n} never arrived",
         "@acme.bsky.social on és la comanda {n}? 🙏",
         "thanks, solved #{n}"]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + \
        ".%03dZ" % int((t % 1) * 1000)


class Bluesky:
    def __init__(self, sc, fake):
        self.sc = sc
        self.fake = fake
        self.ident = sc.get("identifier", "acme.bsky.social")
        self.password = sc.get("password", "test-app-password")
        self.did = sc.get("did", "did:plc:acme7b2x4kq3n5")
        self.expire_after = int(sc.get("expire_after", 0))
        self.tokens = {}        # access token -> uses left (or None)
        self.refresh = set()
        self.serial = 0
        self.notes = []
        self.posts = {}
        n = int(sc.get("mentions", 25))
        o = int(sc.get("likes", 8))
        kinds = ["post"] * n + ["like", "follow"] * (o // 2) + \
            ["like"] * (o % 2)
        random.Random(5).shuffle(kinds)
        now = time.time()
        for i, k in enumerate(kinds):
            self.add(k, now - (len(kinds) - i) * 60)

    def add(self, kind, t):
        self.serial += 1
        i = self.serial
        p = PEOPLE[i % len(PEOPLE)]
        rkey = "3k%011d" % i
        uri = "at://%s/app.bsky.feed.post/%s" % (p[0], rkey)
        author = {"did": p[0], "handle": p[1], "displayName": p[2],
                  "avatar": "https://cdn.example/%d" % i, "labels": [],
                  "viewer": {"muted": False}}
        rec = {"$type": "app.bsky.feed.post",
               "text": TEXTS[i % len(TEXTS)].format(n=4400 + i),
               "langs": [["en", "ca", "en"][i % 3]],
               "createdAt": iso(t - 0.5)}
        if kind == "post":
            posts = [x for x in self.notes if x["reason"] in
                     ("mention", "reply")]
            reason = "mention"
            if i % 3 == 0 and posts:
                parent = posts[-1]
                root = parent["record"].get("reply", {}).get(
                    "root", {"uri": parent["uri"], "cid": parent["cid"]})
                rec["reply"] = {"root": root,
                                "parent": {"uri": parent["uri"],
                                           "cid": parent["cid"]}}
                reason = "reply"
            n = {"uri": uri, "cid": "bafyrei%06d" % i, "author": author,
                 "reason": reason, "record": rec, "isRead": False,
                 "indexedAt": iso(t), "labels": []}
            self.posts[uri] = {
                "uri": uri, "cid": n["cid"], "author": author,
                "record": rec, "indexedAt": iso(t),
                "replyCount": i % 2, "repostCount": i % 3,
                "likeCount": i % 5, "quoteCount": i % 4}
            if reason == "reply":
                n["reasonSubject"] = rec["reply"]["parent"]["uri"]
        else:
            n = {"uri": "at://%s/app.bsky.feed.%s/%s" % (p[0], kind, rkey),
                 "cid": "bafyrei%06d" % i, "author": author,
                 "reason": kind, "record": {"$type": "x"},
                 "isRead": False, "indexedAt": iso(t), "labels": []}
        self.notes.append(n)

    def headers(self, remaining=None, retry=None):
        with self.fake.lock:
            used = self.fake.count
        h = {"RateLimit-Limit": 3000,
             "RateLimit-Remaining": remaining if remaining is not None
             else max(0, 3000 - used),
             "RateLimit-Reset": int(time.time()) + 300,
             "RateLimit-Policy": "3000;w=300"}
        if retry is not None:
            h["Retry-After"] = retry
            h["RateLimit-Reset"] = int(time.time()) + retry
        return h

    def xerr(self, h, status, name, msg, hdrs=None):
        h.send(status, {"error": name, "message": msg},
               hdrs or self.headers())

    def error(self, h, status, fault):
        if status == 429:
            return self.xerr(h, 429, "RateLimitExceeded",
                             "Rate Limit Exceeded",
                             self.headers(0, int(fault.get("reset_in",
                                                           300))))
        names = {500: "InternalServerError", 502: "UpstreamFailure",
                 503: "NotEnoughResources", 504: "UpstreamTimeout"}
        self.xerr(h, status, names.get(status, "InternalServerError"),
                  "Internal Server Error")

    def control(self, h, method, path, q):
        if path == "/_fake/add":
            n = int(q.get("n", ["1"])[0])
            for i in range(n):
                self.add(q.get("kind", ["post"])[0], time.time())
            return h.send(200, {"added": n})
        if path == "/_fake/expire":
            for k in self.tokens:
                self.tokens[k] = 0
            return h.send(200, {})
        return h.send(404, {"error": "NotFound", "message": "no"})

    def session(self):
        self.serial += 1
        acc = "eyJ.access.%d.%08x" % (self.serial, random.getrandbits(32))
        ref = "eyJ.refresh.%d.%08x" % (self.serial, random.getrandbits(32))
        self.tokens[acc] = self.expire_after or None
        self.refresh.add(ref)
        return {"did": self.did, "handle": self.ident, "accessJwt": acc,
                "refreshJwt": ref, "email": "support@acme.example",
                "emailConfirmed": True, "active": True,
                "didDoc": {"id": self.did, "service": [{
                    "id": "#atproto_pds",
                    "type": "AtprotoPersonalDataServer",
                    "serviceEndpoint": "https://pds.example"}]}}

    def bearer(self, h):
        auth = h.headers.get("Authorization") or ""
        return auth[7:] if auth.startswith("Bearer ") else None

    def route(self, h, method, path, q):
        if not path.startswith("/xrpc/"):
            return self.xerr(h, 404, "NotFound", "Not Found")
        nsid = path[6:]
        procs = {"com.atproto.server.createSession",
                 "com.atproto.server.refreshSession"}
        queries = {"app.bsky.notification.listNotifications",
                   "app.bsky.feed.getPosts"}
        if nsid not in procs | queries:
            return self.xerr(h, 501, "MethodNotImplemented",
                             "Method Not Implemented")
        if (nsid in procs) != (method == "POST"):
            return self.xerr(h, 400, "InvalidRequest",
                             "Incorrect HTTP method (%s) expected %s" %
                             (method, "POST" if nsid in procs else "GET"))
        if nsid == "com.atproto.server.createSession":
            body = h.body_json() or {}
            if body.get("identifier") != self.ident or \
                    body.get("password") != self.password:
                return self.xerr(h, 401, "AuthenticationRequired",
                                 "Invalid identifier or password")
            return h.send(200, self.session(), self.headers())
        tok = self.bearer(h)
        if nsid == "com.atproto.server.refreshSession":
            if tok not in self.refresh:
                return self.xerr(h, 400, "InvalidToken",
                                 "Token could not be verified")
            self.refresh.discard(tok)
            return h.send(200, self.session(), self.headers())
        if tok is None:
            return self.xerr(h, 401, "AuthMissing",
                             "Authentication Required")
        if tok not in self.tokens:
            return self.xerr(h, 401, "InvalidToken",
                             "Token could not be verified")
        left = self.tokens[tok]
        if left is not None:
            if left <= 0:
                return self.xerr(h, 400, "ExpiredToken",
                                 "Token has expired")
            self.tokens[tok] = left - 1
        if nsid == "app.bsky.feed.getPosts":
            uris = q.get("uris", [])
            if len(uris) > 25:
                return self.xerr(h, 400, "InvalidRequest",
                                 "Error: uris must not have more than 25 "
                                 "elements")
            return h.send(200, {"posts": [self.posts[u] for u in uris
                                          if u in self.posts]},
                          self.headers())
        reasons = q.get("reasons", [])
        try:
            limit = int(q.get("limit", ["50"])[0])
        except ValueError:
            limit = -1
        if not 1 <= limit <= 100:
            return self.xerr(h, 400, "InvalidRequest",
                             "Error: limit must be between 1 and 100")
        items = [x for x in self.notes
                 if not reasons or x["reason"] in reasons]
        items = list(reversed(items))
        cur = q.get("cursor", [None])[0]
        if cur:
            try:
                k = int(cur.split("::")[1])
            except (IndexError, ValueError):
                return self.xerr(h, 400, "InvalidRequest",
                                 "Malformed cursor")
            items = [x for x in items if int(x["cid"][7:]) < k]
        page = items[:limit]
        body = {"notifications": page, "priority": False}
        if len(items) > limit:
            body["cursor"] = "%s::%d" % (page[-1]["indexedAt"],
                                         int(page[-1]["cid"][7:]))
        h.send(200, body, self.headers())


if __name__ == "__main__":
    fakecore.main(Bluesky, "fake Bluesky")
