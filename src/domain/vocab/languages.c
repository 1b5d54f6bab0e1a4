/*
 * languages: the language codes a person can be interviewed in, one
 * code per language as in BCP 47, sorted for a binary search.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/forms.h"


static int	cmp(const void *, const void *);

/*
 * Languages: every ISO 639-1 code, and ISO 639-2/3 codes only for
 * languages without one (Dari, Sorani, Kurmanji, the Arabic and Pashto
 * varieties, Romani, ...), so that one language has one code, as in
 * BCP 47. Sorted for cb_valid_lang(); NULL-terminated as a picklist.
 */
const char *const cb_vocab_languages[] = {
	"aa", "ab", "acm", "ae", "aeb", "af", "afb", "aii", "ak", "am",
	"an", "apc", "apd", "ar", "arq", "ary", "arz", "as", "av", "ay",
	"ayl", "az", "ba", "bal", "be", "bej", "ber", "bg", "bgn", "bi",
	"bm", "bn", "bo", "br", "brh", "bs", "ca", "ce", "ch", "ckb",
	"cmn", "cnr", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
	"din", "dv", "dyu", "dz", "ee", "el", "en", "eo", "es", "et",
	"eu", "fa", "ff", "fi", "fil", "fj", "fo", "fr", "fy", "ga",
	"gd", "gl", "glk", "gn", "gu", "gv", "ha", "hac", "haz", "he",
	"hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie",
	"ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka",
	"kab", "kg", "ki", "kj", "kk", "kl", "km", "kmr", "kn", "ko",
	"kr", "kri", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg",
	"li", "lki", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi",
	"mk", "ml", "mn", "mnk", "mr", "ms", "mt", "my", "na", "nb",
	"nd", "ne", "ng", "nl", "nn", "no", "nr", "nus", "nv", "ny",
	"oc", "oj", "om", "or", "os", "pa", "pbt", "pbu", "pcm", "pi",
	"pl", "pnb", "prs", "ps", "pt", "qu", "rm", "rmn", "rmy", "rn",
	"ro", "rom", "ru", "rw", "sa", "sc", "sd", "sdh", "se", "sg",
	"sgn", "sh", "shi", "si", "sk", "skr", "sl", "sm", "sn", "so",
	"sq", "sr", "ss", "st", "su", "sus", "sv", "sw", "syr", "ta",
	"te", "tg", "th", "ti", "tig", "tk", "tl", "tn", "to", "tr",
	"ts", "tt", "tw", "ty", "tzm", "ug", "uk", "ur", "uz", "ve",
	"vi", "vo", "wa", "wo", "xh", "yi", "yo", "yue", "za", "zgh",
	"zh", "zu", "zza",
	NULL
};

int
cb_valid_lang(const char *s, size_t len)
{
	char		key[4];
	size_t		i;

	if (s == NULL || len < 2 || len > 3)
		return (0);

	for (i = 0; i < len; i++) {
		if (s[i] < 'a' || s[i] > 'z')
			return (0);
		key[i] = s[i];
	}
	key[len] = '\0';

	return (bsearch(key, cb_vocab_languages,
	    NITEMS(cb_vocab_languages) - 1,
	    sizeof(cb_vocab_languages[0]),
	    cmp) != NULL);
}

static int
cmp(const void *key, const void *elem)
{
	return (strcmp(key, *(const char *const *)elem));
}
