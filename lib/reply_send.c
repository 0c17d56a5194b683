/*
 * reply_send: posting drafted replies exactly once.  See reply_send.h.
 */
#include "compat.h"

#include <stdarg.h>

#include "reply.h"
#include "reply_send.h"
#include "template_lint.h"
#include "timeutil.h"

static const char *const networks[REPLY_SEND_NNET] = {
	"x", "mastodon", "bluesky"
};

void
reply_send_init(struct reply_sender *snd, struct store *store,
    const struct reply_send_conf *conf)
{
	memset(snd, 0, sizeof(*snd));
	snd->store = store;
	snd->conf = *conf;
	buf_init(&snd->json);
	buf_init(&snd->note);
}

void
reply_send_release(struct reply_sender *snd)
{
	size_t i;

	if (snd == NULL)
		return;
	for (i = 0; i < REPLY_SEND_NNET; i++) {
		post_close(snd->poster[i]);
		free(snd->poster_err[i]);
	}
	free(snd->limited_by);
	buf_release(&snd->json);
	buf_release(&snd->note);
}

static int
net_index(const char *network)
{
	size_t i;

	for (i = 0; i < REPLY_SEND_NNET; i++)
		if (network != NULL && strcmp(network, networks[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * The poster for network, opened on first use; NULL with the reason in
 * *why (kept, so a missing credential is one message, not one a line).
 */
static struct poster *
poster(struct reply_sender *snd, int i, const char **why)
{
	struct post_conf pc;
	struct cs_error e;

	if (snd->poster[i] == NULL && snd->poster_err[i] == NULL) {
		memset(&pc, 0, sizeof(pc));
		pc.network = networks[i];
		if (snd->conf.poster_conf != NULL)
			snd->conf.poster_conf(snd->conf.arg, networks[i], &pc);
		pc.network = networks[i];
		if ((snd->poster[i] = post_open(&pc, &e)) == NULL)
			snd->poster_err[i] = xstrdup(e.msg);
	}
	*why = snd->poster_err[i];
	return snd->poster[i];
}

static void
note(struct reply_sender *snd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct reply_sender *snd, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_reset(&snd->note);
	buf_adds(&snd->note, msg);
}

/* Set or replace a string member of o. */
static void
set_str(cJSON *o, const char *key, const char *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	if (v != NULL)
		cJSON_AddStringToObject(o, key, v);
}

/*
 * The new "reply": the old one with status (and id, url, sent_at,
 * reason as given; NULL removes them) into snd->json.
 */
static int
replace(struct reply_sender *snd, const cJSON *old, const char *status,
    const char *id, const char *url, time_t sent_at, const char *reason)
{
	char when[TIME_RFC3339_LEN];
	cJSON *o = cJSON_Duplicate(old, 1);
	char *s;

	if (o == NULL)
		abort();
	set_str(o, "status", status);
	set_str(o, "id", id);
	set_str(o, "url", url != NULL && *url != '\0' ? url : NULL);
	if (sent_at != 0)
		time_format(sent_at, when);
	set_str(o, "sent_at", sent_at != 0 ? when : NULL);
	set_str(o, "reason", reason);
	if ((s = cJSON_PrintUnformatted(o)) == NULL)
		abort();
	buf_reset(&snd->json);
	buf_adds(&snd->json, s);
	cJSON_free(s);
	cJSON_Delete(o);
	return REPLY_SEND_REPLACE;
}

/* Leave the row as it was before this run claimed it. */
static int
restore(struct reply_sender *snd, const char *net, const char *target,
    const char *kind, const struct store_post *was, struct cs_error *e)
{
	return store_post_done(snd->store, net, target, kind, was->state,
	    was->posted_id, was->url, was->sent_at, was->error, e);
}

static int	retry_safe(const char *, time_t, time_t);

/* The poster's error without its "network: " prefix. */
static const char *
error_text(const char *net, const char *error)
{
	size_t n = strlen(net);

	if (strncmp(error, net, n) == 0 && error[n] == ':' &&
	    error[n + 1] == ' ')
		return error + n + 2;
	return error;
}

static int
posted(struct reply_sender *snd, const cJSON *rep, const char *net,
    const char *target, const char *kind, struct store_post *was,
    const struct post_result *res, struct cs_error *e)
{
	const char *error = error_text(net, res->error);
	char reason[700];
	time_t now = time(NULL);

	switch (res->status) {
	case POST_SENT:
		if (store_post_done(snd->store, net, target, kind, "sent",
		    res->id, res->url, now, NULL, e) == -1)
			return -1;
		snd->n.sent++;
		return replace(snd, rep, "sent", res->id, res->url, now,
		    NULL);
	case POST_FAILED:
		if (store_post_done(snd->store, net, target, kind, "failed",
		    NULL, NULL, 0, res->error, e) == -1)
			return -1;
		snd->n.failed++;
		snprintf(reason, sizeof(reason), "%s%s", res->duplicate ?
		    "duplicate content: " : "", error);
		note(snd, "%s: reply to %s failed: %s", net, target, reason);
		return replace(snd, rep, "failed", NULL, NULL, 0, reason);
	case POST_RATE_LIMITED:
		/* Nothing was posted: as if this run never claimed it. */
		if ((was->state != NULL && strcmp(was->state, "claimed") != 0 ?
		    restore(snd, net, target, kind, was, e) :
		    store_post_done(snd->store, net, target, kind, NULL, NULL,
		    NULL, 0, NULL, e)) == -1)
			return -1;
		snd->rate_limited = 1;
		snd->retry_at = res->retry_at;
		free(snd->limited_by);
		snd->limited_by = xstrdup(net);
		snd->n.unsent++;
		note(snd, "%s: rate limited (%s): the rest is left unsent",
		    net, error);
		return REPLY_SEND_PASS;
	case POST_UNKNOWN:
	default:
		if (store_post_done(snd->store, net, target, kind, "unknown",
		    NULL, NULL, 0, res->error, e) == -1)
			return -1;
		snd->n.unknown++;
		if (retry_safe(net, was->created_at != 0 ? was->created_at :
		    now, now))
			snprintf(reason, sizeof(reason), "may or may not have "
			    "been posted (%s): the next run settles it with "
			    "the same key, without posting twice", error);
		else
			snprintf(reason, sizeof(reason), "may or may not have "
			    "been posted (%s): check %s, then --force to post "
			    "again", error, net);
		note(snd, "%s: reply to %s: %s", net, target, reason);
		return replace(snd, rep, "unknown", NULL, NULL, 0, reason);
	}
}

/*
 * Whether posting again with the claim's key cannot post twice: Bluesky
 * always (the record key is fixed, a second create fails), Mastodon
 * while the server still remembers the Idempotency-Key (an hour; we keep
 * a margin), X never.
 */
static int
retry_safe(const char *net, time_t created, time_t now)
{
	if (strcmp(net, "bluesky") == 0)
		return 1;
	if (strcmp(net, "mastodon") == 0)
		return now - created < REPLY_SEND_MASTODON_KEY_SECS;
	return 0;
}

/* What a claim found that stops us from posting. */
static int
claimed_before(struct reply_sender *snd, const cJSON *rep, const char *net,
    const char *target, int rc, const struct store_post *p)
{
	char reason[700], when[TIME_RFC3339_LEN];

	switch (rc) {
	case STORE_POST_SENT:
		snd->n.kept++;
		return replace(snd, rep, "sent", p->posted_id, p->url,
		    p->sent_at, "already sent by an earlier run");
	case STORE_POST_BUSY:
		snd->n.busy++;
		snprintf(reason, sizeof(reason), "being posted by another "
		    "cs-reply (process %ld)", p->pid);
		note(snd, "%s: reply to %s: %s", net, target, reason);
		return replace(snd, rep, "skipped", NULL, NULL, 0, reason);
	default:
		snd->n.unknown++;
		time_format(p->claimed_at, when);
		snprintf(reason, sizeof(reason), "a run that claimed it at %s "
		    "stopped before recording the outcome: it may or may not "
		    "have been posted; check %s, then --force to post again",
		    when, net);
		note(snd, "%s: reply to %s: %s", net, target, reason);
		return replace(snd, rep, "unknown", NULL, NULL, 0, reason);
	}
}

static int
dry_run(struct reply_sender *snd, const char *net, const char *target,
    const char *kind, const char *text, struct cs_error *e)
{
	struct store_post p;
	int rc = 1;

	if (snd->store != NULL &&
	    (rc = store_post_get(snd->store, net, target, kind, &p,
	    e)) == -1)
		return -1;
	if (rc == 0 && strcmp(p.state, "failed") != 0 && !snd->conf.force)
		note(snd, "%s: would not post the reply to %s: it is %s%s%s",
		    net, target, p.state, p.posted_id != NULL ? " as " : "",
		    p.posted_id != NULL ? p.posted_id : "");
	else {
		snd->n.dry++;
		note(snd, "%s: would post in reply to %s: %s", net, target,
		    text);
	}
	if (rc == 0)
		store_post_release(&p);
	return REPLY_SEND_PASS;
}

/* Whether the reply is ready to post; 0 with a count when not. */
static int
ready(struct reply_sender *snd, const cJSON *rep)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(rep, "status");
	const char *s = cJSON_IsString(st) ? st->valuestring : "";

	if (strcmp(s, "draft") != 0 && strcmp(s, "failed") != 0 &&
	    !(strcmp(s, "unknown") == 0 && snd->conf.force)) {
		snd->n.not_ready++;
		return 0;
	}
	if (snd->conf.approved_only && !cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(rep, "approved"))) {
		snd->n.not_ready++;
		return 0;
	}
	return 1;
}

/* reply_send for a reply object rep. */
static int
send_one(struct reply_sender *snd, const struct record *r, const cJSON *rep,
    struct cs_error *e)
{
	struct post_request req;
	struct post_result res;
	struct store_post p;
	struct poster *ps;
	const cJSON *t, *lim, *l;
	const char *net, *target, *kind, *why, *secret, *fs;
	char reason[256];
	size_t len, limit;
	int i, rc;

	if (!cJSON_IsObject(rep) || !ready(snd, rep))
		return REPLY_SEND_PASS;
	if ((target = record_require_str(r, "id", e)) == NULL ||
	    (net = record_require_str(r, "network", e)) == NULL)
		return -1;
	t = cJSON_GetObjectItemCaseSensitive(rep, "text");
	if (!cJSON_IsString(t) || *t->valuestring == '\0') {
		cs_seterr(e, "reply.text is missing or empty");
		return -1;
	}
	if (snd->rate_limited) {
		snd->n.unsent++;
		return REPLY_SEND_PASS;
	}
	if ((i = net_index(net)) == -1 || !post_supported(net)) {
		snd->n.skipped++;
		snprintf(reason, sizeof(reason), "cannot post to network "
		    "'%.32s'", net);
		return replace(snd, rep, "skipped", NULL, NULL, 0, reason);
	}

	/* A person may have edited the text: measure it again. */
	len = reply_measure(net, t->valuestring, strlen(t->valuestring));
	lim = cJSON_GetObjectItemCaseSensitive(rep, "limit");
	limit = cJSON_IsNumber(lim) && lim->valuedouble >= 1 ?
	    (size_t)lim->valuedouble : 0;
	if (limit == 0 || (strcmp(net, "bluesky") == 0 &&
	    limit > REPLY_LIMIT_BLUESKY))
		limit = strcmp(net, "x") == 0 ? REPLY_LIMIT_X :
		    strcmp(net, "mastodon") == 0 ? REPLY_LIMIT_MASTODON :
		    REPLY_LIMIT_BLUESKY;
	if (len > limit) {
		snd->n.skipped++;
		snprintf(reason, sizeof(reason), "the text is %zu characters, "
		    "over the limit of %zu", len, limit);
		note(snd, "%s: reply to %s not posted: %s", net, target,
		    reason);
		return replace(snd, rep, "skipped", NULL, NULL, 0, reason);
	}

	/* The rule templates obey holds for edited texts too. */
	l = cJSON_GetObjectItemCaseSensitive(rep, "lang");
	if ((secret = template_lint_secret(t->valuestring,
	    cJSON_IsString(l) ? l->valuestring : NULL)) != NULL) {
		snd->n.skipped++;
		snprintf(reason, sizeof(reason), "the text asks for %s in "
		    "public", secret);
		note(snd, "%s: reply to %s not posted: %s", net, target,
		    reason);
		return replace(snd, rep, "skipped", NULL, NULL, 0, reason);
	}

	/* A check-in from cs-followup due is not the reply to the message. */
	fs = record_str(r, "followup.state");
	kind = fs != NULL && strcmp(fs, "due") == 0 ? "followup" : "reply";
	if ((ps = poster(snd, i, &why)) == NULL) {
		snd->n.failed++;
		note(snd, "%s", why);
		if (snd->conf.dry_run)
			return REPLY_SEND_PASS;
		return replace(snd, rep, "failed", NULL, NULL, 0, why);
	}
	if (snd->conf.dry_run)
		return dry_run(snd, net, target, kind, t->valuestring, e);

	rc = store_post_claim(snd->store, net, target, kind, t->valuestring,
	    snd->conf.force, time(NULL), &p, e);
	if ((rc == STORE_POST_STALE || rc == STORE_POST_UNKNOWN) &&
	    retry_safe(net, p.created_at, time(NULL))) {
		/* Settle it now: the network drops a second copy. */
		store_post_release(&p);
		rc = store_post_claim(snd->store, net, target, kind,
		    t->valuestring, 1, time(NULL), &p, e);
	}
	if (rc == -1) {
		snd->fatal = 1;
		return -1;
	}
	if (rc != STORE_POST_CLAIMED) {
		rc = claimed_before(snd, rep, net, target, rc, &p);
		store_post_release(&p);
		return rc;
	}

	memset(&req, 0, sizeof(req));
	req.in_reply_to = target;
	req.conversation = record_str(r, "conversation_id");
	req.account = record_str(r, "account");
	req.text = t->valuestring;
	req.lang = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(rep,
	    "lang")) ? cJSON_GetObjectItemCaseSensitive(rep,
	    "lang")->valuestring : NULL;
	req.visibility = post_visibility(record_str(r, "visibility"),
	    snd->conf.visibility);
	req.key = p.key;
	req.created = p.created_at;
	memset(&res, 0, sizeof(res));
	post_send(ps, &req, &res);
	if ((rc = posted(snd, rep, net, target, kind, &p, &res, e)) == -1) {
		char msg[sizeof(e->msg)];

		/* Posted or not, the outcome could not be recorded. */
		snd->fatal = 1;
		strlcpy(msg, e->msg, sizeof(msg));
		if (res.status == POST_SENT)
			cs_seterr(e, "%s: the reply to %s on %s was posted as "
			    "%s but that could not be recorded", msg, target,
			    net, res.id);
		else
			cs_seterr(e, "%s: the outcome of the reply to %s on "
			    "%s could not be recorded", msg, target, net);
	}
	store_post_release(&p);
	return rc;
}

int
reply_send(struct reply_sender *snd, const struct record *r,
    const char *draft, size_t dlen, struct cs_error *e)
{
	cJSON *own = NULL;
	int rc;

	buf_reset(&snd->note);
	if (draft != NULL &&
	    (own = cJSON_ParseWithLength(draft, dlen)) == NULL)
		abort();
	rc = send_one(snd, r, own != NULL ? own : record_get(r, "reply"), e);
	cJSON_Delete(own);
	return rc;
}
