/*
 * grammar.c - the one small language of words after a verb (crm-filter(7)):
 * assignments (field=value, field=, tags+=x, tags-=x), filters (field OP
 * value, any-of lists, tag=, bare words as full-text search) and the
 * normal form of every value type.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/money.h"
#include "core/grammar.h"
#include "base/i18n.h"

/* "field: reason 'value'", the shape of every value error. */
static char *fail(const char *name, const char *reason, const char *value)
{
	return crm_xasprintf(_("%s: %s '%s'"), name, reason, value);
}

/* 1 if a and b are one word once folded, as every match compares: "SÍ" is "sí". */
static int same_folded(const char *a, const char *b)
{
	char *x = crm_fold(a), *y = crm_fold(b);
	int same = !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

static int normal_bool(const char *v, char **out)
{
	static const char *const yes[] = {"yes", "y", "true", "1", "on", "sí", "s", NULL};
	static const char *const no[] = {"no", "n", "false", "0", "off", NULL};
	for (int i = 0; yes[i]; i++)
		if (same_folded(v, yes[i]))
			return *out = crm_xstrdup("yes"), 0;
	for (int i = 0; no[i]; i++)
		if (same_folded(v, no[i]))
			return *out = crm_xstrdup("no"), 0;
	return -1;
}

/* Why a date is refused: a spreadsheet's "15/03/1985" needs its order said. */
static char *date_refusal(const char *name, const char *v)
{
	char *day = crm_xstrndup(v, strcspn(v, " T"));
	int ordered = crm_date_format() != CRM_DATES_EXCEL && crm_date_is_ordered(day);

	free(day);
	if (ordered && crm_date_format() == CRM_DATES_ISO)
		return crm_xasprintf(
		    _("%s: date in day or month order '%s' (import with --date-format "
		      "dmy or mdy, or write YYYY-MM-DD)"),
		    name, v);
	if (ordered)
		return crm_xasprintf(crm_date_format() == CRM_DATES_DMY
		                         ? _("%s: not a date in day-month-year order '%s'")
		                     : crm_date_format() == CRM_DATES_MDY
		                         ? _("%s: not a date in month-day-year order '%s'")
		                         : _("%s: not a date in year-month-day order '%s'"),
		                     name, v);
	return fail(name, _("invalid date"), v);
}

/* A date stays a date; a time of day ("2026-12-01 10:30", "now") makes it a UTC timestamp. */
static int normal_when(const char *v, char **out)
{
	char buf[32], *f = crm_fold(v);
	int now = !strcmp(f, "now") || !strcmp(f, "ahora");
	free(f);
	if ((!now && crm_parse_date(v, buf) == 0) || crm_parse_datetime(v, buf) == 0) {
		*out = crm_xstrdup(buf);
		return 0;
	}
	/* "tomorrow 10:30", "friday 9:00": a date word and a local time of day */
	const char *sp = strrchr(v, ' ');
	int h, m, n = 0;
	if (!sp || sscanf(sp + 1, "%d:%d%n", &h, &m, &n) != 2 || sp[1 + n] || h > 23 || m > 59)
		return -1;
	char *day = crm_xstrndup(v, sp - v), date[16];
	int rc = crm_parse_date(day, date);
	free(day);
	if (rc == 0) {
		char *local = crm_xasprintf("%s %02d:%02d", date, h, m);
		rc = crm_parse_datetime(local, buf);
		free(local);
	}
	if (rc == 0)
		*out = crm_xstrdup(buf);
	return rc;
}

/* The values a choice field takes: its list, or one kept in the database ("@stage"). */
static void choices_of(struct crm_db *db, const struct crm_field *fd, struct crm_strv *ch)
{
	if (fd->choices && fd->choices[0] == '@')
		db_choices(db, fd->choices + 1, ch);
	else
		crm_strv_split(ch, fd->choices ? fd->choices : "", ',');
}

int crm_field_settable(const struct crm_field *fd)
{
	return !(fd->flags & CRM_F_READONLY);
}

/* 1 if text begins with prefix, case and accents aside. */
static int folded_prefix(const char *text, const char *prefix)
{
	char *t = crm_fold(text), *p = crm_fold(prefix);
	int yes = t && p && !strncmp(t, p, strlen(p));
	free(t);
	free(p);
	return yes;
}

void crm_field_values(struct crm_db *db, const struct crm_field *fd, const char *prefix, int limit,
                      struct crm_strv *out)
{
	struct crm_strv all = CRM_STRV_INIT;
	if (fd->type == CRM_T_REF) {
		const struct crm_entity *to = crm_entity_find(fd->ref);
		if (to)
			db_names(db, db_schema(db, to), prefix, limit, out);
		return;
	}
	if (fd->type == CRM_T_CHOICE)
		choices_of(db, fd, &all);
	else if (fd->type == CRM_T_BOOL)
		crm_strv_split(&all, "yes,no", ',');
	for (int i = 0; i < all.n && out->n < limit; i++)
		if (folded_prefix(all.v[i], prefix))
			crm_strv_push(out, all.v[i]);
	crm_strv_release(&all);
}

static int normal_choice(struct crm_db *db, const struct crm_field *fd, const char *v, char **out)
{
	struct crm_strv ch = CRM_STRV_INIT;
	choices_of(db, fd, &ch);
	int rc = -1;
	for (int i = 0; i < ch.n && rc; i++)
		if (same_folded(ch.v[i], v)) {
			*out = crm_xstrdup(ch.v[i]);
			rc = 0;
		}
	crm_strv_release(&ch);
	return rc;
}

/* Tags sort and compare as folded text: "VIP" and "vip" are one tag. */
static int cmp_folded(const void *a, const void *b)
{
	char *x = crm_fold(*(char *const *)a), *y = crm_fold(*(char *const *)b);
	int c = strcmp(x, y);
	free(x);
	free(y);
	return c;
}

/* Tags in normal form: trimmed, the first spelling of each kept, sorted, comma-joined. */
char *crm_tags_normal(const char *v)
{
	struct crm_strv tv = CRM_STRV_INIT, kept = CRM_STRV_INIT;
	crm_strv_split(&tv, v, ',');
	for (int i = 0; i < tv.n; i++) {
		int dup = 0;
		for (int j = 0; j < kept.n && !dup; j++)
			dup = cmp_folded(&tv.v[i], &kept.v[j]) == 0;
		if (!dup)
			crm_strv_push(&kept, tv.v[i]);
	}
	if (kept.n)
		qsort(kept.v, kept.n, sizeof(char *), cmp_folded);
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < kept.n; i++)
		crm_buf_printf(&b, "%s%s", i ? "," : "", kept.v[i]);
	crm_strv_release(&tv);
	crm_strv_release(&kept);
	return b.len ? crm_buf_detach(&b) : NULL;
}

