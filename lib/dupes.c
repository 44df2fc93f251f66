/*
 * dupes.c - candidate duplicates, found by blocking: every record gets a few
 * keys (each e-mail address, each phone key, its name key, its web domain,
 * and the first and last four letters of its name key for names that are
 * only similar), records that share a key become candidate pairs, and only
 * those pairs are scored.  No pair of records is compared unless a key
 * brought them together, so ten thousand records take a fraction of a
 * second, not fifty million comparisons.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dupes.h"

/* A key shared by more records than this says nothing (a switchboard, "info@"). */
enum { BLOCK_MAX = 400 };
/* Names this short are too often alike to call similar. */
enum { SIMILAR_MIN_LEN = 6 };

enum { MAX_EMAILS = 4, MAX_PHONES = 6 };

/* What scoring needs of one record. */
struct rec {
	long long id;
	char *label;    /* display name */
	char *name_key; /* crm_name_key of the name: "garciaana" */
	char *account;  /* crm_name_key of the account it is at, or NULL */
	char *emails[MAX_EMAILS];
	char *phones[MAX_PHONES];
	char *domain; /* of its web address: "acme.es" */
};

struct recs {
	struct crm_ctx *ctx;
	struct rec *r;
	long n, cap;
	int fields_email[MAX_EMAILS], nemail;
	int fields_phone[MAX_PHONES], nphone;
	int field_url, field_account;
};

/* ------------------------------------------------------------ reading */

/* "https://www.Acme.es/contacto" -> "acme.es" */
static char *domain_of(const char *url)
{
	const char *p = strstr(url, "://");
	char *d, *f;

	p = p ? p + 3 : url;
	if (!strncasecmp(p, "www.", 4))
		p += 4;
	d = crm_xstrndup(p, strcspn(p, "/:?#"));
	f = crm_fold(d);
	free(d);
	if (!*f || !strchr(f, '.')) {
		free(f);
		return NULL;
	}
	return f;
}

static char *label_of(const struct crm_schema *s, const char *const *vals)
{
	struct crm_buf b = CRM_BUF_INIT;

	for (int f = 0; f < s->nfields; f++)
		if ((s->fields[f].flags & CRM_F_NAME) && vals[f] && *vals[f])
			crm_buf_printf(&b, "%s%s", b.len ? " " : "", vals[f]);
	return crm_buf_detach(&b);
}

static int read_rec(void *arg, const char *const *vals)
{
	struct recs *rs = arg;
	const struct crm_schema *s = rs->ctx->s;
	struct rec *r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 1024;
		rs->r = crm_xrealloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	r = &rs->r[rs->n++];
	memset(r, 0, sizeof(*r));
	r->id = atoll(vals[0]);
	r->label = label_of(s, vals);
	r->name_key = crm_name_key(r->label);
	if (rs->field_account >= 0 && vals[rs->field_account])
		r->account = crm_name_key(vals[rs->field_account]);
	for (int i = 0; i < rs->nemail; i++)
		if (vals[rs->fields_email[i]])
			r->emails[i] = crm_fold(vals[rs->fields_email[i]]);
	for (int i = 0; i < rs->nphone; i++)
		if (vals[rs->fields_phone[i]])
			r->phones[i] = crm_phone_key(vals[rs->fields_phone[i]]);
	if (rs->field_url >= 0 && vals[rs->field_url])
		r->domain = domain_of(vals[rs->field_url]);
	if (!*r->label) {
		/* no name: the first e-mail address stands for it */
		free(r->label);
		r->label = crm_xstrdup(r->emails[0] ? r->emails[0] : "");
	}
	return 0;
}

static void recs_release(struct recs *rs)
{
	for (long i = 0; i < rs->n; i++) {
		struct rec *r = &rs->r[i];
		free(r->label);
		free(r->name_key);
		free(r->account);
		for (int k = 0; k < MAX_EMAILS; k++)
			free(r->emails[k]);
		for (int k = 0; k < MAX_PHONES; k++)
			free(r->phones[k]);
		free(r->domain);
	}
	free(rs->r);
}

