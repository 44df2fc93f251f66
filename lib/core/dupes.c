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

#include "base/i18n.h"
#include "core/dupes.h"

/* A key shared by more records than this says nothing (a switchboard, "info@"). */
enum { BLOCK_MAX = 400 };
/* Names this short are too often alike to call similar. */
enum { SIMILAR_MIN_LEN = 6 };
/*
 * The score from which a pair is printed unless --min-score says otherwise:
 * evidence beyond a name (an address, a phone, a web domain), or a person's
 * whole name at their account, or an organisation's whole name.  A name
 * alone, or a phone alone (a switchboard), stays below it.
 */
enum { DEFAULT_MIN_SCORE = 50 };

enum { MAX_EMAILS = 4, MAX_PHONES = 6 };

/* What scoring needs of one record. */
struct rec {
	long long id;
	char *label;    /* display name */
	char *name_key; /* the name's words run together, in order: "anagarcia" */
	char *sorted;   /* the same in alphabetical order ("anagarcia" for "García, Ana") */
	char *form;     /* an organisation's legal form, "" if none: "ltd" of "Acme Ltd." */
	char *account;  /* crm_name_key of the account it is at, or NULL */
	char *emails[MAX_EMAILS];    /* as written, folded */
	char *mailboxes[MAX_EMAILS]; /* the mailbox each reaches: dupes_mailbox */
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
	int people; /* names are people's (personal data), which repeat; else organisations' */
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

char *dupes_mailbox(const char *email)
{
	char *box = crm_fold(email), *at = strrchr(box, '@'), *plus;
	char *domain, *out, *o;

	if (!at || at == box)
		return box;
	*at = '\0';
	domain = at + 1;
	/* sub-addressing (RFC 5233): "ana+crm@" is delivered to "ana@" */
	plus = strchr(box, '+');
	if (plus && plus != box)
		*plus = '\0';
	if (!strcmp(domain, "googlemail.com"))
		domain = "gmail.com";
	out = o = crm_xmalloc(strlen(box) + strlen(domain) + 2);
	for (const char *p = box; *p; p++)
		/* Gmail ignores the dots of the name */
		if (*p != '.' || strcmp(domain, "gmail.com"))
			*o++ = *p;
	sprintf(o, "@%s", domain);
	free(box);
	return out;
}

/*
 * The length of a character of folded text that separates words, 0 if it is
 * part of one: ASCII other than letters and digits, and the spaces, dashes,
 * quotes and signs of Latin-1, General Punctuation and CJK punctuation
 * ("Harding–Duffy" with an en dash is "Harding Duffy").
 */
static size_t separator_len(const unsigned char *p)
{
	if (*p < 0x80)
		return !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
	if (p[0] == 0xc2 && p[1] >= 0xa0 && p[1] <= 0xbf)
		return 2; /* U+00A0..U+00BF: no-break space, ¡ « » ¿ ... */
	if (p[0] == 0xc3 && (p[1] == 0x97 || p[1] == 0xb7))
		return 2; /* × ÷ */
	if (p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x81) && p[2])
		return 3; /* U+2000..U+207F: spaces, dashes, quotes, bullets */
	if (p[0] == 0xe2 && p[1] == 0x88 && p[2] == 0x92)
		return 3; /* U+2212 minus */
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2])
		return 3; /* U+3000..U+303F: ideographic space and punctuation */
	return 0;
}

/*
 * The words of a name, folded: split at spaces, dashes and punctuation, with
 * dots and apostrophes dropped inside a word ("S.L." is "sl", "O'Neil"
 * "oneil") and "&" the word "and".
 */
