/*
 * quote_render.c - a quote as a page to send or print to PDF (html, one
 * self-contained file) or as plain text for a mail.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/sales.h"

/* What the quote's discount takes off: subtotal less (total less tax). */
static char *discount_amount(const char *subtotal, const char *total, const char *tax)
{
	return crm_money_str(
	    -(crm_money_minor(subtotal) - (crm_money_minor(total) - crm_money_minor(tax))));
}

struct line {
	char *sku, *name, *qty, *price, *discount, *total;
};

struct quote_view {
	char **q; /* the quote's fields */
	const struct crm_schema *s;
	char *opp, *account, *contact; /* names */
	struct line *lines;
	int nlines;
};

static const char *qv(const struct quote_view *v, const char *field)
{
	const char *x = v->q[crm_schema_field(v->s, field)];
	return x ? x : "";
}

static char *dup_or_empty(const char *s)
{
	return crm_xstrdup(s ? s : "");
}

static void load_lines(struct crm_ctx *ctx, long long id, struct quote_view *v)
{
	const struct crm_schema *is = db_schema(ctx->db, &crm_entity_item);
	const struct crm_schema *ps = db_schema(ctx->db, &crm_entity_product);
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	struct crm_term t = {
	    .kind = CRM_TERM_FIELD, .field = crm_schema_field(is, "quote"), .op = CRM_OP_EQ};
	crm_strv_push(&t.values, idbuf);
	struct crm_filter f = {&t, 1, 0};
	struct crm_strv ids = CRM_STRV_INIT;
	struct db_query q = {.s = is, .filter = &f, .sort_field = 0};
	db_select(ctx->db, &q, cli_push_id, &ids);
	v->lines = crm_xcalloc(ids.n + 1, sizeof *v->lines);
	for (int i = 0; i < ids.n; i++) {
		long long iid = atoll(ids.v[i]);
		char **it = db_get(ctx->db, is, iid, NULL);
		char **p =
		    db_get(ctx->db, ps,
		           db_ref_id(ctx->db, is, iid, crm_schema_field(is, "product")), NULL);
		v->lines[v->nlines++] = (struct line){
		    dup_or_empty(p ? p[crm_schema_field(ps, "sku")] : NULL),
		    dup_or_empty(p ? p[crm_schema_field(ps, "name")] : NULL),
		    dup_or_empty(it[crm_schema_field(is, "qty")]),
		    dup_or_empty(it[crm_schema_field(is, "price")]),
		    dup_or_empty(it[crm_schema_field(is, "discount")]),
		    dup_or_empty(it[crm_schema_field(is, "total")]),
		};
		db_row_free(is, it);
		db_row_free(ps, p);
	}
	crm_strv_release(&ids);
	crm_strv_release(&t.values);
}

static char *label_of(struct crm_ctx *ctx, const struct crm_entity *ent, long long id)
{
	return id ? db_label(ctx->db, db_schema(ctx->db, ent), id) : NULL;
}

static int load(struct crm_ctx *ctx, long long id, struct quote_view *v)
{
	v->s = ctx->s;
	v->q = db_get(ctx->db, ctx->s, id, NULL);
	if (!v->q)
		return -1;
	long long opp = db_ref_id(ctx->db, ctx->s, id, crm_schema_field(ctx->s, "opp"));
	const struct crm_schema *os = db_schema(ctx->db, &crm_entity_opp);
	v->opp = label_of(ctx, &crm_entity_opp, opp);
	v->account = label_of(ctx, &crm_entity_account,
	                      db_ref_id(ctx->db, os, opp, crm_schema_field(os, "account")));
	v->contact = label_of(ctx, &crm_entity_contact,
	                      db_ref_id(ctx->db, os, opp, crm_schema_field(os, "contact")));
	load_lines(ctx, id, v);
	return 0;
}

static void release(struct quote_view *v)
{
	for (int i = 0; i < v->nlines; i++) {
		struct line *l = &v->lines[i];
		free(l->sku), free(l->name), free(l->qty), free(l->price), free(l->discount);
		free(l->total);
	}
	free(v->lines);
	free(v->opp), free(v->account), free(v->contact);
	db_row_free(v->s, v->q);
}

/* ----------------------------------------------------------------- html */

static void html(const char *s)
{
	crm_html_text(stdout, s, 1);
}

static void html_row(const char *label, const char *value, const char *cls)
{
	printf("<tr class=\"%s\"><td colspan=\"5\">", cls);
	html(label);
	printf("</td><td class=\"n\">");
	html(value);
	printf("</td></tr>\n");
}

