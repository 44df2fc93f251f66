/*
 * mail.c - crm mail: an e-mail message on the customer's record.
 *
 * The message is read by GMime (MIME, transfer encodings, RFC 2047 and
 * 2231 words, charsets); an HTML-only body becomes text through libxml2's
 * HTML parser.  What crm adds is the linking: the contacts and leads whose
 * addresses the mail names (not ours: mail.self, mail.support), the case
 * it belongs to (a reply to a mail crm knows, a [#N] in the subject, a
 * +case-N address), a new case for a mail to the support address, and one
 * interaction per person it names, once per Message-ID.
 */
#define _GNU_SOURCE
#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "core/verbs.h"
#include "domain/mail.h"

/* ------------------------------------------------------------ reading */

/* Text that goes into the database: valid UTF-8 without NUL bytes (GMime's may hold either). */
static char *clean_text(const char *s, size_t n)
{
	char *out = crm_xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\0' && s[i] != '\r')
			out[o++] = s[i];
	out[o] = '\0';
	if (!crm_utf8_valid(out, o)) {
		/* keep what is ASCII: the rest was no text GMime could convert */
		size_t k = 0;
		for (size_t i = 0; i < o; i++)
			if (!((unsigned char)out[i] & 0x80))
				out[k++] = out[i];
		out[k] = '\0';
	}
	return out;
}

static char *lower_dup(const char *s)
{
	char *d = crm_xstrdup(s);
	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static void push_addr(struct crm_mail *m, InternetAddressMailbox *mb)
{
	const char *addr = internet_address_mailbox_get_addr(mb);
	if (!addr || !strchr(addr, '@'))
		return;
	const char *name = internet_address_get_name(INTERNET_ADDRESS(mb));
	m->rcpt = crm_xrealloc(m->rcpt, sizeof *m->rcpt * (size_t)(m->nrcpt + 1));
	m->rcpt[m->nrcpt].addr = lower_dup(addr);
	m->rcpt[m->nrcpt].name = name && *name ? clean_text(name, strlen(name)) : NULL;
	m->nrcpt++;
}

/* The mailboxes of a list, groups opened, appended to m->rcpt. */
static void push_list(struct crm_mail *m, InternetAddressList *list)
{
	for (int i = 0; list && i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			push_addr(m, INTERNET_ADDRESS_MAILBOX(ia));
		else if (INTERNET_ADDRESS_IS_GROUP(ia))
			push_list(m,
			          internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
	}
}

/* The ids a header names (In-Reply-To, References), each once, newest first. */
static void push_refs(struct crm_mail *m, GMimeObject *msg, const char *header)
{
	const char *v = g_mime_object_get_header(msg, header);
	GMimeReferences *refs = v ? g_mime_references_parse(NULL, v) : NULL;
	for (int i = refs ? g_mime_references_length(refs) - 1 : -1; i >= 0; i--) {
		const char *id = g_mime_references_get_message_id(refs, i);
		int seen = 0;
		for (int k = 0; k < m->refs.n && !seen; k++)
			seen = !strcmp(m->refs.v[k], id);
		if (id && *id && !seen && strlen(id) < 1000)
			crm_strv_push(&m->refs, id);
	}
	if (refs)
		g_mime_references_free(refs);
}

/* What a part holds, transfer encoding undone, as bytes. */
static GByteArray *part_bytes(GMimePart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	if (!content)
		return NULL;
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *out = NULL;
	if (g_mime_data_wrapper_write_to_stream(content, mem) >= 0) {
		out = g_byte_array_new();
		GByteArray *held = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		g_byte_array_append(out, held->data, held->len);
	}
	g_object_unref(mem);
	return out;
}

/* A file name from a mail, safe to keep and to save: no directories, no control characters. */
static char *safe_name(const char *name)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *out = clean_text(base, strlen(base));
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	if (!*out || !strcmp(out, ".") || !strcmp(out, "..")) {
		free(out);
		out = crm_xstrdup("attachment");
	}
	return out;
}

/* The text of an HTML body: what a reader sees, without scripts, styles or markup. */
static void html_text(xmlNode *n, struct crm_buf *b)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			/* runs of blanks are one space, as a browser shows them */
			for (const char *p = (const char *)n->content; p && *p; p++) {
				int blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
				if (!blank)
					crm_buf_putc(b, *p);
				else if (b->len && b->s[b->len - 1] != ' ' &&
				         b->s[b->len - 1] != '\n')
					crm_buf_putc(b, ' ');
			}
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *tag = (const char *)n->name;
		if (!strcasecmp(tag, "script") || !strcasecmp(tag, "style") ||
		    !strcasecmp(tag, "head") || !strcasecmp(tag, "title"))
			continue;
		static const char *const blocks[] = {
		    "p",  "div", "br",    "li",         "tr", "h1", "h2",  "h3", "h4",
		    "h5", "h6",  "table", "blockquote", "ul", "ol", "pre", NULL};
		int block = 0;
		for (int i = 0; blocks[i]; i++)
			block |= !strcasecmp(tag, blocks[i]);
		html_text(n->children, b);
		if (block) {
			while (b->len && b->s[b->len - 1] == ' ')
				b->len--;
			if (b->len && b->s[b->len - 1] != '\n')
				crm_buf_putc(b, '\n');
		}
	}
}

