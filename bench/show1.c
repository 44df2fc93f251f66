/*
 * show1 DB ID - the least a program can do to show a contact: open the
 * database with SQLite, select one contact row by id, print its fields as
 * "name: value" lines.  The reference `crm-contact show ID` is measured
 * against in bench/run.  Exit 1 when there is no such row, 4 on a database error.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: show1 DB ID\n");
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "show1: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 4;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT * FROM contact WHERE id = ?", -1, &st, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "show1: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 4;
	}
	sqlite3_bind_int64(st, 1, atoll(argv[2]));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *v = sqlite3_column_text(st, i);
			if (v)
				printf("%s: %s\n", sqlite3_column_name(st, i), v);
		}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : 4;
}
