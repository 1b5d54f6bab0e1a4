/*
 * csv: RFC 4180 fields for exports that people open in spreadsheets.
 */
#ifndef CB_CSV_H
#define CB_CSV_H

#include <stddef.h>

struct kore_buf;

/*
 * Appends one field: quoted (with " doubled) when it holds a comma, a
 * quote, CR or LF; and, when it starts with = + - @, a tab or CR, with
 * a ' in front, so that a spreadsheet shows it as text and never runs
 * it as a formula. NULL is an empty field.
 */
void	cb_csv_field(struct kore_buf *, const char *, size_t);
void	cb_csv_cstr(struct kore_buf *, const char *);

#endif