static char *html_to_text(const unsigned char *html, size_t len, const char *charset)
{
	htmlDocPtr doc = htmlReadMemory((const char *)html, (int)len, NULL, charset,
	                                HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		return NULL;
	struct crm_buf b = CRM_BUF_INIT;
	html_text(xmlDocGetRootElement(doc), &b);
	xmlFreeDoc(doc);
	char *text = clean_text(crm_buf_str(&b), b.len);
	crm_buf_release(&b);
	return text;
}

struct walk {
	struct crm_mail *m;
	char *plain, *html; /* the first text/plain and text/html that are no file */
};

static void keep_file(struct crm_mail *m, GMimePart *part)
{
	GByteArray *bytes = part_bytes(part);
	if (!bytes)
		return;
	const char *name = g_mime_part_get_filename(part);
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	m->files = crm_xrealloc(m->files, sizeof *m->files * (size_t)(m->nfiles + 1));
	struct mail_file *f = &m->files[m->nfiles++];
	f->name = safe_name(name ? name : "attachment");
	f->type = type ? clean_text(type, strlen(type)) : NULL;
	f->len = bytes->len;
	f->data = crm_xmalloc(bytes->len ? bytes->len : 1);
	if (bytes->len) /* an empty part's array has no data at all */
		memcpy(f->data, bytes->data, bytes->len);
	g_free(type);
	g_byte_array_free(bytes, TRUE);
}

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void)parent;
	struct walk *w = data;
	if (!GMIME_IS_PART(part))
		return; /* multiparts are walked into; an attached message is not read */
	GMimePart *p = GMIME_PART(part);
	GMimeContentType *ct = g_mime_object_get_content_type(part);
	int is_text = ct && g_mime_content_type_is_type(ct, "text", "*");
	if (g_mime_part_is_attachment(p) || g_mime_part_get_filename(p) || !is_text) {
		keep_file(w->m, p);
		return;
	}
	if (g_mime_content_type_is_type(ct, "text", "plain") && !w->plain) {
		char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(p));
		w->plain = text ? clean_text(text, strlen(text)) : NULL;
		g_free(text);
	} else if (g_mime_content_type_is_type(ct, "text", "html") && !w->html) {
		/* bytes as sent: libxml2 reads the charset the part or the page names */
		GByteArray *bytes = part_bytes(p);
		const char *charset = g_mime_content_type_get_parameter(ct, "charset");
		if (bytes)
			w->html = html_to_text(bytes->data, bytes->len, charset);
		if (bytes)
			g_byte_array_free(bytes, TRUE);
	}
}

