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
    exists_error  how createRecord answers a record key already used:
                  500 (default: the reference PDS's InternalServerError,
                  bluesky-social/atproto#3718) or 409 (RecordAlreadyExists,
                  as newer servers name it)
    faults        see fakecore

Posting (section 3.4): com.atproto.identity.resolveHandle (the people
above and our own handle; 400 "Unable to resolve handle" otherwise),
com.atproto.repo.getRecord (400 RecordNotFound), and
com.atproto.repo.createRecord with the session's token: repo must be our
DID or handle, collection app.bsky.feed.post with a matching $type, text
of at most 300 code points and 3000 bytes, createdAt, an optional rkey
that must be a valid TID (13 base32-sortable characters) and unused, and,
stricter than the real server so tests catch wrong requests, reply refs
whose parent is a known post with its cid and whose root is the parent's
root (or the parent), and facets whose UTF-8 byte range holds exactly
"@handle" of the mention's DID or the link's URL.  The answer is
{uri, cid, commit, validationStatus}; the post then appears in getPosts.
"""

import hashlib
import os
import random
import re
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
        self.records = {}       # our rkey -> record
        self.exists_error = int(sc.get("exists_error", 500))
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
        now = int(self.fake.now())
        h = {"RateLimit-Limit": 3000,
             "RateLimit-Remaining": remaining if remaining is not None
             else max(0, 3000 - used),
             "RateLimit-Reset": now + 300,
             "RateLimit-Policy": "3000;w=300"}
        if retry is not None:
            if retry >= 0:
                h["Retry-After"] = retry
            h["RateLimit-Reset"] = now + retry
        return h

    def xerr(self, h, status, name, msg, hdrs=None):
        h.send(status, {"error": name, "message": msg},
               hdrs or self.headers())

    def error(self, h, status, fault):
        # The PDS's XRPC errors.  A negative reset_in (a reset already
        # past) has no Retry-After, which cannot be negative.
        if status == 429:
            return self.xerr(h, 429, "RateLimitExceeded",
                             "Rate Limit Exceeded",
                             self.headers(0, int(fault.get("reset_in",
                                                           300))))
        names = {401: ("AuthenticationRequired", "Authentication Required"),
                 403: ("Forbidden", "Forbidden"),
                 404: ("NotFound", "Not Found"),
                 500: ("InternalServerError", "Internal Server Error"),
                 502: ("UpstreamFailure", "Upstream Failure"),
                 503: ("NotEnoughResources", "Not Enough Resources"),
                 504: ("UpstreamTimeout", "Upstream Timeout")}
        self.xerr(h, status, *names.get(status, ("InternalServerError",
                                                 "Internal Server Error")))

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

    def handles(self):
        m = {p[1]: p[0] for p in PEOPLE}
        m[self.ident] = self.did
        return m

    def resolve_handle(self, h, q):
        handle = q.get("handle", [""])[0].lower()
        did = self.handles().get(handle)
        if did is None:
            return self.xerr(h, 400, "InvalidRequest",
                             "Unable to resolve handle")
        h.send(200, {"did": did}, self.headers())

    def get_record(self, h, q):
        repo = q.get("repo", [""])[0]
        coll = q.get("collection", [""])[0]
        rkey = q.get("rkey", [""])[0]
        uri = "at://%s/%s/%s" % (self.did, coll, rkey)
        rec = self.records.get(rkey) if repo in (self.did, self.ident) \
            and coll == "app.bsky.feed.post" else None
        if rec is None:
            return self.xerr(h, 400, "RecordNotFound",
                             "Could not locate record: %s" % uri)
        h.send(200, {"uri": uri, "cid": rec["cid"], "value": rec["value"]},
               self.headers())

    def check_reply(self, reply):
        if not isinstance(reply, dict):
            return "Record/reply must be an object"
        par, root = reply.get("parent"), reply.get("root")
        for name, ref in (("parent", par), ("root", root)):
            if not isinstance(ref, dict) or \
                    not isinstance(ref.get("uri"), str) or \
                    not isinstance(ref.get("cid"), str):
                return "Record/reply/%s must be a strongRef" % name
        post = self.posts.get(par["uri"])
        if post is None or post["cid"] != par["cid"]:
            return "reply parent %s is not a known post with that cid" % \
                par["uri"]
        want = post["record"].get("reply", {}).get(
            "root", {"uri": post["uri"], "cid": post["cid"]})
        if root != {"uri": want["uri"], "cid": want["cid"]}:
            return "reply root is not the parent's root %s" % want["uri"]
        return None

    def check_facets(self, text, facets):
        data = text.encode("utf-8")
        dids = {v: k for k, v in self.handles().items()}
        if not isinstance(facets, list):
            return "Record/facets must be an array"
        for f in facets:
            idx = f.get("index", {}) if isinstance(f, dict) else {}
            a, b = idx.get("byteStart"), idx.get("byteEnd")
            if not isinstance(a, int) or not isinstance(b, int) or \
                    not 0 <= a < b <= len(data):
                return "facet index %r out of the text's %d bytes" % (
                    idx, len(data))
            span = data[a:b].decode("utf-8", "replace")
            for feat in f.get("features", []):
                t = feat.get("$type")
                if t == "app.bsky.richtext.facet#mention":
                    handle = dids.get(feat.get("did"))
                    if handle is None or span.lower() != "@" + handle:
                        return "mention facet [%d,%d) holds %r, not @%s" % (
                            a, b, span, handle)
                elif t == "app.bsky.richtext.facet#link":
                    uri = feat.get("uri", "")
                    if uri != span and uri != "https://" + span:
                        return "link facet [%d,%d) holds %r, not %s" % (
                            a, b, span, uri)
                else:
                    return "unknown facet feature %r" % t
        return None

    def create_record(self, h):
        body = h.body_json()
        if not isinstance(body, dict):
            return self.xerr(h, 400, "InvalidRequest",
                             "Input must be an object")
        if body.get("repo") not in (self.did, self.ident):
            return self.xerr(h, 400, "InvalidRequest",
                             "Could not find repo: %s" % body.get("repo"))
        coll = body.get("collection")
        rec = body.get("record")
        if coll != "app.bsky.feed.post" or not isinstance(rec, dict) or \
                rec.get("$type") != coll:
            return self.xerr(h, 400, "InvalidRequest",
                             "Invalid %s record: Record/$type must be %s"
                             % (coll, coll))
        text = rec.get("text")
        if not isinstance(text, str):
            return self.xerr(h, 400, "InvalidRequest", "Invalid "
                             "app.bsky.feed.post record: Record must have "
                             "the property \"text\"")
        if len(text) > 300 or len(text.encode("utf-8")) > 3000:
            return self.xerr(h, 400, "InvalidRequest", "Invalid "
                             "app.bsky.feed.post record: Record/text must "
                             "not be longer than 300 graphemes")
        if not isinstance(rec.get("createdAt"), str):
            return self.xerr(h, 400, "InvalidRequest", "Invalid "
                             "app.bsky.feed.post record: Record must have "
                             "the property \"createdAt\"")
        why = None
        if "reply" in rec:
            why = self.check_reply(rec["reply"])
        if why is None and "facets" in rec:
            why = self.check_facets(text, rec["facets"])
        if why is not None:
            return self.xerr(h, 400, "InvalidRequest", why)
        rkey = body.get("rkey")
        if rkey is None:
            self.serial += 1
            rkey = "3l%011d" % self.serial
        elif not re.fullmatch(r"[2-7a-j][2-7a-z]{12}", str(rkey)):
            return self.xerr(h, 400, "InvalidRequest",
                             "Invalid record key: %s is not a TID" % rkey)
        with self.fake.lock:
            if rkey in self.records:
                exists = True
            else:
                exists = False
                cid = "bafyrei" + hashlib.sha256(
                    repr(rec).encode()).hexdigest()[:40]
                self.records[rkey] = {"cid": cid, "value": rec}
        if exists:
            if self.exists_error == 409:
                return self.xerr(h, 409, "RecordAlreadyExists",
                                 "Record already exists")
            return self.xerr(h, 500, "InternalServerError",
                             "Internal Server Error")
        uri = "at://%s/app.bsky.feed.post/%s" % (self.did, rkey)
        self.posts[uri] = {
            "uri": uri, "cid": cid,
            "author": {"did": self.did, "handle": self.ident,
                       "displayName": "Acme"},
            "record": rec, "indexedAt": iso(time.time()),
            "replyCount": 0, "repostCount": 0, "likeCount": 0,
            "quoteCount": 0}
        self.fake.add_post({"uri": uri, "rkey": rkey, "text": text,
                            "record": rec})
        h.send(200, {"uri": uri, "cid": cid,
                     "commit": {"cid": "bafyreicommit%d" % len(self.records),
                                "rev": rkey},
                     "validationStatus": "valid"}, self.headers())

    def bearer(self, h):
        auth = h.headers.get("Authorization") or ""
        return auth[7:] if auth.startswith("Bearer ") else None

    def route(self, h, method, path, q):
        if not path.startswith("/xrpc/"):
            return self.xerr(h, 404, "NotFound", "Not Found")
        nsid = path[6:]
        procs = {"com.atproto.server.createSession",
                 "com.atproto.server.refreshSession",
                 "com.atproto.repo.createRecord"}
        queries = {"app.bsky.notification.listNotifications",
                   "app.bsky.feed.getPosts",
                   "com.atproto.identity.resolveHandle",
                   "com.atproto.repo.getRecord"}
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
        if nsid == "com.atproto.identity.resolveHandle":
            return self.resolve_handle(h, q)
        if nsid == "com.atproto.repo.getRecord":
            return self.get_record(h, q)
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
        if nsid == "com.atproto.repo.createRecord":
            return self.create_record(h)
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