static int normal_ref(struct crm_db *db, const struct crm_field *fd, const char *v, char **out,
                      char **err)
{
	const struct crm_schema *to = db_schema(db, crm_entity_find(fd->ref));
	struct crm_strv cands = CRM_STRV_INIT;
	long long id = 0;
	int r = db_resolve(db, to, v, &id, &cands);
	if (r == 0)
		*out = crm_xasprintf("%lld", id);
	else if (r == 1)
		*err = crm_xasprintf(_("%s: no %s '%s'"), fd->name, crm_noun(to->ent, 1), v);
	else if (r == 2) {
		struct crm_buf b = CRM_BUF_INIT;
		for (int i = 0; i < cands.n; i++)
			crm_buf_printf(&b, "%s%s", i ? "; " : "", cands.v[i]);
		*err = crm_xasprintf(_("%s: '%s' is ambiguous: %s (use the id)"), fd->name, v,
		                     crm_buf_str(&b));
		crm_buf_release(&b);
	} else
		*err = crm_xasprintf("%s: %s", fd->name, db_error(db));
	crm_strv_release(&cands);
	return r == 0 ? 0 : r == 1 ? -2 : -1;
}

/*
 * A user field holds a login: a user's name or e-mail gives theirs; a name
 * no user has stays as written, and the write makes it a user (record.c).
 */