/* Mail no person wrote: auto-replies (RFC 3834), delivery reports (RFC 3464), lists' bulk. */
static int automatic(GMimeMessage *msg)
{
	GMimeObject *o = GMIME_OBJECT(msg);
	const char *auto_submitted = g_mime_object_get_header(o, "Auto-Submitted");
	const char *precedence = g_mime_object_get_header(o, "Precedence");
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	return (auto_submitted && strncasecmp(auto_submitted, "no", 2)) ||
	       g_mime_object_get_header(o, "X-Autoreply") ||
	       g_mime_object_get_header(o, "X-Autorespond") ||
	       (precedence && (!strcasecmp(precedence, "bulk") || !strcasecmp(precedence, "junk") ||
	                       !strcasecmp(precedence, "auto_reply"))) ||
	       (ct && g_mime_content_type_is_type(ct, "multipart", "report"));
}

static void gmime_once(void)
{
	static int done;
	if (!done) {
		g_mime_init();
		done = 1;
	}
}

/* A Message-ID for a mail without one: the same bytes give the same id. */
static char *made_id(const char *buf, size_t len)
{
	struct crm_sha256 c;
	char hex[65];
	crm_sha256_init(&c);
	crm_sha256_update(&c, buf, len);
	crm_sha256_final(&c, hex);
	return crm_xasprintf("sha256-%.32s@crm.invalid", hex);
}

