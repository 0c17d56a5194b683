/*
 * report: cs-report's aggregation and its mergeable partials.  See
 * report.h; the output formats are in report_out.c and report_html.c.
 */
#include "compat.h"

#include <math.h>

#include "report_int.h"

static const char *const key_names[REPORT_NKEYS] = {
	"account", "network", "category", "lang", "agent", "priority",
	"day", "week", "hour", "weekday"
};

static const char *const sent_names[SENT_NLABELS] = {
	"negative", "neutral", "positive"
};

int
report_key_parse(const char *s)
{
	int i;

	for (i = 0; i < REPORT_NKEYS; i++) {
		if (strcmp(s, key_names[i]) == 0)
			return i;
	}
	return -1;
}

const char *
report_key_name(int key)
{
	return key >= 0 && key < REPORT_NKEYS ? key_names[key] : "?";
}

static uint64_t
hash_bytes(uint64_t h, const char *s, size_t n)
{
	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* FNV-1a over "a\0b", finished with splitmix64's mixer. */
static uint64_t
hash2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	h = hash_bytes(h, a, strlen(a) + 1);
	h = hash_bytes(h, b, strlen(b));
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

/* Ring map. */

static void
ringmap_init(struct ringmap *m, size_t max)
{
	memset(m, 0, sizeof(*m));
	m->max = max;
	m->nheads = 1024;
	while (m->nheads < max && m->nheads < (1U << 20))
		m->nheads <<= 1;
}

static void
ringmap_release(struct ringmap *m)
{
	free(m->keys);
	free(m->next);
	free(m->heads);
	memset(m, 0, sizeof(*m));
}

static uint32_t *
ringmap_head(struct ringmap *m, uint64_t key)
{
	size_t i;

	if (m->heads == NULL) {
		m->heads = xreallocarray(NULL, m->nheads, sizeof(*m->heads));
		for (i = 0; i < m->nheads; i++)
			m->heads[i] = REPORT_NONE;
	}
	return &m->heads[key & (m->nheads - 1)];
}

static uint32_t
ringmap_find(struct ringmap *m, uint64_t key)
{
	uint32_t s;

	if (m->n == 0)
		return REPORT_NONE;
	for (s = *ringmap_head(m, key); s != REPORT_NONE; s = m->next[s]) {
		if (m->keys[s] == key)
			return s;
	}
	return REPORT_NONE;
}

/*
 * The slot for a new key.  When the map is full the oldest key's slot is
 * reused: *evicted is set and the caller must close the slot's data first
 * (the old key is unlinked here).
 */
static uint32_t
ringmap_insert(struct ringmap *m, uint64_t key, int *evicted)
{
	uint32_t s, *p;

	*evicted = 0;
	if (m->n < m->max) {
		s = (uint32_t)m->n++;
		if ((s & (s - 1)) == 0 || s == 0) {
			size_t cap = s == 0 ? 1 : (size_t)s * 2;

			if (cap > m->max)
				cap = m->max;
			m->keys = xreallocarray(m->keys, cap,
			    sizeof(*m->keys));
			m->next = xreallocarray(m->next, cap,
			    sizeof(*m->next));
		}
	} else {
		s = (uint32_t)m->pos;
		m->pos = (m->pos + 1) % m->max;
		for (p = ringmap_head(m, m->keys[s]); *p != s; p = &m->next[*p])
			;
		*p = m->next[s];
		*evicted = 1;
	}
	p = ringmap_head(m, key);
	m->keys[s] = key;
	m->next[s] = *p;
	*p = s;
	return s;
}

/* The i-th slot in order of insertion, oldest first. */
static uint32_t
ringmap_nth(const struct ringmap *m, size_t i)
{
	return m->n < m->max ? (uint32_t)i : (uint32_t)((m->pos + i) % m->max);
}

/* Tallies. */

static uint64_t
str_hash(const char *s)
{
	return hash_bytes(1469598103934665603ULL, s, strlen(s));
}

void
tally_add(struct tally *t, const char *name, uint64_t n)
{
	size_t i;

	if (t->n * 2 >= t->cap) {
		struct tally old = *t;

		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->names = xcalloc(t->cap, sizeof(*t->names));
		t->counts = xcalloc(t->cap, sizeof(*t->counts));
		t->n = 0;
		for (i = 0; i < old.cap; i++) {
			if (old.names[i] != NULL) {
				tally_add(t, old.names[i], old.counts[i]);
				free(old.names[i]);
			}
		}
		free(old.names);
		free(old.counts);
	}
	i = (size_t)str_hash(name) & (t->cap - 1);
	while (t->names[i] != NULL && strcmp(t->names[i], name) != 0)
		i = (i + 1) & (t->cap - 1);
	if (t->names[i] == NULL) {
		t->names[i] = xstrdup(name);
		t->n++;
	}
	t->counts[i] += n;
}

void
tally_release(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->names[i]);
	free(t->names);
	free(t->counts);
	memset(t, 0, sizeof(*t));
}

static const struct tally *sort_tally;

static int
tally_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	uint64_t ci = sort_tally->counts[i], cj = sort_tally->counts[j];

	if (ci != cj)
		return ci > cj ? -1 : 1;
	return strcmp(sort_tally->names[i], sort_tally->names[j]);
}

size_t *
tally_order(const struct tally *t)
{
	size_t *v = xreallocarray(NULL, t->n + 1, sizeof(*v)), i, n = 0;

	for (i = 0; i < t->cap; i++) {
		if (t->names[i] != NULL)
			v[n++] = i;
	}
	sort_tally = t;
	qsort(v, n, sizeof(*v), tally_cmp);
	return v;
}

static void
tally_merge(struct tally *dst, const struct tally *src)
{
	size_t i;

	for (i = 0; i < src->cap; i++) {
		if (src->names[i] != NULL)
			tally_add(dst, src->names[i], src->counts[i]);
	}
}

/* Groups. */

void
group_init(struct group *g, size_t nby)
{
	memset(g, 0, sizeof(*g));
	g->vals = xcalloc(nby + 1, sizeof(*g->vals));
	hist_init(&g->frt);
	hist_init(&g->bfrt);
}

void
group_merge(struct group *d, const struct group *s)
{
	size_t i;

	d->inbound += s->inbound;
	d->answered += s->answered;
	d->replies += s->replies;
	d->backlog += s->backlog;
	for (i = 0; i < REPORT_MAX_SLA; i++)
		d->within[i] += s->within[i];
	hist_merge(&d->frt, &s->frt);
	hist_merge(&d->bfrt, &s->bfrt);
	for (i = 0; i < SENT_NLABELS; i++)
		d->sent[i] += s->sent[i];
	d->scored += s->scored;
	d->score_sum += s->score_sum;
	tally_merge(&d->cats, &s->cats);
	tally_merge(&d->agents, &s->agents);
	d->ck_sent += s->ck_sent;
	d->ck_answered += s->ck_answered;
	d->ck_scored += s->ck_scored;
	d->ck_positive += s->ck_positive;
	d->ck_score_sum += s->ck_score_sum;
}