static char *user_login(struct crm_db *db, const struct crm_field *fd, const char *v, char **err)
{
	char *login = NULL;
	struct crm_strv cands = CRM_STRV_INIT;
	int r = db_user_login(db, v, &login, &cands);
	if (r == 2) {
		struct crm_buf list = CRM_BUF_INIT;
		for (int i = 0; i < cands.n; i++)
			crm_buf_printf(&list, "%s%s", i ? ", " : "", cands.v[i]);
		*err = crm_xasprintf(_("%s: '%s' names several users: %s; give the login"),
		                     fd->name, v, crm_buf_str(&list));
		crm_buf_release(&list);
	} else if (r < 0)
		*err = crm_xasprintf("%s: %s", fd->name, db_error(db));
	crm_strv_release(&cands);
	return r == 1 ? crm_xstrdup(v) : login;
}

int crm_value_normal(struct crm_db *db, const struct crm_field *fd, const char *in, char **out,
                     char **err)
{
	*out = NULL;
	*err = NULL;
	char *v = crm_trim(in ? in : "");
	int rc = 0;
	char buf[32];
	if (!*v)
		goto done;
	if (!crm_utf8_valid(v, strlen(v))) {
		*err = crm_xasprintf(_("%s: not valid UTF-8"), fd->name);
		rc = -1;
		goto done;
	}
	switch (fd->type) {
	case CRM_T_ID:
		if (!crm_is_uint(v))
			*err = fail(fd->name, _("not a record number"), v);
		else
			*out = crm_xstrdup(v);
		break;
	case CRM_T_EMAIL:
		if (!crm_email_valid(v))
			*err = fail(fd->name, _("invalid address"), v);
		else
			*out = crm_xstrdup(v);
		break;
	case CRM_T_PHONE: {
		char *key = crm_phone_key(v);
		if (!key)
			*err = fail(fd->name, _("invalid phone number"), v);
		else
			*out = crm_xstrdup(v);
		free(key);
		break;
	}
	case CRM_T_URL:
		if (strpbrk(v, " \t\n"))
			*err = fail(fd->name, _("invalid web address"), v);
		else
			*out = crm_xstrdup(v);
		break;
	case CRM_T_DATE:
		if (crm_parse_date(v, buf) < 0)
			*err = date_refusal(fd->name, v);
		else
			*out = crm_xstrdup(buf);
		break;
	case CRM_T_TIMESTAMP: {
		/* what 'when' reads ('yesterday 16:00'); a day alone is its local midnight */
		char *w = NULL;
		if (crm_parse_datetime(v, buf) == 0)
			*out = crm_xstrdup(buf);
		else if (normal_when(v, &w) == 0 && crm_parse_datetime(w, buf) == 0)
			*out = crm_xstrdup(buf);
		else
			*err = fail(fd->name, _("invalid date and time"), v);
		free(w);
		break;
	}
	case CRM_T_BOOL:
		if (normal_bool(v, out) < 0)
			*err = fail(fd->name, _("not yes or no"), v);
		break;
	case CRM_T_NUMBER:
		if (crm_number_normal(v, out) < 0)
			*err = fail(fd->name, _("not a number"), v);
		break;
	case CRM_T_MONEY: {
		const char *why = NULL;
		if (crm_money_normal(v, out, &why) < 0)
			*err = fail(fd->name, _(why), v);
		break;
	}
	case CRM_T_WHEN:
		if (normal_when(v, out) < 0)
			*err = date_refusal(fd->name, v);
		break;
	case CRM_T_CHOICE:
		if (normal_choice(db, fd, v, out) < 0) {
			struct crm_strv ch = CRM_STRV_INIT;
			choices_of(db, fd, &ch);
			struct crm_buf b = CRM_BUF_INIT;
			for (int i = 0; i < ch.n; i++)
				crm_buf_printf(&b, "%s%s", i ? "," : "", ch.v[i]);
			*err = crm_xasprintf(_("%s: '%s' is not one of: %s"), fd->name, v,
			                     crm_buf_str(&b));
			crm_buf_release(&b);
			crm_strv_release(&ch);
		}
		break;
	case CRM_T_REF:
		if (normal_ref(db, fd, v, out, err) == -2) {
			free(v);
			return -2;
		}
		break;
	case CRM_T_TAGS:
		if (strpbrk(v, "\t\n"))
			*err = fail(fd->name, _("tags cannot hold tabs or newlines"), v);
		else
			*out = crm_tags_normal(v);
		break;
	case CRM_T_TEXT:
		if ((fd->flags & CRM_F_USER) && db)
			*out = user_login(db, fd, v, err);
		else
			*out = crm_xstrdup(v);
		break;
	}
	rc = *err ? -1 : 0;
done:
	free(v);
	return rc;
}

