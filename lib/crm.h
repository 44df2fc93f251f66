/*
 * crm.h - the public interface of libcrm.
 *
 * libcrm holds the data model and every rule of the crm suite; the crm-*
 * commands are thin front ends over it.  Values travel as NUL-terminated
 * UTF-8 strings (NULL is "no value"); the store layer converts them.
 *
 * Ownership: a function returning char * hands the caller a malloc'd string
 * to free(); one returning const char * keeps ownership and says how long the
 * pointer lives.
 */
#ifndef CRM_H
#define CRM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define CRM_VERSION "0.1.0"

/*
 * Marks what libcrm exports: the functions and objects this header declares,
 * and nothing else (the library is built with -fvisibility=hidden).
 * lib/libcrm.map gives each of them its version; tests/cli/api.bats checks
 * the library exports exactly these names.
 */
#if defined(__GNUC__) || defined(__clang__)
#define CRM_API __attribute__((visibility("default")))
#else
#define CRM_API
#endif

/* Exit codes shared by every command (crm(1), EXIT STATUS). */
enum crm_exit {
	CRM_EXIT_OK = 0,
	CRM_EXIT_NOMATCH = 1, /* nothing matched / not found */
	CRM_EXIT_USAGE = 2,   /* bad command line */
	CRM_EXIT_DATA = 3,    /* invalid data; nothing written */
	CRM_EXIT_DB = 4,      /* database or system error */
};

/* ---------------------------------------------------------------- errors */

/* Program name used as the prefix of every message ("crm-contact"). */
CRM_API void crm_set_progname(const char *argv0);
CRM_API const char *crm_progname(void);
/* "PROG: message\n" on stderr. */
CRM_API void crm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* crm_warn then exit(code). */
CRM_API void crm_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
/*
 * Messages, help and prompts in the user's language (LC_MESSAGES, text
 * domain "crm"; only LC_MESSAGES is set, so numbers and dates keep the C
 * locale).  The commands' mains call it; it does its work once.
 */
CRM_API void crm_i18n_init(void);

/* --------------------------------------------------------------- memory */