/* Which fields say what: e-mail and phone fields by type, the web address, the account. */
static char *plan_fields(struct recs *rs)
{
	const struct crm_schema *s = rs->ctx->s;
	char *want = crm_xcalloc(s->nfields, 1);

	rs->field_url = rs->field_account = -1;
	for (int f = 0; f < s->nfields; f++) {
		const struct crm_field *fd = &s->fields[f];
		if (fd->type == CRM_T_ID || (fd->flags & CRM_F_NAME))
			want[f] = 1;
		else if (fd->type == CRM_T_EMAIL && rs->nemail < MAX_EMAILS)
			want[f] = 1, rs->fields_email[rs->nemail++] = f;
		else if (fd->type == CRM_T_PHONE && rs->nphone < MAX_PHONES)
			want[f] = 1, rs->fields_phone[rs->nphone++] = f;
		else if (fd->type == CRM_T_URL && rs->field_url < 0)
			want[f] = 1, rs->field_url = f;
		else if (fd->type == CRM_T_REF && !strcmp(fd->ref, "account") &&
		         rs->field_account < 0)
			want[f] = 1, rs->field_account = f;
	}
	return want;
}

/* ------------------------------------------------------------ blocking */

struct keyed {
	char *key;
	long rec;
};

struct keys {
	struct keyed *k;
	long n, cap;
};

static void add_key(struct keys *ks, char kind, const char *v, long rec)
{
	if (!v || !*v)
		return;
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? 2 * ks->cap : 4096;
		ks->k = crm_xrealloc(ks->k, ks->cap * sizeof(*ks->k));
	}
	ks->k[ks->n].key = crm_xasprintf("%c%s", kind, v);
	ks->k[ks->n].rec = rec;
	ks->n++;
}

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->rec > y->rec) - (x->rec < y->rec);
}

static void block_keys(const struct recs *rs, struct keys *ks)
{
	for (long i = 0; i < rs->n; i++) {
		const struct rec *r = &rs->r[i];
		size_t len = strlen(r->name_key);
		for (int k = 0; k < MAX_EMAILS; k++)
			add_key(ks, 'e', r->emails[k], i);
		for (int k = 0; k < MAX_PHONES; k++)
			add_key(ks, 'p', r->phones[k], i);
		add_key(ks, 'w', r->domain, i);
		add_key(ks, 'n', r->name_key, i);
		if (len >= SIMILAR_MIN_LEN) {
			char *head = crm_xstrndup(r->name_key, 4);
			add_key(ks, 'a', head, i);
			add_key(ks, 'z', r->name_key + len - 4, i);
			free(head);
		}
	}
	if (ks->n)
		qsort(ks->k, ks->n, sizeof(*ks->k), cmp_keyed);
}

struct pairs {
	uint64_t *p;
	long n, cap;
};

static void add_pair(struct pairs *ps, long a, long b)
{
	if (a == b)
		return;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 4096;
		ps->p = crm_xrealloc(ps->p, ps->cap * sizeof(*ps->p));
	}
	ps->p[ps->n++] =
	    a < b ? ((uint64_t)a << 32) | (uint64_t)b : ((uint64_t)b << 32) | (uint64_t)a;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Every pair within each block of equal keys; blocks too big to mean anything are said. */
static void candidate_pairs(struct crm_ctx *ctx, const struct keys *ks, struct pairs *ps)
{
	long i = 0, j;

	while (i < ks->n) {
		for (j = i + 1; j < ks->n && !strcmp(ks->k[j].key, ks->k[i].key); j++)
			;
		if (j - i > BLOCK_MAX) {
			if (!ctx->o.quiet && strchr("epw", ks->k[i].key[0]))
				crm_warn("%ld %s share %s '%s'; not paired", j - i,
				         ctx->ent->plural,
				         ks->k[i].key[0] == 'e'   ? "the e-mail"
				         : ks->k[i].key[0] == 'p' ? "the phone"
				                                  : "the web domain",
				         ks->k[i].key + 1);
		} else {
			for (long a = i; a < j; a++)
				for (long b = a + 1; b < j; b++)
					add_pair(ps, ks->k[a].rec, ks->k[b].rec);
		}
		i = j;
	}
	if (ps->n)
		qsort(ps->p, ps->n, sizeof(*ps->p), cmp_u64);
}

