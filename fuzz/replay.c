/*
 * replay.c - runs a fuzz target's kept inputs as a test: every file in the
 * directories given (seeds and the inputs that once crashed it), TAP output.
 * Built with the ordinary compiler, so make check needs no fuzzer.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[65536];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n > cap) {
			cap = (len + n) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	/* no arguments: the target's seeds and regressions, from the top of the tree */
	char *dflt[] = {argv[0], "fuzz/seeds/" FUZZ_NAME, "fuzz/regress/" FUZZ_NAME, NULL};
	if (argc < 2)
		argc = 3, argv = dflt;
	int total = 0, failed = 0;
	for (int d = 1; d < argc; d++) {
		struct dirent **names;
		int n = scandir(argv[d], &names, NULL, by_name);
		for (int i = 0; i < n; i++) {
			if (names[i]->d_name[0] != '.') {
				char path[4096];
				snprintf(path, sizeof path, "%s/%s", argv[d], names[i]->d_name);
				/* each input in a child: a crash fails its test, not the rest */
				fflush(stdout);
				pid_t pid = fork();
				/* exit, not _exit: atexit removes the scratch database */
				if (pid == 0)
					exit(run_file(path) == 0 ? 0 : 3);
				int st = 0;
				waitpid(pid, &st, 0);
				int ok = pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
				printf("%sok %d - %s\n", ok ? "" : "not ", ++total, path);
				failed += !ok;
			}
			free(names[i]);
		}
		if (n >= 0)
			free(names);
	}
	printf("1..%d\n", total);
	return failed != 0;
}
