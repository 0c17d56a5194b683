/*
 * cs-followup: the check-in a few days after a case is solved.
 *
 *   schedule, observe  stream filters: learn cases, resolutions, the
 *                      customers' later messages and the results of
 *                      sending check-ins (records pass through)
 *   resolve, cancel, requeue CONVERSATION
 *   due                emit each due check-in once, for cs-reply
 *   list, stats        the cases, and the check-ins' response rate
 *
 * Writes the "followup" key.  The rules are in lib/followup.c, the
 * queries in lib/store_followup.c.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "filter.h"
#include "followup.h"
#include "store.h"
#include "timeutil.h"

/* Quiet hours when nothing says otherwise: never at night. */
#define FU_DEFAULT_HOURS	"mon-fri 09:00-18:00"
/* schedule and observe commit at least every FU_BATCH records. */
#define FU_BATCH		1000

enum {
	OPT_ATTEMPTS = FILTER_OPT_NEXT,
	OPT_DB,
	OPT_ONLY,
	OPT_DELAY,
	OPT_FORMAT,
	OPT_HOLIDAY,
	OPT_HOURS,
	OPT_MAX,
	OPT_RECLAIM,
	OPT_NETWORK,
	OPT_NOW,
	OPT_RESOLVE_ON,
	OPT_TIMEZONE
};

static const struct option longopts[] = {
	{ "attempts",	required_argument,	NULL, OPT_ATTEMPTS },
	{ "only",	required_argument,	NULL, OPT_ONLY },
	{ "delay",	required_argument,	NULL, OPT_DELAY },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "holiday",	required_argument,	NULL, OPT_HOLIDAY },
	{ "hours",	required_argument,	NULL, OPT_HOURS },
	{ "max",	required_argument,	NULL, OPT_MAX },
	{ "reclaim-after", required_argument,	NULL, OPT_RECLAIM },
	{ "network",	required_argument,	NULL, OPT_NETWORK },
	{ "now",	required_argument,	NULL, OPT_NOW },
	{ "resolve-on",	required_argument,	NULL, OPT_RESOLVE_ON },
	{ "state",	required_argument,	NULL, OPT_DB },
	{ "timezone",	required_argument,	NULL, OPT_TIMEZONE },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

enum format { FMT_AUTO, FMT_NDJSON, FMT_TABLE };

static struct {
	struct followup_conf	 conf;
	struct store		*store;
	time_t			 now;
	int			 observe;	/* annotate what changed */
	int			 states;	/* list: bit per state, 0 all */
	enum format		 format;
	const char		*network;	/* --network */
	long long		 max;		/* due --max */
	long			 reclaim;	/* due --reclaim-after */
	int			 reclaim_set;
	int			 batch;		/* records since the commit */
	struct buf		 val;
} F;

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-followup schedule|observe [--strict] [--max-line SIZE] "
	    "[--rejects FILE]\n"
	    "                   [options] [FILE ...]\n"
	    "       cs-followup resolve|cancel|requeue [--network NET] "
	    "[options] CONVERSATION\n"
	    "       cs-followup due [--max N] [--reclaim-after DURATION] "
	    "[options]\n"
	    "       cs-followup list [--format ndjson|table] "
	    "[--only STATE[,STATE]] [options]\n"
	    "       cs-followup stats [--format ndjson|table] [options]\n"
	    "options: [--attempts N] [--config FILE] [--state FILE] "
	    "[--delay [CATEGORY=]DURATION]\n"
	    "         [--holiday DATE] [--hours SPEC] [--now TIME] "
	    "[--resolve-on LIST]\n"
	    "         [--timezone ZONE]\n");
	exit(status);
}

/* Replace *dst with a copy of v when v is a non-empty string. */
static void
set_str(char **dst, const char *v)
{
	if (v == NULL || *v == '\0' || streq(*dst, v))
		return;
	free(*dst);
	*dst = xstrdup(v);
}

static void
json_member_str(struct buf *b, const char *key, const char *v)
{
	if (v == NULL)
		return;
	buf_printf(b, ",\"%s\":", key);
	buf_add_json_string(b, v, strlen(v));
}

static void
json_member_time(struct buf *b, const char *key, time_t t)
{
	char ts[TIME_RFC3339_LEN];

	if (t == 0)
		return;
	time_format(t, ts);
	buf_printf(b, ",\"%s\":\"%s\"", key, ts);
}

