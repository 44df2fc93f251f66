/*
 * recode.c - iconv, streamed: a character cut between two reads is carried
 * over to the next one, so a file converts the same whatever its buffer size.
 */
#include "base/recode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longer than any character of any encoding iconv converts from. */
enum { CARRY_MAX = 16 };

struct crm_recoder {
	iconv_t cd;
	char carry[CARRY_MAX]; /* the start of a character the last call cut */
	size_t ncarry;
};

struct crm_recoder *crm_recoder_new(const char *encoding)
{
	iconv_t cd = iconv_open("UTF-8", encoding);
	struct crm_recoder *r;

	if (cd == (iconv_t)-1)
		return NULL;
	r = crm_xcalloc(1, sizeof(*r));
	r->cd = cd;
	return r;
}

void crm_recoder_free(struct crm_recoder *r)
{
	if (!r)
		return;
	iconv_close(r->cd);
	free(r);
}

/* iconv over in until it is used up, cut short, or wrong; returns iconv's errno or 0. */
static int convert(iconv_t cd, char **in, size_t *left, struct crm_buf *out)
{
	char chunk[4096];

	while (*left > 0) {
		char *o = chunk;
		size_t room = sizeof(chunk);
		int e = iconv(cd, in, left, &o, &room) == (size_t)-1 ? errno : 0;

		crm_buf_add(out, chunk, sizeof(chunk) - room);
		if (e && e != E2BIG)
			return e;
	}
	return 0;
}

/*
 * The carried bytes are completed from the new ones a byte at a time: at
 * most CARRY_MAX tries, and the rest of in is converted in place.
 */
static int finish_carry(struct crm_recoder *r, const char **in, size_t *n, struct crm_buf *out,
                        const char **bad)
{
	while (r->ncarry && *n) {
		char *p = r->carry;
		size_t left;
		int e;

		r->carry[r->ncarry++] = **in;
		(*in)++;
		(*n)--;
		left = r->ncarry;
		e = convert(r->cd, &p, &left, out);
		if (e == EILSEQ || (e == EINVAL && r->ncarry == CARRY_MAX)) {
			*bad = *in - 1;
			return -1;
		}
		r->ncarry = e == EINVAL ? r->ncarry : 0;
	}
	return 0;
}

int crm_recode(struct crm_recoder *r, const char *in, size_t n, int last, struct crm_buf *out,
               const char **bad)
{
	char *p;
	size_t left;
	int e;

	*bad = NULL;
	if (finish_carry(r, &in, &n, out, bad) < 0)
		return -1;
	p = (char *)in;
	left = n;
	e = convert(r->cd, &p, &left, out);
	if (e == EINVAL && !last && left < CARRY_MAX) {
		memcpy(r->carry, p, left);
		r->ncarry = left;
		return 0;
	}
	if (e || (last && r->ncarry)) {
		*bad = e ? p : in + n;
		return -1;
	}
	return 0;
}

char *crm_recode_str(const char *s, const char *encoding)
{
	struct crm_recoder *r = crm_recoder_new(encoding);
	struct crm_buf b = CRM_BUF_INIT;
	const char *bad;
	int rc;

	if (!r)
		return NULL;
	rc = crm_recode(r, s, strlen(s), 1, &b, &bad);
	crm_recoder_free(r);
	if (rc < 0) {
		crm_buf_release(&b);
		return NULL;
	}
	crm_buf_str(&b);
	return crm_buf_detach(&b);
}

int crm_is_utf8_name(const char *encoding)
{
	return !strcasecmp(encoding, "UTF-8") || !strcasecmp(encoding, "UTF8") ||
	       !strcasecmp(encoding, "US-ASCII") || !strcasecmp(encoding, "ASCII");
}