void
group_release(struct group *g, size_t nby)
{
	size_t i;

	if (g->vals != NULL) {
		for (i = 0; i < nby; i++)
			free(g->vals[i]);
		free(g->vals);
	}
	hist_release(&g->frt);
	hist_release(&g->bfrt);
	tally_release(&g->cats);
	tally_release(&g->agents);
	memset(g, 0, sizeof(*g));
}

/* The key values of a group joined by 0x1f, in r->key. */
static uint64_t
group_hash(const char *key, size_t len)
{
	return hash_bytes(1469598103934665603ULL, key, len);
}

static int
group_is(const struct report *r, const struct group *g, const char *key)
{
	size_t i, n;

	for (i = 0; i < r->conf.nby; i++) {
		n = strlen(g->vals[i]);
		if (strncmp(key, g->vals[i], n) != 0 ||
		    key[n] != (i + 1 < r->conf.nby ? '\x1f' : '\0'))
			return 0;
		key += n + 1;
	}
	return 1;
}

static void
gslots_grow(struct report *r)
{
	size_t cap = r->gslotcap == 0 ? 64 : r->gslotcap * 2, i, j;

	free(r->gslots);
	r->gslots = xreallocarray(NULL, cap, sizeof(*r->gslots));
	r->gslotcap = cap;
	for (i = 0; i < cap; i++)
		r->gslots[i] = REPORT_NONE;
	for (i = 0; i < r->ngroups; i++) {
		struct buf *k = &r->tmp;

		buf_reset(k);
		for (j = 0; j < r->conf.nby; j++) {
			if (j > 0)
				buf_addc(k, '\x1f');
			buf_adds(k, r->groups[i].vals[j]);
		}
		j = (size_t)group_hash(k->s == NULL ? "" : k->s, k->len) &
		    (cap - 1);
		while (r->gslots[j] != REPORT_NONE)
			j = (j + 1) & (cap - 1);
		r->gslots[j] = (uint32_t)i;
	}
}

/* The group whose joined key is key (len bytes); made if new. */
static uint32_t
group_get(struct report *r, const char *key, size_t len)
{
	struct group *g;
	size_t j, i;
	const char *p;

	if ((r->ngroups + 1) * 2 > r->gslotcap)
		gslots_grow(r);
	j = (size_t)group_hash(key, len) & (r->gslotcap - 1);
	while (r->gslots[j] != REPORT_NONE) {
		if (group_is(r, &r->groups[r->gslots[j]], key))
			return r->gslots[j];
		j = (j + 1) & (r->gslotcap - 1);
	}
	if (r->ngroups == r->gcap) {
		r->gcap = r->gcap == 0 ? 16 : r->gcap * 2;
		r->groups = xreallocarray(r->groups, r->gcap,
		    sizeof(*r->groups));
	}
	g = &r->groups[r->ngroups];
	group_init(g, r->conf.nby);
	for (i = 0, p = key; i < r->conf.nby; i++) {
		const char *e = strchr(p, '\x1f');

		if (e == NULL)
			e = p + strlen(p);
		g->vals[i] = xstrndup(p, (size_t)(e - p));
		p = *e != '\0' ? e + 1 : e;
	}
	r->gslots[j] = (uint32_t)r->ngroups;
	return (uint32_t)r->ngroups++;
}

/* Days. */

static struct day *
day_get(struct report *r, int ymd)
{
	size_t lo = 0, hi = r->ndays;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->days[mid].ymd < ymd)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->ndays && r->days[lo].ymd == ymd)
		return &r->days[lo];
	if (r->ndays == r->daycap) {
		r->daycap = r->daycap == 0 ? 64 : r->daycap * 2;
		r->days = xreallocarray(r->days, r->daycap,
		    sizeof(*r->days));
	}
	memmove(&r->days[lo + 1], &r->days[lo],
	    (r->ndays - lo) * sizeof(*r->days));
	r->ndays++;
	memset(&r->days[lo], 0, sizeof(r->days[lo]));
	r->days[lo].ymd = ymd;
	return &r->days[lo];
}

static void
local_tm(time_t t, struct tm *tm)
{
	if (localtime_r(&t, tm) == NULL)
		memset(tm, 0, sizeof(*tm));
}

static int
tm_ymd(const struct tm *tm)
{
	return (tm->tm_year + 1900) * 10000 + (tm->tm_mon + 1) * 100 +
	    tm->tm_mday;
}

/* Set up. */

static char *
pack(char **p, const char *s)
{
	char *d = *p;
	size_t n = strlen(s) + 1;

	memcpy(d, s, n);
	*p += n;
	return d;
}

static int
configure(struct report *r, const struct report_conf *conf,
    struct cs_error *err)
{
	size_t len = 0, i;
	char *p;

	r->conf = *conf;
	if (r->conf.window == 0)
		r->conf.window = REPORT_WINDOW;
	if (r->conf.nsla == 0) {
		r->conf.sla[0] = 3600;
		r->conf.sla[1] = 5 * 3600;
		r->conf.nsla = 2;
	}
	len += conf->hours != NULL ? strlen(conf->hours) + 1 : 0;
	len += conf->tz != NULL ? strlen(conf->tz) + 1 : 0;
	for (i = 0; i < conf->nholidays; i++)
		len += strlen(conf->holidays[i]) + 1;
	p = r->strs = xmalloc(len + 1);
	if (conf->hours != NULL)
		r->conf.hours = pack(&p, conf->hours);
	if (conf->tz != NULL)
		r->conf.tz = pack(&p, conf->tz);
	for (i = 0; i < conf->nholidays; i++)
		r->conf.holidays[i] = pack(&p, conf->holidays[i]);
	if (bizhours_parse(&r->hours, r->conf.hours, r->conf.tz, err) == -1)
		return -1;
	for (i = 0; i < conf->nholidays; i++) {
		if (bizhours_add_holiday(&r->hours, conf->holidays[i]) == -1) {
			cs_seterr(err, "bad holiday '%s': expected YYYY-MM-DD",
			    conf->holidays[i]);
			return -1;
		}
	}
	ringmap_init(&r->tmap, r->conf.window);
	ringmap_init(&r->cmap, r->conf.window);
	ringmap_init(&r->amap, r->conf.window);
	r->configured = 1;
	return 0;
}