/* The "followup" object of a case. */
static void
case_json(struct buf *b, const struct store_followup *f)
{
	const struct followup_case *c = &f->c;

	buf_printf(b, "{\"state\":\"%s\",\"due_at\":",
	    followup_state_name(c->state));
	if (c->due_at != 0) {
		char ts[TIME_RFC3339_LEN];

		time_format(c->due_at, ts);
		buf_printf(b, "\"%s\"", ts);
	} else
		buf_adds(b, "null");
	buf_adds(b, ",\"template\":\"followup\"");
	json_member_time(b, "resolved_at", c->resolved_at);
	json_member_str(b, "resolved_by", f->resolved_by);
	if (c->attempts > 0)
		buf_printf(b, ",\"attempts\":%d", c->attempts);
	json_member_time(b, "claimed_at", f->claimed_at);
	json_member_time(b, "sent_at", c->sent_at);
	json_member_str(b, "checkin_id", f->checkin_id);
	if (f->answer_id != NULL) {
		buf_adds(b, ",\"answer\":{\"id\":");
		buf_add_json_string(b, f->answer_id, strlen(f->answer_id));
		json_member_time(b, "at", c->answer_at);
		if (f->has_score || f->answer_label != NULL) {
			buf_adds(b, ",\"sentiment\":{");
			if (f->has_score)
				buf_printf(b, "\"score\":%.3g%s",
				    f->answer_score,
				    f->answer_label != NULL ? "," : "");
			if (f->answer_label != NULL) {
				buf_adds(b, "\"label\":");
				buf_add_json_string(b, f->answer_label,
				    strlen(f->answer_label));
			}
			buf_addc(b, '}');
		}
		buf_addc(b, '}');
	}
	json_member_str(b, "reason", f->reason);
	buf_addc(b, '}');
}

/* "author":{...} with what is known. */
static void
author_json(struct buf *b, const struct store_followup *f)
{
	size_t mark;

	buf_adds(b, "\"author\":{");
	mark = b->len;
	json_member_str(b, "id", f->author_id);
	json_member_str(b, "handle", f->handle);
	json_member_str(b, "name", f->name);
	if (b->len > mark)	/* drop the first comma */
		memmove(b->s + mark, b->s + mark + 1, b->len-- - mark);
	buf_addc(b, '}');
}

/* A case as one line of "list": the customer and the follow-up. */
static void
list_json(struct buf *b, const struct store_followup *f)
{
	buf_adds(b, "{\"network\":");
	buf_add_json_string(b, f->network, strlen(f->network));
	json_member_str(b, "account", f->account);
	json_member_str(b, "conversation_id", f->conversation);
	buf_addc(b, ',');
	author_json(b, f);
	json_member_str(b, "lang", f->lang);
	json_member_str(b, "category", f->category);
	json_member_str(b, "agent", f->agent);
	buf_adds(b, ",\"followup\":");
	case_json(b, f);
	buf_adds(b, "}\n");
}

/*
 * The record "due" emits: what cs-reply needs to draft the check-in.
 * It answers our last message in the conversation (the check-in then
 * follows it in the thread, and cs-reply's once-only claim on the
 * customer's message, already answered, is not in the way), else the
 * customer's last message.
 */
static void
due_json(struct buf *b, const struct store_followup *f)
{
	const char *id = f->out_id != NULL ? f->out_id : f->in_id != NULL ?
	    f->in_id : f->conversation;
	const char *lang = f->lang != NULL ? f->lang : "en";

	buf_adds(b, "{\"id\":");
	buf_add_json_string(b, id, strlen(id));
	buf_adds(b, ",\"network\":");
	buf_add_json_string(b, f->network, strlen(f->network));
	json_member_str(b, "account", f->account);
	json_member_str(b, "conversation_id", f->conversation);
	buf_addc(b, ',');
	author_json(b, f);
	json_member_str(b, "lang", lang);
	buf_adds(b, ",\"class\":{\"category\":\"followup\",\"lang\":{"
	    "\"code\":");
	buf_add_json_string(b, lang, strlen(lang));
	buf_addc(b, '}');
	if (f->order_id != NULL) {
		buf_adds(b, ",\"entities\":{\"order_ids\":[");
		buf_add_json_string(b, f->order_id, strlen(f->order_id));
		buf_adds(b, "]}");
	}
	buf_addc(b, '}');
	if (f->agent != NULL) {
		buf_adds(b, ",\"priority\":{\"agent\":");
		buf_add_json_string(b, f->agent, strlen(f->agent));
		buf_addc(b, '}');
	}
	buf_adds(b, ",\"followup\":");
	case_json(b, f);
	buf_adds(b, "}\n");
}