int crm_mail_parse(const char *buf, size_t len, struct crm_mail *m, char **err)
{
	memset(m, 0, sizeof *m);
	*err = NULL;
	gmime_once();
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(buf, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (!msg) {
		*err = crm_xstrdup(_("not a mail message (RFC 5322): no header GMime can read"));
		return -1;
	}
	const char *id = g_mime_message_get_message_id(msg);
	m->message_id =
	    id && *id && strlen(id) < 1000 ? clean_text(id, strlen(id)) : made_id(buf, len);
	const char *subject = g_mime_message_get_subject(msg);
	m->subject = subject && *subject ? clean_text(subject, strlen(subject)) : NULL;
	GDateTime *date = g_mime_message_get_date(msg);
	if (date) {
		GDateTime *utc = g_date_time_to_utc(date);
		gchar *s = utc ? g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ") : NULL;
		/* a year the database takes: four digits */
		m->at = s && strlen(s) == 20 ? crm_xstrdup(s) : NULL;
		g_free(s);
		if (utc)
			g_date_time_unref(utc);
	}
	/* the first mailbox of From (Sender when From has none) */
	struct crm_mail from = {0};
	push_list(&from, g_mime_message_get_from(msg));
	if (!from.nrcpt)
		push_list(&from, g_mime_message_get_sender(msg));
	if (from.nrcpt) {
		m->from = from.rcpt[0];
		for (int i = 1; i < from.nrcpt; i++) {
			free(from.rcpt[i].addr);
			free(from.rcpt[i].name);
		}
	}
	free(from.rcpt);
	push_list(m, g_mime_message_get_to(msg));
	push_list(m, g_mime_message_get_cc(msg));
	push_refs(m, GMIME_OBJECT(msg), "In-Reply-To");
	push_refs(m, GMIME_OBJECT(msg), "References");
	m->automatic = automatic(msg);
	struct walk w = {m, NULL, NULL};
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	if (body && GMIME_IS_PART(body))
		visit(NULL, body, &w);
	else
		g_mime_message_foreach(msg, visit, &w);
	m->body = w.plain ? w.plain : w.html;
	if (w.plain)
		free(w.html);
	/* text without trailing blank lines */
	size_t n = m->body ? strlen(m->body) : 0;
	while (n && (m->body[n - 1] == '\n' || m->body[n - 1] == ' '))
		m->body[--n] = '\0';
	g_object_unref(msg);
	return 0;
}

void crm_mail_release(struct crm_mail *m)
{
	free(m->message_id);
	free(m->subject);
	free(m->at);
	free(m->from.addr);
	free(m->from.name);
	for (int i = 0; i < m->nrcpt; i++) {
		free(m->rcpt[i].addr);
		free(m->rcpt[i].name);
	}
	free(m->rcpt);
	crm_strv_release(&m->refs);
	free(m->body);
	for (int i = 0; i < m->nfiles; i++) {
		free(m->files[i].name);
		free(m->files[i].type);
		free(m->files[i].data);
	}
	free(m->files);
	memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------ linking */

/* What the settings say is ours, and what to make of an unknown sender. */
struct mail_cfg {
	struct crm_strv self, support; /* addresses, or @domain for a whole domain */
	int as_lead;                   /* mail.unknown=lead */
};

static int setting_row(void *arg, const char *const *v, int n)
{
	struct mail_cfg *cfg = arg;
	if (n < 2 || !v[1])
		return 0;
	struct crm_strv *to = !strcmp(v[0], "mail.self")      ? &cfg->self
	                      : !strcmp(v[0], "mail.support") ? &cfg->support
	                                                      : NULL;
	if (to) {
		struct crm_strv items = CRM_STRV_INIT;
		crm_strv_split(&items, v[1], ',');
		for (int i = 0; i < items.n; i++) {
			char *t = crm_trim(items.v[i]);
			if (*t)
				crm_strv_push_owned(to, lower_dup(t));
			free(t);
		}
		crm_strv_release(&items);
	} else if (!strcmp(v[0], "mail.unknown"))
		cfg->as_lead = !strcmp(v[1], "lead");
	return 0;
}

static int in_list(const struct crm_strv *list, const char *addr)
{
	const char *at = strchr(addr, '@'), *plus = strchr(addr, '+');
	/* support+case-12@example.com is the support address too */
	char *bare = plus && at && plus < at ? crm_xasprintf("%.*s%s", (int)(plus - addr), addr, at)
	                                     : crm_xstrdup(addr);
	int found = 0;
	for (int i = 0; !found && i < list->n; i++) {
		const char *e = list->v[i];
		found =
		    !strcmp(e, addr) || !strcmp(e, bare) || (e[0] == '@' && at && !strcmp(e, at));
	}
	free(bare);
	return found;
}

static int is_ours(const struct mail_cfg *cfg, const char *addr)
{
	return in_list(&cfg->self, addr) || in_list(&cfg->support, addr);
}

/* A live case numbered id: id, or 0. */
static long long live_case(struct crm_ctx *ctx, long long id)
{
	struct crm_ctx cc = rec_other(ctx, &crm_entity_case);
	char *deleted = NULL;
	char **row = id > 0 ? db_get(cc.db, cc.s, id, &deleted) : NULL;
	long long found = row && !deleted ? id : 0;
	free(deleted);
	db_row_free(cc.s, row);
	return found;
}

/* The number after "[#" in a subject ("Re: [#12] La impresora"), or 0. */
static long long subject_case(const char *subject)
{
	for (const char *p = subject; p && (p = strstr(p, "[#")) != NULL; p += 2) {
		char *end;
		long long n = strtoll(p + 2, &end, 10);
		if (end > p + 2 && *end == ']' && n > 0)
			return n;
	}
	return 0;
}

/* The N of an address's +case-N (soporte+case-12@example.com), or 0. */
static long long plus_case(const char *addr)
{
	const char *p = strstr(addr, "+case-"), *at = strchr(addr, '@');
	if (!p || !at || p > at)
		return 0;
	char *end;
	long long n = strtoll(p + 6, &end, 10);
	return end == at && n > 0 ? n : 0;
}

/*
 * The mail this one answers, if crm logged it: the case and deal it was
 * on go to this one too.  0, or -1 on a database error.
 */
static int thread_of(struct crm_ctx *ctx, const struct crm_mail *m, long long *kase, long long *opp)
{
	struct crm_ctx ic = rec_other(ctx, &crm_entity_interaction);
	int fm = rec_field(&ic, "message_id");
	for (int i = 0; i < m->refs.n; i++) {
		long long id = db_find_exact(ic.db, ic.s, fm, m->refs.v[i]);
		if (id < 0)
			return -1;
		if (!id)
			continue;
		*kase = live_case(ctx, db_ref_id(ic.db, ic.s, id, rec_field(&ic, "case")));
		*opp = db_ref_id(ic.db, ic.s, id, rec_field(&ic, "opp"));
		return 0;
	}
	return 0;
}

/* The people a mail names, each once: contacts, and leads for addresses no contact has. */
struct parties {
	struct crm_strv contacts, leads; /* ids */
	const char *sender;              /* the address of someone not ours that wrote or got it */
	const char *sender_name;
};

static void push_once(struct crm_strv *v, const char *id)
{
	for (int i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], id))
			return;
	crm_strv_push(v, id);
}

