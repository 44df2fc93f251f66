/*
 * test_dupes.c - what says two records are alike: the edit distance of
 * names, the mailbox an address reaches, the words of a name and an
 * organisation's name without its legal form.
 */
#include <stdlib.h>

#include "crm.h"
#include "core/dupes.h"
#include "tap.h"

static void is_mailbox(const char *email, const char *want)
{
	char *got = dupes_mailbox(email);
	is_str(got, want, "mailbox of '%s'", email);
	free(got);
}

static void is_words(const char *name, const char *want)
{
	struct crm_strv w = CRM_STRV_INIT;
	struct crm_buf b = CRM_BUF_INIT;

	dupes_words(name, &w);
	for (int i = 0; i < w.n; i++)
		crm_buf_printf(&b, "%s%s", i ? "|" : "", w.v[i]);
	is_str(crm_buf_str(&b), want, "words of '%s'", name);
	crm_buf_release(&b);
	crm_strv_release(&w);
}

static void is_org(const char *name, const char *key, const char *form)
{
	char *f, *k = dupes_org_key(name, &f);
	is_str(k, key, "key of '%s'", name);
	is_str(f, form, "legal form of '%s'", name);
	free(k);
	free(f);
}

static void distances(void)
{
	is_int(dupes_distance("garciaana", "garciaana", 2), 0, "equal");
	is_int(dupes_distance("garciaana", "garciaanna", 2), 1, "one insertion");
	is_int(dupes_distance("richardson", "richardsen", 2), 1, "one substitution");
	is_int(dupes_distance("larrynewton", "harrynewtom", 2), 2, "two substitutions");
	is_int(dupes_distance("abcdef", "badcfe", 2), 3, "more than max stops at max+1");
	is_int(dupes_distance("ana", "anastasia", 2), 3, "lengths too far apart: max+1 at once");
	is_int(dupes_distance("", "ab", 2), 2, "from empty");
	is_int(dupes_distance("jonhsmith", "johnsmith", 1), 1, "two neighbours swapped: one edit");
	is_int(dupes_distance("ab", "ba", 0), 1, "a swap is not nothing");
	is_int(dupes_distance("smithjonh", "smithjohn", 2), 1, "a swap at the end");
	is_int(dupes_distance("abcd", "badc", 1), 2, "two swaps: max+1");
	is_int(dupes_distance("catherine", "kathryn", 3), 4, "far apart: stops at max+1");
}

static void mailboxes(void)
{
	is_mailbox("Ana.Garcia@Gmail.com", "anagarcia@gmail.com");
	is_mailbox("a.na.garcia+crm@googlemail.com", "anagarcia@gmail.com");
	is_mailbox("ana.garcia+news@acme.es", "ana.garcia@acme.es");
	is_mailbox("ANA@ACME.ES", "ana@acme.es");
	is_mailbox("+tag@acme.es", "+tag@acme.es");
	is_mailbox("no-at-sign", "no-at-sign");
	is_mailbox("@acme.es", "@acme.es");
	is_mailbox("a@b@gmail.com", "a@b@gmail.com");
	is_mailbox("", "");
}

static void words(void)
{
	is_words("García-López, Ana", "garcia|lopez|ana");
	is_words("Harding\xe2\x80\x93"
	         "Duffy",
	         "harding|duffy");
	is_words("Smith & Sons", "smith|and|sons");
	is_words("O'Neil S.L.", "oneil|sl");
	is_words("  \xc2\xa0 ", "");
	is_words("Jos\xc3\xa9\xe3\x80\x80P\xc3\xa9rez", "jose|perez");
	is_words("\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e",
	         "\xe5\xb1\xb1\xe7\x94\xb0|\xe5\xa4\xaa\xe9\x83\x8e");
	is_words("trunc\xe2\x80", "trunc\xe2\x80"); /* cut short: a letter, not read past */
}

static void organisations(void)
{
	is_org("Acme Ltd.", "acme", "ltd");
	is_org("ACME LIMITED", "acme", "ltd");
	is_org("Acme", "acme", "");
	is_org("Acme Ibérica, S.L.", "acmeiberica", "sl");
	is_org("Smith & Sons", "smithandsons", "");
	is_org("Smith and Sons", "smithandsons", "");
	is_org("Smith & Co", "smith", "co");
	is_org("Harding-Duffy", "hardingduffy", "");
	is_org("Acme Pty Ltd", "acme", "ltd pty");
	is_org("Limited", "limited", "");
	is_org("", "", "");
}

int main(void)
{
	distances();
	mailboxes();
	words();
	organisations();
	return tap_done();
}