struct report *
report_new(const struct report_conf *conf, struct cs_error *err)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->ifree = REPORT_NONE;
	buf_init(&r->key);
	buf_init(&r->tmp);
	if (conf != NULL && configure(r, conf, err) == -1) {
		report_free(r);
		return NULL;
	}
	return r;
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ngroups; i++)
		group_release(&r->groups[i], r->conf.nby);
	free(r->groups);
	free(r->gslots);
	free(r->days);
	ringmap_release(&r->tmap);
	ringmap_release(&r->cmap);
	ringmap_release(&r->amap);
	free(r->answers);
	free(r->threads);
	free(r->items);
	free(r->scratch);
	free(r->checkins);
	free(r->gmap);
	free(r->conf_text);
	free(r->strs);
	if (r->configured)
		bizhours_release(&r->hours);
	buf_release(&r->key);
	buf_release(&r->tmp);
	free(r);
}

uint64_t
report_evicted(const struct report *r)
{
	return r->evicted;
}

/* The join of inbound messages and their answers. */

static void
answered(struct report *r, uint32_t gi, int64_t a, int64_t o)
{
	struct group *g = &r->groups[gi];
	long b = bizhours_between(&r->hours, (time_t)a, (time_t)o);
	struct tm tm;
	size_t i;

	g->answered++;
	hist_add(&g->frt, (uint64_t)(o - a));
	hist_add(&g->bfrt, (uint64_t)b);
	for (i = 0; i < r->conf.nsla; i++) {
		if (b <= r->conf.sla[i])
			g->within[i]++;
	}
	if (b <= r->conf.sla[0]) {
		local_tm((time_t)a, &tm);
		day_get(r, tm_ymd(&tm))->within++;
	}
}

static void
unanswered(struct report *r, uint32_t gi, int64_t a)
{
	if (bizhours_between(&r->hours, (time_t)a, r->conf.now) >
	    r->conf.sla[0])
		r->groups[gi].backlog++;
}

static void
item_free(struct report *r, uint32_t p)
{
	r->items[p].next = r->ifree;
	r->ifree = p;
	r->nitems--;
}

static int
cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Close thread slot s: each inbound message is answered by the earliest
 * outbound message created after it, or counts as unanswered.  early
 * says the window forced it.
 */
static void
thread_close(struct report *r, uint32_t s, int early)
{
	struct thread *th = &r->threads[s];
	uint32_t p, next;
	size_t n = 0, lo, hi;

	if (th->head == REPORT_NONE)
		return;
	if (th->n > r->scratchcap) {
		r->scratchcap = th->n;
		r->scratch = xreallocarray(r->scratch, r->scratchcap,
		    sizeof(*r->scratch));
	}
	for (p = th->head; p != REPORT_NONE; p = r->items[p].next)
		if (r->items[p].group == REPORT_NONE)
			r->scratch[n++] = r->items[p].t;
	qsort(r->scratch, n, sizeof(*r->scratch), cmp_time);
	for (p = th->head; p != REPORT_NONE; p = next) {
		const struct item *it = &r->items[p];

		next = it->next;
		if (it->group != REPORT_NONE) {
			for (lo = 0, hi = n; lo < hi; ) {
				size_t mid = (lo + hi) / 2;

				if (r->scratch[mid] <= it->t)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < n)
				answered(r, it->group, it->t, r->scratch[lo]);
			else
				unanswered(r, it->group, it->t);
		}
		item_free(r, p);
	}
	th->head = REPORT_NONE;
	th->n = 0;
	r->evicted += early;
}

static uint32_t
thread_get(struct report *r, uint64_t key)
{
	uint32_t s = ringmap_find(&r->tmap, key);
	int evicted;

	if (s != REPORT_NONE)
		return s;
	s = ringmap_insert(&r->tmap, key, &evicted);
	if (evicted)
		thread_close(r, s, 1);
	else if (r->tmap.n == 1 || (s & (s - 1)) == 0) {
		size_t cap = (size_t)s * 2 + 1;

		if (cap > r->tmap.max)
			cap = r->tmap.max;
		r->threads = xreallocarray(r->threads, cap,
		    sizeof(*r->threads));
	}
	r->threads[s].key = key;
	r->threads[s].head = REPORT_NONE;
	r->threads[s].n = 0;
	return s;
}

/*
 * Add a message at time t to thread s: inbound in group g, or outbound
 * with g REPORT_NONE.  With the window full, the oldest threads are
 * closed first.
 */
static void
thread_add(struct report *r, uint32_t s, int64_t t, uint32_t g)
{
	uint32_t p;
	size_t tries = 0;

	while (r->ifree == REPORT_NONE && r->nitems >= r->conf.window) {
		uint32_t old = ringmap_nth(&r->tmap,
		    r->pcursor++ % r->tmap.n);

		/* s itself goes last, when it alone fills the window. */
		if (old != s || ++tries > r->tmap.n)
			thread_close(r, old, 1);
	}
	if (r->ifree != REPORT_NONE) {
		p = r->ifree;
		r->ifree = r->items[p].next;
	} else {
		if (r->nitems == r->itemcap) {
			r->itemcap = r->itemcap == 0 ? 64 : r->itemcap * 2;
			if (r->itemcap > r->conf.window)
				r->itemcap = r->conf.window;
			r->items = xreallocarray(r->items, r->itemcap,
			    sizeof(*r->items));
		}
		p = (uint32_t)r->nitems;
	}
	r->nitems++;
	r->items[p].t = t;
	r->items[p].group = g;
	r->items[p].next = r->threads[s].head;
	r->threads[s].head = p;
	r->threads[s].n++;
}

void
report_close(struct report *r)
{
	size_t i;

	for (i = 0; i < r->tmap.n; i++)
		thread_close(r, ringmap_nth(&r->tmap, i), 0);
}

/* Check-ins. */

static struct checkin *
checkin_get(struct report *r, uint64_t key, int make)
{
	uint32_t s = ringmap_find(&r->cmap, key);
	int evicted;

	if (s != REPORT_NONE)
		return &r->checkins[s];
	if (!make)
		return NULL;
	s = ringmap_insert(&r->cmap, key, &evicted);
	if (!evicted && (r->cmap.n == 1 || (s & (s - 1)) == 0)) {
		size_t cap = (size_t)s * 2 + 1;

		if (cap > r->cmap.max)
			cap = r->cmap.max;
		r->checkins = xreallocarray(r->checkins, cap,
		    sizeof(*r->checkins));
	}
	memset(&r->checkins[s], 0, sizeof(r->checkins[s]));
	r->checkins[s].key = key;
	r->checkins[s].group = REPORT_NONE;
	return &r->checkins[s];
}

/* Reading records. */

static const char *
nonempty(struct report *r, const struct record *rec, const char *path)
{
	const char *s = report_str(r, rec, path);

	return s != NULL && *s != '\0' ? s : NULL;
}

static const char *
either(struct report *r, const struct record *rec, const char *a,
    const char *b, const char *def)
{
	const char *s = nonempty(r, rec, a);

	if (s == NULL && b != NULL)
		s = nonempty(r, rec, b);
	return s != NULL ? s : def;
}