/* ------------------------------------------------------------- parsing */

int crm_split_words(const char *s, struct crm_strv *out)
{
	struct crm_buf w = CRM_BUF_INIT;
	char quote = 0;
	int any = 0;
	for (const char *p = s;; p++) {
		if (quote && *p == quote)
			quote = 0;
		else if (!quote && (*p == '\'' || *p == '"'))
			quote = *p, any = 1;
		else if (*p && (quote || (*p != ' ' && *p != '\t')))
			crm_buf_putc(&w, *p), any = 1;
		else if (!*p || !quote) {
			if (any)
				crm_strv_push(out, crm_buf_str(&w));
			crm_buf_reset(&w);
			any = 0;
		}
		if (!*p)
			break;
	}
	crm_buf_release(&w);
	return quote ? -1 : 0;
}

struct word {
	char *name; /* field name, NULL for a bare word */
	const char *op;
	const char *value;
};

/* Splits "name<op>value"; a word without a leading identifier and operator is bare. */
static int split_word(const char *w, struct word *out)
{
	static const char *const ops[] = {"+=", "-=", "!=", ">=", "<=", "~", "=", ">", "<", NULL};
	const char *p = w;
	memset(out, 0, sizeof *out);
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '_')
		p++;
	for (int i = 0; ops[i]; i++)
		if (!strncmp(p, ops[i], strlen(ops[i]))) {
			out->name = crm_xstrndup(w, p - w);
			out->op = ops[i];
			out->value = p + strlen(ops[i]);
			return 1;
		}
	return 0;
}

static enum crm_op parse_op(const char *op)
{
	static const struct {
		const char *s;
		enum crm_op op;
	} map[] = {{"=", CRM_OP_EQ}, {"!=", CRM_OP_NE}, {">", CRM_OP_GT},  {">=", CRM_OP_GE},
	           {"<", CRM_OP_LT}, {"<=", CRM_OP_LE}, {"~", CRM_OP_LIKE}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].s, op))
			return map[i].op;
	return CRM_OP_EQ;
}

/* Splits an any-of list at commas not escaped with a backslash. */
static void split_any_of(struct crm_strv *out, const char *v)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (const char *p = v;; p++) {
		if (*p == '\\' && p[1] == ',') {
			crm_buf_putc(&b, ',');
			p++;
		} else if (*p == ',' || !*p) {
			char *item = crm_trim(crm_buf_str(&b));
			if (*item)
				crm_strv_push_owned(out, item);
			else
				free(item);
			crm_buf_reset(&b);
			if (!*p)
				break;
		} else
			crm_buf_putc(&b, *p);
	}
	crm_buf_release(&b);
}

static int unknown_field(const struct crm_schema *s, const char *name, char **err)
{
	*err = crm_xasprintf(_("%s has no field '%s' (see '%s-%s fields')"), s->ent->name, name,
	                     "crm", s->ent->name);
	return CRM_EXIT_USAGE;
}

