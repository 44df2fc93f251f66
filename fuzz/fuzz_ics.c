/*
 * fuzz_ics.c - iCalendar: the reader on any bytes; what it reads is written
 * back and must read again, task for task.  Every fourth input also goes
 * through crm-task import FILE.ics (rolled back), into tasks.
 */
#define _GNU_SOURCE
#include "crm.h"
#include "fuzz.h"
#include "formats/ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct copy {
	FILE *out;
	int n;
};

static int write_back(void *ctx, const struct ics_todo *t, long line)
{
	struct copy *c = ctx;
	(void)line;
	ics_todo(c->out, t);
	c->n++;
	return 0;
}

static int count(void *ctx, const struct ics_todo *t, long line)
{
	(void)t;
	(void)line;
	++*(int *)ctx;
	return 0;
}

static void import(const uint8_t *data, size_t size)
{
	const char *db = fuzz_db_path();
	char input[128];
	snprintf(input, sizeof input, "%s", fuzz_write("input.ics", data, size));
	const char *words[] = {"crm-task", "import", "--dry-run", "--db", db, input};
	char *argv[7];
	for (int i = 0; i < 6; i++)
		argv[i] = strdup(words[i]);
	argv[6] = NULL;
	crm_entity_main(6, argv, &crm_entity_task, NULL);
	for (int i = 0; i < 6; i++)
		free(argv[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_db_path(); /* the fixed clock and zone */
	FILE *in = fmemopen((void *)data, size, "rb");
	if (!in)
		return 0;
	char *buf = NULL;
	size_t len = 0;
	struct copy c = {open_memstream(&buf, &len), 0};
	char *err = NULL;
	fuzz_quiet();
	ics_begin(c.out);
	int rc = ics_read(in, write_back, &c, NULL, &err);
	ics_end(c.out);
	fclose(c.out);
	fclose(in);
	free(err);
	err = NULL;
	if (rc == 0) {
		FILE *again = fmemopen(buf, len, "rb");
		int n = 0;
		if (ics_read(again, count, &n, NULL, &err) != 0 || n != c.n) {
			fuzz_loud();
			fprintf(stderr, "written back, it reads %d of %d tasks: %s\n%.*s\n", n, c.n,
			        err ? err : "", (int)len, buf);
			abort();
		}
		fclose(again);
		free(err);
	}
	free(buf);
	if (size && data[0] % 4 == 0)
		import(data, size);
	fuzz_loud();
	return 0;
}