static const char *const wdays[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/*
 * The group of a record at time t; out selects the agent of a reply
 * (reply.agent first) rather than of a message (priority.agent first).
 */
static uint32_t
group_of(struct report *r, const struct record *rec, time_t t, int out)
{
	struct buf *k = &r->key;
	struct tm tm;
	char s[32];
	size_t i;
	int have_tm = 0;

	buf_reset(k);
	buf_add(k, "", 0);
	for (i = 0; i < r->conf.nby; i++) {
		const char *v = NULL;
		int key = r->conf.by[i];

		if (key >= REPORT_DAY && !have_tm) {
			local_tm(t, &tm);
			have_tm = 1;
		}
		switch (key) {
		case REPORT_ACCOUNT:
			v = either(r, rec, "account", NULL, "-");
			break;
		case REPORT_NETWORK:
			v = either(r, rec, "network", NULL, "-");
			break;
		case REPORT_CATEGORY:
			v = either(r, rec, "class.category", NULL, "-");
			break;
		case REPORT_LANG:
			v = either(r, rec, "class.lang.code", "lang", "und");
			break;
		case REPORT_AGENT:
			v = out ? either(r, rec, "reply.agent",
			    "priority.agent", "-") : either(r, rec,
			    "priority.agent", "reply.agent", "-");
			break;
		case REPORT_PRIORITY:
			v = either(r, rec, "priority.level", NULL, "-");
			break;
		case REPORT_DAY:
			strftime(s, sizeof(s), "%Y-%m-%d", &tm);
			v = s;
			break;
		case REPORT_WEEK:
			strftime(s, sizeof(s), "%G-W%V", &tm);
			v = s;
			break;
		case REPORT_HOUR:
			snprintf(s, sizeof(s), "%02d", tm.tm_hour);
			v = s;
			break;
		case REPORT_WEEKDAY:
			v = wdays[(tm.tm_wday + 6) % 7];
			break;
		}
		if (i > 0)
			buf_addc(k, '\x1f');
		/* A separator inside a value would split it: drop it. */
		for (; *v != '\0'; v++) {
			if (*v != '\x1f')
				buf_addc(k, *v);
		}
	}
	return group_get(r, k->s, k->len);
}

static int
in_window(const struct report *r, time_t t)
{
	return (!r->conf.has_since || t >= r->conf.since) &&
	    (!r->conf.has_until || t < r->conf.until);
}

static int
get_time(struct report *r, const struct record *rec, const char *path,
    time_t *t, struct cs_error *err)
{
	const char *s = report_str(r, rec, path);

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

/* The thread of a record: network, then conversation, reply or id. */
static uint64_t
thread_key(struct report *r, const struct record *rec)
{
	const char *c = either(r, rec, "conversation_id", "in_reply_to", NULL);

	if (c == NULL)
		c = either(r, rec, "id", NULL, "");
	return hash2(either(r, rec, "network", NULL, ""), c);
}

/*
 * The sentiment of a record: *score (* REPORT_FIX) when it has a score,
 * and the label's index, or -1.  Returns 1 with a score, 0 without.
 */
static int
sentiment_of(struct report *r, const struct record *rec, int32_t *score,
    int *label)
{
	const char *l;
	double sc;
	int i, has = report_sentiment(r, rec, &sc, &l);

	*label = -1;
	for (i = 0; l != NULL && i < SENT_NLABELS; i++) {
		if (strcmp(l, sent_names[i]) == 0)
			*label = i;
	}
	if (has && fabs(sc) <= 1) {
		*score = (int32_t)lround(sc * REPORT_FIX);
		return 1;
	}
	*score = 0;
	return 0;
}

/* Check-in c got an answer (with a score when scored). */
static void
apply_answer(struct report *r, struct checkin *c, int scored, int32_t score,
    int positive)
{
	struct group *g = &r->groups[c->group];

	if (!c->answered) {
		c->answered = 1;
		g->ck_answered++;
	}
	if (scored && !c->scored) {
		c->scored = 1;
		c->score = score;
		c->positive = (uint8_t)positive;
		g->ck_scored++;
		g->ck_score_sum += score;
		g->ck_positive += (uint64_t)positive;
	}
}

static struct answer *
answer_get(struct report *r, uint64_t key)
{
	uint32_t s = ringmap_find(&r->amap, key);
	int evicted;

	if (s != REPORT_NONE)
		return &r->answers[s];
	s = ringmap_insert(&r->amap, key, &evicted);
	if (!evicted && (r->amap.n == 1 || (s & (s - 1)) == 0)) {
		size_t cap = (size_t)s * 2 + 1;

		if (cap > r->amap.max)
			cap = r->amap.max;
		r->answers = xreallocarray(r->answers, cap,
		    sizeof(*r->answers));
	}
	memset(&r->answers[s], 0, sizeof(r->answers[s]));
	r->answers[s].key = key;
	return &r->answers[s];
}

/* A new check-in meets an answer that came before it. */
static void
checkin_met(struct report *r, struct checkin *c)
{
	uint32_t s = ringmap_find(&r->amap, c->key);

	if (s != REPORT_NONE)
		apply_answer(r, c, r->answers[s].scored, r->answers[s].score,
		    r->answers[s].positive);
}

/* An answer to the check-in key, or a reply to something else. */
static void
answer(struct report *r, uint64_t key, int scored, int32_t score,
    int positive)
{
	struct checkin *c = r->cmap.n == 0 ? NULL :
	    checkin_get(r, key, 0);
	struct answer *a;

	if (c != NULL && c->group != REPORT_NONE) {
		apply_answer(r, c, scored, score, positive);
		return;
	}
	a = answer_get(r, key);
	if (!a->scored && scored) {
		a->scored = 1;
		a->score = score;
		a->positive = (uint8_t)positive;
	}
}

static int
add_checkin(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	const char *state = report_str(r, rec, "followup.state");
	const char *id = either(r, rec, "reply.id", "id", NULL);
	int sent = streq(report_str(r, rec, "reply.status"), "sent") ||
	    streq(state, "sent") || streq(state, "answered");
	struct checkin *c;
	time_t t;

	if (!sent || id == NULL)
		return 0;
	if (nonempty(r, rec, "reply.sent_at") != NULL) {
		if (get_time(r, rec, "reply.sent_at", &t, err) == -1)
			return -1;
	} else if (get_time(r, rec, "created_at", &t, err) == -1)
		return -1;
	if (!in_window(r, t))
		return 0;
	c = checkin_get(r, hash2(either(r, rec, "network", NULL, ""), id), 1);
	if (c->group == REPORT_NONE) {
		c->group = group_of(r, rec, t, 1);
		r->groups[c->group].ck_sent++;
		checkin_met(r, c);
	}
	if (streq(state, "answered"))
		apply_answer(r, c, 0, 0, 0);
	return 0;
}

int
report_add(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	const char *dir;
	uint64_t tk;
	uint32_t gi;
	time_t t, o;
	struct group *g;
	struct tm tm;
	int sent, label, scored;
	int32_t score;
	const char *irt;

	report_field_reset(r);
	/*
	 * A check-in is ours; a customer's message that cs-followup observe
	 * marked (answered, reopened) is still a customer's message, and
	 * its answer is matched by in_reply_to below.
	 */
	if (report_is_object(rec, "followup") &&
	    !streq(report_str(r, rec, "direction"), "in"))
		return add_checkin(r, rec, err);
	if (get_time(r, rec, "created_at", &t, err) == -1)
		return -1;
	dir = report_str(r, rec, "direction");
	if (streq(dir, "out")) {
		if (nonempty(r, rec, "in_reply_to") == NULL)
			return 0;	/* a post, not a reply */
		tk = thread_key(r, rec);
		if (in_window(r, t)) {
			gi = group_of(r, rec, t, 1);
			r->groups[gi].replies++;
			tally_add(&r->groups[gi].agents,
			    either(r, rec, "reply.agent", "priority.agent",
			    either(r, rec, "account", NULL, "-")), 1);
		}
		thread_add(r, thread_get(r, tk), t, REPORT_NONE);
		return 0;
	}
	if (!streq(dir, "in")) {
		cs_seterr(err, dir == NULL ? "missing field 'direction'" :
		    "field 'direction' is not \"in\" or \"out\"");
		return -1;
	}
	sent = streq(report_str(r, rec, "reply.status"), "sent");
	if (sent && get_time(r, rec, "reply.sent_at", &o, err) == -1)
		return -1;
	tk = thread_key(r, rec);
	if (in_window(r, t)) {
		gi = group_of(r, rec, t, 0);
		g = &r->groups[gi];
		g->inbound++;
		scored = sentiment_of(r, rec, &score, &label);
		if (scored) {
			g->scored++;
			g->score_sum += score;
		}
		if (label >= 0)
			g->sent[label]++;
		tally_add(&g->cats, either(r, rec, "class.category", NULL, "-"),
		    1);
		local_tm(t, &tm);
		r->heat[(tm.tm_wday + 6) % 7][tm.tm_hour]++;
		day_get(r, tm_ymd(&tm))->inbound++;
		thread_add(r, thread_get(r, tk), t, gi);
		if ((irt = nonempty(r, rec, "in_reply_to")) != NULL)
			answer(r, hash2(either(r, rec, "network", NULL, ""),
			    irt), scored, score, label == SENT_POSITIVE);
	}
	if (sent) {
		if (in_window(r, o)) {
			gi = group_of(r, rec, o, 1);
			r->groups[gi].replies++;
			tally_add(&r->groups[gi].agents, either(r, rec,
			    "reply.agent", "priority.agent", "-"), 1);
		}
		thread_add(r, thread_get(r, tk), o, REPORT_NONE);
	}
	return 0;
}

void
report_set_now(struct report *r, time_t t)
{
	r->conf.now = t;
	r->now_fixed = 1;
}

/* Partials. */

static void
add_time_or_null(struct buf *b, int has, time_t t)
{
	char s[TIME_RFC3339_LEN];

	if (!has) {
		buf_adds(b, "null");
		return;
	}
	time_format(t, s);
	buf_printf(b, "\"%s\"", s);
}

static void
add_str_or_null(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		buf_add_json_string(b, s, strlen(s));
}

/* The settings a partial is made with, as canonical JSON. */
static char *
settings_text(const struct report_conf *c)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, "{\"by\":[");
	for (i = 0; i < c->nby; i++)
		buf_printf(&b, "%s\"%s\"", i ? "," : "",
		    report_key_name(c->by[i]));
	buf_adds(&b, "],\"sla\":[");
	for (i = 0; i < c->nsla; i++)
		buf_printf(&b, "%s%ld", i ? "," : "", c->sla[i]);
	buf_adds(&b, "],\"hours\":");
	add_str_or_null(&b, c->hours);
	buf_adds(&b, ",\"timezone\":");
	add_str_or_null(&b, c->tz);
	buf_adds(&b, ",\"holidays\":[");
	for (i = 0; i < c->nholidays; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		add_str_or_null(&b, c->holidays[i]);
	}
	buf_adds(&b, "],\"since\":");
	add_time_or_null(&b, c->has_since, c->since);
	buf_adds(&b, ",\"until\":");
	add_time_or_null(&b, c->has_until, c->until);
	buf_printf(&b, ",\"window\":%zu}", c->window);
	return b.s;
}

