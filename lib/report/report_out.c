/*
 * report_out.c - a report drawn rather than printed: bar charts and
 * sparklines for a terminal, and one self-contained HTML page (inline CSS
 * and SVG, no scripts, nothing fetched) to send on or print.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "report/report.h"

/* ------------------------------------------------------------ helpers */

static double value_of(const struct rep *r, int row)
{
	return r->value >= 0 ? atof(rep_at(r, row, r->value)) : 0;
}

/*
 * The rows a chart draws, one series per currency: figures in two
 * currencies are never bars on one scale.  Total rows are not drawn.
 */
struct series {
	char *currency; /* NULL when the report has no currency column */
	int *rows, n;
	double max;
};

struct chart {
	struct series *s;
	int n;
};

static void chart_split(const struct rep *r, struct chart *ch)
{
	int curcol = rep_col_named(r, "currency"), n = rep_rows(r);
	memset(ch, 0, sizeof *ch);
	for (int i = 0; i < n; i++) {
		if (rep_is_total(r, i))
			continue;
		const char *cur = curcol >= 0 ? rep_at(r, i, curcol) : NULL;
		struct series *se = NULL;
		for (int k = 0; k < ch->n && !se; k++)
			if (!cur || !strcmp(ch->s[k].currency, cur))
				se = &ch->s[k];
		if (!se) {
			ch->s = crm_xrealloc(ch->s, sizeof *ch->s * (size_t)(ch->n + 1));
			se = &ch->s[ch->n++];
			memset(se, 0, sizeof *se);
			se->currency = cur ? crm_xstrdup(cur) : NULL;
			se->rows = crm_xmalloc(sizeof *se->rows * (size_t)n);
		}
		se->rows[se->n++] = i;
		se->max = fmax(se->max, value_of(r, i));
	}
}

static void chart_release(struct chart *ch)
{
	for (int k = 0; k < ch->n; k++) {
		free(ch->s[k].currency);
		free(ch->s[k].rows);
	}
	free(ch->s);
}

/* A row's label: its label columns that are not empty, joined. */
static char *label_of(const struct rep *r, int row)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (int c = 0; c < r->labels && c < r->ncols; c++) {
		const char *v = rep_at(r, row, c);
		if (!*v)
			continue;
		if (b.len)
			crm_buf_puts(&b, " · ");
		crm_buf_puts(&b, v);
	}
	return crm_buf_detach(&b);
}

/* "total (EUR)": the figure charted, and the currency of its series. */
static char *series_name(const struct rep *r, const struct series *se)
{
	const char *name = r->cols[r->value].name;
	return se->currency && *se->currency ? crm_xasprintf("%s (%s)", name, se->currency)
	                                     : crm_xstrdup(name);
}

/* ------------------------------------------------------------ terminal */

/* Eighths of a block, from none to full. */
static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
static const char *const sparks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

static void bar(FILE *out, double v, double max, int width)
{
	if (max <= 0 || v <= 0)
		return;
	int units = (int)lround(v / max * width * 8);
	for (int i = 0; i < units / 8; i++)
		fputs("█", out);
	fputs(eighths[units % 8], out);
}

static void pad(FILE *out, const char *s, int width)
{
	size_t len = crm_utf8_prefix(s, (size_t)width);
	fwrite(s, 1, len, out);
	for (int w = (int)crm_utf8_width(s); w < width; w++)
		fputc(' ', out);
}

static void chart_series(const struct rep *r, const struct series *se, FILE *out, int lw, int vw,
                         int bw)
{
	char *name = series_name(r, se);
	fprintf(out, "%*s%s\n", lw + 3, "", name);
	free(name);
	for (int k = 0; k < se->n; k++) {
		int i = se->rows[k];
		char *l = label_of(r, i);
		pad(out, l, lw);
		fprintf(out, " %*s ", vw, rep_at(r, i, r->value));
		bar(out, value_of(r, i), se->max, bw);
		fputc('\n', out);
		free(l);
	}
	if (r->series && se->n > 1) {
		fprintf(out, "%*s", lw + vw + 2, "");
		for (int k = 0; k < se->n; k++) {
			double v = value_of(r, se->rows[k]);
			int s = se->max > 0 ? (int)floor(v / se->max * 7.999) : 0;
			fputs(sparks[s < 0 ? 0 : s], out);
		}
		fputc('\n', out);
	}
}

void rep_chart(const struct rep *r, FILE *out, int width)
{
	struct chart ch = {NULL, 0};
	fprintf(out, "%s\n", r->title);
	if (r->value >= 0)
		chart_split(r, &ch);
	if (ch.n == 0) {
		fprintf(out, "%s\n", _("(nothing to chart)"));
		return;
	}
	int lw = 0, vw = 0;
	for (int k = 0; k < ch.n; k++)
		for (int j = 0; j < ch.s[k].n; j++) {
			int i = ch.s[k].rows[j];
			char *l = label_of(r, i);
			lw = (int)fmax(lw, (double)crm_utf8_width(l));
			vw = (int)fmax(vw, (double)strlen(rep_at(r, i, r->value)));
			free(l);
		}
	lw = lw > width / 3 ? width / 3 : lw;
	int bw = width - lw - vw - 4;
	if (bw < 10)
		bw = 10;
	for (int k = 0; k < ch.n; k++) {
		if (k)
			fputc('\n', out);
		chart_series(r, &ch.s[k], out, lw, vw, bw);
	}
	chart_release(&ch);
}