static int filter_values(struct crm_db *db, const struct crm_field *fd, struct crm_term *t,
                         const char *value, char **err)
{
	struct crm_strv raw = CRM_STRV_INIT;
	char *whole = NULL, *ignored = NULL;
	/* "account=Abbott, Berg and Gay": a record's whole name is one value, not two */
	if (fd->type == CRM_T_REF && t->op != CRM_OP_LIKE && strchr(value, ',') &&
	    crm_value_normal(db, fd, value, &whole, &ignored) == 0 && whole) {
		crm_strv_push_owned(&t->values, whole);
		return 0;
	}
	free(ignored);
	if (t->op == CRM_OP_EQ || t->op == CRM_OP_NE || t->op == CRM_OP_LIKE)
		split_any_of(&raw, value);
	else if (*value)
		crm_strv_push(&raw, value);
	else {
		*err = crm_xasprintf(_("%s: a comparison needs a value"), fd->name);
		return CRM_EXIT_USAGE;
	}
	int rc = 0;
	for (int i = 0; i < raw.n && rc == 0; i++) {
		char *v = NULL;
		/* contains-matching and tags compare text as typed */
		if (t->op == CRM_OP_LIKE || t->kind == CRM_TERM_TAG)
			v = crm_xstrdup(raw.v[i]);
		else if (crm_value_normal(db, fd, raw.v[i], &v, err) < 0) {
			rc = CRM_EXIT_DATA;
			if (raw.n > 1) {
				char *why = *err;
				*err =
				    crm_xasprintf(_("%s (commas separate values: write \\, for a "
				                    "comma inside one)"),
				                  why);
				free(why);
			}
		}
		if (v)
			crm_strv_push_owned(&t->values, v);
	}
	crm_strv_release(&raw);
	return rc;
}

static int parse_filter(struct crm_db *db, const struct crm_schema *s, int argc, char **argv,
                        struct crm_filter *f, int depth, char **err);

/* Segments within segments stop here: deeper is a segment that names itself. */
#define SEGMENT_DEPTH 8

/* The saved filter of one segment, parsed now: relative dates mean today's. */
static int segment_filter(struct crm_db *db, const struct crm_schema *s, const char *name,
                          struct crm_filter *sub, int depth, char **err)
{
	char *entity = NULL, *text = NULL;
	int r = db_segment_get(db, name, &entity, &text), rc = 0;
	const struct crm_entity *ent = r == 0 ? crm_entity_find(entity) : NULL;
	struct crm_strv words = CRM_STRV_INIT;
	if (r < 0) {
		*err = crm_xasprintf(_("segment: %s"), db_error(db));
		rc = CRM_EXIT_DB;
	} else if (r == 1) {
		*err = crm_xasprintf(_("segment: no segment '%s' (see 'crm segment list')"), name);
		rc = CRM_EXIT_DATA;
	} else if (ent != s->ent) {
		*err = crm_xasprintf(_("segment: '%s' is a segment of %s, not of %s"), name,
		                     ent ? ent->plural : entity, s->ent->plural);
		rc = CRM_EXIT_DATA;
	} else if (depth >= SEGMENT_DEPTH) {
		*err = crm_xasprintf(_("segment: '%s' refers to itself"), name);
		rc = CRM_EXIT_DATA;
	} else if (crm_split_words(text, &words) < 0) {
		*err = crm_xasprintf(_("segment %s: a quote is not closed in '%s'"), name, text);
		rc = CRM_EXIT_DATA;
	} else if ((rc = parse_filter(db, s, words.n, words.v, sub, depth + 1, err))) {
		/* a saved filter that no longer parses (a field removed since) */
		char *inner = *err;
		*err = crm_xasprintf(_("segment %s: %s"), name, inner);
		free(inner);
	}
	crm_strv_release(&words);
	free(entity);
	free(text);
	return rc;
}