static void render_html(const struct quote_view *v)
{
	printf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
	html(qv(v, "number"));
	printf("</title>\n<style>body{font-family:sans-serif;max-width:50em;margin:2em "
	       "auto;color:#222}"
	       "table{border-collapse:collapse;width:100%%}td,th{padding:.3em .5em;"
	       "border-bottom:1px solid #ddd;text-align:left}.n{text-align:right}"
	       ".sum td{border:0}.total td{font-weight:bold;border-top:2px solid #222}"
	       "@media print{body{margin:0}}</style></head><body>\n<h1>");
	printf("%s ", _("Quote"));
	html(qv(v, "number"));
	printf(" <small>v%s</small></h1>\n<p>", qv(v, "version"));
	html(v->account ? v->account : "");
	if (v->contact) {
		printf("<br>");
		html(v->contact);
	}
	printf("</p>\n<p>");
	html(v->opp ? v->opp : "");
	printf("<br>%s %.10s", _("Date:"), qv(v, "created"));
	printf("<br>%s ", _("Valid until:"));
	html(qv(v, "valid_until"));
	printf("</p>\n<table>\n<tr><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
	       "<th class=\"n\">%s</th><th class=\"n\">%s</th>"
	       "<th class=\"n\">%s</th></tr>\n",
	       _("SKU"), _("Product"), _("Qty"), _("Price"), _("Discount %"), _("Total"));
	for (int i = 0; i < v->nlines; i++) {
		const struct line *l = &v->lines[i];
		const char *cells[] = {l->sku, l->name, l->qty, l->price, l->discount, l->total};
		printf("<tr>");
		for (int c = 0; c < 6; c++) {
			printf(c >= 2 ? "<td class=\"n\">" : "<td>");
			html(cells[c]);
			printf("</td>");
		}
		printf("</tr>\n");
	}
	char *disc = crm_xasprintf(_("Discount %s%%"), qv(v, "discount"));
	char *tax = crm_xasprintf(_("Tax %s%%"), qv(v, "tax"));
	char *total = crm_xasprintf("%s %s", qv(v, "total"), qv(v, "currency"));
	char *off = discount_amount(qv(v, "subtotal"), qv(v, "total"), qv(v, "tax_amount"));
	html_row(_("Subtotal"), qv(v, "subtotal"), "sum");
	if (*qv(v, "discount"))
		html_row(disc, off, "sum");
	free(off);
	html_row(tax, qv(v, "tax_amount"), "sum");
	html_row(_("Total"), total, "total");
	printf("</table>\n");
	if (*qv(v, "terms")) {
		printf("<h2>%s</h2>\n<p>", _("Terms"));
		html(qv(v, "terms"));
		printf("</p>\n");
	}
	printf("</body></html>\n");
	free(disc);
	free(tax);
	free(total);
}

/* ----------------------------------------------------------------- text */

static void render_text(const struct quote_view *v)
{
	printf("%s %s v%s\n", _("Quote"), qv(v, "number"), qv(v, "version"));
	if (v->account)
		printf("%s\n", v->account);
	if (v->contact)
		printf("%s\n", v->contact);
	if (v->opp)
		printf("%s\n", v->opp);
	printf("%s %.10s\n%s %s\n\n", _("Date:"), qv(v, "created"), _("Valid until:"),
	       qv(v, "valid_until"));
	for (int i = 0; i < v->nlines; i++) {
		const struct line *l = &v->lines[i];
		char *what = crm_xasprintf("%s %s", l->sku, l->name);
		size_t w = crm_utf8_width(what), cut = crm_utf8_prefix(what, 30);
		printf("%.*s%*s %6s x %10s %5s%% %12s\n", (int)cut, what,
		       w < 30 ? (int)(30 - w) : 0, "", l->qty, l->price,
		       *l->discount ? l->discount : "0", l->total);
		free(what);
	}
	printf("\n%-52s %12s\n", _("Subtotal"), qv(v, "subtotal"));
	if (*qv(v, "discount")) {
		char *label = crm_xasprintf(_("Discount %s%%"), qv(v, "discount"));
		char *off = discount_amount(qv(v, "subtotal"), qv(v, "total"), qv(v, "tax_amount"));
		printf("%-52s %12s\n", label, off);
		free(label);
		free(off);
	}
	char *tax = crm_xasprintf(_("Tax %s%%"), *qv(v, "tax") ? qv(v, "tax") : "0");
	printf("%-52s %12s\n", tax, qv(v, "tax_amount"));
	printf("%-52s %12s %s\n", _("Total"), qv(v, "total"), qv(v, "currency"));
	if (*qv(v, "terms"))
		printf("\n%s %s\n", _("Terms:"), qv(v, "terms"));
	free(tax);
}

int crm_quote_render(struct crm_ctx *ctx, long long id, const char *how)
{
	struct quote_view v = {0};
	if (load(ctx, id, &v) < 0) {
		crm_warn(_("no quote %lld"), id);
		return CRM_EXIT_NOMATCH;
	}
	if (!strcmp(how, "html"))
		render_html(&v);
	else
		render_text(&v);
	release(&v);
	return 0;
}
