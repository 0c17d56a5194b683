#!/usr/bin/env python3
"""A fake Mastodon for the cs-fetch tests, per ../shared/api/APIS.md
section 2: GET /api/v1/notifications (types[] filter in either spelling,
limit up to 80, max_id/since_id/min_id, newest first, Link rel="next" and
rel="prev" built from the parameters the client sent, no Link on an empty
page), GET /api/v1/accounts/verify_credentials, GET
/api/v1/statuses/:id/context, bearer auth with {"error": ...} bodies,
X-RateLimit-* headers with an ISO 8601 reset, and the scripted faults of
fakecore.

Scenario keys (all optional):
    token       the access token expected ("test-mastodon-token")
    account     our username ("acme")
    mentions    how many mention notifications exist at start (25)
    others      how many other notifications (favourites, follows) (10)
    thread      every n-th mention replies to the one before it (3)
    link_host   the host:port the Link header points at (the request's)
    max_characters  the instance's status limit (500)
    faults      see fakecore

Posting (POST /api/v1/statuses, section 2.2), form-encoded or JSON:
status (422 "Validation failed: Text can't be blank" when blank, and the
character limit), in_reply_to_id (404 "Record not found" unless the
status exists), visibility (public, unlisted, private or direct; 422
otherwise), language; the Idempotency-Key header as Mastodon keeps it:
the same key from the same token returns the status made the first
time and creates nothing.  A new status is 200 with the Status entity.
"""

import os
import random
import sys
import time
from urllib.parse import urlencode

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakecore  # noqa: E402

PEOPLE = [
    ("971724", "jane", "jane@example.social", "Jane Doe", 312),
    ("971725", "pau", "pau", "Pau Vidal", 1201),
    ("971726", "ana", "ana@masto.es", "", 40),
]
CONTENT = [
    '<p><span class="h-card" translate="no"><a href="https://mastodon.'
    'example/@acme" class="u-url mention">@<span>acme</span></a></span> '
    'my order #{n} hasn&#39;t shipped</p>',
    '<p>@acme on és la comanda {n}?<br>Gràcies &amp; salut</p>'
    '<p>segon paràgraf</p>',
    '<p>see <a href="https://track.example/{n}"><span class="invisible">'
    'https://</span><span class="ellipsis">track.example/</span><span '
    'class="invisible">{n}</span></a> &lt;urgent&gt;</p>',
]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + \
        ".%03dZ" % int((t % 1) * 1000)


