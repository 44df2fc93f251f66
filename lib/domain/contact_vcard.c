/*
 * contact_vcard.c - contacts as vCards: `crm-contact export -o vcard` for
 * an address book, and `crm-contact import --format vcard FILE.vcf` from a
 * phone, a mail client or another CRM.
 *
 * A card holds more than a contact has fields for (photos, nicknames, a
 * third e-mail address).  What cannot be kept is said, one line each, so
 * nobody believes an import kept what it dropped; what is invalid (an
 * e-mail that is not one) rejects the card, as a bad row rejects a CSV
 * import.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "core/dupes.h"
#include "domain/entities.h"
#include "formats/vcard.h"

/* ================================================================ export */

static const char *val(struct crm_ctx *ctx, const char *const *vals, const char *field)
{
	int f = rec_field(ctx, field);
	return f >= 0 && vals[f] && *vals[f] ? vals[f] : NULL;
}

/* "1980-03-22" -> "19800322": the form RFC 6350 gives dates. */
static void basic_date(const char *iso, char *out)
{
	for (; *iso; iso++)
		if (*iso != '-')
			*out++ = *iso;
	*out = '\0';
}

/* FN is required: the name, else the organisation, else the e-mail address. */
static char *formatted_name(const char *first, const char *last, const char *org, const char *email)
{
	if (first && last)
		return crm_xasprintf("%s %s", first, last);
	if (first || last)
		return crm_xstrdup(first ? first : last);
	return crm_xstrdup(org ? org : email ? email : "");
}

/* "EMAIL;TYPE=home;PREF=1": the property, with its label (work, home) when it has one. */
static void put_labelled(FILE *out, const char *name, const char *label, const char *pref,
                         const char *value)
{
	char *prop = crm_xasprintf("%s%s%s%s", name, label ? ";TYPE=" : "", label ? label : "",
	                           pref ? pref : "");

	vcard_put(out, prop, value);
	free(prop);
}

static void put_tags(FILE *out, const char *tags)
{
	struct crm_strv items = CRM_STRV_INIT;

	if (tags)
		crm_strv_split(&items, tags, ',');
	if (items.n > 0)
		vcard_put_parts(out, "CATEGORIES", (const char *const *)items.v, items.n, ',');
	crm_strv_release(&items);
}

static void put_address(FILE *out, const char *label, const char *const adr[7])
{
	char *prop = crm_xasprintf("ADR%s%s", label ? ";TYPE=" : "", label ? label : "");

	vcard_put_parts(out, prop, adr, 7, ';');
	free(prop);
}

static int card_row(void *arg, const char *const *vals)
{
	struct crm_ctx *ctx = arg;
	const char *first = val(ctx, vals, "first_name"), *last = val(ctx, vals, "last_name");
	/* a reference is read as its record's name: the account's name is the ORG */
	const char *org = val(ctx, vals, "account"), *bday = val(ctx, vals, "birthday");
	const char *email = val(ctx, vals, "email");
	char *fn = formatted_name(first, last, org, email);
	const char *n[5] = {last, first, NULL, NULL, NULL};
	const char *adr[7] = {NULL,
	                      NULL,
	                      val(ctx, vals, "address"),
	                      val(ctx, vals, "city"),
	                      val(ctx, vals, "region"),
	                      val(ctx, vals, "postcode"),
	                      val(ctx, vals, "country")};
	char basic[11];

	vcard_begin(stdout);
	vcard_put(stdout, "UID", val(ctx, vals, "uid"));
	vcard_put(stdout, "FN", fn);
	vcard_put_parts(stdout, "N", n, 5, ';');
	vcard_put(stdout, "ORG", org);
	vcard_put(stdout, "TITLE", val(ctx, vals, "title"));
	put_labelled(stdout, "EMAIL", val(ctx, vals, "email_is"), ";PREF=1", email);
	put_labelled(stdout, "EMAIL", val(ctx, vals, "email2_is"), NULL, val(ctx, vals, "email2"));
	vcard_put(stdout, "TEL;TYPE=work,voice", val(ctx, vals, "phone"));
	vcard_put(stdout, "TEL;TYPE=cell", val(ctx, vals, "mobile"));
	vcard_put(stdout, "TEL;TYPE=home,voice", val(ctx, vals, "home_phone"));
	vcard_put(stdout, "TEL;TYPE=fax", val(ctx, vals, "fax"));
	if (adr[2] || adr[3] || adr[4] || adr[5] || adr[6])
		put_address(stdout, val(ctx, vals, "address_is"), adr);
	if (bday) {
		basic_date(bday, basic);
		vcard_put(stdout, "BDAY", basic);
	}
	vcard_put(stdout, "LANG", val(ctx, vals, "language"));
	vcard_put(stdout, "NOTE", val(ctx, vals, "notes"));
	put_tags(stdout, val(ctx, vals, "tags"));
	vcard_end(stdout);
	free(fn);
	return 0;
}