void dupes_words(const char *name, struct crm_strv *words)
{
	char *folded = crm_fold(name);
	const unsigned char *p = (const unsigned char *)folded;
	struct crm_buf w = CRM_BUF_INIT;

	for (;;) {
		size_t sep = *p ? separator_len(p) : 1;
		if (*p == '.' || *p == '\'') {
			p++;
			continue;
		}
		if (sep && w.len) {
			crm_strv_push(words, crm_buf_str(&w));
			crm_buf_reset(&w);
		}
		if (!*p)
			break;
		if (*p == '&')
			crm_strv_push(words, "and");
		if (!sep)
			crm_buf_putc(&w, (char)*p);
		p += sep ? sep : 1;
	}
	crm_buf_release(&w);
	free(folded);
}

/* The legal forms a company name may end with, and the one each stands for. */
static const char *const legal_forms[][2] = {
    {"ltd", "ltd"},   {"limited", "ltd"},
    {"llc", "llc"},   {"plc", "plc"},
    {"inc", "inc"},   {"incorporated", "inc"},
    {"corp", "corp"}, {"corporation", "corp"},
    {"co", "co"},     {"company", "co"},
    {"llp", "llp"},   {"lp", "lp"},
    {"gmbh", "gmbh"}, {"ag", "ag"},
    {"kg", "kg"},     {"sa", "sa"},
    {"sl", "sl"},     {"slu", "slu"},
    {"sau", "sau"},   {"sas", "sas"},
    {"sarl", "sarl"}, {"srl", "srl"},
    {"spa", "spa"},   {"bv", "bv"},
    {"nv", "nv"},     {"oy", "oy"},
    {"ab", "ab"},     {"aps", "aps"},
    {"pty", "pty"},   {"lda", "lda"},
    {"ltda", "ltda"},
};

static const char *legal_form(const char *word)
{
	for (size_t i = 0; i < sizeof(legal_forms) / sizeof(legal_forms[0]); i++)
		if (!strcmp(word, legal_forms[i][0]))
			return legal_forms[i][1];
	return NULL;
}