static int find_party(struct crm_ctx *ctx, const struct mail_addr *a, struct parties *p)
{
	struct crm_ctx cc = rec_other(ctx, &crm_entity_contact);
	struct crm_strv ids = CRM_STRV_INIT;
	int rc = db_lookup(cc.db, cc.s, NULL, a->addr, &ids);
	for (int i = 0; rc == 0 && i < ids.n; i++)
		push_once(&p->contacts, ids.v[i]);
	if (rc == 0 && ids.n == 0) {
		struct crm_ctx lc = rec_other(ctx, &crm_entity_lead);
		rc = db_lookup(lc.db, lc.s, NULL, a->addr, &ids);
		for (int i = 0; rc == 0 && i < ids.n; i++)
			push_once(&p->leads, ids.v[i]);
	}
	if (!p->sender) {
		p->sender = a->addr;
		p->sender_name = a->name;
	}
	crm_strv_release(&ids);
	return rc;
}

/* Everyone the mail names who is not us: who wrote it first, when that was not us. */
static int find_parties(struct crm_ctx *ctx, const struct mail_cfg *cfg, const struct crm_mail *m,
                        int out, struct parties *p)
{
	if (!out && m->from.addr && find_party(ctx, &m->from, p) < 0)
		return -1;
	for (int i = 0; i < m->nrcpt; i++)
		if (!is_ours(cfg, m->rcpt[i].addr) && find_party(ctx, &m->rcpt[i], p) < 0)
			return -1;
	return 0;
}

/* A record made from values given by field name; its id, or 0 after a message. */
static long long create(struct crm_ctx *ctx, const struct crm_entity *ent, const char *const *pairs,
                        int n, int *rc)
{
	struct crm_ctx ec = rec_other(ctx, ent);
	char **vals = crm_xcalloc((size_t)ec.s->nfields, sizeof *vals);
	for (int i = 0; i < n; i += 2)
		if (pairs[i + 1])
			vals[rec_field(&ec, pairs[i])] = crm_xstrdup(pairs[i + 1]);
	char *err = NULL;
	long long id = rec_create(&ec, vals, &err);
	if (!id) {
		if (err)
			crm_warn("%s", err);
		*rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	}
	free(err);
	db_row_free(ec.s, vals);
	return id;
}

/* The unknown sender as a contact (or a lead: mail.unknown): first name and last from the name. */
static long long create_person(struct crm_ctx *ctx, const struct mail_cfg *cfg,
                               const struct parties *p, int *rc)
{
	char *first = NULL, *last = NULL;
	const char *name = p->sender_name;
	if (name) {
		const char *sp = strrchr(name, ' ');
		first = sp ? crm_xstrndup(name, (size_t)(sp - name)) : crm_xstrdup(name);
		last = sp ? crm_xstrdup(sp + 1) : NULL;
	} else
		first = crm_xstrndup(p->sender, strcspn(p->sender, "@"));
	const char *pairs[] = {"first_name", first,     "last_name", last,
	                       "email",      p->sender, "source",    "email"};
	long long id = create(ctx, cfg->as_lead ? &crm_entity_lead : &crm_entity_contact, pairs,
	                      cfg->as_lead ? 8 : 6, rc);
	free(first);
	free(last);
	return id;
}

/* "contact 12 (Luis Pérez)" for the line crm mail prints; new ones say so. */
static void say_record(struct crm_buf *b, struct crm_ctx *ctx, const struct crm_entity *ent,
                       long long id, int made)
{
	struct crm_ctx ec = rec_other(ctx, ent);
	char *label = db_label(ec.db, ec.s, id);
	crm_buf_printf(b, "%s%s %lld", b->len ? ", " : "", crm_noun(ent, 1), id);
	if (label && *label)
		crm_buf_printf(b, made ? _(" (%s, new)") : " (%s)", label);
	else if (made)
		crm_buf_puts(b, _(" (new)"));
	free(label);
}

/* What the mail becomes: where it is logged, and what it made on the way. */
struct outcome {
	long long kase, opp, first; /* the case and deal it is on; its first interaction */
	long long new_person;       /* a contact or lead made for the sender */
	int new_case;
	struct crm_buf said;
};