static void
add_tally(struct buf *b, const struct tally *t)
{
	size_t *ord = tally_order(t), i;

	buf_addc(b, '{');
	for (i = 0; i < t->n; i++) {
		const char *n = t->names[ord[i]];

		if (i > 0)
			buf_addc(b, ',');
		buf_add_json_string(b, n, strlen(n));
		buf_printf(b, ":%llu", (unsigned long long)t->counts[ord[i]]);
	}
	buf_addc(b, '}');
	free(ord);
}

static void
partial_group(const struct report *r, const struct group *g, struct buf *b)
{
	size_t i;

	buf_adds(b, "{\"group\":[");
	for (i = 0; i < r->conf.nby; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_add_json_string(b, g->vals[i], strlen(g->vals[i]));
	}
	buf_printf(b, "],\"inbound\":%llu,\"answered\":%llu,\"replies\":%llu,"
	    "\"backlog\":%llu,\"within\":[", (unsigned long long)g->inbound,
	    (unsigned long long)g->answered, (unsigned long long)g->replies,
	    (unsigned long long)g->backlog);
	for (i = 0; i < r->conf.nsla; i++)
		buf_printf(b, "%s%llu", i ? "," : "",
		    (unsigned long long)g->within[i]);
	buf_adds(b, "],\"frt\":");
	hist_write_json(&g->frt, b);
	buf_adds(b, ",\"bfrt\":");
	hist_write_json(&g->bfrt, b);
	buf_printf(b, ",\"sentiment\":[%llu,%llu,%llu],\"scored\":%llu,"
	    "\"score_sum\":%lld,\"categories\":",
	    (unsigned long long)g->sent[0], (unsigned long long)g->sent[1],
	    (unsigned long long)g->sent[2], (unsigned long long)g->scored,
	    (long long)g->score_sum);
	add_tally(b, &g->cats);
	buf_adds(b, ",\"agents\":");
	add_tally(b, &g->agents);
	buf_printf(b, ",\"checkins\":[%llu,%llu,%llu,%llu,%lld]}\n",
	    (unsigned long long)g->ck_sent, (unsigned long long)g->ck_answered,
	    (unsigned long long)g->ck_scored,
	    (unsigned long long)g->ck_positive, (long long)g->ck_score_sum);
}

const char *
report_settings(struct report *r)
{
	if (r->conf_text == NULL)
		r->conf_text = settings_text(&r->conf);
	return r->conf_text;
}

