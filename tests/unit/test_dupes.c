/* test_dupes.c - the edit distance that says two names are alike; a swap of neighbours is one. */
#include "crm.h"
#include "dupes.h"
#include "tap.h"

int main(void)
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
	return tap_done();
}