/* One interaction about person (a contact or lead id) or nobody; the first carries the id. */
static long long log_one(struct crm_ctx *ctx, const struct crm_mail *m, int out,
                         const struct crm_entity *who, const char *person, struct outcome *o,
                         int *rc)
{
	char kase[32] = "", opp[32] = "";
	if (o->kase)
		snprintf(kase, sizeof kase, "%lld", o->kase);
	if (o->opp)
		snprintf(opp, sizeof opp, "%lld", o->opp);
	const char *pairs[] = {
	    "channel",
	    "email",
	    "direction",
	    out ? "out" : "in",
	    "subject",
	    m->subject,
	    "body",
	    m->body,
	    "at",
	    m->at,
	    "message_id",
	    o->first ? NULL : m->message_id,
	    "case",
	    *kase ? kase : NULL,
	    "opp",
	    *opp ? opp : NULL,
	    who ? who->name : "contact",
	    who ? person : NULL,
	};
	return create(ctx, &crm_entity_interaction, pairs, sizeof pairs / sizeof pairs[0], rc);
}

/* An interaction about each of ids (contacts or leads), said; made: the one made for the sender. */
static int log_people(struct crm_ctx *ctx, const struct crm_mail *m, int out,
                      const struct crm_entity *ent, const struct crm_strv *ids, long long made,
                      struct outcome *o)
{
	int rc = 0;
	for (int i = 0; !rc && i < ids->n; i++) {
		long long id = log_one(ctx, m, out, ent, ids->v[i], o, &rc);
		if (id && !o->first)
			o->first = id;
		if (id)
			say_record(&o->said, ctx, ent, atoll(ids->v[i]), atoll(ids->v[i]) == made);
	}
	return rc;
}

static int store_files(struct crm_ctx *ctx, const struct crm_mail *m, long long id)
{
	int rc = 0;
	for (int i = 0; !rc && i < m->nfiles; i++)
		rc = rec_attach_bytes(ctx, &crm_entity_interaction, id, m->files[i].name,
		                      m->files[i].type, m->files[i].data, m->files[i].len);
	return rc;
}

/* A mail to the support address that belongs to no case opens one, for its sender. */
static int open_case(struct crm_ctx *ctx, const struct mail_cfg *cfg, const struct crm_mail *m,
                     struct parties *p, struct outcome *o)
{
	int rc = 0;
	if (!p->contacts.n && !p->leads.n && p->sender) {
		long long id = create_person(ctx, cfg, p, &rc);
		if (!id)
			return rc;
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", id);
		crm_strv_push(cfg->as_lead ? &p->leads : &p->contacts, buf);
		o->new_person = id;
	}
	const char *pairs[] = {"subject", m->subject ? m->subject : _("(no subject)"),
	                       "channel", "email",
	                       "contact", p->contacts.n ? p->contacts.v[0] : NULL};
	o->kase = create(ctx, &crm_entity_case, pairs, 6, &rc);
	o->new_case = o->kase != 0;
	return rc;
}

static int to_support(const struct mail_cfg *cfg, const struct crm_mail *m)
{
	for (int i = 0; i < m->nrcpt; i++)
		if (in_list(&cfg->support, m->rcpt[i].addr))
			return 1;
	return 0;
}

/* What mail_one says of bytes that are no message: not an exit code of crm's. */
enum { UNREADABLE = 100 };

/*
 * One message on the record.  0 when logged (or logged before), 1 when it
 * names nobody crm knows (and create is off), UNREADABLE, else an exit
 * code.  label starts the line it prints (a Maildir's file), or is NULL.
 */