void
report_write_partial(struct report *r, struct buf *b)
{
	char now[TIME_RFC3339_LEN];
	size_t i, nthreads = 0;
	uint32_t p;

	time_format(r->conf.now, now);
	buf_printf(b, "{\"cs_report\":\"partial\",\"version\":1,"
	    "\"settings\":%s,\"now\":\"%s\"}\n", report_settings(r), now);
	for (i = 0; i < r->ngroups; i++)
		partial_group(r, &r->groups[i], b);
	buf_adds(b, "{\"heat\":[");
	for (i = 0; i < 7 * 24; i++)
		buf_printf(b, "%s%llu", i ? "," : "",
		    (unsigned long long)r->heat[i / 24][i % 24]);
	buf_adds(b, "]}\n{\"days\":[");
	for (i = 0; i < r->ndays; i++)
		buf_printf(b, "%s[%d,%llu,%llu]", i ? "," : "",
		    r->days[i].ymd, (unsigned long long)r->days[i].inbound,
		    (unsigned long long)r->days[i].within);
	buf_adds(b, "]}\n");
	for (i = 0; i < r->tmap.n; i++) {
		const struct thread *th = &r->threads[ringmap_nth(&r->tmap, i)];
		const char *sep = "";

		if (th->head == REPORT_NONE)
			continue;
		buf_printf(b, "{\"thread\":\"%016llx\",\"in\":[",
		    (unsigned long long)th->key);
		for (p = th->head; p != REPORT_NONE; p = r->items[p].next) {
			if (r->items[p].group == REPORT_NONE)
				continue;
			buf_printf(b, "%s[%lld,%u]", sep,
			    (long long)r->items[p].t, r->items[p].group);
			sep = ",";
		}
		buf_adds(b, "],\"out\":[");
		sep = "";
		for (p = th->head; p != REPORT_NONE; p = r->items[p].next) {
			if (r->items[p].group != REPORT_NONE)
				continue;
			buf_printf(b, "%s%lld", sep, (long long)r->items[p].t);
			sep = ",";
		}
		buf_adds(b, "]}\n");
		nthreads++;
	}
	for (i = 0; i < r->cmap.n; i++) {
		const struct checkin *c = &r->checkins[ringmap_nth(&r->cmap,
		    i)];

		buf_printf(b, "{\"checkin\":\"%016llx\",\"group\":%u,"
		    "\"answered\":%d,\"scored\":%d,\"score\":%d,"
		    "\"positive\":%d}\n", (unsigned long long)c->key, c->group,
		    c->answered, c->scored, (int)c->score, c->positive);
	}
	for (i = 0; i < r->amap.n; i++) {
		const struct answer *a = &r->answers[ringmap_nth(&r->amap, i)];

		buf_printf(b, "{\"answer\":\"%016llx\",\"scored\":%d,"
		    "\"score\":%d,\"positive\":%d}\n",
		    (unsigned long long)a->key, a->scored, (int)a->score,
		    a->positive);
	}
	buf_printf(b, "{\"end\":{\"groups\":%zu,\"threads\":%zu,"
	    "\"checkins\":%zu,\"answers\":%zu}}\n", r->ngroups, nthreads,
	    r->cmap.n, r->amap.n);
}

/* Reading partials back. */

#define MAX_EXACT	9007199254740992.0	/* 2^53 */

static int
get_int(const cJSON *v, int64_t min, int64_t *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < (double)min ||
	    v->valuedouble > MAX_EXACT ||
	    v->valuedouble != floor(v->valuedouble))
		return -1;
	*out = (int64_t)v->valuedouble;
	return 0;
}

static int
get_key(const cJSON *v, uint64_t *out)
{
	char *end;

	if (!cJSON_IsString(v) || strlen(v->valuestring) != 16)
		return -1;
	*out = strtoull(v->valuestring, &end, 16);
	return *end == '\0' ? 0 : -1;
}

static const char *
str_or_null(const cJSON *v, int *ok)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (!cJSON_IsNull(v))
		*ok = 0;
	return NULL;
}

static int
time_or_null(const cJSON *v, int *has, time_t *t)
{
	*has = 0;
	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || time_parse(v->valuestring, t) == -1)
		return -1;
	*has = 1;
	return 0;
}

static int
read_settings(const cJSON *s, struct report_conf *c)
{
	const cJSON *v, *it;
	int64_t n;
	int ok = 1;

	memset(c, 0, sizeof(*c));
	v = cJSON_GetObjectItemCaseSensitive(s, "by");
	cJSON_ArrayForEach(it, v) {
		if (c->nby == REPORT_MAX_BY || !cJSON_IsString(it) ||
		    report_key_parse(it->valuestring) == -1)
			return -1;
		c->by[c->nby++] = report_key_parse(it->valuestring);
	}
	v = cJSON_GetObjectItemCaseSensitive(s, "sla");
	cJSON_ArrayForEach(it, v) {
		if (c->nsla == REPORT_MAX_SLA || get_int(it, 0, &n) == -1)
			return -1;
		c->sla[c->nsla++] = (long)n;
	}
	c->hours = str_or_null(cJSON_GetObjectItemCaseSensitive(s, "hours"),
	    &ok);
	c->tz = str_or_null(cJSON_GetObjectItemCaseSensitive(s, "timezone"),
	    &ok);
	v = cJSON_GetObjectItemCaseSensitive(s, "holidays");
	cJSON_ArrayForEach(it, v) {
		if (c->nholidays == REPORT_MAX_HOLIDAYS || !cJSON_IsString(it))
			return -1;
		c->holidays[c->nholidays++] = it->valuestring;
	}
	if (!ok || c->nsla == 0 ||
	    time_or_null(cJSON_GetObjectItemCaseSensitive(s, "since"),
	    &c->has_since, &c->since) == -1 ||
	    time_or_null(cJSON_GetObjectItemCaseSensitive(s, "until"),
	    &c->has_until, &c->until) == -1 ||
	    get_int(cJSON_GetObjectItemCaseSensitive(s, "window"), 1, &n) ==
	    -1 || n > UINT32_MAX / 2)
		return -1;
	c->window = (size_t)n;
	return 0;
}

static int
merge_header(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	struct report_conf c;
	const cJSON *ver = record_get(rec, "version");
	const char *now = record_str(rec, "now");
	time_t t;
	char *text;

	if (r->in_partial) {
		cs_seterr(err, "the partial before this one has no end line "
		    "(cut short?)");
		return -1;
	}
	if (!cJSON_IsNumber(ver) || ver->valuedouble != 1) {
		cs_seterr(err, "unknown partial version (this cs-report reads "
		    "version 1)");
		return -1;
	}
	if (read_settings(record_get(rec, "settings"), &c) == -1 ||
	    now == NULL || time_parse(now, &t) == -1) {
		cs_seterr(err, "bad partial header");
		return -1;
	}
	text = settings_text(&c);
	if (!r->configured) {
		c.now = t;
		if (configure(r, &c, err) == -1) {
			free(text);
			return -1;
		}
		r->conf_text = text;
	} else {
		int same = strcmp(text, r->conf_text) == 0;

		free(text);
		if (!same) {
			cs_seterr(err, "partial made with other settings "
			    "(--by, --sla, --hours, --timezone, --holiday, "
			    "--since, --until or --window differ)");
			return -1;
		}
	}
	if (!r->now_fixed && t > r->conf.now)
		r->conf.now = t;
	r->in_partial = 1;
	r->ngmap = 0;
	r->npartials++;
	return 0;
}

