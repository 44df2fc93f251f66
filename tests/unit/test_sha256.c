/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors, fed
 * whole and in uneven pieces, and against sha256sum on a generated file.
 */

/* popen, pclose and mkstemp are POSIX, hidden by -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "base/sha256.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The digest of n bytes of data hashed in one update, in a static buffer. */
static const char *digest(const void *data, size_t n)
{
	static char hex[65];
	struct crm_sha256 c;

	crm_sha256_init(&c);
	crm_sha256_update(&c, data, n);
	crm_sha256_final(&c, hex);
	return hex;
}

static void test_vectors(void)
{
	static const char abc448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct crm_sha256 c;
	char hex[65];

	is_str(digest("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "empty message");
	is_str(digest("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "\"abc\"");
	is_str(digest(abc448, strlen(abc448)),
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "448-bit message");

	/*
	 * 56 bytes: the padding cannot share the last block with the length,
	 * so a byte at a time also exercises final's second padding block.
	 */
	crm_sha256_init(&c);
	for (size_t i = 0; i < strlen(abc448); i++)
		crm_sha256_update(&c, abc448 + i, 1);
	crm_sha256_final(&c, hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "448-bit message, one byte at a time");
}

#define MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

static void test_million_a(void)
{
	/*
	 * Chunks shorter than, equal to and longer than a block, so the buffered
	 * tail is sometimes empty, sometimes completed and sometimes completed
	 * with whole blocks still to follow.
	 */
	static const size_t sizes[] = {1, 63, 64, 65, 1000};
	static char a[1000];
	struct crm_sha256 c;
	char hex[65];
	size_t done = 0;
	char *all;

	memset(a, 'a', sizeof(a));
	crm_sha256_init(&c);
	for (int i = 0; done < 1000000; i = (i + 1) % 5) {
		size_t n = sizes[i];

		if (n > 1000000 - done)
			n = 1000000 - done;
		crm_sha256_update(&c, a, n);
		done += n;
	}
	crm_sha256_final(&c, hex);
	is_str(hex, MILLION_A, "one million 'a' in chunks of 1, 63, 64, 65, 1000 bytes");

	all = malloc(1000000);
	if (!all) {
		ok(0, "one million 'a' in one update: out of memory");
		return;
	}
	memset(all, 'a', 1000000);
	is_str(digest(all, 1000000), MILLION_A, "one million 'a' in one update");
	free(all);
}

/* Writes n pseudo-random bytes (xorshift32: every byte value turns up) to f. */
static int write_noise(FILE *f, size_t n)
{
	uint32_t x = 2463534242u;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (putc((int)(x & 0xff), f) == EOF)
			return -1;
	}
	return 0;
}

static void test_sha256sum(void)
{
	char path[] = "/tmp/crm-sha256-XXXXXX";
	static unsigned char chunk[4093]; /* prime: the reads straddle block boundaries */
	struct crm_sha256 c;
	char hex[65], cmd[64], want[65] = "";
	FILE *f, *p;
	size_t n;
	int fd;

	if (system("command -v sha256sum >/dev/null 2>&1") != 0) {
		ok(1, "# SKIP sha256sum not found");
		return;
	}
	fd = mkstemp(path);
	f = fd < 0 ? NULL : fdopen(fd, "w+b");
	if (!f) {
		if (fd >= 0)
			close(fd);
		ok(0, "3 MB file against sha256sum: cannot create %s", path);
		return;
	}
	if (write_noise(f, 3u << 20) != 0 || fflush(f) != 0) {
		fclose(f);
		remove(path);
		ok(0, "3 MB file against sha256sum: cannot write %s", path);
		return;
	}

	/* Hashed as a stream, the way attachments are read. */
	rewind(f);
	crm_sha256_init(&c);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		crm_sha256_update(&c, chunk, n);
	crm_sha256_final(&c, hex);
	fclose(f);

	snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(want, sizeof(want), p))
			want[0] = '\0';
		pclose(p);
	}
	remove(path);
	is_str(hex, want, "3 MB file against sha256sum");
}

int main(void)
{
	test_vectors();
	test_million_a();
	test_sha256sum();
	return tap_done();
}
