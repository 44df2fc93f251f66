/* mail.h - one e-mail message as crm mail reads it (GMime underneath). */
#ifndef CRM_MAIL_H
#define CRM_MAIL_H

#include <stddef.h>

#include "crm.h"

/* An address of a header: the address in lower case, and the name given with it (or NULL). */
struct mail_addr {
	char *addr, *name;
};

/* A part of the message that is a file (Content-Disposition attachment, or named). */
struct mail_file {
	char *name, *type; /* a safe file name; the media type as the part says */
	unsigned char *data;
	size_t len;
};

struct crm_mail {
	char *message_id;       /* without <>; made from the bytes when the header is missing */
	char *subject;          /* decoded (RFC 2047), or NULL */
	char *at;               /* the Date header in UTC (2026-03-03T09:15:00Z), or NULL */
	struct mail_addr from;  /* from.addr NULL when there is no From */
	struct mail_addr *rcpt; /* To, then Cc */
	int nrcpt;
	struct crm_strv refs; /* In-Reply-To, then References newest first */
	char *body;           /* the text/plain part, or text from the HTML one; UTF-8 */
	int automatic;        /* an auto-reply or a delivery report (RFC 3834, 3464) */
	struct mail_file *files;
	int nfiles;
};

/* The largest message crm mail reads. */
#define CRM_MAIL_MAX (32L * 1024 * 1024)

/*
 * Reads one RFC 5322 message of len bytes.  0, or -1 with *err set (not a
 * message at all).  Release m even then.
 */
int crm_mail_parse(const char *buf, size_t len, struct crm_mail *m, char **err);
void crm_mail_release(struct crm_mail *m);

/* crm mail [FILE|-] | --maildir DIR (crm-mail(1)). */
struct crm_ctx;
int crm_verb_mail(struct crm_ctx *ctx, int argc, char **argv);

#endif