class Mastodon:
    def __init__(self, sc, fake):
        self.sc = sc
        self.fake = fake
        self.token = sc.get("token", "test-mastodon-token")
        self.account = sc.get("account", "acme")
        self.thread = int(sc.get("thread", 3))
        self.max_chars = int(sc.get("max_characters", 500))
        self.idem = {}          # Idempotency-Key -> status id
        self.nid = 34975000
        self.seq = 0
        self.notes = []
        self.statuses = {}
        n = int(sc.get("mentions", 25))
        o = int(sc.get("others", 10))
        now = time.time()
        kinds = ["mention"] * n + ["favourite", "follow"] * (o // 2) + \
            ["follow"] * (o % 2)
        random.Random(7).shuffle(kinds)
        for i, kind in enumerate(kinds):
            self.add(kind, now - (len(kinds) - i) * 60)

    def status(self, t, reply_to=None):
        self.seq += 1
        i = self.seq
        sid = str((int(t * 1000) << 16) + i)
        p = PEOPLE[i % len(PEOPLE)]
        st = {
            "id": sid, "created_at": iso(t),
            "in_reply_to_id": reply_to,
            "in_reply_to_account_id": None,
            "sensitive": False, "spoiler_text": "",
            "visibility": "direct" if i % 7 == 0 else "public",
            "language": ["en", "ca", "en"][i % 3],
            "uri": "https://example.social/users/%s/statuses/%s" %
                   (p[1], sid),
            "url": "https://example.social/@%s/%s" % (p[1], sid),
            "replies_count": i % 2, "reblogs_count": i % 3,
            "favourites_count": i % 4, "edited_at": None,
            "content": CONTENT[i % len(CONTENT)].replace("{n}",
                                                         str(4400 + i)),
            "account": {"id": p[0], "username": p[1], "acct": p[2],
                        "display_name": p[3], "bot": False,
                        "followers_count": p[4], "following_count": 3,
                        "statuses_count": 9},
            "mentions": [{"id": "14715", "username": self.account,
                          "acct": self.account,
                          "url": "https://mastodon.example/@acme"}],
            "tags": [], "emojis": [], "media_attachments": [],
            "reblog": None, "poll": None, "card": None,
        }
        self.statuses[sid] = st
        return st

    def add(self, kind, t):
        self.nid += 1
        n = {"id": str(self.nid), "type": kind, "created_at": iso(t),
             "group_key": "ungrouped-%d" % self.nid}
        mentions = [x for x in self.notes if x["type"] == "mention"]
        if kind == "mention":
            reply_to = None
            if self.thread and mentions and \
                    (len(mentions) + 1) % self.thread == 0:
                reply_to = mentions[-1]["status"]["id"]
            st = self.status(t, reply_to)
            n["account"] = st["account"]
            n["status"] = st
        else:
            n["account"] = {"id": "1", "username": "fan", "acct": "fan",
                            "display_name": "Fan"}
            if kind == "favourite" and mentions:
                n["status"] = mentions[-1]["status"]
        self.notes.append(n)

    def headers(self, remaining=None, reset=None):
        with self.fake.lock:
            used = self.fake.count
        if remaining is None:
            remaining = max(0, 300 - used)
        return {"X-RateLimit-Limit": 300,
                "X-RateLimit-Remaining": remaining,
                "X-RateLimit-Reset": reset or iso(self.fake.now() + 300)
                .replace("Z", "000Z")}

    def error(self, h, status, fault):
        # Mastodon's own messages (Api::BaseController and errors.*),
        # resets by the fake's clock.
        if status == 429:
            reset = iso(self.fake.now() + float(fault.get("reset_in", 300)))
            return h.send(429, {"error": "Too many requests"},
                          self.headers(0, reset.replace("Z", "000Z")))
        msg = {401: "The access token is invalid",
               403: "This action is not allowed",
               404: "Record not found",
               500: "We're sorry, but something went wrong on our end.",
               503: "There was a temporary problem serving your request, "
                    "please try again"}.get(status, "Remote failure")
        h.send(status, {"error": msg}, self.headers())

    def control(self, h, method, path, q):
        if path == "/_fake/add":
            n = int(q.get("n", ["1"])[0])
            for i in range(n):
                self.add(q.get("type", ["mention"])[0], time.time())
            return h.send(200, {"added": n})
        return h.send(404, {"error": "no such control"})

    def route(self, h, method, path, q):
        auth = h.headers.get("Authorization") or ""
        if auth != "Bearer " + self.token:
            return h.send(401, {"error": "The access token is invalid"},
                          self.headers())
        if path == "/api/v1/statuses" and method == "POST":
            return self.create_status(h)
        if path == "/api/v1/accounts/verify_credentials":
            return h.send(200, {"id": "14715", "username": self.account,
                                "acct": self.account,
                                "display_name": "Acme Support",
                                "followers_count": 5000}, self.headers())
        if path.startswith("/api/v1/statuses/") and \
                path.endswith("/context"):
            sid = path.split("/")[4]
            st = self.statuses.get(sid)
            if st is None:
                return h.send(404, {"error": "Record not found"},
                              self.headers())
            anc = []
            while st["in_reply_to_id"]:
                st = self.statuses.get(st["in_reply_to_id"])
                if st is None:
                    break
                anc.insert(0, st)
            return h.send(200, {"ancestors": anc, "descendants": []},
                          self.headers())
        if path == "/api/v1/notifications":
            return self.notifications(h, q)
        return h.send(404, {"error": "Record not found"}, self.headers())

    def create_status(self, h):
        f = h.body_form()
        if f is None:
            return h.send(400, {"error": "Error while parsing the body"},
                          self.headers())

        def one(k):
            v = f.get(k)
            return None if not v or v[0] is None else str(v[0])
        key = h.headers.get("Idempotency-Key")
        if key:
            with self.fake.lock:
                sid = self.idem.get(key)
            if sid is not None:
                return h.send(200, self.statuses[sid], self.headers())
        text = one("status") or ""
        if not text.strip():
            return h.send(422, {"error": "Validation failed: Text can't "
                                         "be blank"}, self.headers())
        if len(text) > self.max_chars:
            return h.send(422, {"error": "Validation failed: Text "
                                         "character limit of %d exceeded"
                                         % self.max_chars}, self.headers())
        vis = one("visibility") or "public"
        if vis not in ("public", "unlisted", "private", "direct"):
            return h.send(422, {"error": "Validation failed: Visibility "
                                         "is not included in the list"},
                          self.headers())
        to = one("in_reply_to_id")
        if to is not None and to not in self.statuses:
            return h.send(404, {"error": "Record not found"},
                          self.headers())
        with self.fake.lock:
            st = self.status(time.time(), to)
            st["account"] = {"id": "14715", "username": self.account,
                             "acct": self.account,
                             "display_name": "Acme Support", "bot": False,
                             "followers_count": 5000, "following_count": 3,
                             "statuses_count": 9}
            st["uri"] = "https://mastodon.example/users/%s/statuses/%s" % (
                self.account, st["id"])
            st["url"] = "https://mastodon.example/@%s/%s" % (self.account,
                                                            st["id"])
            st["visibility"] = vis
            st["language"] = one("language")
            st["content"] = "<p>%s</p>" % text.replace("&", "&amp;") \
                .replace("<", "&lt;").replace(">", "&gt;")
            st["in_reply_to_account_id"] = \
                self.statuses[to]["account"]["id"] if to else None
            st["application"] = {"name": "cs-reply", "website": None}
            if key:
                self.idem[key] = st["id"]
        self.fake.add_post({"id": st["id"], "text": text,
                            "in_reply_to_id": to, "visibility": vis,
                            "language": one("language"),
                            "idempotency_key": key,
                            "content_type": h.headers.get("Content-Type")})
        h.send(200, st, self.headers())

    def notifications(self, h, q):
        types = q.get("types[]", [])
        try:
            limit = min(80, max(1, int(q.get("limit", ["40"])[0])))
        except ValueError:
            limit = 40
        items = [x for x in self.notes if not types or x["type"] in types]
        items.sort(key=lambda x: int(x["id"]))
        max_id = q.get("max_id", [None])[0]
        since_id = q.get("since_id", [None])[0]
        min_id = q.get("min_id", [None])[0]
        if max_id:
            items = [x for x in items if int(x["id"]) < int(max_id)]
        if since_id:
            items = [x for x in items if int(x["id"]) > int(since_id)]
        if min_id:
            # The page immediately after min_id.
            items = [x for x in items if int(x["id"]) > int(min_id)]
            page = items[:limit]
        else:
            page = items[-limit:]
        page = list(reversed(page))
        hdrs = self.headers()
        if page:
            base = "http://%s/api/v1/notifications" % (
                self.sc.get("link_host") or h.headers.get("Host"))
            keep = [("limit", str(limit))] + [("types[]", t) for t in types]
            nxt = urlencode(keep + [("max_id", page[-1]["id"])])
            prv = urlencode(keep + [("min_id", page[0]["id"])])
            hdrs["Link"] = '<%s?%s>; rel="next", <%s?%s>; rel="prev"' % (
                base, nxt, base, prv)
        h.send(200, page, hdrs)


if __name__ == "__main__":
    fakecore.main(Mastodon, "fake Mastodon")