char *dupes_org_key(const char *name, char **form)
{
	struct crm_strv words = CRM_STRV_INIT;
	struct crm_buf key = CRM_BUF_INIT, forms = CRM_BUF_INIT;
	const char *f;
	int n;

	dupes_words(name, &words);
	/* "Acme Ltd", "Acme Limited" and "Acme" are one name; "Smith & Co" is "Smith" */
	for (n = words.n; n > 1; n--) {
		if ((f = legal_form(words.v[n - 1])))
			crm_buf_printf(&forms, "%s%s", forms.len ? " " : "", f);
		else if (strcmp(words.v[n - 1], "and") || forms.len == 0)
			break;
	}
	for (int i = 0; i < n; i++)
		crm_buf_puts(&key, words.v[i]);
	crm_strv_release(&words);
	*form = crm_buf_detach(&forms);
	return crm_buf_detach(&key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A person's name keys: its words in order, and sorted ("Garcia Ana" is "Ana Garcia"). */
static void person_keys(struct rec *r)
{
	struct crm_strv words = CRM_STRV_INIT;
	struct crm_buf key = CRM_BUF_INIT;

	dupes_words(r->label, &words);
	for (int i = 0; i < words.n; i++)
		crm_buf_puts(&key, words.v[i]);
	r->name_key = crm_buf_detach(&key);
	if (words.n)
		qsort(words.v, words.n, sizeof(*words.v), cmp_str);
	for (int i = 0; i < words.n; i++)
		crm_buf_puts(&key, words.v[i]);
	r->sorted = crm_buf_detach(&key);
	r->form = crm_xstrdup("");
	crm_strv_release(&words);
}

static void org_keys(struct rec *r)
{
	r->name_key = dupes_org_key(r->label, &r->form);
	r->sorted = crm_xstrdup(r->name_key);
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
	if (rs->people)
		person_keys(r);
	else
		org_keys(r);
	if (rs->field_account >= 0 && vals[rs->field_account])
		r->account = crm_name_key(vals[rs->field_account]);
	for (int i = 0; i < rs->nemail; i++)
		if (vals[rs->fields_email[i]]) {
			r->emails[i] = crm_fold(vals[rs->fields_email[i]]);
			r->mailboxes[i] = dupes_mailbox(vals[rs->fields_email[i]]);
		}
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
		free(r->sorted);
		free(r->form);
		free(r->account);
		for (int k = 0; k < MAX_EMAILS; k++) {
			free(r->emails[k]);
			free(r->mailboxes[k]);
		}
		for (int k = 0; k < MAX_PHONES; k++)
			free(r->phones[k]);
		free(r->domain);
	}
	free(rs->r);
}

/*
 * Which fields say what: e-mail and phone fields by type, the web address,
 * the account; names that are personal data are people's.
 */
static char *plan_fields(struct recs *rs)
{
	const struct crm_schema *s = rs->ctx->s;
	char *want = crm_xcalloc(s->nfields, 1);

	rs->field_url = rs->field_account = -1;
	for (int f = 0; f < s->nfields; f++) {
		const struct crm_field *fd = &s->fields[f];
		if (fd->type == CRM_T_ID || (fd->flags & CRM_F_NAME)) {
			want[f] = 1;
			if ((fd->flags & CRM_F_NAME) && (fd->flags & CRM_F_PERSONAL))
				rs->people = 1;
		} else if (fd->type == CRM_T_EMAIL && rs->nemail < MAX_EMAILS)
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

/* The first and the last four letters of a name: a name with one slip shares one. */
static void add_ends(struct keys *ks, const char *name, long rec)
{
	size_t len = strlen(name);
	char head[5];

	if (len < SIMILAR_MIN_LEN)
		return;
	memcpy(head, name, 4);
	head[4] = '\0';
	add_key(ks, 'a', head, rec);
	add_key(ks, 'z', name + len - 4, rec);
}

static void block_keys(const struct recs *rs, struct keys *ks)
{
	for (long i = 0; i < rs->n; i++) {
		const struct rec *r = &rs->r[i];
		for (int k = 0; k < MAX_EMAILS; k++)
			add_key(ks, 'e', r->mailboxes[k], i);
		for (int k = 0; k < MAX_PHONES; k++)
			add_key(ks, 'p', r->phones[k], i);
		add_key(ks, 'w', r->domain, i);
		/* in alphabetical order: a name and its swapped form meet */
		add_key(ks, 'n', r->sorted, i);
		add_ends(ks, r->name_key, i);
		if (strcmp(r->sorted, r->name_key))
			add_ends(ks, r->sorted, i);
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
				crm_warn(_("%ld %s share %s '%s'; not paired"), j - i,
				         crm_noun(ctx->ent, 2),
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

/* An address written alike, else one that reaches the same mailbox ("a.na+x@gmail.com"). */
static void score_emails(const struct rec *x, const struct rec *y, struct crm_buf *why, int *score)
{
	if (share(x->emails, y->emails, MAX_EMAILS))
		reason(why, score, 60, "same email");
	else if (share(x->mailboxes, y->mailboxes, MAX_EMAILS))
		reason(why, score, 60, "same mailbox");
}

/*
 * One slip in a short name, two in a long one ("Larry"/"Harry" is not a
 * typo): the edits between the names in order, or in alphabetical order
 * for a person, whichever is fewer; -1 if they are not similar.
 */
static int name_edits(const struct rec *x, const struct rec *y)
{
	size_t lx = strlen(x->name_key), ly = strlen(y->name_key);
	int max = lx >= 12 && ly >= 12 ? 2 : 1, d, ds;

	if (lx < SIMILAR_MIN_LEN || ly < SIMILAR_MIN_LEN)
		return -1;
	d = dupes_distance(x->name_key, y->name_key, max);
	ds = dupes_distance(x->sorted, y->sorted, max);
	d = ds < d ? ds : d;
	return d <= max ? d : -1;
}

/*
 * A person's name: people share names, so a name counts for most at the same
 * account and for least when their accounts differ or one has none.
 */
static void score_person_name(const struct rec *x, const struct rec *y, struct crm_buf *why,
                              int *score)
{
	int same_account = x->account && y->account && !strcmp(x->account, y->account);
	int either_account = x->account || y->account;
	const char *at = same_account ? " at the same account" : "";
	char text[96];
	int d;

	if (*x->sorted && !strcmp(x->sorted, y->sorted)) {
		snprintf(text, sizeof(text), "same name%s%s",
		         strcmp(x->name_key, y->name_key) ? " in another order" : "", at);
		reason(why, score, same_account ? 50 : either_account ? 25 : 35, text);
	} else if ((d = name_edits(x, y)) > 0) {
		snprintf(text, sizeof(text), "similar name (%d edit%s)%s", d, d == 1 ? "" : "s",
		         at);
		reason(why, score, (same_account ? 40 : 25) - 5 * (d - 1), text);
	}
}

/*
 * An organisation's name: few organisations share one, so the same name
 * counts as much as the same address, unless each has a web site and they
 * differ: then it is two organisations of one name.  A legal form one of
 * them leaves out is no difference ("Acme Ltd" and "Acme"), two different
 * ones are two companies ("Downs LLC" and "Downs PLC").
 */
static void score_org_name(const struct rec *x, const struct rec *y, struct crm_buf *why,
                           int *score)
{
	int other_sites = x->domain && y->domain && strcmp(x->domain, y->domain);
	char text[64];
	int d;

	if (*x->form && *y->form && strcmp(x->form, y->form))
		return;
	if (*x->name_key && !strcmp(x->name_key, y->name_key)) {
		reason(why, score, other_sites ? 25 : 50, "same name");
	} else if ((d = name_edits(x, y)) > 0) {
		snprintf(text, sizeof(text), "similar name (%d edit%s)", d, d == 1 ? "" : "s");
		reason(why, score, 25 - 5 * (d - 1), text);
	}
}

/* The score of a pair and why; 0 when a shared block key turns out to say nothing. */
static int score_pair(const struct recs *rs, const struct rec *x, const struct rec *y,
                      struct crm_buf *why)
{
	int score = 0;

	crm_buf_reset(why);
	score_emails(x, y, why, &score);
	if (share(x->phones, y->phones, MAX_PHONES))
		reason(why, &score, 40, "same phone");
	if (x->domain && y->domain && !strcmp(x->domain, y->domain))
		reason(why, &score, 40, "same web domain");
	if (rs->people)
		score_person_name(x, y, why, &score);
	else
		score_org_name(x, y, why, &score);
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

/* The pairs that score at least min, best first. */
static long score_all(const struct recs *rs, const struct pairs *ps, int min, struct found **out)
{
	struct crm_buf why = CRM_BUF_INIT;
	struct found *f = NULL;
	long n = 0, cap = 0;

	for (long i = 0; i < ps->n; i++) {
		if (i > 0 && ps->p[i] == ps->p[i - 1])
			continue;
		long a = (long)(ps->p[i] >> 32), b = (long)(ps->p[i] & 0xffffffffu);
		int score = score_pair(rs, &rs->r[a], &rs->r[b], &why);
		if (!score || score < min)
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

int dupes_min_score(const struct crm_ctx *ctx)
{
	return ctx->o.min_score > 0 ? ctx->o.min_score : DEFAULT_MIN_SCORE;
}

int dupes_find(struct crm_ctx *ctx, const struct crm_filter *f, int min_score, dupe_fn fn,
               void *arg)
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
	n = rc ? 0 : score_all(&rs, &ps, min_score, &found);
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
	rc = dupes_find(ctx, &f, dupes_min_score(ctx), print_dupe, &pr);
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
	/* every candidate: an import only warns, and a warning too many costs little */
	rc = nw->n ? dupes_find(ctx, NULL, 1, report_new, &r) : 0;
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