/* ------------------------------------------------------------- scoring */

/* The smallest of three. */
static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;
	return m < c ? m : c;
}

/*
 * Optimal string alignment: Levenshtein plus the swap of two neighbours as
 * one edit, the commonest slip of a typist ("Jonh").  Three rows of the
 * table are kept: the swap looks two rows back.
 */
int dupes_distance(const char *a, const char *b, int max)
{
	size_t la = strlen(a), lb = strlen(b);
	int *rows, *back, *prev, *cur, best = 0, prev_best = 0, d;

	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	rows = crm_xcalloc(3 * (lb + 1), sizeof(int));
	back = rows, prev = rows + lb + 1, cur = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int *t;
		cur[0] = best = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			d = min3(prev[j - 1] + (a[i - 1] != b[j - 1]), prev[j] + 1, cur[j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    back[j - 2] + 1 < d)
				d = back[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		/*
		 * A row is at least the smaller of the row before and one more
		 * than the row before that: with this row past max and the one
		 * before at max or more, no later row comes back.
		 */
		if (best > max && (i == 1 || prev_best >= max)) {
			free(rows);
			return max + 1;
		}
		prev_best = best;
		t = back, back = prev, prev = cur, cur = t;
	}
	d = prev[lb];
	free(rows);
	return d > max ? max + 1 : d;
}

static int share(char *const *a, char *const *b, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; a[i] && j < n; j++)
			if (b[j] && !strcmp(a[i], b[j]))
				return 1;
	return 0;
}

static void reason(struct crm_buf *why, int *score, int points, const char *text)
{
	crm_buf_printf(why, "%s%s", why->len ? ", " : "", text);
	*score += points;
}

/* The score of a pair and why; 0 when a shared block key turns out to say nothing. */
static int score_pair(const struct rec *x, const struct rec *y, struct crm_buf *why)
{
	int score = 0, same_account = x->account && y->account && !strcmp(x->account, y->account);
	size_t lx = strlen(x->name_key), ly = strlen(y->name_key);

	crm_buf_reset(why);
	if (share(x->emails, y->emails, MAX_EMAILS))
		reason(why, &score, 60, "same email");
	if (share(x->phones, y->phones, MAX_PHONES))
		reason(why, &score, 40, "same phone");
	if (x->domain && y->domain && !strcmp(x->domain, y->domain))
		reason(why, &score, 40, "same web domain");
	if (lx && !strcmp(x->name_key, y->name_key)) {
		if (same_account)
			reason(why, &score, 50, "same name at the same account");
		else
			reason(why, &score, x->account || y->account ? 25 : 35, "same name");
	} else if (lx >= SIMILAR_MIN_LEN && ly >= SIMILAR_MIN_LEN) {
		/* one slip in a short name, two in a long one: "Larry"/"Harry" is not a typo */
		int max = lx >= 12 && ly >= 12 ? 2 : 1;
		int d = dupes_distance(x->name_key, y->name_key, max);
		if (d <= max) {
			char text[64];
			snprintf(text, sizeof(text), "similar name (%d edit%s)%s", d,
			         d == 1 ? "" : "s", same_account ? " at the same account" : "");
			reason(why, &score, (same_account ? 40 : 25) - 5 * (d - 1), text);
		}
	}
	return score > 100 ? 100 : score;
}

/* ---------------------------------------------------------- the search */

struct found {
	long a, b;
	int score;
	char *reasons;
};

static int cmp_found(const void *p, const void *q)
{
	const struct found *x = p, *y = q;
	if (x->score != y->score)
		return y->score - x->score;
	return x->a != y->a ? (x->a > y->a) - (x->a < y->a) : (x->b > y->b) - (x->b < y->b);
}