/* ------------------------------------------------------------ HTML */

static void html_text(FILE *out, const char *s)
{
	crm_html_text(out, s, 0);
}

/*
 * A figure as people read it: "1234567.50" as "1,234,567.50".  Anything
 * that is not a plain decimal number is written as it is.
 */
static void html_figure(FILE *out, const char *s)
{
	size_t sign = *s == '-', digits = strspn(s + sign, "0123456789");
	const char *rest = s + sign + digits;
	int plain = digits > 0 && (!*rest || (*rest == '.' && rest[1] &&
	                                      rest[1 + strspn(rest + 1, "0123456789")] == '\0'));
	if (!plain) {
		html_text(out, s);
		return;
	}
	fwrite(s, 1, sign, out);
	for (size_t i = 0; i < digits; i++) {
		if (i && (digits - i) % 3 == 0)
			fputc(',', out);
		fputc(s[sign + i], out);
	}
	fputs(rest, out);
}

static const char page_style[] =
    "body{font:14px/1.4 system-ui,sans-serif;color:#222;margin:2em auto;max-width:60em;"
    "padding:0 1em}h1{font-size:1.4em;margin:0 0 .2em}p.meta{color:#666;margin:0 0 1.5em}"
    "table{border-collapse:collapse;width:100%;margin:1em 0}"
    "th,td{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}"
    "th{background:#f3f3f3}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#222}"
    "svg rect{fill:#3b6ea5}figure{margin:1em "
    "0}figcaption{color:#555}p.note{color:#555;font-size:.9em}"
    "@media print{body{margin:0;max-width:none}th{background:none}"
    "svg rect{fill:#555}}";

/* One series as a horizontal bar chart, at most 40 bars, under the name of its figure. */
static void html_series(const struct rep *r, const struct series *se, FILE *out)
{
	int n = se->n > 40 ? 40 : se->n;
	int lw = 220, bw = 480, rh = 22, h = n * rh + 10;
	char *name = series_name(r, se);
	fputs("<figure>\n<figcaption>", out);
	html_text(out, name);
	fprintf(out,
	        "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
	        lw + bw + 90, h, lw + bw + 90, h);
	html_text(out, name);
	fputs("\">\n", out);
	free(name);
	for (int k = 0; k < n; k++) {
		int i = se->rows[k];
		char *l = label_of(r, i);
		double v = value_of(r, i);
		int w = se->max > 0 && v > 0 ? (int)lround(v / se->max * bw) : 0;
		int y = 5 + k * rh;
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 6, y + 15);
		/* long labels are cut at a width the column holds */
		char *cut = crm_xstrndup(l, crm_utf8_prefix(l, 32));
		html_text(out, cut);
		fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", lw,
		        y + 3, w, rh - 6);
		fprintf(out, "<text x=\"%d\" y=\"%d\">", lw + w + 6, y + 15);
		html_figure(out, rep_at(r, i, r->value));
		fputs("</text>\n", out);
		free(cut);
		free(l);
	}
	fputs("</svg>\n</figure>\n", out);
}

/* The report's value column: a chart per currency. */
static void html_chart(const struct rep *r, FILE *out)
{
	struct chart ch = {NULL, 0};
	if (r->value < 0)
		return;
	chart_split(r, &ch);
	for (int k = 0; k < ch.n; k++)
		html_series(r, &ch.s[k], out);
	chart_release(&ch);
}

void rep_html(const struct rep *r, FILE *out, const char *generated)
{
	/* TRANSLATORS: the language of the pages crm writes, as in <html lang="en"> */
	fprintf(
	    out,
	    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>",
	    _("en"));
	html_text(out, r->title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", page_style);
	html_text(out, r->title);
	fputs("</h1>\n<p class=\"meta\">", out);
	char *meta = crm_xasprintf(_("crm report, %s"), generated);
	html_text(out, meta);
	free(meta);
	fputs("</p>\n", out);
	int n = rep_rows(r);
	if (n == 0)
		fprintf(out, "<p>%s</p>\n", _("Nothing to report."));
	else
		html_chart(r, out);
	if (n > 0) {
		fputs("<table>\n<thead><tr>", out);
		for (int c = 0; c < r->ncols; c++) {
			fprintf(out, "<th%s>", r->cols[c].numeric ? " class=\"n\"" : "");
			html_text(out, r->cols[c].name);
			fputs("</th>", out);
		}
		fputs("</tr></thead>\n<tbody>\n", out);
		for (int i = 0; i < n; i++) {
			fputs("<tr>", out);
			for (int c = 0; c < r->ncols; c++) {
				fprintf(out, "<td%s>", r->cols[c].numeric ? " class=\"n\"" : "");
				/* ids are names, not amounts: no separators */
				if (r->cols[c].numeric && strcmp(r->cols[c].name, "id"))
					html_figure(out, rep_at(r, i, c));
				else
					html_text(out, rep_at(r, i, c));
				fputs("</td>", out);
			}
			fputs("</tr>\n", out);
		}
		fputs("</tbody>\n</table>\n", out);
	}
	for (int i = 0; i < r->notes.n; i++) {
		fputs("<p class=\"note\">", out);
		html_text(out, r->notes.v[i]);
		fputs("</p>\n", out);
	}
	fputs("</body>\n</html>\n", out);
}