/* ---- schedule and observe ---- */

static int
record_time(const struct record *r, const char *path, time_t *t,
    struct cs_error *err)
{
	const char *s = record_str(r, path);

	if (s == NULL) {
		cs_seterr(err, "missing field '%s'", path);
		return -1;
	}
	if (time_parse(s, t) == -1) {
		cs_seterr(err, "field '%s' is not an RFC 3339 time", path);
		return -1;
	}
	return 0;
}

/* The time at path, or def when absent or not a time. */
static time_t
time_or(const struct record *r, const char *path, time_t def)
{
	const char *s = record_str(r, path);
	time_t t;

	return s != NULL && time_parse(s, &t) == 0 ? t : def;
}

/* The first order id the classifier found, or NULL. */
static const char *
order_id(const struct record *r)
{
	const cJSON *a = record_get(r, "class.entities.order_ids");
	const cJSON *v = cJSON_IsArray(a) ? cJSON_GetArrayItem(a, 0) : NULL;

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
from_us(const struct record *r)
{
	const char *acct = record_str(r, "account");
	const char *h = record_str(r, "author.handle");

	if (streq(record_str(r, "direction"), "out"))
		return 1;
	if (acct == NULL || h == NULL)
		return 0;
	if (*h == '@')
		h++;
	return strcasecmp(acct, h) == 0;
}

/* The result of cs-reply --send on a record "due" emitted. */
static enum followup_change
on_result(const struct record *r, struct store_followup *f)
{
	const char *status = record_str(r, "reply.status");
	const char *reason = record_str(r, "reply.reason");
	time_t at;

	if (streq(status, "sent")) {
		at = time_or(r, "reply.sent_at", F.now);
		set_str(&f->checkin_id, record_str(r, "reply.id"));
		return followup_sent(&f->c, at);
	}
	if (streq(status, "failed") || streq(status, "skipped")) {
		free(f->reason);
		f->reason = xasprintf("%s%s%s", status, reason != NULL ?
		    ": " : "", reason != NULL ? reason : "");
		return followup_failed(&F.conf, &f->c, F.now);
	}
	if (streq(status, "unknown"))
		set_str(&f->reason, "unknown: the network may have posted "
		    "it; check, then requeue or cancel");
	return FU_NOCHANGE;
}

/* A customer's message. */
static enum followup_change
on_inbound(const struct record *r, struct store_followup *f, time_t t)
{
	const char *cat = record_str(r, "class.category");
	const cJSON *sc = record_get(r, "class.sentiment.score");
	enum followup_change ch;
	int thanks;

	thanks = followup_is_thanks(cat, record_str(r, "text"),
	    cJSON_IsNumber(sc), cJSON_IsNumber(sc) ? sc->valuedouble : 0);
	set_str(&f->account, record_str(r, "account"));
	set_str(&f->author_id, record_str(r, "author.id"));
	set_str(&f->handle, record_str(r, "author.handle"));
	set_str(&f->name, record_str(r, "author.name"));
	if (!thanks && !streq(cat, "other"))
		set_str(&f->category, cat);
	if (f->lang == NULL || !thanks) {
		const char *lang = record_str(r, "class.lang.code");

		set_str(&f->lang, streq(lang, "und") ? NULL : lang);
		if (lang == NULL || streq(lang, "und"))
			set_str(&f->lang, record_str(r, "lang"));
	}
	set_str(&f->order_id, order_id(r));
	set_str(&f->agent, record_str(r, "priority.agent"));
	if (t >= f->in_at) {
		set_str(&f->in_id, record_str(r, "id"));
		f->in_at = t;
	}
	ch = followup_inbound(&F.conf, &f->c, f->category, t, thanks);
	if (ch == FU_ANSWER) {
		set_str(&f->answer_id, record_str(r, "id"));
		f->has_score = cJSON_IsNumber(sc);
		f->answer_score = f->has_score ? sc->valuedouble : 0;
		set_str(&f->answer_label,
		    record_str(r, "class.sentiment.label"));
	} else if (ch == FU_SCHEDULED)
		set_str(&f->resolved_by, "thanks");
	return ch;
}

/* One of our messages: id at t, resolving the case or not. */
static enum followup_change
on_outbound(struct store_followup *f, const char *id, time_t t,
    int resolves)
{
	enum followup_change ch;

	if (t >= f->out_at) {
		set_str(&f->out_id, id);
		f->out_at = t;
	}
	if (!resolves)
		return FU_NOCHANGE;
	ch = followup_resolve(&F.conf, &f->c, f->category, t,
	    FU_POLICY_REPLY);
	if (ch == FU_SCHEDULED)
		set_str(&f->resolved_by, "reply");
	return ch;
}

/* What the record did to the case (a followup_change), or -1. */
static int
apply(const struct record *r, struct store_followup *f, struct cs_error *err)
{
	enum followup_change ch = FU_NOCHANGE, ch2;
	time_t t, sent;

	if (streq(record_str(r, "followup.state"), "due"))
		return on_result(r, f);
	if (record_time(r, "created_at", &t, err) == -1)
		return -1;
	if (from_us(r))
		return on_outbound(f, record_str(r, "id"), t,
		    record_bool(r, "resolved", 0));
	ch = on_inbound(r, f, t);
	if (record_bool(r, "resolved", 0) && (ch2 = followup_resolve(&F.conf,
	    &f->c, f->category, t, FU_POLICY_REPLY)) != FU_NOCHANGE) {
		set_str(&f->resolved_by, "reply");
		ch = ch2;
	}
	if (!streq(record_str(r, "reply.status"), "sent"))
		return ch;
	set_str(&f->agent, record_str(r, "reply.agent"));
	set_str(&f->lang, record_str(r, "reply.lang"));
	sent = time_or(r, "reply.sent_at", t > F.now ? t : F.now);
	ch2 = on_outbound(f, record_str(r, "reply.id"), sent,
	    record_bool(r, "reply.resolves", 0));
	return ch2 != FU_NOCHANGE ? ch2 : ch;
}

static int
process(struct filter *flt, struct record *r, struct cs_error *err)
{
	struct store_followup f;
	const char *net = record_str(r, "network");
	const char *conv = record_str(r, "conversation_id");
	int ch, rc;

	if (net == NULL)
		net = "unknown";
	if (conv == NULL)
		conv = record_str(r, "id");
	if (store_begin(F.store, err) == -1 ||
	    (rc = store_followup_get(F.store, net, conv, &f, err)) == -1) {
		flt->stop = 1;
		return -1;
	}
	ch = apply(r, &f, err);
	if (ch == -1) {
		store_followup_release(&f);
		return -1;
	}
	/* A result for a case this database never had: nothing to keep. */
	if ((rc == 0 || !streq(record_str(r, "followup.state"), "due")) &&
	    store_followup_put(F.store, &f, F.now, err) == -1) {
		store_followup_release(&f);
		flt->stop = 1;
		return -1;
	}
	if (F.observe && (ch == FU_ANSWER || ch == FU_REOPEN ||
	    ch == FU_SCHEDULED) && !from_us(r)) {
		buf_reset(&F.val);
		case_json(&F.val, &f);
		(void)record_emit(r, "followup", F.val.s, F.val.len,
		    flt->out);
	} else
		(void)record_emit(r, "followup", NULL, 0, flt->out);
	store_followup_release(&f);
	/* Bound the time other jobs wait for the database. */
	if (++F.batch == FU_BATCH) {
		F.batch = 0;
		if (store_commit(F.store, err) == -1) {
			flt->stop = 1;
			return -1;
		}
	}
	return 0;
}

static void
idle(struct filter *f)
{
	struct cs_error e;

	(void)f;
	if (store_commit(F.store, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
}

static int
end(struct filter *f)
{
	struct cs_error e;

	(void)f;
	if (store_commit(F.store, &e) == -1) {
		warnx("%s", e.msg);
		return CS_EXIT_FAIL;
	}
	return 0;
}

static int
run_filter(struct filter *f, int argc, char *argv[])
{
	static const char *const required[] = { "id", NULL };

	f->required = required;
	f->record = process;
	f->idle = idle;
	f->end = end;
	return filter_run(f, argc, argv);
}

/* ---- resolve, cancel, requeue ---- */

static int
by_hand(const char *cmd, const char *conv)
{
	struct store_followup f;
	struct cs_error e;
	enum followup_change ch = FU_NOCHANGE;
	int rc;

	if (store_begin(F.store, &e) == -1 ||
	    (rc = store_followup_get(F.store, F.network, conv, &f, &e)) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if (rc == 2)
		errx(CS_EXIT_FAIL, "conversation %s is on several networks: "
		    "name one with --network", conv);
	if (rc == 1) {
		store_followup_release(&f);
		errx(CS_EXIT_FAIL, "unknown conversation %s: feed its "
		    "messages to cs-followup schedule or observe first", conv);
	}
	if (strcmp(cmd, "resolve") == 0) {
		if (!(F.conf.policy & FU_POLICY_MANUAL))
			errx(CS_EXIT_FAIL, "manual resolution is not in the "
			    "resolution policy (--resolve-on)");
		ch = followup_resolve(&F.conf, &f.c, f.category, F.now,
		    FU_POLICY_MANUAL);
		if (ch == FU_SCHEDULED)
			set_str(&f.resolved_by, "manual");
	} else if (strcmp(cmd, "cancel") == 0) {
		ch = followup_cancel(&f.c);
		if (ch != FU_NOCHANGE)
			set_str(&f.reason, "cancelled by hand");
	} else
		ch = followup_requeue(&f.c, F.now);
	if (ch == FU_NOCHANGE) {
		warnx("%s: conversation %s is %s%s: nothing to do", cmd, conv,
		    followup_state_name(f.c.state), f.c.state == FU_OPEN ||
		    f.c.state == FU_REOPENED ? " and the customer wrote after "
		    "that time" : "");
		store_followup_release(&f);
		store_commit(F.store, NULL);
		return CS_EXIT_FAIL;
	}
	if (store_followup_put(F.store, &f, F.now, &e) == -1 ||
	    store_commit(F.store, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	buf_reset(&F.val);
	list_json(&F.val, &f);
	fwrite(F.val.s, 1, F.val.len, stdout);
	store_followup_release(&f);
	return 0;
}

/* ---- due ---- */

static int
due(void)
{
	struct store_followup *v;
	struct cs_error e;
	size_t n, i;

	/* Whole lines only, even if killed: one write(2) per record. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Quiet hours: nothing goes out while closed. */
	if (!bizhours_open(&F.conf.hours, F.now))
		return 0;
	if (store_begin(F.store, &e) == -1 ||
	    store_followup_claim(F.store, F.now, F.reclaim > 0 ?
	    F.now - F.reclaim : 0, (size_t)F.max, &v, &n, &e) == -1 ||
	    store_commit(F.store, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	/* Claimed and committed: now they may be written. */
	for (i = 0; i < n; i++) {
		buf_reset(&F.val);
		due_json(&F.val, &v[i]);
		fwrite(F.val.s, 1, F.val.len, stdout);
		store_followup_release(&v[i]);
	}
	free(v);
	return 0;
}

/* ---- list and stats ---- */

struct table {
	char	**cell;		/* rows of NCOL */
	size_t	  nrows;
};

#define NCOL	8

static const char *const heads[NCOL] = {
	"STATE", "DUE", "NETWORK", "CONVERSATION", "CUSTOMER", "LANG",
	"CATEGORY", "ANSWER"
};

static int
list_one(const struct store_followup *f, void *arg)
{
	struct table *t = arg;
	char ts[TIME_RFC3339_LEN] = "-";
	char **row;

	if (F.states != 0 && !(F.states & (1 << f->c.state)))
		return 0;
	if (F.format == FMT_NDJSON) {
		buf_reset(&F.val);
		list_json(&F.val, f);
		fwrite(F.val.s, 1, F.val.len, stdout);
		return 0;
	}
	if (f->c.due_at != 0)
		time_format(f->c.due_at, ts);
	t->cell = xreallocarray(t->cell, (t->nrows + 1) * NCOL,
	    sizeof(*t->cell));
	row = t->cell + t->nrows++ * NCOL;
	row[0] = xstrdup(followup_state_name(f->c.state));
	row[1] = xstrdup(ts);
	row[2] = xstrdup(f->network);
	row[3] = xstrdup(f->conversation);
	row[4] = xasprintf("%s%s", f->handle != NULL ? "@" : "",
	    f->handle != NULL ? f->handle : "-");
	row[5] = xstrdup(f->lang != NULL ? f->lang : "-");
	row[6] = xstrdup(f->category != NULL ? f->category : "-");
	if (f->has_score)
		row[7] = xasprintf("%+.2f", f->answer_score);
	else
		row[7] = xstrdup(f->answer_id != NULL ? "yes" : "-");
	return 0;
}

static void
print_table(struct table *t)
{
	size_t w[NCOL], i, j;

	for (j = 0; j < NCOL; j++)
		w[j] = strlen(heads[j]);
	for (i = 0; i < t->nrows * NCOL; i++) {
		if (strlen(t->cell[i]) > w[i % NCOL])
			w[i % NCOL] = strlen(t->cell[i]);
	}
	for (j = 0; j < NCOL; j++)
		printf("%-*s%s", j + 1 < NCOL ? (int)w[j] : 0, heads[j],
		    j + 1 < NCOL ? "  " : "\n");
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < NCOL; j++)
			printf("%-*s%s", j + 1 < NCOL ? (int)w[j] : 0,
			    t->cell[i * NCOL + j], j + 1 < NCOL ? "  " : "\n");
	}
	for (i = 0; i < t->nrows * NCOL; i++)
		free(t->cell[i]);
	free(t->cell);
}

static int
list(void)
{
	struct table t = { NULL, 0 };
	struct cs_error e;

	if (store_followup_each(F.store, -1, list_one, &t, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if (F.format == FMT_TABLE)
		print_table(&t);
	return 0;
}

struct stats {
	long	n[FU_NSTATES];
	long	cases, scored, pos, neu, neg;
	double	sum;
};

static int
stats_one(const struct store_followup *f, void *arg)
{
	struct stats *s = arg;
	const char *l = f->answer_label;

	s->cases++;
	s->n[f->c.state]++;
	if (f->c.state != FU_ANSWERED)
		return 0;
	if (f->has_score) {
		s->scored++;
		s->sum += f->answer_score;
	}
	if (l == NULL && f->has_score)
		l = f->answer_score > 0.05 ? "positive" :
		    f->answer_score < -0.05 ? "negative" : "neutral";
	if (streq(l, "positive"))
		s->pos++;
	else if (streq(l, "negative"))
		s->neg++;
	else
		s->neu++;
	return 0;
}

static int
stats(void)
{
	struct stats s;
	struct cs_error e;
	long checkins;
	double rate, mean;
	int i;

	memset(&s, 0, sizeof(s));
	if (store_followup_each(F.store, -1, stats_one, &s, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	checkins = s.n[FU_SENT] + s.n[FU_ANSWERED];
	rate = checkins > 0 ? (double)s.n[FU_ANSWERED] / checkins : 0;
	mean = s.scored > 0 ? s.sum / s.scored : 0;
	if (F.format == FMT_TABLE) {
		printf("%-15s %ld\n", "cases", s.cases);
		for (i = 0; i < FU_NSTATES; i++)
			printf("%-15s %ld\n", followup_state_name(
			    (enum followup_state)i), s.n[i]);
		printf("%-15s %ld\n%-15s %.1f%%\n", "check-ins sent",
		    checkins, "response rate", rate * 100);
		printf("%-15s %ld positive, %ld neutral, %ld negative, "
		    "mean %+.2f\n", "answers", s.pos, s.neu, s.neg, mean);
		return 0;
	}
	printf("{\"cases\":%ld", s.cases);
	for (i = 0; i < FU_NSTATES; i++)
		printf(",\"%s\":%ld", followup_state_name(
		    (enum followup_state)i), s.n[i]);
	printf(",\"checkins\":%ld,\"response_rate\":%.4g,\"sentiment\":{"
	    "\"scored\":%ld,\"mean\":%.3g,\"positive\":%ld,\"neutral\":%ld,"
	    "\"negative\":%ld}}\n", checkins, rate, s.scored, mean, s.pos,
	    s.neu, s.neg);
	return 0;
}

/* ---- configuration ---- */

static void
add_delay(const char *spec, const char *what, int status)
{
	const char *eq = strchr(spec, '='), *dur = spec;
	char cat[32] = "*";
	long secs;

	if (eq != NULL) {
		if (eq == spec || (size_t)(eq - spec) >= sizeof(cat))
			errx(status, "bad %s value '%s': expected "
			    "[CATEGORY=]DURATION", what, spec);
		memcpy(cat, spec, (size_t)(eq - spec));
		cat[eq - spec] = '\0';
		dur = eq + 1;
	}
	if (duration_parse(dur, &secs) == -1 || secs < 0)
		errx(status, "bad %s value '%s': expected a duration such as "
		    "3d", what, spec);
	if (followup_set_delay(&F.conf, cat, secs) == -1)
		errx(status, "bad %s value '%s': too many categories", what,
		    spec);
}

/* followup.resolve: "reply,manual" or ["reply", "manual"]. */
static void
config_policy(const cJSON *n)
{
	const cJSON *item;
	struct buf list;
	struct cs_error e;

	buf_init(&list);
	if (cJSON_IsString(n))
		buf_adds(&list, n->valuestring);
	else if (cJSON_IsArray(n)) {
		cJSON_ArrayForEach(item, n) {
			if (!cJSON_IsString(item))
				goto bad;
			buf_printf(&list, "%s,", item->valuestring);
		}
	} else
		goto bad;
	if (followup_parse_policy(list.s != NULL ? list.s : "",
	    &F.conf.policy, &e) == -1)
		errx(CS_EXIT_FAIL, "configuration: followup.resolve: %s",
		    e.msg);
	buf_release(&list);
	return;
bad:
	errx(CS_EXIT_FAIL, "configuration: followup.resolve must be a list "
	    "such as [\"reply\", \"manual\", \"thanks\"]");
}

static void
configure(const struct config *cfg, const char *hours, const char *tz,
    int have_delays, const char *policy, long long attempts)
{
	const cJSON *n, *item;
	struct cs_error e;

	tz = tz != NULL ? tz : config_str(cfg, "CS_TIMEZONE", "timezone",
	    "UTC");
	hours = hours != NULL ? hours : config_str(cfg, "CS_BUSINESS_HOURS",
	    "business_hours", FU_DEFAULT_HOURS);
	if (bizhours_parse(&F.conf.hours, hours, tz, &e) == -1)
		errx(CS_EXIT_USAGE, "%s", e.msg);
	n = config_get(cfg, "holidays");
	cJSON_ArrayForEach(item, n) {
		if (!cJSON_IsString(item) || bizhours_add_holiday(
		    &F.conf.hours, item->valuestring) == -1)
			errx(CS_EXIT_FAIL, "configuration: holidays must be "
			    "dates such as 2026-12-25");
	}
	n = config_get(cfg, "followup.delay");
	if (!have_delays && cJSON_IsString(n))
		add_delay(n->valuestring, "followup.delay", CS_EXIT_FAIL);
	else if (!have_delays && cJSON_IsObject(n)) {
		cJSON_ArrayForEach(item, n) {
			char *spec;

			if (!cJSON_IsString(item))
				errx(CS_EXIT_FAIL, "configuration: "
				    "followup.delay.%s must be a duration "
				    "such as 3d", item->string);
			spec = xasprintf("%s=%s", item->string,
			    item->valuestring);
			add_delay(spec, "followup.delay", CS_EXIT_FAIL);
			free(spec);
		}
	} else if (n != NULL && !cJSON_IsString(n) && !cJSON_IsObject(n))
		errx(CS_EXIT_FAIL, "configuration: followup.delay must be a "
		    "duration or an object of them");
	if (policy != NULL) {
		if (followup_parse_policy(policy, &F.conf.policy, &e) == -1)
			errx(CS_EXIT_USAGE, "bad --resolve-on value '%s': %s",
			    policy, e.msg);
	} else if ((n = config_get(cfg, "followup.resolve")) != NULL)
		config_policy(n);
	if (attempts == 0) {
		n = config_get(cfg, "followup.attempts");
		if (cJSON_IsNumber(n) && n->valuedouble >= 1 &&
		    n->valuedouble <= 100)
			attempts = (long long)n->valuedouble;
		else if (n != NULL)
			errx(CS_EXIT_FAIL, "configuration: followup.attempts "
			    "must be a number from 1 to 100");
	}
	if (attempts > 0)
		F.conf.attempts = (int)attempts;
}

static void
parse_states(const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	int s;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((s = followup_state_parse(tok)) < 0)
			errx(CS_EXIT_USAGE, "bad --only value '%s': expected "
			    "open, pending, due, sent, answered, reopened, "
			    "cancelled or failed", list);
		F.states |= 1 << s;
	}
	free(copy);
}

static int
is_sub(const char *cmd, const char *const *names)
{
	for (; *names != NULL; names++) {
		if (strcmp(cmd, *names) == 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const char *const filters[] = { "schedule", "observe", NULL };
	static const char *const hand[] = { "resolve", "cancel", "requeue",
	    NULL };
	static const char *const others[] = { "due", "list", "stats", NULL };
	struct filter f;
	struct config cfg;
	struct cs_error e;
	const char *hours = NULL, *tz = NULL, *db = NULL, *policy = NULL;
	const char **holidays = NULL, *cmd;
	size_t nholidays = 0, i;
	long long now = -1, attempts = 0;
	int ch, status, have_delays = 0;

	cli_init();
	filter_init(&f);
	followup_conf_init(&F.conf);
	buf_init(&F.val);
	if (argc > 1 && strcmp(argv[1], "--version") == 0)
		cli_version();
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		usage(0);
	if (argc < 2 || (!is_sub(argv[1], filters) && !is_sub(argv[1], hand) &&
	    !is_sub(argv[1], others))) {
		if (argc >= 2)
			warnx("unknown command '%s'", argv[1]);
		usage(CS_EXIT_USAGE);
	}
	cmd = argv[1];
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (filter_option(&f, ch, optarg))
			continue;
		switch (ch) {
		case OPT_ATTEMPTS:
			attempts = cli_number("--attempts", optarg, 1, 100);
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_DELAY:
			have_delays = 1;
			add_delay(optarg, "--delay", CS_EXIT_USAGE);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "ndjson") == 0)
				F.format = FMT_NDJSON;
			else if (strcmp(optarg, "table") == 0)
				F.format = FMT_TABLE;
			else
				errx(CS_EXIT_USAGE, "bad --format value '%s': "
				    "expected ndjson or table", optarg);
			break;
		case OPT_HOLIDAY:
			holidays = xreallocarray(holidays, nholidays + 1,
			    sizeof(*holidays));
			holidays[nholidays++] = optarg;
			break;
		case OPT_HOURS:
			hours = optarg;
			break;
		case OPT_RECLAIM:
			F.reclaim = cli_duration("--reclaim-after", optarg);
			F.reclaim_set = 1;
			break;
		case OPT_MAX:
			F.max = cli_number("--max", optarg, 1, 100000000);
			break;
		case OPT_NETWORK:
			F.network = optarg;
			break;
		case OPT_NOW:
			now = cli_time("--now", optarg);
			break;
		case OPT_RESOLVE_ON:
			policy = optarg;
			break;
		case OPT_ONLY:
			parse_states(optarg);
			break;
		case OPT_TIMEZONE:
			tz = optarg;
			break;
		case 'h':
			usage(0);
		case 'V':
			cli_version();
		default:
			usage(CS_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (is_sub(cmd, hand) && argc != 1)
		errx(CS_EXIT_USAGE, "%s needs one CONVERSATION", cmd);
	if (is_sub(cmd, others) && argc != 0)
		errx(CS_EXIT_USAGE, "%s takes no operands", cmd);
	if (F.states != 0 && strcmp(cmd, "list") != 0)
		errx(CS_EXIT_USAGE, "--only is for list");
	if (F.reclaim_set && strcmp(cmd, "due") != 0)
		errx(CS_EXIT_USAGE, "--reclaim-after is for due");
	/*
	 * A check-in claimed this long ago without a result is written
	 * again: cs-reply --send remembers what it posted (in this same
	 * database), so it is posted at most once.
	 */
	if (!F.reclaim_set)
		F.reclaim = FOLLOWUP_RECLAIM_AFTER;

	if (config_load(&cfg, f.config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	configure(&cfg, hours, tz, have_delays, policy, attempts);
	for (i = 0; i < nholidays; i++) {
		if (bizhours_add_holiday(&F.conf.hours, holidays[i]) == -1)
			errx(CS_EXIT_USAGE, "bad --holiday value '%s': "
			    "expected YYYY-MM-DD", holidays[i]);
	}
	free(holidays);
	F.now = now >= 0 ? (time_t)now : time(NULL);
	if (F.format == FMT_AUTO)
		F.format = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_NDJSON;
	if ((F.store = store_open(db, &e)) == NULL)
		errx(CS_EXIT_FAIL, "%s", e.msg);

	if (is_sub(cmd, filters)) {
		F.observe = strcmp(cmd, "observe") == 0;
		status = run_filter(&f, argc, argv);
	} else {
		if (is_sub(cmd, hand))
			status = by_hand(cmd, argv[0]);
		else if (strcmp(cmd, "due") == 0)
			status = due();
		else if (strcmp(cmd, "list") == 0)
			status = list();
		else
			status = stats();
		status = cli_close_stdout(status);
	}
	store_close(F.store);
	config_release(&cfg);
	bizhours_release(&F.conf.hours);
	buf_release(&F.val);
	return status;
}
