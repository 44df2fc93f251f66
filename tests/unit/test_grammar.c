/* Unit tests of the grammar: values in normal form, filters, assignments, tags. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

#include "core/grammar.h"
#include "tap.h"

static struct crm_db *db;
static const struct crm_schema *contact;

/* Normal form of value v for field name, or "ERR: message". */
static char *normal(const char *name, const char *v)
{
	char *out = NULL, *err = NULL;
	int f = crm_schema_field(contact, name);
	if (crm_value_normal(db, &contact->fields[f], v, &out, &err) < 0) {
		char *r = crm_xasprintf("ERR: %s", err);
		free(err);
		return r;
	}
	return out;
}

static void check(const char *field, const char *in, const char *want)
{
	char *got = normal(field, in);
	is_str(got, want, "%s=%s", field, in);
	free(got);
}

/* The same with a field of an opportunity: the numbers. */
static void check_opp(const char *field, const char *in, const char *want)
{
	const struct crm_schema *opp = db_schema(db, &crm_entity_opp);
	char *out = NULL, *err = NULL;
	int f = crm_schema_field(opp, field);
	int rc = crm_value_normal(db, &opp->fields[f], in, &out, &err);
	is_str(rc == 0 ? out : NULL, want, "%s=%s", field, in);
	free(out);
	free(err);
}

static void test_values(void)
{
	check("first_name", "  Ana  ", "Ana");
	check("first_name", "", NULL);
	check("email", "ana@acme.es", "ana@acme.es");
	check("email", "ana@", "ERR: email: invalid address 'ana@'");
	check("phone", "+34 600 12 34 56", "+34 600 12 34 56");
	check("phone", "call me", "ERR: phone: invalid phone number 'call me'");
	check("birthday", "1980-05-17", "1980-05-17");
	check("birthday", "tomorrow", "2026-03-02");
	check("birthday", "2026-02-30", "ERR: birthday: invalid date '2026-02-30'");
	check("optout", "Sí", "yes");
	check("optout", "FALSE", "no");
	check("optout", "maybe", "ERR: optout: not yes or no 'maybe'");
	check(
	    "birthday", "15/03/1985",
	    "ERR: birthday: date in day or month order '15/03/1985' (import with --date-format dmy "
	    "or mdy, or write YYYY-MM-DD)");
	check_opp("probability", "10%", "10");
	check_opp("probability", "10 %", "10");
	check_opp("probability", "12,5\xc2\xa0%", "12.5");
	check_opp("probability", "1.5", "1.5");
	check_opp("probability", "1,234.5", "1234.5");
	check_opp("probability", "1.234,5", "1234.5");
	check_opp("probability", "1,234", "1234");
	check_opp("probability", "1,2,3", "123");
	check_opp("probability", "1e3", "1e3");
	check_opp("probability", "10 %%", NULL);
	check_opp("probability", "%", NULL);
	check_opp("probability", ",", NULL);
	check("channel", "EMAIL", "email");
	check("channel", "fax",
	      "ERR: channel: 'fax' is not one of: email,phone,mobile,sms,whatsapp,mail,visit");
	check("tags", "vip, madrid,vip,,b", "b,madrid,vip");
	check("account", "Acme", "1");
	check("account", "acmé", "1");
	check("account", "1", "1");
	check("account", "A.C.M.E", "1"); /* names are found however spaced or dotted */
	check("account", "Nadie", "ERR: account: no account 'Nadie'");
	check("account", "Twin", "ERR: account: 'Twin' is ambiguous: 2 Twin; 3 Twin (use the id)");
	check("first_name", "\xff\xfe", "ERR: first_name: not valid UTF-8");
}

static int parse_filter(const char *const *words, int n, struct crm_filter *f, char **err)
{
	memset(f, 0, sizeof *f);
	return crm_filter_parse(db, contact, n, (char **)words, f, err);
}