static int mail_one(struct crm_ctx *ctx, const struct mail_cfg *cfg, const char *buf, size_t len,
                    const char *label, int make)
{
	struct crm_mail m;
	char *err = NULL;
	const char *lead_in = label ? label : "", *colon = label ? ": " : "";
	if (crm_mail_parse(buf, len, &m, &err) < 0) {
		crm_warn("%s%s%s", lead_in, colon, err);
		free(err);
		crm_mail_release(&m);
		return UNREADABLE;
	}
	struct crm_ctx ic = rec_other(ctx, &crm_entity_interaction);
	long long before = db_find_exact(ic.db, ic.s, rec_field(&ic, "message_id"), m.message_id);
	if (before) {
		if (before > 0)
			printf(_("%s%salready logged as interaction %lld\n"), lead_in, colon,
			       before);
		crm_mail_release(&m);
		return before < 0 ? CRM_EXIT_DB : 0;
	}
	int out = m.from.addr && is_ours(cfg, m.from.addr);
	struct parties p = {CRM_STRV_INIT, CRM_STRV_INIT, NULL, NULL};
	struct outcome o = {0, 0, 0, 0, 0, CRM_BUF_INIT};
	int rc = find_parties(ctx, cfg, &m, out, &p) < 0 ? CRM_EXIT_DB : 0;
	/* a case by the thread, the subject's [#N] or a +case-N address; none for robots */
	if (!rc && !m.automatic && thread_of(ctx, &m, &o.kase, &o.opp) < 0)
		rc = CRM_EXIT_DB;
	if (!rc && !m.automatic && !o.kase)
		o.kase = live_case(ctx, subject_case(m.subject));
	for (int i = 0; !rc && !m.automatic && !o.kase && i < m.nrcpt; i++)
		if (in_list(&cfg->support, m.rcpt[i].addr))
			o.kase = live_case(ctx, plus_case(m.rcpt[i].addr));
	if (!rc && !o.kase && !out && !m.automatic && p.sender && to_support(cfg, &m))
		rc = open_case(ctx, cfg, &m, &p, &o);
	if (!rc && !p.contacts.n && !p.leads.n && !o.kase) {
		if (!make || !p.sender || m.automatic) {
			crm_warn(_("%s%sno contact or lead has an address of this mail (%s); "
			           "--create adds one"),
			         lead_in, colon,
			         p.sender      ? p.sender
			         : m.from.addr ? m.from.addr
			                       : _("no From"));
			rc = CRM_EXIT_NOMATCH;
		} else {
			long long id = create_person(ctx, cfg, &p, &rc);
			char buf2[32];
			snprintf(buf2, sizeof buf2, "%lld", id);
			if (id)
				crm_strv_push(cfg->as_lead ? &p.leads : &p.contacts, buf2);
			o.new_person = id;
		}
	}
	/* one interaction per person, each on the case and deal; the first holds the
	   Message-ID and the files */
	if (!rc)
		rc = log_people(ctx, &m, out, &crm_entity_contact, &p.contacts,
		                cfg->as_lead ? 0 : o.new_person, &o);
	if (!rc)
		rc = log_people(ctx, &m, out, &crm_entity_lead, &p.leads,
		                cfg->as_lead ? o.new_person : 0, &o);
	if (!rc && !o.first)
		o.first = log_one(ctx, &m, out, NULL, NULL, &o, &rc);
	if (!rc)
		rc = store_files(ctx, &m, o.first);
	if (!rc && o.kase)
		crm_buf_printf(&o.said, o.new_case ? _("%scase %lld (new)") : _("%scase %lld"),
		               o.said.len ? "; " : "", o.kase);
	if (!rc)
		printf(_("%s%slogged on %s: interaction %lld, %s\n"), lead_in, colon,
		       o.said.len ? crm_buf_str(&o.said) : _("no one"), o.first,
		       out ? _("out") : _("in"));
	crm_buf_release(&o.said);
	crm_strv_release(&p.contacts);
	crm_strv_release(&p.leads);
	crm_mail_release(&m);
	return rc;
}

/* ------------------------------------------------------------ the verb */

/* A whole file (or standard input), up to CRM_MAIL_MAX bytes: 0, or an exit code after a message.
 */