int crm_contact_export_vcard(struct crm_ctx *ctx, struct crm_filter *f)
{
	struct db_query q = {.s = ctx->s, .filter = f, .sort_field = 0};
	int rc = rec_give_uids(ctx, f, "urn:uuid:");
	long n = rc ? 0 : db_select(ctx->db, &q, card_row, ctx);

	if (rc)
		return rc;
	if (n < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	return 0;
}

/* ================================================================ import */

struct vin {
	struct crm_ctx *ctx;
	int key; /* --key: a unique field a card without a known UID is matched by; -1 none */
	long added, updated, unchanged, bad, accounts;
	FILE *rejects;
	int fatal;
	struct dupes_new added_ids; /* for --dedupe */
};

/* A contact being built from one card: a raw value per field and the line it came from. */
struct build {
	struct vin *in;
	const struct vcard *card;
	char **raw;
	long *line;
	struct crm_buf why;   /* what makes the card invalid, "; "-separated */
	struct crm_buf notes; /* NOTE texts, one a paragraph */
	struct crm_buf tags;  /* CATEGORIES items, comma-separated */
	const struct vcard_prop *fn, *org;
	int have_n;
};

static void lost(struct build *b, const struct vcard_prop *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void invalid(struct build *b, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Says, one line each, what a card held that the contact cannot keep. */
static void lost(struct build *b, const struct vcard_prop *p, const char *fmt, ...)
{
	va_list ap;
	char *why;

	if (b->in->ctx->o.quiet)
		return;
	va_start(ap, fmt);
	why = crm_xvasprintf(fmt, ap);
	va_end(ap);
	crm_warn(_("line %ld: %s: not kept (%s)"), p->line, p->name, why);
	free(why);
}

static void invalid(struct build *b, long line, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = crm_xvasprintf(fmt, ap);
	va_end(ap);
	crm_buf_printf(&b->why, "%sline %ld: %s", b->why.len ? "; " : "", line, why);
	free(why);
}

/* Sets a field's raw value unless it has one: 1 if set. */
static int offer(struct build *b, const char *field, char *v, long line)
{
	int f = rec_field(b->in->ctx, field);

	if (b->raw[f] || !v || !*v) {
		/* an empty value is no loss; one that found the field taken is */
		int empty = !v || !*v;
		free(v);
		return empty;
	}
	b->raw[f] = v;
	b->line[f] = line;
	return 1;
}

static char *text_of(const struct vcard_prop *p)
{
	char *t = vcard_text(p->value), *trimmed = crm_trim(t);

	free(t);
	return trimmed;
}

/* ---------------------------------------------------------- the names */

/* Additional names are a list ("Richter,James"): they join the given name, space-separated. */
static char *given_names(const char *given, const char *additional)
{
	struct crm_strv more = CRM_STRV_INIT;
	struct crm_buf b = CRM_BUF_INIT;

	crm_buf_puts(&b, given);
	crm_strv_split(&more, additional, ',');
	for (int i = 0; i < more.n; i++)
		crm_buf_printf(&b, "%s%s", b.len ? " " : "", more.v[i]);
	crm_strv_release(&more);
	return crm_buf_detach(&b);
}

static void take_n(struct build *b, const struct vcard_prop *p)
{
	struct crm_strv parts = CRM_STRV_INIT;

	if (b->have_n) {
		lost(b, p, "a second name");
		return;
	}
	b->have_n = 1;
	vcard_parts(p->value, ';', &parts);
	while (parts.n < 5)
		crm_strv_push(&parts, "");
	offer(b, "last_name", crm_xstrdup(parts.v[0]), p->line);
	offer(b, "first_name", given_names(parts.v[1], parts.v[2]), p->line);
	if (*parts.v[3] || *parts.v[4])
		lost(b, p, "prefix or suffix '%s%s%s': no field for it", parts.v[3],
		     *parts.v[3] && *parts.v[4] ? " " : "", parts.v[4]);
	crm_strv_release(&parts);
}

/* No N (RFC 2426's own examples): FN "Frank Dawson" gives first Frank, last Dawson. */
static void names_from_fn(struct build *b)
{
	char *fn = text_of(b->fn), *space = strrchr(fn, ' ');

	if (space) {
		*space = '\0';
		offer(b, "first_name", crm_trim(fn), b->fn->line);
		offer(b, "last_name", crm_trim(space + 1), b->fn->line);
	} else {
		offer(b, "first_name", crm_xstrdup(fn), b->fn->line);
	}
	free(fn);
}

static void take_org(struct build *b, const struct vcard_prop *p)
{
	struct crm_strv parts = CRM_STRV_INIT;

	if (b->org) {
		lost(b, p, "a second organisation");
		return;
	}
	vcard_parts(p->value, ';', &parts);
	if (parts.n && *parts.v[0])
		b->org = p;
	for (int i = 1; i < parts.n; i++)
		if (*parts.v[i])
			lost(b, p, "department '%s': no field for it", parts.v[i]);
	crm_strv_release(&parts);
}

/* ------------------------------------------------ e-mail, phones, address */

/* Preferred ones first, then in the card's order: what gets the first slot. */
static void ordered(const struct vcard *c, const char *name, const struct vcard_prop **out, int *n)
{
	*n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < c->n; i++)
			if (!strcmp(c->props[i].name, name) && vcard_is_pref(&c->props[i]) == !pass)
				out[(*n)++] = &c->props[i];
}

/* A property's TYPE as crm keeps it: work or home, else NULL (other types say no place). */
static char *label_of(const struct vcard_prop *p)
{
	return vcard_has_type(p, "WORK")   ? crm_xstrdup("work")
	       : vcard_has_type(p, "HOME") ? crm_xstrdup("home")
	                                   : NULL;
}

static void take_emails(struct build *b)
{
	const struct vcard_prop **ps = crm_xcalloc(b->card->n, sizeof(*ps));
	int n;

	ordered(b->card, "EMAIL", ps, &n);
	for (int i = 0; i < n; i++) {
		char *v = text_of(ps[i]);
		/* the label goes with its address, into the slot the address took */
		if (!*v)
			; /* an empty EMAIL is no address */
		else if (offer(b, "email", crm_xstrdup(v), ps[i]->line))
			offer(b, "email_is", label_of(ps[i]), ps[i]->line);
		else if (offer(b, "email2", crm_xstrdup(v), ps[i]->line))
			offer(b, "email2_is", label_of(ps[i]), ps[i]->line);
		else
			lost(b, ps[i], "'%s': contacts keep two addresses", v);
		free(v);
	}
	free(ps);
}

/* A 4.0 tel: URI "tel:+1-418-656-9254;ext=102" as the number people write. */
static char *phone_text(const struct vcard_prop *p)
{
	char *v = text_of(p), *ext;

	if (strncasecmp(v, "tel:", 4) != 0)
		return v;
	char *number = crm_xstrdup(v + 4);
	free(v);
	if ((ext = strstr(number, ";ext="))) {
		char *with = crm_xasprintf("%.*s x%s", (int)(ext - number), number, ext + 5);
		free(number);
		return with;
	}
	number[strcspn(number, ";")] = '\0';
	return number;
}

static void take_phones(struct build *b)
{
	const struct vcard_prop **ps = crm_xcalloc(b->card->n, sizeof(*ps));
	int n;

	ordered(b->card, "TEL", ps, &n);
	for (int i = 0; i < n; i++) {
		const struct vcard_prop *p = ps[i];
		const char *field = vcard_has_type(p, "FAX")    ? "fax"
		                    : vcard_has_type(p, "CELL") ? "mobile"
		                    : vcard_has_type(p, "HOME") ? "home_phone"
		                                                : "phone";
		char *v = phone_text(p);
		if (vcard_has_type(p, "PAGER") && !vcard_has_type(p, "VOICE"))
			lost(b, p, "pager '%s': no field for it", v);
		else if (!offer(b, field, crm_xstrdup(v), p->line))
			lost(b, p, "'%s': a second %s number", v,
			     !strcmp(field, "phone")        ? "work"
			     : !strcmp(field, "home_phone") ? "home"
			                                    : field);
		free(v);
	}
	free(ps);
}

/* The street lines, then the extended address and the post box, as one text. */
static char *street_of(const struct crm_strv *parts)
{
	struct crm_buf b = CRM_BUF_INIT;
	const int order[] = {2, 1, 0};

	for (int i = 0; i < 3; i++)
		if (*parts->v[order[i]])
			crm_buf_printf(&b, "%s%s", b.len ? ", " : "", parts->v[order[i]]);
	return b.len ? crm_buf_detach(&b) : (crm_buf_release(&b), NULL);
}

static void take_address(struct build *b)
{
	const struct vcard_prop **ps = crm_xcalloc(b->card->n, sizeof(*ps));
	const char *fields[] = {"city", "region", "postcode", "country"};
	struct crm_strv parts = CRM_STRV_INIT;
	int n;

	ordered(b->card, "ADR", ps, &n);
	if (n > 0) {
		vcard_parts(ps[0]->value, ';', &parts);
		while (parts.n < 7)
			crm_strv_push(&parts, "");
		char *street = street_of(&parts);
		if (street)
			offer(b, "address", street, ps[0]->line);
		for (int i = 0; i < 4; i++)
			offer(b, fields[i], crm_xstrdup(parts.v[3 + i]), ps[0]->line);
		offer(b, "address_is", label_of(ps[0]), ps[0]->line);
	}
	for (int i = 1; i < n; i++)
		lost(b, ps[i], "a second address: contacts keep one");
	crm_strv_release(&parts);
	free(ps);
}

/* ------------------------------------------------------------ the rest */

/* BDAY 1980-03-22, 19800322 or 1980-03-22T10:00:00Z; --0203 has no year to keep. */
static void take_birthday(struct build *b, const struct vcard_prop *p)
{
	char *v = text_of(p), iso[11];
	size_t len;

	v[strcspn(v, "Tt")] = '\0';
	len = strlen(v);
	if (len == 8 && crm_is_uint(v)) {
		snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", v, v + 4, v + 6);
		offer(b, "birthday", crm_xstrdup(iso), p->line) ||
		    (lost(b, p, "a second birthday"), 0);
	} else if (len == 10 && v[4] == '-' && v[7] == '-') {
		offer(b, "birthday", crm_xstrdup(v), p->line) ||
		    (lost(b, p, "a second birthday"), 0);
	} else if (!strncmp(v, "--", 2)) {
		lost(b, p, "'%s' has no year", v);
	} else {
		lost(b, p, "'%s' is not a date", v);
	}
	free(v);
}

static void take_list(struct crm_buf *list, const char *value)
{
	struct crm_strv items = CRM_STRV_INIT;

	/* crm's tags are comma-separated, so an escaped comma ("a\, b") separates too */
	vcard_parts(value, ',', &items);
	for (int i = 0; i < items.n; i++) {
		struct crm_strv sub = CRM_STRV_INIT;
		crm_strv_split(&sub, items.v[i], ',');
		for (int j = 0; j < sub.n; j++)
			crm_buf_printf(list, "%s%s", list->len ? "," : "", sub.v[j]);
		crm_strv_release(&sub);
	}
	crm_strv_release(&items);
}

/* Properties that say nothing a contact could keep, or that other properties already say. */
static int is_bookkeeping(const char *name)
{
	static const char *const names[] = {"PRODID",       "REV",    "LABEL", "SORT-STRING",
	                                    "CLIENTPIDMAP", "KIND",   "NAME",  "PROFILE",
	                                    "SOURCE",       "MAILER", "XML",   "FN"};

	if (!strncmp(name, "X-", 2))
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

static void take(struct build *b, const struct vcard_prop *p)
{
	const char *name = p->name;

	if (!strcmp(name, "N"))
		take_n(b, p);
	else if (!strcmp(name, "FN"))
		b->fn = b->fn ? b->fn : p;
	else if (!strcmp(name, "ORG"))
		take_org(b, p);
	else if (!strcmp(name, "TITLE")) {
		char *v = text_of(p);
		if (!offer(b, "title", crm_xstrdup(v), p->line))
			lost(b, p, "a second title '%s'", v);
		free(v);
	} else if (!strcmp(name, "UID"))
		offer(b, "uid", text_of(p), p->line);
	else if (!strcmp(name, "LANG"))
		offer(b, "language", text_of(p), p->line);
	else if (!strcmp(name, "BDAY"))
		take_birthday(b, p);
	else if (!strcmp(name, "NOTE")) {
		char *v = vcard_text(p->value);
		if (*v)
			crm_buf_printf(&b->notes, "%s%s", b->notes.len ? "\n" : "", v);
		free(v);
	} else if (!strcmp(name, "CATEGORIES"))
		take_list(&b->tags, p->value);
	else if (!strcmp(name, "EMAIL") || !strcmp(name, "TEL") || !strcmp(name, "ADR"))
		; /* taken all together, preferred first */
	else if (!is_bookkeeping(name))
		lost(b, p, "contacts have no field for it");
}

/* ---------------------------------------------------------- one card */

/* The raw values in normal form; reasons for bad ones go to why. */
static char **normalised(struct build *b)
{
	struct crm_ctx *ctx = b->in->ctx;
	char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));

	for (int f = 0; f < ctx->s->nfields; f++) {
		char *err = NULL;
		if (!b->raw[f])
			continue;
		if (crm_value_normal(ctx->db, &ctx->s->fields[f], b->raw[f], &vals[f], &err) < 0)
			invalid(b, b->line[f], "%s", err);
		free(err);
	}
	return vals;
}

/* The account the card's organisation names: found by name, else created. */
static int link_account(struct build *b, char **vals)
{
	struct crm_ctx *ctx = b->in->ctx;
	struct crm_ctx sub = rec_other(ctx, &crm_entity_account);
	struct crm_strv parts = CRM_STRV_INIT, cands = CRM_STRV_INIT;
	long long id = 0;
	int f = rec_field(ctx, "account"), rc;

	vcard_parts(b->org->value, ';', &parts);
	rc = db_resolve(ctx->db, sub.s, parts.v[0], &id, &cands);
	if (rc == 1) {
		char **avals = crm_xcalloc(sub.s->nfields, sizeof(char *));
		char *err = NULL;
		avals[crm_schema_field(sub.s, "name")] = crm_xstrdup(parts.v[0]);
		id = rec_create(&sub, avals, &err);
		if (id)
			b->in->accounts++;
		else if (err)
			invalid(b, b->org->line, "ORG: %s", err);
		free(err);
		db_row_free(sub.s, avals);
		ctx->changed += sub.changed;
	} else if (rc == 2) {
		invalid(b, b->org->line, "ORG: '%s' matches %d accounts; name one by id with --map",
		        parts.v[0], cands.n);
	}
	if (id > 0)
		vals[f] = crm_xasprintf("%lld", id);
	crm_strv_release(&parts);
	crm_strv_release(&cands);
	return id == 0 && rc == 1 && !b->why.len ? -2 : 0;
}

/*
 * The contact a card updates: by its UID, else by the --key field; 0 for a
 * new one.  *by is the field that matched: it matched ignoring case, and
 * the stored spelling is kept.
 */
static long long match(struct build *b, char **vals, int *by)
{
	struct crm_ctx *ctx = b->in->ctx;
	int uid = rec_field(ctx, "uid");
	long long id = 0;

	*by = uid;
	if (vals[uid])
		id = db_find_unique(ctx->db, ctx->s, uid, vals[uid], 0);
	if (!id && b->in->key >= 0 && vals[b->in->key]) {
		*by = b->in->key;
		id = db_find_unique(ctx->db, ctx->s, b->in->key, vals[b->in->key], 0);
	}
	return id;
}

static int has_anything(struct build *b)
{
	for (int f = 0; f < b->in->ctx->s->nfields; f++)
		if (b->raw[f])
			return 1;
	return b->org != NULL;
}

/* Where a record-level message ("email: already belongs ...") came from: its field's line. */
static long line_of_message(struct build *b, const char *msg)
{
	const struct crm_schema *s = b->in->ctx->s;

	for (int f = 0; f < s->nfields; f++) {
		size_t n = strlen(s->fields[f].name);
		if (b->line[f] && !strncmp(msg, s->fields[f].name, n) && msg[n] == ':')
			return b->line[f];
	}
	return b->card->line;
}

/* 0 written, -1 invalid (why set), -2 database error. */
static int write_card(struct build *b)
{
	struct crm_ctx *ctx = b->in->ctx;
	char **vals;
	long long id;
	int rc = 0;

	if (b->notes.len)
		offer(b, "notes", crm_xstrdup(crm_buf_str(&b->notes)), b->card->line);
	if (b->tags.len)
		offer(b, "tags", crm_xstrdup(crm_buf_str(&b->tags)), b->card->line);
	if (!has_anything(b)) {
		invalid(b, b->card->line, "an empty vCard: no name, e-mail, phone or organisation");
		return -1;
	}
	vals = normalised(b);
	if (!b->why.len && b->org)
		rc = link_account(b, vals);
	if (!rc && !b->why.len) {
		int by;
		id = match(b, vals, &by);
		char *err = NULL;
		if (id > 0) {
			struct crm_buf why = CRM_BUF_INIT;
			rc = rec_update_from(ctx, id, vals, by, &why);
			if (rc >= 0)
				rc ? b->in->updated++ : b->in->unchanged++;
			else if (rc == -1)
				invalid(b, b->card->line, "%s", crm_buf_str(&why));
			rc = rc < 0 ? rc : 0;
			crm_buf_release(&why);
		} else if ((id = rec_create(ctx, vals, &err))) {
			b->in->added++;
			if (ctx->o.dedupe)
				dupes_new_add(&b->in->added_ids, id, b->card->line);
		} else if (err) {
			invalid(b, line_of_message(b, err), "%s", err);
			rc = -1;
		} else {
			rc = -2;
		}
		free(err);
	}
	if (!rc && b->why.len)
		rc = -1;
	db_row_free(ctx->s, vals);
	return rc;
}

static void reject(struct vin *in, const struct vcard *card, const char *why)
{
	in->bad++;
	crm_warn("%s", why);
	if (in->rejects) {
		char line[24];
		const char *rec[2] = {line, why};
		snprintf(line, sizeof(line), "%ld", card->line);
		crm_csv_write_record(in->rejects, rec, 2);
	}
}

static int card_in(void *arg, const struct vcard *card)
{
	struct vin *in = arg;
	struct crm_ctx *ctx = in->ctx;
	int n = ctx->s->nfields, rc = 0, skip = ctx->o.skip_invalid;
	struct build b = {.in = in, .card = card};

	b.raw = crm_xcalloc(n, sizeof(char *));
	b.line = crm_xcalloc(n, sizeof(long));
	if (skip && db_savepoint(ctx->db) < 0)
		in->fatal = 1;
	if (card->error) {
		crm_buf_puts(&b.why, card->error);
		rc = -1;
	} else {
		for (int i = 0; i < card->n; i++)
			take(&b, &card->props[i]);
		if (!b.have_n && b.fn)
			names_from_fn(&b);
		take_emails(&b);
		take_phones(&b);
		take_address(&b);
		rc = write_card(&b);
	}
	if (rc == -2)
		in->fatal = 1;
	if (skip && !in->fatal && db_savepoint_end(ctx->db, rc == 0) < 0)
		in->fatal = 1;
	if (rc == -1)
		reject(in, card, crm_buf_str(&b.why));
	for (int f = 0; f < n; f++)
		free(b.raw[f]);
	free(b.raw);
	free(b.line);
	crm_buf_release(&b.why);
	crm_buf_release(&b.notes);
	crm_buf_release(&b.tags);
	return in->fatal ? CRM_EXIT_DB : 0;
}

static void note(const char *msg)
{
	crm_warn("%s", msg);
}

static int open_rejects(struct vin *in)
{
	const char *path = in->ctx->o.rejects;
	const char *header[2] = {"line", "reason"};

	if (!path)
		return 0;
	if (!(in->rejects = fopen(path, "w"))) {
		crm_warn(_("cannot create '%s': %s"), path, strerror(errno));
		return CRM_EXIT_DB;
	}
	crm_csv_write_record(in->rejects, header, 2);
	return 0;
}

static int check_key(struct vin *in)
{
	struct crm_ctx *ctx = in->ctx;

	if (!ctx->o.key)
		return 0;
	in->key = crm_schema_field(ctx->s, ctx->o.key);
	if (in->key < 0 || !(ctx->s->fields[in->key].flags & CRM_F_UNIQUE))
		return cli_usage_error(
		    ctx, _("--key with vCard: a unique field (email, uid), not '%s'"), ctx->o.key);
	return 0;
}

static void summary(struct vin *in)
{
	struct crm_ctx *ctx = in->ctx;

	if (ctx->o.quiet)
		return;
	fprintf(stderr, _("%s: %s%ld added, %ld updated, %ld unchanged, %ld invalid"),
	        crm_progname(), ctx->o.dry_run ? "dry run: " : "", in->added, in->updated,
	        in->unchanged, in->bad);
	if (in->accounts)
		fprintf(stderr, P_("; %ld account added", "; %ld accounts added", in->accounts),
		        in->accounts);
	fputc('\n', stderr);
}

int crm_contact_import_vcard(struct crm_ctx *ctx, FILE *f)
{
	struct vin in = {.ctx = ctx, .key = -1};
	char *err = NULL;
	int rc = check_key(&in);

	if (!rc)
		rc = open_rejects(&in);
	if (!rc) {
		rc = vcard_read(f, card_in, &in, ctx->o.quiet ? NULL : note, &err);
		if (rc < 0) {
			crm_warn("%s", err);
			rc = CRM_EXIT_DATA;
		} else if (!rc && in.bad && !ctx->o.skip_invalid) {
			crm_warn(
			    P_("nothing imported: %ld invalid vCard; fix it, or use --skip-invalid",
			       "nothing imported: %ld invalid vCards; fix them, or use "
			       "--skip-invalid",
			       in.bad),
			    in.bad);
			rc = CRM_EXIT_DATA;
		} else if (!rc && !in.added && !in.updated && !in.unchanged && !in.bad) {
			crm_warn(_("no vCard in the input"));
			rc = CRM_EXIT_DATA;
		}
		if (!rc) {
			rc = import_dedupe(ctx, &in.added_ids);
			summary(&in);
		}
	}
	dupes_new_release(&in.added_ids);
	free(err);
	if (in.rejects && fclose(in.rejects) != 0 && !rc) {
		crm_warn("%s: %s", ctx->o.rejects, strerror(errno));
		rc = CRM_EXIT_DB;
	}
	return rc;
}
