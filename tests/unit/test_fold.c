/*
 * test_fold.c - the one fold behind searches, ~ filters, name keys and
 * duplicate keys, and the column widths of the table printer: beyond
 * Latin-1, in decomposed (NFD) text, in Greek, and for the letters Unicode
 * does not decompose.
 */
#include "crm.h"
#include "tap.h"

#include <stdlib.h>

/* Inputs are copied to the heap so that the sanitizers catch a read past the NUL. */
static void check_fold(const char *in, const char *want)
{
	char *copy = crm_xstrdup(in), *got = crm_fold(copy);
	is_str(got, want, "fold '%s'", in);
	free(got);
	free(copy);
}

/* a and b fold alike: one finds the other. */
static void check_same(const char *a, const char *b)
{
	char *fa = crm_fold(a), *fb = crm_fold(b);
	is_str(fa, fb, "'%s' and '%s' fold alike", a, b);
	free(fa);
	free(fb);
}

static void check_differ(const char *a, const char *b)
{
	char *fa = crm_fold(a), *fb = crm_fold(b);
	ok(strcmp(fa, fb) != 0, "'%s' and '%s' stay apart ('%s', '%s')", a, b, fa, fb);
	free(fa);
	free(fb);
}

static void check_name_key(const char *in, const char *want)
{
	char *copy = crm_xstrdup(in), *got = crm_name_key(copy);
	is_str(got, want, "name key '%s'", in);
	free(got);
	free(copy);
}

/* Folding what is folded changes nothing: stored keys and typed words meet. */
static void check_stable(const char *in)
{
	char *once = crm_fold(in), *twice = crm_fold(once);
	is_str(twice, once, "fold of fold '%s'", in);
	free(once);
	free(twice);
}

static void check_width(const char *in, size_t want)
{
	char *copy = crm_xstrdup(in);
	is_int(crm_utf8_width(copy), want, "width '%s'", in);
	free(copy);
}

static void check_prefix(const char *in, size_t cols, size_t want)
{
	char *copy = crm_xstrdup(in);
	is_int(crm_utf8_prefix(copy, cols), want, "prefix of '%s' in %zu columns", in, cols);
	free(copy);
}

/* Letters outside Latin-1 and Latin Extended-A, composed and decomposed. */
static void test_beyond_latin1(void)
{
	check_fold("Ștefan", "stefan"); /* S with comma below, U+0218 */
	check_fold("ŞTEFAN", "stefan"); /* S with cedilla, U+015E */
	check_fold("Nguyễn", "nguyen"); /* e with circumflex and tilde, U+1EC5 */
	check_fold("Trần Thị Hương", "tran thi huong");
	check_fold("Ơn Ưng", "on ung"); /* horns */
	check_fold("Nguye\xcc\x82\xcc\x83n", "nguyen");
	check_fold("Garci\314\201a", "garcia"); /* NFD: i + U+0301, in octal */
	check_same("Garci\314\201a", "García");
	check_same("JOSE\xcc\x81", "josé");
	check_fold("ﬁlipe", "filipe");          /* the ligature fi, U+FB01 */
	check_fold("ＡＣＭＥ", "acme");         /* full-width */
	check_fold("O’Brien", "o'brien");       /* right single quote */
	check_fold("Ste\302\255fan", "stefan"); /* a soft hyphen inside */
}

static void test_greek(void)
{
	check_fold("Σωκράτης", "σωκρατησ");
	check_same("Σωκράτης", "σωκρατης");
	check_same("ΣΩΚΡΆΤΗΣ", "σωκρατης");
	check_same("Ἀθῆναι", "αθηναι");
	check_fold("Москва Ёлка", "москва елка");
}

/* The letters Unicode does not decompose, which crm spells out itself. */
static void test_plain_latin(void)
{
	check_fold("Weiß", "weiss");
	check_same("Straße", "STRASSE");
	check_fold("\xe1\xba\x9e", "ss"); /* capital sharp s, U+1E9E */
	check_fold("Łukasz łódź", "lukasz lodz");
	check_fold("Øre øre", "ore ore");
	check_fold("Æble æble", "aeble aeble");
	check_fold("Đorđe đ", "dorde d");
	check_fold("Þór þ", "thor th");
	check_fold("Œuvre œ", "oeuvre oe");
	check_fold("Ħ ı ĸ Ŋ Ŧ ð", "h i k ng t d");
}

/* Marks that make another letter are not accents: they stay. */
static void test_kept_marks(void)
{
	check_fold("が", "が");
	check_same("\xe3\x81\x8b\xe3\x82\x99", "が"); /* NFD: か + U+3099 composes again */
	check_differ("が", "か");
	check_fold("हिन्दी", "हिन्दी");
	check_fold("東京 한국", "東京 한국");
	check_fold("2 × 3 ÷ 4", "2 × 3 ÷ 4");
}

/* Text that is not UTF-8 keeps its bytes; what is UTF-8 around them folds. */
static void test_not_utf8(void)
{
	check_fold("\xc8\x98\377\xc3\x89", "s\377e");
	check_fold("Nguy\xe1\xbb", "nguy\xe1\xbb");
	check_fold("e\xcc\x81\x80", "e\x80");
	check_fold("", "");
	is_str(crm_fold(NULL), NULL, "fold NULL is NULL");
}

static void test_stable(void)
{
	const char *samples[] = {"Ștefan", "Nguyễn", "Garci\314\201a", "Σωκράτης", "Weiß", "Łódź",
	                         "ﬁ",      "が",     "Ἀθῆναι",         "ᾳ"};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		check_stable(samples[i]);
}

/* Names are found, and duplicates met, by the same fold. */
static void test_name_keys(void)
{
	check_name_key("Ștefan Popescu", "stefanpopescu");
	check_name_key("Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "nguyenvanan");
	check_name_key("Nguyễn Văn An", "nguyenvanan");
	check_name_key("Σωκράτης", "σωκρατησ");
	check_name_key("Weiß & Søn", "weissson");
	check_name_key("O’Brien", "obrien");
}

static void test_widths(void)
{
	check_width("🚀", 2);
	check_width("a🚀b", 4);
	check_width("Jose\xcc\x81", 4);
	check_width("Nguye\xcc\x82\xcc\x83n", 6);
	check_width("Σωκράτης", 8);
	check_width("\x1b", 1); /* shown as ^[ in one column's place: never 0 */
	check_prefix("🚀🚀", 3, 4);
	check_prefix("🚀🚀", 1, 0);
	check_prefix("e\xcc\x81x", 1, 3); /* the accent stays with its letter */
}

int main(void)
{
	test_beyond_latin1();
	test_greek();
	test_plain_latin();
	test_kept_marks();
	test_not_utf8();
	test_stable();
	test_name_keys();
	test_widths();
	return tap_done();
}
