/*
 * csv: one RFC 4180 field at a time. A field a spreadsheet would take
 * for a formula (=, +, -, @, tab or CR first: "CSV injection") gets a
 * leading ' and is shown as the text it is.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "text/csv.h"

void
cb_csv_field(struct kore_buf *buf, const char *s, size_t len)
{
	size_t		i, start;
	int		quote;

	if (s == NULL || len == 0)
		return;
	quote = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n') {
			quote = 1;
			break;
		}
	}
	if (quote)
		kore_buf_append(buf, "\"", 1);
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		kore_buf_append(buf, "'", 1);
	for (i = start = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		kore_buf_append(buf, s + start, i + 1 - start);
		kore_buf_append(buf, "\"", 1);
		start = i + 1;
	}
	kore_buf_append(buf, s + start, len - start);
	if (quote)
		kore_buf_append(buf, "\"", 1);
}

void
cb_csv_cstr(struct kore_buf *buf, const char *s)
{
	cb_csv_field(buf, s, s != NULL ? strlen(s) : 0);
}