static int
read_tally(struct tally *t, const cJSON *o)
{
	const cJSON *it;
	int64_t n;

	if (!cJSON_IsObject(o))
		return -1;
	cJSON_ArrayForEach(it, o) {
		if (get_int(it, 0, &n) == -1)
			return -1;
	}
	cJSON_ArrayForEach(it, o) {
		tally_add(t, it->string, (uint64_t)it->valuedouble);
	}
	return 0;
}

static int
read_u64s(const cJSON *a, uint64_t *v, size_t n)
{
	size_t i;
	int64_t x;

	if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
		return -1;
	for (i = 0; i < n; i++) {
		if (get_int(cJSON_GetArrayItem(a, (int)i), 0, &x) == -1)
			return -1;
		v[i] = (uint64_t)x;
	}
	return 0;
}

static int
read_group(struct report *r, const struct record *rec, struct group *g)
{
	static const char *const names[] = {
		"inbound", "answered", "replies", "backlog", "scored"
	};
	uint64_t *dst[] = {
		&g->inbound, &g->answered, &g->replies, &g->backlog, &g->scored
	};
	const cJSON *ck = record_get(rec, "checkins");
	uint64_t v[4];
	int64_t n;
	size_t i;

	for (i = 0; i < CS_NELEM(names); i++) {
		if (get_int(record_get(rec, names[i]), 0, &n) == -1)
			return -1;
		*dst[i] = (uint64_t)n;
	}
	if (read_u64s(record_get(rec, "within"), g->within, r->conf.nsla) ==
	    -1 ||
	    read_u64s(record_get(rec, "sentiment"), g->sent, SENT_NLABELS) ==
	    -1 ||
	    get_int(record_get(rec, "score_sum"), -(int64_t)MAX_EXACT,
	    &g->score_sum) == -1 ||
	    read_tally(&g->cats, record_get(rec, "categories")) == -1 ||
	    read_tally(&g->agents, record_get(rec, "agents")) == -1 ||
	    cJSON_GetArraySize(ck) != 5)
		return -1;
	for (i = 0; i < 4; i++) {
		if (get_int(cJSON_GetArrayItem(ck, (int)i), 0, &n) == -1)
			return -1;
		v[i] = (uint64_t)n;
	}
	if (get_int(cJSON_GetArrayItem(ck, 4), -(int64_t)MAX_EXACT,
	    &g->ck_score_sum) == -1)
		return -1;
	g->ck_sent = v[0];
	g->ck_answered = v[1];
	g->ck_scored = v[2];
	g->ck_positive = v[3];
	return 0;
}

static int
merge_group(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	const cJSON *vals = record_get(rec, "group"), *it;
	struct group g;
	uint32_t gi;
	size_t i = 0;

	if (!cJSON_IsArray(vals) ||
	    cJSON_GetArraySize(vals) != (int)r->conf.nby) {
		cs_seterr(err, "bad group: expected %zu key values",
		    r->conf.nby);
		return -1;
	}
	group_init(&g, r->conf.nby);
	if (read_group(r, rec, &g) == -1) {
		group_release(&g, r->conf.nby);
		cs_seterr(err, "bad group: a count is missing or malformed");
		return -1;
	}
	if (hist_read_json(&g.frt, record_get(rec, "frt"), err) == -1 ||
	    hist_read_json(&g.bfrt, record_get(rec, "bfrt"), err) == -1) {
		group_release(&g, r->conf.nby);
		return -1;
	}
	buf_reset(&r->key);
	buf_add(&r->key, "", 0);
	cJSON_ArrayForEach(it, vals) {
		const char *s;

		if (!cJSON_IsString(it)) {
			group_release(&g, r->conf.nby);
			cs_seterr(err, "bad group: key values must be strings");
			return -1;
		}
		if (i++ > 0)
			buf_addc(&r->key, '\x1f');
		for (s = it->valuestring; *s != '\0'; s++) {
			if (*s != '\x1f')
				buf_addc(&r->key, *s);
		}
	}
	gi = group_get(r, r->key.s, r->key.len);
	group_merge(&r->groups[gi], &g);
	group_release(&g, r->conf.nby);
	r->gmap = xreallocarray(r->gmap, r->ngmap + 1, sizeof(*r->gmap));
	r->gmap[r->ngmap++] = gi;
	return 0;
}

static int
merge_totals(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	const cJSON *heat = record_get(rec, "heat"), *days, *it;
	uint64_t h[7 * 24], d[3];
	size_t i;

	if (heat != NULL) {
		if (read_u64s(heat, h, 7 * 24) == -1) {
			cs_seterr(err, "bad heat map: expected 168 counts");
			return -1;
		}
		for (i = 0; i < 7 * 24; i++)
			r->heat[i / 24][i % 24] += h[i];
		return 0;
	}
	days = record_get(rec, "days");
	cJSON_ArrayForEach(it, days) {
		if (read_u64s(it, d, 3) == -1 || d[0] < 10101 ||
		    d[0] > 99991231) {
			cs_seterr(err, "bad days: expected [YYYYMMDD,inbound,"
			    "within]");
			return -1;
		}
	}
	cJSON_ArrayForEach(it, days) {
		struct day *dy;

		read_u64s(it, d, 3);
		dy = day_get(r, (int)d[0]);
		dy->inbound += d[1];
		dy->within += d[2];
	}
	return 0;
}

static int
group_ref(struct report *r, const cJSON *v, uint32_t *gi)
{
	int64_t n;

	if (get_int(v, 0, &n) == -1 || (uint64_t)n >= r->ngmap)
		return -1;
	*gi = r->gmap[n];
	return 0;
}