static void test_filters(void)
{
	struct crm_filter f;
	char *err = NULL;
	const char *w1[] = {"city=Madrid,Sevilla", "birthday<today", "tag=vip",      "garcía",
	                    "notes~a\\,b",         "email=",         "account!=Acme"};
	is_int(parse_filter(w1, 7, &f, &err), 0, "seven filter terms parse");
	is_int(f.n, 7, "seven terms");
	is_int(f.terms[0].kind, CRM_TERM_FIELD, "field term");
	is_int(f.terms[0].values.n, 2, "any-of splits at commas");
	is_str(f.terms[0].values.v[1], "Sevilla", "second value");
	is_int(f.terms[1].op, CRM_OP_LT, "< parses");
	is_str(f.terms[1].values.v[0], "2026-03-01", "today is normalised");
	is_int(f.terms[2].kind, CRM_TERM_TAG, "tag= is a tag term");
	is_int(f.terms[3].kind, CRM_TERM_TEXT, "a bare word is full-text");
	is_int(f.terms[4].op, CRM_OP_LIKE, "~ is contains");
	is_str(f.terms[4].values.v[0], "a,b", "\\, is a literal comma");
	is_int(f.terms[5].values.n, 0, "field= means empty");
	is_int(f.terms[6].op, CRM_OP_NE, "!= parses");
	is_str(f.terms[6].values.v[0], "1", "a reference filter resolves to its id");
	crm_filter_release(&f);

	const char *w2[] = {"ciudad=Madrid"};
	is_int(parse_filter(w2, 1, &f, &err), CRM_EXIT_USAGE, "unknown field is a usage error");
	is_str(err, "contact has no field 'ciudad' (see 'crm-contact fields')", "its message");
	free(err);
	crm_filter_release(&f);

	const char *w3[] = {"birthday>someday"};
	is_int(parse_filter(w3, 1, &f, &err), CRM_EXIT_DATA, "bad date is invalid data");
	is_str(err, "birthday: invalid date 'someday'", "its message");
	free(err);
	crm_filter_release(&f);

	const char *w4[] = {"tags+=vip"};
	is_int(parse_filter(w4, 1, &f, &err), CRM_EXIT_USAGE, "an assignment is not a filter");
	free(err);
	crm_filter_release(&f);
}

static void test_assigns(void)
{
	struct crm_assigns as = {NULL, 0};
	char *err = NULL;
	char *w1[] = {"city=Madrid", "notes=", "tags+=vip", "tags-=old", "optout=si"};
	is_int(crm_assigns_parse(db, contact, 5, w1, &as, &err), 0, "five assignments parse");
	is_int(as.n, 5, "five assignments");
	ok(as.a[1].value == NULL, "field= clears");
	is_int(as.a[2].op, CRM_AS_ADD, "+= adds");
	is_int(as.a[3].op, CRM_AS_REMOVE, "-= removes");
	is_str(as.a[4].value, "yes", "values are normalised");
	crm_assigns_release(&as);

	char *w2[] = {"created=2026-01-01"};
	is_int(crm_assigns_parse(db, contact, 1, w2, &as, &err), CRM_EXIT_USAGE, "readonly");
	is_str(err, "created: set by crm, not by hand", "readonly message");
	free(err);
	crm_assigns_release(&as);

	char *w3[] = {"city+=x"};
	is_int(crm_assigns_parse(db, contact, 1, w3, &as, &err), CRM_EXIT_USAGE, "+= on text");
	free(err);
	crm_assigns_release(&as);

	char *w4[] = {"Madrid"};
	is_int(crm_assigns_parse(db, contact, 1, w4, &as, &err), CRM_EXIT_USAGE, "bare word");
	is_str(err, "expected field=value, got 'Madrid'", "bare word message");
	free(err);
	crm_assigns_release(&as);
}

static void test_tags(void)
{
	char *t = crm_tags_apply("a,vip", CRM_AS_ADD, "madrid,vip");
	is_str(t, "a,madrid,vip", "+= merges and sorts");
	free(t);
	t = crm_tags_apply("a,Vip", CRM_AS_REMOVE, "vip");
	is_str(t, "a", "-= removes case-insensitively");
	free(t);
	t = crm_tags_apply("vip", CRM_AS_REMOVE, "vip");
	ok(t == NULL, "removing the last tag leaves none");
	free(t);
}

/* Accounts for the reference tests: Acme (1) and two named Twin (2, 3). */
static void seed(void)
{
	const struct crm_schema *acc = db_schema(db, &crm_entity_account);
	const char *names[] = {"Acme", "Twin", "Twin"};
	for (int i = 0; i < 3; i++) {
		const char **vals = calloc(acc->nfields, sizeof(char *));
		vals[crm_schema_field(acc, "name")] = names[i];
		vals[crm_schema_field(acc, "created")] = "2026-03-01T09:00:00Z";
		vals[crm_schema_field(acc, "updated")] = "2026-03-01T09:00:00Z";
		long long id = db_insert(db, acc, vals);
		db_touch(db, acc, id, NULL);
		free(vals);
	}
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	setenv("CRM_NOW", "2026-03-01T09:00:00Z", 1);
	const char *tmp = getenv("TMPDIR");
	char *dir = crm_xasprintf("%s/crm-grammar-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 2;
	char *path = crm_xasprintf("%s/crm.db", dir), *err = NULL;
	db = db_create(path, 0, &err) == 0 ? db_open(path, DB_WRITE, &err) : NULL;
	ok(db != NULL, "open a fresh database");
	if (!db) {
		printf("# %s\n", err);
		return tap_done();
	}
	contact = db_schema(db, &crm_entity_contact);
	seed();
	test_values();
	test_filters();
	test_assigns();
	test_tags();
	db_close(db, 0);
	unlink(path);
	char *wal = crm_xasprintf("%s-wal", path), *shm = crm_xasprintf("%s-shm", path);
	unlink(wal);
	unlink(shm);
	rmdir(dir);
	free(dir);
	free(wal);
	free(shm);
	free(path);
	return tap_done();
}