/* segment=NAME (any of several), segment!=NAME: records that match a saved filter, or not. */
static int segment_term(struct crm_db *db, const struct crm_schema *s, struct crm_term *t,
                        const struct word *w, int depth, char **err)
{
	t->kind = CRM_TERM_SEGMENT;
	t->op = w->op[0] == '!' ? CRM_OP_NE : CRM_OP_EQ;
	if (strcmp(w->op, "=") && strcmp(w->op, "!=")) {
		*err =
		    crm_xasprintf(_("segment: use segment=NAME or segment!=NAME, not '%s'"), w->op);
		return CRM_EXIT_USAGE;
	}
	split_any_of(&t->values, w->value);
	if (!t->values.n) {
		*err = crm_xstrdup(_("segment: which segment? (segment=NAME)"));
		return CRM_EXIT_USAGE;
	}
	t->subs = crm_xcalloc(t->values.n, sizeof *t->subs);
	int rc = 0;
	for (int i = 0; i < t->values.n && !rc; i++, t->nsubs++)
		rc = segment_filter(db, s, t->values.v[i], &t->subs[i], depth, err);
	return rc;
}

/*
 * Terms are ANDed and contains/when values ORed in one SQL expression, whose
 * depth the store bounds (SQLite: 1000): past these a filter is refused
 * clearly instead of failing in the store.  Any-of lists of exact values
 * are flat (IN) and need no bound.
 */
enum { MAX_FILTER_TERMS = 256, MAX_ORED_VALUES = 256 };

static int ored_values(const struct crm_schema *s, const struct crm_term *t)
{
	return t->op == CRM_OP_LIKE ||
	       (t->kind == CRM_TERM_FIELD && s->fields[t->field].type == CRM_T_WHEN);
}

static int parse_filter(struct crm_db *db, const struct crm_schema *s, int argc, char **argv,
                        struct crm_filter *f, int depth, char **err)
{
	*err = NULL;
	if (argc > MAX_FILTER_TERMS) {
		*err = crm_xasprintf(_("too many filter terms (%d; at most %d)"), argc,
		                     MAX_FILTER_TERMS);
		return CRM_EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		struct word w;
		f->terms = crm_xrealloc(f->terms, sizeof(*f->terms) * (f->n + 1));
		struct crm_term *t = &f->terms[f->n];
		memset(t, 0, sizeof *t);
		if (!split_word(argv[i], &w)) {
			t->kind = CRM_TERM_TEXT;
			split_any_of(&t->values, argv[i]);
			f->n++;
			continue;
		}
		int rc = 0;
		if (!strcmp(w.op, "+=") || !strcmp(w.op, "-=")) {
			*err = crm_xasprintf(_("'%s' is an assignment, not a filter"), argv[i]);
			rc = CRM_EXIT_USAGE;
		}
		int fi = crm_schema_field(s, w.name);
		if (!rc && fi < 0 && !strcasecmp(w.name, "segment")) {
			f->n++;
			rc = segment_term(db, s, t, &w, depth, err);
			free(w.name);
			if (rc)
				return rc;
			continue;
		}
		if (!rc && !strcasecmp(w.name, "tag"))
			fi = crm_schema_field(s, "tags");
		if (!rc && fi < 0)
			rc = unknown_field(s, w.name, err);
		if (!rc) {
			t->field = fi;
			t->op = parse_op(w.op);
			t->kind = s->fields[fi].type == CRM_T_TAGS ? CRM_TERM_TAG : CRM_TERM_FIELD;
			f->n++;
			rc = filter_values(db, &s->fields[fi], t, w.value, err);
		}
		if (!rc && t->values.n > MAX_ORED_VALUES && ored_values(s, t)) {
			*err = crm_xasprintf(_("%s: too many values (%d; at most %d)"),
			                     s->fields[fi].name, t->values.n, MAX_ORED_VALUES);
			rc = CRM_EXIT_USAGE;
		}
		free(w.name);
		if (rc)
			return rc;
	}
	return 0;
}