static long score_all(const struct recs *rs, const struct pairs *ps, struct found **out)
{
	struct crm_buf why = CRM_BUF_INIT;
	struct found *f = NULL;
	long n = 0, cap = 0;

	for (long i = 0; i < ps->n; i++) {
		if (i > 0 && ps->p[i] == ps->p[i - 1])
			continue;
		long a = (long)(ps->p[i] >> 32), b = (long)(ps->p[i] & 0xffffffffu);
		int score = score_pair(&rs->r[a], &rs->r[b], &why);
		if (!score)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			f = crm_xrealloc(f, cap * sizeof(*f));
		}
		f[n++] = (struct found){a, b, score, crm_xstrdup(crm_buf_str(&why))};
	}
	crm_buf_release(&why);
	if (n)
		qsort(f, n, sizeof(*f), cmp_found);
	*out = f;
	return n;
}

int dupes_find(struct crm_ctx *ctx, const struct crm_filter *f, dupe_fn fn, void *arg)
{
	struct recs rs = {.ctx = ctx};
	struct keys ks = {0};
	struct pairs ps = {0};
	struct found *found = NULL;
	char *want = plan_fields(&rs);
	struct db_query q = {.s = ctx->s, .filter = f, .want = want, .sort_field = 0};
	long n;
	int rc = 0;

	if (db_select(ctx->db, &q, read_rec, &rs) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(want);
	if (!rc) {
		block_keys(&rs, &ks);
		candidate_pairs(ctx, &ks, &ps);
	}
	n = rc ? 0 : score_all(&rs, &ps, &found);
	for (long i = 0; i < n; i++) {
		/* records were read in id order: a is the older */
		const struct rec *x = &rs.r[found[i].a], *y = &rs.r[found[i].b];
		struct dupe d = {x->id,    y->id,   found[i].score, found[i].reasons,
		                 x->label, y->label};
		if (!rc)
			rc = fn(arg, &d);
		free(found[i].reasons);
	}
	free(found);
	for (long i = 0; i < ks.n; i++)
		free(ks.k[i].key);
	free(ks.k);
	free(ps.p);
	recs_release(&rs);
	return rc;
}

/* ------------------------------------------------------------- the verb */

struct printing {
	struct crm_printer *p;
	long n, limit;
};

static int print_dupe(void *arg, const struct dupe *d)
{
	struct printing *pr = arg;
	char keep[24], drop[24], score[8];
	const char *vals[6] = {keep, drop, score, d->reasons, d->keep_name, d->drop_name};

	/* --limit N; without it (-1) no limit */
	if (pr->limit >= 0 && pr->n >= pr->limit)
		return 0;
	snprintf(keep, sizeof(keep), "%lld", d->keep);
	snprintf(drop, sizeof(drop), "%lld", d->drop);
	snprintf(score, sizeof(score), "%d", d->score);
	crm_printer_row(pr->p, vals);
	pr->n++;
	return 0;
}

int crm_verb_dupes(struct crm_ctx *ctx, int argc, char **argv)
{
	static const struct crm_column cols[] = {{"keep", 1},      {"drop", 1},
	                                         {"score", 1},     {"reasons", 0},
	                                         {"keep_name", 0}, {"drop_name", 0}};
	struct crm_filter f = {NULL, 0, 0};
	struct printing pr = {.limit = ctx->o.limit};
	char *err = NULL;
	int rc = crm_filter_parse(ctx->db, ctx->s, argc, argv, &f, &err);

	if (rc) {
		crm_warn("%s", err);
		free(err);
		crm_filter_release(&f);
		return rc;
	}
	pr.p = crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(pr.p, cols, 6);
	rc = dupes_find(ctx, &f, print_dupe, &pr);
	if (crm_printer_end(pr.p) < 0 && !rc)
		rc = CRM_EXIT_DB;
	crm_filter_release(&f);
	return rc ? rc : pr.n ? 0 : CRM_EXIT_NOMATCH;
}

/* ------------------------------------------------------- import --dedupe */

void dupes_new_add(struct dupes_new *nw, long long id, long line)
{
	if (nw->n == nw->cap) {
		nw->cap = nw->cap ? 2 * nw->cap : 256;
		nw->r = crm_xrealloc(nw->r, nw->cap * sizeof(*nw->r));
	}
	nw->r[nw->n].id = id;
	nw->r[nw->n].line = line;
	nw->n++;
}

void dupes_new_release(struct dupes_new *nw)
{
	free(nw->r);
	memset(nw, 0, sizeof(*nw));
}

static int cmp_added(const void *a, const void *b)
{
	const struct dupes_added *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* The index of id among the new records (sorted by id), or -1. */
static long new_index(const struct dupes_new *nw, long long id)
{
	struct dupes_added key = {id, 0}, *hit;

	hit = nw->n ? bsearch(&key, nw->r, nw->n, sizeof(*nw->r), cmp_added) : NULL;
	return hit ? (long)(hit - nw->r) : -1;
}

/* One report, said once all are found: by line, so a file is read top to bottom. */
struct said {
	long line, seq;
	int score;
	char *text;
};

struct reporting {
	struct crm_ctx *ctx;
	const struct dupes_new *nw;
	char *seen;   /* per new record: reported as like an older record */
	char *twin;   /* per new record: reported as like an earlier row of the input */
	long n;       /* new records like older ones */
	long in_file; /* new records like an earlier row */
	struct said *said;
	long nsaid, cap;
};

static void say(struct reporting *r, long line, int score, char *text)
{
	if (r->nsaid == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->said = crm_xrealloc(r->said, r->cap * sizeof(*r->said));
	}
	r->said[r->nsaid] = (struct said){line, r->nsaid, score, text};
	r->nsaid++;
}

static int cmp_said(const void *p, const void *q)
{
	const struct said *x = p, *y = q;
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	if (x->score != y->score)
		return y->score - x->score;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Two new records: the one from the later line is said to look like the earlier one. */
static void report_twins(struct reporting *r, const struct dupe *d, long a, long b)
{
	const struct dupes_added *x = &r->nw->r[a], *y = &r->nw->r[b];
	int x_first = x->line <= y->line;
	const struct dupes_added *first = x_first ? x : y, *later = x_first ? y : x;
	const char *ent = r->ctx->ent->name;
	long i = x_first ? b : a;

	say(r, later->line, d->score,
	    crm_xasprintf("line %ld: looks like line %ld, %s %lld '%s' (%s, score %d); added as "
	                  "%s %lld",
	                  later->line, first->line, ent, first->id,
	                  x_first ? d->keep_name : d->drop_name, d->reasons, d->score, ent,
	                  later->id));
	r->in_file += !r->twin[i];
	r->twin[i] = 1;
}

static int report_new(void *arg, const struct dupe *d)
{
	struct reporting *r = arg;
	long a = new_index(r->nw, d->keep), b = new_index(r->nw, d->drop);

	if (a < 0 && b < 0)
		return 0;
	if (a >= 0 && b >= 0) {
		report_twins(r, d, a, b);
		return 0;
	}
	long i = a >= 0 ? a : b;
	long long old = a >= 0 ? d->drop : d->keep;
	const char *ent = r->ctx->ent->name;
	say(r, r->nw->r[i].line, d->score,
	    crm_xasprintf("line %ld: looks like %s %lld '%s' (%s, score %d); added as %s %lld",
	                  r->nw->r[i].line, ent, old, a >= 0 ? d->drop_name : d->keep_name,
	                  d->reasons, d->score, ent, r->nw->r[i].id));
	r->n += !r->seen[i];
	r->seen[i] = 1;
	return 0;
}

int dupes_report_new(struct crm_ctx *ctx, struct dupes_new *nw, long *reported, long *in_file)
{
	struct reporting r = {.ctx = ctx,
	                      .nw = nw,
	                      .seen = crm_xcalloc(nw->n + 1, 1),
	                      .twin = crm_xcalloc(nw->n + 1, 1)};
	int rc;

	if (nw->n)
		qsort(nw->r, nw->n, sizeof(*nw->r), cmp_added);
	rc = nw->n ? dupes_find(ctx, NULL, report_new, &r) : 0;
	if (r.nsaid)
		qsort(r.said, r.nsaid, sizeof(*r.said), cmp_said);
	for (long i = 0; i < r.nsaid; i++) {
		if (!rc)
			crm_warn("%s", r.said[i].text);
		free(r.said[i].text);
	}
	free(r.said);
	free(r.seen);
	free(r.twin);

	*reported = r.n;
	*in_file = r.in_file;
	return rc;
}
