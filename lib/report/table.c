/*
 * table.c - a report's result as a table kept whole: its columns, cells
 * and total rows, which every rendering (printer, chart, html page) reads.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* ------------------------------------------------------------ the table */

void rep_init(struct rep *r, char *title)
{
	memset(r, 0, sizeof *r);
	r->title = title;
	r->value = -1;
	memset(r->over, -1, sizeof r->over);
}

void rep_col(struct rep *r, const char *name, int kind)
{
	if (r->ncols < REP_COLS) {
		r->sums[r->ncols] = kind == REP_SUM;
		r->cols[r->ncols++] = (struct crm_column){name, kind != REP_TEXT};
	}
}

void rep_col_pct(struct rep *r, const char *name, int part, int whole)
{
	if (r->ncols < REP_COLS) {
		r->over[r->ncols][0] = (signed char)part;
		r->over[r->ncols][1] = (signed char)whole;
	}
	rep_col(r, name, REP_NUM);
}

void rep_cell(struct rep *r, const char *v)
{
	crm_strv_push(&r->cells, v ? v : "");
}

void rep_cellf(struct rep *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = crm_xvasprintf(fmt, ap);
	va_end(ap);
	crm_strv_push_owned(&r->cells, s);
}

int rep_rows(const struct rep *r)
{
	return r->ncols ? r->cells.n / r->ncols : 0;
}

const char *rep_at(const struct rep *r, int row, int col)
{
	return r->cells.v[row * r->ncols + col];
}

void rep_release(struct rep *r)
{
	free(r->title);
	crm_strv_release(&r->cells);
	crm_strv_release(&r->notes);
}

/* ------------------------------------------------- sorting and totals */

int rep_col_named(const struct rep *r, const char *name)
{
	for (int c = 0; c < r->ncols; c++)
		if (!strcmp(r->cols[c].name, name))
			return c;
	return -1;
}

/* A total row is one whose first cell says so: it stays below the rows it adds up. */
int rep_is_total(const struct rep *r, int row)
{
	return !strcmp(rep_at(r, row, 0), "(all)");
}