/* A thread of a later partial: its messages join ours. */
static int
merge_thread(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	const cJSON *outs = record_get(rec, "out");
	const cJSON *ins = record_get(rec, "in"), *it;
	uint64_t key;
	uint32_t s, gi = 0;
	int64_t t = 0;

	if (get_key(record_get(rec, "thread"), &key) == -1 ||
	    !cJSON_IsArray(outs) || !cJSON_IsArray(ins))
		goto bad;
	cJSON_ArrayForEach(it, outs) {
		if (get_int(it, -(int64_t)MAX_EXACT, &t) == -1)
			goto bad;
	}
	cJSON_ArrayForEach(it, ins) {
		if (cJSON_GetArraySize(it) != 2 ||
		    get_int(cJSON_GetArrayItem(it, 0), -(int64_t)MAX_EXACT,
		    &t) == -1 ||
		    group_ref(r, cJSON_GetArrayItem(it, 1), &gi) == -1)
			goto bad;
	}
	s = thread_get(r, key);
	cJSON_ArrayForEach(it, ins) {
		get_int(cJSON_GetArrayItem(it, 0), -(int64_t)MAX_EXACT, &t);
		group_ref(r, cJSON_GetArrayItem(it, 1), &gi);
		thread_add(r, s, t, gi);
	}
	cJSON_ArrayForEach(it, outs) {
		get_int(it, -(int64_t)MAX_EXACT, &t);
		thread_add(r, s, t, REPORT_NONE);
	}
	return 0;
bad:
	cs_seterr(err, "bad thread: expected a key, in and out");
	return -1;
}

static int
flag(const struct record *rec, const char *key, int *v)
{
	int64_t n;

	if (get_int(record_get(rec, key), 0, &n) == -1 || n > 1)
		return -1;
	*v = (int)n;
	return 0;
}

static int
score_of(const struct record *rec, int32_t *score)
{
	int64_t n;

	if (get_int(record_get(rec, "score"), -REPORT_FIX, &n) == -1 ||
	    n > REPORT_FIX)
		return -1;
	*score = (int32_t)n;
	return 0;
}

/*
 * A check-in of a later partial.  One already known here (the same
 * check-in's "sent" and "answered" records split between partials) is
 * counted once: its counts move from the later partial's group to ours.
 */
static int
merge_checkin(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	struct checkin *c;
	struct group *g;
	uint64_t key;
	uint32_t gi;
	int32_t score;
	int ans, sc, pos;

	if (get_key(record_get(rec, "checkin"), &key) == -1 ||
	    group_ref(r, record_get(rec, "group"), &gi) == -1 ||
	    flag(rec, "answered", &ans) == -1 ||
	    flag(rec, "scored", &sc) == -1 ||
	    flag(rec, "positive", &pos) == -1 || score_of(rec, &score) == -1)
		goto bad;
	c = checkin_get(r, key, 1);
	if (c->group == REPORT_NONE) {
		c->group = gi;
		c->answered = (uint8_t)ans;
		c->scored = (uint8_t)sc;
		c->score = score;
		c->positive = (uint8_t)pos;
		checkin_met(r, c);
		return 0;
	}
	g = &r->groups[gi];
	if (g->ck_sent < 1 || g->ck_answered < (uint64_t)ans ||
	    g->ck_scored < (uint64_t)sc || g->ck_positive < (uint64_t)pos)
		goto bad;
	g->ck_sent--;
	g->ck_answered -= (uint64_t)ans;
	if (sc) {
		g->ck_scored--;
		g->ck_score_sum -= score;
		g->ck_positive -= (uint64_t)pos;
	}
	if (ans || sc)
		apply_answer(r, c, sc, score, pos);
	return 0;
bad:
	cs_seterr(err, "bad check-in: expected a key, a group and its flags");
	return -1;
}

static int
merge_answer(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	uint64_t key;
	int32_t score;
	int sc, pos;

	if (get_key(record_get(rec, "answer"), &key) == -1 ||
	    flag(rec, "scored", &sc) == -1 ||
	    flag(rec, "positive", &pos) == -1 || score_of(rec, &score) == -1) {
		cs_seterr(err, "bad answer: expected a key and its flags");
		return -1;
	}
	answer(r, key, sc, score, pos);
	return 0;
}

int
report_merge_line(struct report *r, const struct record *rec,
    struct cs_error *err)
{
	if (record_get(rec, "cs_report") != NULL) {
		if (!streq(record_str(rec, "cs_report"), "partial")) {
			cs_seterr(err, "not a cs-report partial");
			return -1;
		}
		return merge_header(r, rec, err);
	}
	if (!r->in_partial) {
		cs_seterr(err, "not a cs-report partial (no header line "
		    "before this one)");
		return -1;
	}
	if (record_get(rec, "thread") != NULL)
		return merge_thread(r, rec, err);
	/* A check-in line has a "group" too: it goes first. */
	if (record_get(rec, "checkin") != NULL)
		return merge_checkin(r, rec, err);
	if (record_get(rec, "group") != NULL)
		return merge_group(r, rec, err);
	if (record_get(rec, "answer") != NULL)
		return merge_answer(r, rec, err);
	if (record_get(rec, "heat") != NULL || record_get(rec, "days") != NULL)
		return merge_totals(r, rec, err);
	if (record_get(rec, "end") != NULL) {
		r->in_partial = 0;
		return 0;
	}
	cs_seterr(err, "unknown partial line");
	return -1;
}

int
report_merge_end(struct report *r, struct cs_error *err)
{
	if (r->in_partial) {
		cs_seterr(err, "partial cut short: no end line");
		return -1;
	}
	if (!r->configured) {
		cs_seterr(err, "no partial to merge");
		return -1;
	}
	return 0;
}

/* Output helpers shared by the formats. */

void
report_total(const struct report *r, struct group *t)
{
	size_t i;

	group_init(t, 0);
	for (i = 0; i < r->ngroups; i++)
		group_merge(t, &r->groups[i]);
}

static const struct report *sort_report;

static int
key_cmp(int key, const char *a, const char *b)
{
	size_t i, ia = 7, ib = 7;

	if (key == REPORT_WEEKDAY) {
		for (i = 0; i < 7; i++) {
			if (strcmp(a, wdays[i]) == 0)
				ia = i;
			if (strcmp(b, wdays[i]) == 0)
				ib = i;
		}
		if (ia != ib)
			return ia < ib ? -1 : 1;
	}
	return strcmp(a, b);
}

static int
group_cmp(const void *pa, const void *pb)
{
	const struct group *a = &sort_report->groups[*(const size_t *)pa];
	const struct group *b = &sort_report->groups[*(const size_t *)pb];
	size_t i;
	int c;

	for (i = 0; i < sort_report->conf.nby; i++) {
		c = key_cmp(sort_report->conf.by[i], a->vals[i], b->vals[i]);
		if (c != 0)
			return c;
	}
	return 0;
}

size_t *
report_order(const struct report *r)
{
	size_t *v = xreallocarray(NULL, r->ngroups + 1, sizeof(*v)), i;

	for (i = 0; i < r->ngroups; i++)
		v[i] = i;
	sort_report = r;
	qsort(v, r->ngroups, sizeof(*v), group_cmp);
	return v;
}

void
report_write(struct report *r, enum report_format fmt, struct buf *out)
{
	report_close(r);
	switch (fmt) {
	case REPORT_TEXT:
		report_write_text(r, out);
		break;
	case REPORT_CSV:
		report_write_csv(r, out);
		break;
	case REPORT_JSON:
		report_write_json(r, out);
		break;
	case REPORT_HTML:
		report_write_html(r, out);
		break;
	}
}