int crm_filter_parse(struct crm_db *db, const struct crm_schema *s, int argc, char **argv,
                     struct crm_filter *f, char **err)
{
	return parse_filter(db, s, argc, argv, f, 0, err);
}

void crm_filter_release(struct crm_filter *f)
{
	for (int i = 0; i < f->n; i++) {
		crm_strv_release(&f->terms[i].values);
		for (int k = 0; k < f->terms[i].nsubs; k++)
			crm_filter_release(&f->terms[i].subs[k]);
		free(f->terms[i].subs);
	}
	free(f->terms);
	f->terms = NULL;
	f->n = 0;
}

int crm_assigns_parse(struct crm_db *db, const struct crm_schema *s, int argc, char **argv,
                      struct crm_assigns *as, char **err)
{
	*err = NULL;
	for (int i = 0; i < argc; i++) {
		struct word w;
		if (!split_word(argv[i], &w) || strchr("~<>!", w.op[0])) {
			free(w.name);
			*err = crm_xasprintf(_("expected field=value, got '%s'"), argv[i]);
			return CRM_EXIT_USAGE;
		}
		int fi = crm_schema_field(s, w.name);
		if (fi < 0 && !strcasecmp(w.name, "tag"))
			fi = crm_schema_field(s, "tags");
		int rc = 0;
		if (fi < 0)
			rc = unknown_field(s, w.name, err);
		else if (!crm_field_settable(&s->fields[fi])) {
			*err = crm_xasprintf(_("%s: set by crm, not by hand"), s->fields[fi].name);
			rc = CRM_EXIT_USAGE;
		} else if (w.op[0] != '=' && s->fields[fi].type != CRM_T_TAGS) {
			*err = crm_xasprintf(_("%s: only tags take += and -="), s->fields[fi].name);
			rc = CRM_EXIT_USAGE;
		}
		char *v = NULL;
		if (!rc && crm_value_normal(db, &s->fields[fi], w.value, &v, err) < 0)
			rc = CRM_EXIT_DATA;
		free(w.name);
		if (rc)
			return rc;
		as->a = crm_xrealloc(as->a, sizeof(*as->a) * (as->n + 1));
		as->a[as->n++] = (struct crm_assign){
		    .field = fi,
		    .op = w.op[0] == '+'   ? CRM_AS_ADD
		          : w.op[0] == '-' ? CRM_AS_REMOVE
		                           : CRM_AS_SET,
		    .value = v,
		};
	}
	return 0;
}

void crm_assigns_release(struct crm_assigns *as)
{
	for (int i = 0; i < as->n; i++)
		free(as->a[i].value);
	free(as->a);
	as->a = NULL;
	as->n = 0;
}

/* The tag set after applying += or -= to the current one. */
char *crm_tags_apply(const char *current, enum crm_assign_op op, const char *change)
{
	if (op == CRM_AS_SET)
		return change ? crm_xstrdup(change) : NULL;
	if (op == CRM_AS_ADD) {
		char *joined = crm_xasprintf("%s,%s", current ? current : "", change ? change : "");
		char *r = crm_tags_normal(joined);
		free(joined);
		return r;
	}
	struct crm_strv cur = CRM_STRV_INIT, rm = CRM_STRV_INIT;
	crm_strv_split(&cur, current ? current : "", ',');
	crm_strv_split(&rm, change ? change : "", ',');
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < cur.n; i++) {
		int drop = 0;
		for (int j = 0; j < rm.n && !drop; j++) {
			char *a = crm_fold(cur.v[i]), *c = crm_fold(rm.v[j]);
			drop = !strcmp(a, c);
			free(a);
			free(c);
		}
		if (!drop)
			crm_buf_printf(&b, "%s%s", b.len ? "," : "", cur.v[i]);
	}
	crm_strv_release(&cur);
	crm_strv_release(&rm);
	return b.len ? crm_buf_detach(&b) : NULL;
}