static int read_all(const char *path, char **buf, size_t *len)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in) {
		crm_warn("%s: %s", path, strerror(errno));
		return CRM_EXIT_DATA;
	}
	struct crm_buf b = CRM_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (b.len + n > (size_t)CRM_MAIL_MAX) {
			crm_warn(_("%s: larger than %ld MiB: not read"), path, CRM_MAIL_MAX >> 20);
			rc = CRM_EXIT_DATA;
			break;
		}
		crm_buf_add(&b, chunk, n);
	}
	if (!rc && ferror(in)) {
		crm_warn("%s: %s", path, strerror(errno));
		rc = CRM_EXIT_DATA;
	}
	if (in != stdin)
		fclose(in);
	*len = b.len;
	*buf = crm_buf_detach(&b);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

/* The files of a Maildir's new/ that crm mail has read, moved to cur/ once they are committed. */
struct maildir {
	char *dir;
	struct crm_strv done;
};

static void move_to_cur(struct crm_ctx *ctx, int committed)
{
	struct maildir *md = ctx->after_arg;
	for (int i = 0; committed && i < md->done.n; i++) {
		const char *name = md->done.v[i];
		char *from = crm_xasprintf("%s/new/%s", md->dir, name);
		/* ":2," is a Maildir's "read by a program, no flags": it stays unread */
		char *to =
		    crm_xasprintf("%s/cur/%s%s", md->dir, name, strchr(name, ':') ? "" : ":2,");
		if (rename(from, to) < 0)
			crm_warn(_("%s: not moved to cur/: %s"), from, strerror(errno));
		free(from);
		free(to);
	}
	crm_strv_release(&md->done);
	free(md->dir);
	free(md);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_maildir(struct crm_ctx *ctx, const struct mail_cfg *cfg, const char *dir)
{
	char *new_dir = crm_xasprintf("%s/new", dir), *cur_dir = crm_xasprintf("%s/cur", dir);
	struct stat sb;
	DIR *d = stat(cur_dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? opendir(new_dir) : NULL;
	if (!d) {
		crm_warn(_("%s: not a Maildir (new/ and cur/): %s"), dir, strerror(errno));
		free(new_dir);
		free(cur_dir);
		return CRM_EXIT_DATA;
	}
	struct crm_strv names = CRM_STRV_INIT;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (e->d_name[0] != '.')
			crm_strv_push(&names, e->d_name);
	closedir(d);
	qsort(names.v, (size_t)names.n, sizeof *names.v, by_name);
	struct maildir *md = crm_xcalloc(1, sizeof *md);
	md->dir = crm_xstrdup(dir);
	ctx->after_commit = move_to_cur;
	ctx->after_arg = md;
	int rc = 0;
	for (int i = 0; !rc && i < names.n; i++) {
		char *path = crm_xasprintf("%s/%s", new_dir, names.v[i]), *buf = NULL;
		size_t len = 0;
		int one = read_all(path, &buf, &len) ? UNREADABLE : 0;
		if (!one)
			one = mail_one(ctx, cfg, buf, len, path, ctx->o.create);
		/* read, or naming nobody: done with; unreadable: left in new/ for a
		   person; anything else (a rule refused it) fails the whole run */
		if (one == 0 || one == CRM_EXIT_NOMATCH)
			crm_strv_push(&md->done, names.v[i]);
		else if (one != UNREADABLE)
			rc = one;
		free(buf);
		free(path);
	}
	crm_strv_release(&names);
	free(new_dir);
	free(cur_dir);
	return rc;
}

int crm_verb_mail(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc > 1 || (argc == 1 && ctx->o.maildir))
		return cli_usage_error(ctx, _("give one message (a file, or - for standard input), "
		                              "or --maildir DIR"));
	struct mail_cfg cfg = {CRM_STRV_INIT, CRM_STRV_INIT, 0};
	if (db_settings(ctx->db, "mail.", setting_row, &cfg) < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	int rc;
	if (ctx->o.maildir)
		rc = read_maildir(ctx, &cfg, ctx->o.maildir);
	else {
		char *buf = NULL;
		size_t len = 0;
		rc = read_all(argc ? argv[0] : "-", &buf, &len);
		if (!rc)
			rc = mail_one(ctx, &cfg, buf, len, NULL, ctx->o.create);
		if (rc == UNREADABLE)
			rc = CRM_EXIT_DATA;
		free(buf);
	}
	crm_strv_release(&cfg.self);
	crm_strv_release(&cfg.support);
	return rc;
}
