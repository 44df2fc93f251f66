/* report.h - a report's result, kept whole (reports are small), and its renderings. */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

#include "core/cli.h"

#define REP_COLS 24
/* rep_col's kinds: a figure that adds up gets a total row ("(all)") */
enum { REP_TEXT, REP_NUM, REP_SUM };

struct rep {
	char *title; /* "Pipeline by owner" */
	struct crm_column cols[REP_COLS];
	int ncols;
	struct crm_strv cells;         /* row after row, ncols each */
	int value;                     /* the column a chart draws; -1 for none */
	int labels;                    /* the columns, from the first, that name a row in a chart */
	int series;                    /* 1: the rows are periods in order (a sparkline too) */
	struct crm_strv notes;         /* what a reader must know: how figures were made, gaps */
	unsigned char sums[REP_COLS];  /* 1: the column adds up in a total row */
	signed char over[REP_COLS][2]; /* a percent of two summed columns, or -1 */
	int totalled;                  /* 1: the report prints its own total row */
	int ranked;                    /* 1: rows are groups a page may rank by value */
};

void rep_init(struct rep *r, char *title);               /* takes title */
void rep_col(struct rep *r, const char *name, int kind); /* REP_TEXT, REP_NUM, REP_SUM */
/* A column that is 100 * part / whole of two others, also in the total row. */
void rep_col_pct(struct rep *r, const char *name, int part, int whole);
void rep_cell(struct rep *r, const char *v);
void rep_cellf(struct rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rep_release(struct rep *r);
int rep_rows(const struct rep *r);
const char *rep_at(const struct rep *r, int row, int col);
/* The column of that name, or -1. */
int rep_col_named(const struct rep *r, const char *name);
/* 1 if the row is a total row ("(all)"): charts leave it out. */
int rep_is_total(const struct rep *r, int row);
/* Prints the report as -o, --chart and the terminal ask; 0 or an exit code. */
int rep_emit(struct crm_ctx *ctx, struct rep *r);

/* report_out.c: the renderings that are not a printer's */
void rep_chart(const struct rep *r, FILE *out, int width);
void rep_html(const struct rep *r, FILE *out, const char *generated);

#endif