/* Allocation that cannot fail: on exhaustion the program exits with code 4. */
CRM_API void *crm_xmalloc(size_t n);
CRM_API void *crm_xcalloc(size_t n, size_t size);
CRM_API void *crm_xrealloc(void *p, size_t n);
CRM_API char *crm_xstrdup(const char *s);
CRM_API char *crm_xstrndup(const char *s, size_t n);
CRM_API char *crm_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
CRM_API char *crm_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable string. Initialise with CRM_BUF_INIT; crm_buf_release frees. */
struct crm_buf {
	char *s;
	size_t len, cap;
};
#define CRM_BUF_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
CRM_API void crm_buf_add(struct crm_buf *b, const char *s, size_t n);
/* Appends everything left to read from in: 0, or -1 on a read error. */
CRM_API int crm_buf_read(struct crm_buf *b, FILE *in);
CRM_API void crm_buf_puts(struct crm_buf *b, const char *s);
CRM_API void crm_buf_putc(struct crm_buf *b, char c);
CRM_API void crm_buf_printf(struct crm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents, always NUL-terminated (an empty buffer gives ""). */
CRM_API const char *crm_buf_str(struct crm_buf *b);
/* Hands the string to the caller and leaves the buffer empty. */
CRM_API char *crm_buf_detach(struct crm_buf *b);
CRM_API void crm_buf_reset(struct crm_buf *b);
CRM_API void crm_buf_release(struct crm_buf *b);

/* A growable array of owned strings. */
struct crm_strv {
	char **v;
	int n, cap;
};
#define CRM_STRV_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
CRM_API void crm_strv_push(struct crm_strv *sv, const char *s); /* copies s */
CRM_API void crm_strv_push_owned(struct crm_strv *sv, char *s); /* takes s */
CRM_API void crm_strv_release(struct crm_strv *sv);
/* Splits s at each sep into trimmed, non-empty items. */
CRM_API void crm_strv_split(struct crm_strv *sv, const char *s, char sep);

/* ----------------------------------------------------------------- text */

/*
 * Folds text for comparison, in any script (utf8proc): NFKC normalised,
 * case folded, accents removed (á→a, ș→s, ễ→e, ά→α, ß→ss), plus the
 * letters Unicode does not decompose (ø→o, ł→l, æ→ae, đ→d, þ→th).  NFC
 * and NFD text fold alike; "García" and "GARCIA" fold to "garcia".  Bytes
 * that are not UTF-8 are kept as they are.
 */
CRM_API char *crm_fold(const char *s);
/* crm_fold, then keeps only [a-z0-9]: "E-mail" and "email" both give "email". */
CRM_API char *crm_fold_key(const char *s);
/*
 * The key a name is found by: crm_fold, then without ASCII spaces and
 * punctuation (other scripts kept): "GTX Pro", "GTXPro" and "gtx-pro" are
 * one name, and so are "Acme Ibérica S.L." and "acme iberica sl".
 */
CRM_API char *crm_name_key(const char *s);
/* Display width in terminal columns (utf8proc): combining marks 0, wide characters and emoji 2. */
CRM_API size_t crm_utf8_width(const char *s);
/* Byte length of the longest prefix of s whose display width is <= cols. */
CRM_API size_t crm_utf8_prefix(const char *s, size_t cols);
/* 1 if s is valid UTF-8. */
CRM_API int crm_utf8_valid(const char *s, size_t len);
/*
 * A copy fit for a terminal: control characters, which could clear the
 * screen or write the clipboard (ESC [ 2 J, OSC 52), shown in caret
 * notation as cat -v does: C0 as ^[ ^G ..., DEL as ^?, and C1 by their
 * 7-bit form (U+009B, CSI, as ^[[).  Newlines and tabs are kept.  NULL
 * when memory runs out.
 */
CRM_API char *crm_visible(const char *s);
/*
 * From now on, what the program writes on standard output is for people:
 * the same escaping as crm_visible, applied to the stream.  0, or -1.
 */
CRM_API int crm_stdout_for_people(void);
/* Trimmed copy (ASCII white space both ends). */
CRM_API char *crm_trim(const char *s);
/*
 * Checks text a user gives to the configuration (a setting, an owner, a
 * period): valid UTF-8 and no control character, as every dump must read
 * back.  Returns 0, or -1 with "what: reason 'value'" in *err.
 */
CRM_API int crm_config_text_check(const char *what, const char *s, char **err);
/*
 * The same for a name kept in a comma-separated list or matched as typed
 * (a stage, a pipeline, a choice): moreover not empty, without a comma and
 * without blanks around it.
 */
CRM_API int crm_config_name_check(const char *what, const char *s, char **err);
/* 1 if s looks like an e-mail address: local@domain.tld, no spaces. */
CRM_API int crm_email_valid(const char *s);
/*
 * The comparison key of a phone number: digits only, before any extension
 * ("x123", "ext"), international prefix "00" or "+" dropped, then the last 9
 * digits.  "+34 600 12 34 56", "600123456" and "0034-600-123-456" all give
 * "600123456".  Returns NULL when s holds fewer than 4 digits.
 */
CRM_API char *crm_phone_key(const char *s);
/* 1 if s holds only digits (at least one). */
CRM_API int crm_is_uint(const char *s);

/* ---------------------------------------------------------------- dates */

/*
 * "Now" as a UTC time_t: CRM_NOW (ISO 8601, e.g. 2026-03-01T09:00:00Z) when
 * set, so tests are repeatable; else the clock.
 */
CRM_API time_t crm_now(void);
/* UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" of t into buf (at least 21 bytes). */
CRM_API void crm_timestamp(time_t t, char *buf);
/*
 * Parses a date: ISO "2026-12-01", and relative words in local time: today,
 * tomorrow, yesterday, now, +3d -2w +1m +1y (days, weeks, months, years),
 * monday..sunday (the next such day, today excluded), eow (coming Sunday),
 * eom, eoy.  Writes "YYYY-MM-DD" into out (at least 11 bytes).  Returns 0,
 * or -1 if s is not a date (including impossible ones like 2026-02-30).
 */
CRM_API int crm_parse_date(const char *s, char *out);
/*
 * How a spreadsheet's dates are read besides ISO, for the whole run: iso
 * (only ISO), dmy ("15/03/1985", "15-03-1985", "15.03.1985"), mdy
 * ("3/15/1985"), ymd ("1985/03/15") or excel (serial numbers: 31122 is
 * 1985-03-15).  crm_date_format_set returns -1 for another name.
 */
enum crm_date_order { CRM_DATES_ISO, CRM_DATES_DMY, CRM_DATES_MDY, CRM_DATES_YMD, CRM_DATES_EXCEL };
CRM_API int crm_date_format_set(const char *name);
CRM_API enum crm_date_order crm_date_format(void);
/* dmy when LC_ALL, LC_TIME or LANG names a day-first locale, else iso. */
CRM_API void crm_date_format_from_locale(void);
/* 1 if s is a date dmy or mdy would read: for a message that says how. */
CRM_API int crm_date_is_ordered(const char *s);
/*
 * Parses a date or date-time: what crm_parse_date accepts plus
 * "2026-12-01T10:30", "2026-12-01 10:30:15" (local time) and a trailing Z
 * (UTC).  Writes the UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" (at least 21 bytes);
 * a date alone means its local midnight.  Returns 0 or -1.
 */
CRM_API int crm_parse_datetime(const char *s, char *out);
/*
 * The day number (days since 1970-01-01, a fraction for the time of day) of
 * a date or a timestamp, for differences in days.  0, or -1 if s is neither.
 */
CRM_API int crm_day_number(const char *s, double *days);
/* A UTC timestamp shown in local time: "2026-03-01 10:00" (buf >= 17). */
CRM_API void crm_local_time(const char *utc_ts, char *buf, size_t size);
/* The moment an ISO date or timestamp names (a UTC one ends in Z): 0, or -1. */
CRM_API int crm_time_of(const char *ts, time_t *when);
/*
 * A length of time: numbers each followed by m, h, d or w ("90m", "4h",
 * "5d", "1d12h"), as seconds.  0, or -1 if s is not one.
 */
CRM_API int crm_parse_duration(const char *s, long *secs);
/* Seconds as people say them, sign dropped: its two largest units ("1d 2h", "45m"). */
CRM_API void crm_duration_str(long secs, char *buf, size_t size);

/* ---------------------------------------------------------------- money */

/*
 * Amounts travel in normal form, "-1234.50": an optional minus, the units,
 * a point and two decimals.  Stored as integer minor units (cents).
 */

/* Money in normal form to minor units ("-1234.50" gives -123450; NULL gives 0). */
CRM_API long long crm_money_minor(const char *v);
/* Minor units in normal form (-123450 gives "-1234.50"). */
CRM_API char *crm_money_str(long long minor);
/*
 * An amount as typed ("1.234,50 €", "$3", "-12") in normal form "-1234.50"
 * (malloc'd in *out); -1 when it is not one, with why in *why: a static
 * English message, translated by dgettext("crm", why).
 */
CRM_API int crm_money_normal(const char *v, char **out, const char **why);
/*
 * A number as typed, also with a decimal comma or a percent sign ("12,5",
 * "10 %"), in the form strtod reads (malloc'd in *out); -1 when it is not
 * a finite number.
 */
CRM_API int crm_number_normal(const char *v, char **out);

/* ------------------------------------------------------------- printers */

/* A column of output: its name and whether it is numeric (JSON, alignment). */
struct crm_column {
	const char *name;
	int numeric;
};

enum crm_format {
	CRM_FMT_TABLE,
	CRM_FMT_TSV,
	CRM_FMT_CSV,
	CRM_FMT_JSON,
	CRM_FMT_JSONL,
	CRM_FMT_IDS
};

/* Parses a format name; -1 if unknown. */
CRM_API int crm_format_parse(const char *name);
CRM_API const char *crm_format_names(void); /* "table, tsv, csv, json, jsonl, ids" */

/*
 * One printer, many formats: rows stream through it whatever the format.
 * header: 1 prints a header line, 0 does not, -1 the format's default
 * (table and csv: yes; tsv: no).  Values are UTF-8 strings, NULL for none.
 * The table printer buffers its first rows to size its columns, then
 * streams; other printers keep no rows.
 */
struct crm_printer;
/* NULL only for a format number that crm_format_parse never returns. */
CRM_API struct crm_printer *crm_printer_new(enum crm_format fmt, FILE *out, int header);
CRM_API void crm_printer_begin(struct crm_printer *p, const struct crm_column *cols, int ncols);
CRM_API void crm_printer_row(struct crm_printer *p, const char *const *vals);
/* Flushes and frees; returns 0, or -1 on a write error (errno set). */
CRM_API int crm_printer_end(struct crm_printer *p);
/*
 * --excel-safe, for the whole run: csv and tsv printers write a value a
 * spreadsheet would take for a formula (starting with = + - @, a tab or a
 * CR, and not a plain number) behind a single quote, so it stays text.
 */
CRM_API void crm_printer_excel_safe(int on);
/* --delimiter, for the whole run: what separates the csv printer's fields (a comma). */
CRM_API void crm_printer_csv_delimiter(int delim);
/* Writes text into HTML: & < > " escaped; line breaks as <br> when br (NULL: nothing). */
CRM_API void crm_html_text(FILE *out, const char *s, int br);

/* ------------------------------------------------------------ CSV input */

/*
 * Streams records from a CSV file through libcsv.  A UTF-8 BOM is skipped;
 * CRLF, LF and quoted newlines are handled; a final record without newline
 * counts.  cb gets each record's fields (NUL-terminated copies, valid during
 * the call), their number, and the 1-based line on which the record starts;
 * a positive return from cb stops reading and is returned.  Returns 0 at the
 * end, or -1 on a read or parse error with a message in *err (malloc'd).
 */
typedef int (*crm_csv_record_fn)(void *ctx, char **fields, int nfields, long line);
CRM_API int crm_csv_read(FILE *in, crm_csv_record_fn cb, void *ctx, char **err);
/*
 * How a spreadsheet's file is read.  delimiter 0 takes the one the header
 * line uses most among , ; TAB and |.  encoding NULL reads UTF-8, or UTF-16
 * by its byte order mark, or Windows-1252 when the bytes are not UTF-8 and
 * all are text there; else any encoding iconv knows.  The reader sets
 * delimiter_used, and converted_from to the encoding it chose (NULL when
 * the text was UTF-8 or its encoding was named).
 */
struct crm_csv_in {
	int delimiter;
	const char *encoding;
	int delimiter_used;
	const char *converted_from;
};
CRM_API int crm_csv_read_with(FILE *in, struct crm_csv_in *how, crm_csv_record_fn cb, void *ctx,
                              char **err);
/*
 * Writes one CSV record through libcsv: fields quoted only where needed
 * (comma, quote, CR or LF inside, or leading/trailing space), quotes doubled,
 * the record ended by LF.  NULL writes an empty field.  Returns 0 or -1.
 */
CRM_API int crm_csv_write_record(FILE *out, const char *const *fields, int n);
/* The same with another delimiter (';' for a spreadsheet that wants it); a field holding it is
 * quoted. */
CRM_API int crm_csv_write_delimited(FILE *out, const char *const *fields, int n, int delim);

/* ------------------------------------------------------------- entities */

/* One run of a command: options, database, entity.  Opaque to commands. */
struct crm_ctx;
struct crm_filter;

enum crm_type {
	CRM_T_ID,        /* the record id */
	CRM_T_TEXT,      /* free text */
	CRM_T_EMAIL,     /* checked e-mail address */
	CRM_T_PHONE,     /* phone number, also matched by crm_phone_key */
	CRM_T_URL,       /* web address */
	CRM_T_DATE,      /* YYYY-MM-DD; relative words accepted */
	CRM_T_TIMESTAMP, /* YYYY-MM-DDTHH:MM:SSZ, set by the library */
	CRM_T_BOOL,      /* yes/no (sí, true, 1 ...) */
	CRM_T_NUMBER,    /* decimal number */
	CRM_T_CHOICE,    /* one of a fixed list */
	CRM_T_REF,       /* another record, by id or unique name */
	CRM_T_TAGS,      /* a set of tags (its own table) */
	CRM_T_MONEY,     /* an amount: integer minor units stored, "1234.50" shown */
	CRM_T_WHEN,      /* a date, or a date and time (UTC timestamp) when one is given */
};

enum crm_field_flags {
	CRM_F_LIST = 1 << 0,     /* shown by list by default */
	CRM_F_SEARCH = 1 << 1,   /* indexed for full-text search */
	CRM_F_REQUIRED = 1 << 2, /* add refuses a record without it */
	CRM_F_UNIQUE = 1 << 3,   /* unique, case-insensitive, when present */
	CRM_F_READONLY = 1 << 4, /* set by the library only */
	CRM_F_CUSTOM = 1 << 5,   /* user-defined at run time */
	CRM_F_PERSONAL = 1 << 6, /* personal data: erased by forget */
	CRM_F_NAME = 1 << 7,     /* part of the record's display name */
	CRM_F_NOEXPORT = 1 << 8, /* not exported (derived or internal) */
	CRM_F_OWNED = 1 << 9,    /* a reference to the owner: purged with it (an item's opp) */
	CRM_F_TIME = 1 << 10,    /* text that holds a UTC time: shown in local time (remind) */
	/* a user, by login: a name or e-mail finds the login; one that names no user becomes one */
	CRM_F_USER = 1 << 11,
};

struct crm_field {
	const char *name;
	enum crm_type type;
	unsigned flags;
	const char *ref; /* CRM_T_REF: the entity referred to */
	const char
	    *choices; /* CRM_T_CHOICE: comma-separated values, or "@list" kept in the database */
	const char *aliases; /* import header aliases, '|'-separated */
	const char *help;    /* one line for `fields` */
	const char *dflt;    /* value of a new record that has none; "$VAR:x" reads VAR first */
};

/* The static description of an entity: what generic verbs work from. */
struct crm_entity {
	const char *name;   /* "contact": also the table name */
	const char *plural; /* "contacts" */
	const struct crm_field *fields;
	int nfields;
	const char *sort;    /* default sort field */
	const char *part_of; /* managed through another entity's command (items: crm-opp) */
	const char *command; /* its command's name when not the entity's (interaction: log) */
	const char *track;   /* a field whose past values show prints (opp: stage) */
	/* list's filter when the words say nothing of its field (tasks: status=open) */
	const char *list_where;
	/* how other records' show lists these: a filter term, a sort, a count */
	const char *related_where, *related_sort;
	int related_limit;
	/* show -o HOW for the renderings an entity has of its own (quotes: html, text) */
	const char *renders;
	/* the field whose change is a stage change, pre-stage-change's event (opp: stage) */
	const char *stage;
	/* "FIELD=VALUE": the change that closes a record (cases: status=closed) */
	const char *closes;
	/* the field a bare first word of add gives (users: add luis name=...) */
	const char *key;
	/*
	 * What the entity does beyond the generic verbs (derived fields after a
	 * write, calendar and address-book formats, its own renderings) is not
	 * here: the domain layer registers it for each entity (crm_entity_ops).
	 */
};

CRM_API const char *crm_type_name(enum crm_type t);
CRM_API int crm_type_parse(const char *name); /* -1 if unknown */

/* Every entity the library knows, NULL-terminated; lookup by name. */
CRM_API extern const struct crm_entity *const crm_entities[];
CRM_API extern const struct crm_entity crm_entity_account, crm_entity_contact, crm_entity_product,
    crm_entity_lead, crm_entity_opp, crm_entity_quote, crm_entity_item, crm_entity_task,
    crm_entity_interaction, crm_entity_case, crm_entity_campaign, crm_entity_member,
    crm_entity_asset, crm_entity_user;
CRM_API const struct crm_entity *crm_entity_find(const char *name);

/*
 * An entity as it stands in one database: its built-in fields followed by
 * the custom ones.  Owned by the database handle; valid until crm_db_close.
 */
struct crm_schema {
	const struct crm_entity *ent;
	struct crm_field *fields;
	int nfields;
};
/* Index of a field by name (case-insensitive), or -1. */
CRM_API int crm_schema_field(const struct crm_schema *s, const char *name);

/* ------------------------------------------------------------- grammar */

enum crm_op { CRM_OP_EQ, CRM_OP_NE, CRM_OP_GT, CRM_OP_GE, CRM_OP_LT, CRM_OP_LE, CRM_OP_LIKE };

enum crm_term_kind { CRM_TERM_FIELD, CRM_TERM_TAG, CRM_TERM_TEXT, CRM_TERM_SEGMENT };

/* One filter term; terms are ANDed. */
struct crm_term {
	enum crm_term_kind kind;
	int field; /* CRM_TERM_FIELD: index in the schema */
	enum crm_op op;
	struct crm_strv values; /* any-of values, normalised; empty: "is empty" */
	/* CRM_TERM_SEGMENT: the saved filters of the segments named (any of; NE: none of) */
	struct crm_filter *subs;
	int nsubs;
};

struct crm_filter {
	struct crm_term *terms;
	int n;
	int deleted; /* 0 live records, 1 deleted only, 2 both */
};

enum crm_assign_op { CRM_AS_SET, CRM_AS_ADD, CRM_AS_REMOVE };

/* One assignment: field=value (value NULL clears), tags+=x, tags-=x. */
struct crm_assign {
	int field;
	enum crm_assign_op op;
	char *value; /* normalised */
};

struct crm_assigns {
	struct crm_assign *a;
	int n;
};

CRM_API void crm_filter_release(struct crm_filter *f);
CRM_API void crm_assigns_release(struct crm_assigns *as);

/* ------------------------------------------------------------- commands */

/* A verb of an entity command: generic ones live in the library. */
struct crm_verb {
	const char *name;
	int (*fn)(struct crm_ctx *ctx, int argc, char **argv);
	int writes;              /* 1: opens the database for writing; CRM_WRITES_UNLESS_LISTING */
	unsigned long long opts; /* CRM_O_* the verb accepts */
	const char *args;        /* synopsis after the options */
	const char *help;        /* one line */
};

/* A verb with sub-verbs that writes, except with none or list/show first (stages, item). */
#define CRM_WRITES_UNLESS_LISTING 3
/* A verb that writes after a person has had their say (edit): no lock while they do. */
#define CRM_WRITES_AFTER_ASKING 4
/* A verb that writes what it reads on standard input (a reply's text): read before the lock. */
#define CRM_WRITES_FROM_STDIN 5
/* Marks a verb's help for translation (po/): the library translates it where it prints it. */
#define CRM_N_(s) s

enum crm_opt_set {
	CRM_O_FORMAT = 1 << 0,       /* -o, --header, --no-header */
	CRM_O_DRYRUN = 1 << 1,       /* --dry-run */
	CRM_O_WHERE = 1 << 2,        /* --where */
	CRM_O_IMPORT = 1 << 3,       /* --key, --map, --skip-invalid, --rejects, --create-refs */
	CRM_O_DELETED = 1 << 4,      /* --deleted */
	CRM_O_RUN = 1 << 5,          /* --run */
	CRM_O_FIELDS = 1 << 6,       /* --fields */
	CRM_O_SORT = 1 << 7,         /* --sort */
	CRM_O_LIMIT = 1 << 8,        /* --limit */
	CRM_O_TO = 1 << 9,           /* --to */
	CRM_O_REASON = 1 << 10,      /* --reason */
	CRM_O_OPP = 1 << 11,         /* --opp */
	CRM_O_EXPLAIN = 1 << 12,     /* --explain */
	CRM_O_WIN = 1 << 13,         /* --win */
	CRM_O_DAYS = 1 << 14,        /* --days */
	CRM_O_ABOUT = 1 << 15,       /* --about */
	CRM_O_ATTACH = 1 << 16,      /* --attach */
	CRM_O_FOLLOW = 1 << 17,      /* --task, --log (convert) */
	CRM_O_BY = 1 << 18,          /* --by (reports) */
	CRM_O_PERIOD = 1 << 19,      /* --period */
	CRM_O_RANGE = 1 << 20,       /* --from, --to: days a report counts */
	CRM_O_ASOF = 1 << 21,        /* --as-of */
	CRM_O_CHART = 1 << 22,       /* --chart, -o html */
	CRM_O_MIN = 1 << 23,         /* --min */
	CRM_O_COMMIT = 1 << 24,      /* --commit */
	CRM_O_IDLE = 1 << 25,        /* --days: idle days (stale) */
	CRM_O_RESOLUTION = 1 << 26,  /* --resolution */
	CRM_O_SURVEY = 1 << 27,      /* --csat, --nps */
	CRM_O_WITHIN = 1 << 28,      /* --within */
	CRM_O_EXPIRING = 1 << 29,    /* --expiring */
	CRM_O_INTERACTIVE = 1 << 30, /* -i: ask at a prompt */
	/* everything about output, for the verbs that list records */
	CRM_O_OUTPUT = CRM_O_FORMAT | CRM_O_FIELDS | CRM_O_SORT | CRM_O_LIMIT,
};
/* Sets past an int's range (an enum constant is an int), as wide as a verb's opts. */
#define CRM_O_AGAIN (1ULL << 31)         /* --again (breaches) */
#define CRM_O_MIN_SCORE (1ULL << 32)     /* --min-score (dupes) */
#define CRM_O_FROM_CUSTOMER (1ULL << 33) /* --from-customer (reply) */
#define CRM_O_MAIL (1ULL << 34)          /* --create, --maildir (crm mail) */

/*
 * The main of an entity command: parses the common options, opens the
 * database, runs the generic verb or one of extra (NULL-name terminated)
 * in one transaction, and returns the exit code.
 */
CRM_API int crm_entity_main(int argc, char **argv, const struct crm_entity *ent,
                            const struct crm_verb *extra);
/* The main of crm-report: its verbs are the reports. */
CRM_API int crm_report_main(int argc, char **argv);
/* The main of the crm front end's own verbs; -1 if argv[0] is not one of them. */
CRM_API int crm_admin_main(int argc, char **argv);

/* Verbs some entities add: find a record by phone or e-mail; erase personal data. */
CRM_API int crm_verb_lookup(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_forget(struct crm_ctx *ctx, int argc, char **argv);
/* Duplicates: candidate pairs with a score and reasons; merge KEEP DROP... (contacts, accounts). */
CRM_API int crm_verb_dupes(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_merge(struct crm_ctx *ctx, int argc, char **argv);
/* Address completion for mail clients (mutt query_command): email<TAB>name<TAB>extra. */
CRM_API int crm_verb_query(struct crm_ctx *ctx, int argc, char **argv);

/* Leads: status changes, round-robin assignment, conversion. */
CRM_API int crm_verb_qualify(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_disqualify(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_assign(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_convert(struct crm_ctx *ctx, int argc, char **argv);
/* Rule-based scoring: rule add|list|rm, and score [FILTER] / score --explain ID. */
CRM_API int crm_verb_rule(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_score(struct crm_ctx *ctx, int argc, char **argv);

/* Opportunities: moves between stages, the pipeline report, stages, line items. */
CRM_API int crm_verb_stage(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_win(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_lose(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_reopen(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_pipeline(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_stages(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_item(struct crm_ctx *ctx, int argc, char **argv);

/* Tasks and the interaction log. */
CRM_API int crm_verb_done(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_cancel(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_snooze(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_agenda(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_remind(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_timeline(struct crm_ctx *ctx, int argc, char **argv);

/* Users: a user made a login of the database server. */
CRM_API int crm_verb_login(struct crm_ctx *ctx, int argc, char **argv);

/* Quotes: status moves, revisions, expiry (for cron). */
CRM_API int crm_verb_send(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_accept(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_reject(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_expire(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_revise(struct crm_ctx *ctx, int argc, char **argv);

/* Customer service: cases and their service levels. */
CRM_API int crm_verb_reply(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_note(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_pending(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_resolve(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_close(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_case_reopen(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_breaches(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_sla(struct crm_ctx *ctx, int argc, char **argv);
/* Assets: made from won opportunities, and their warranties and contracts ending soon. */
CRM_API int crm_verb_from_opp(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_expiring(struct crm_ctx *ctx, int argc, char **argv);

/* Campaigns: their members, the mail-merge list, the return on them. */
CRM_API int crm_verb_member(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_members(struct crm_ctx *ctx, int argc, char **argv);
CRM_API int crm_verb_roi(struct crm_ctx *ctx, int argc, char **argv);

#endif
