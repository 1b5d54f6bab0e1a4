/*
 * reqlog: access log words (see include/text/reqlog.h). Pure: the web
 * layer hands in what Kore knows of the request.
 */
#include <stdio.h>
#include <string.h>

#include "text/reqlog.h"

/* What a route pattern may show of a route. */
#define SAFE	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
		"0123456789/-_."

static int	put(char *, size_t, size_t *, const char *);

int
cb_reqlog_id_ok(const char *s)
{
	if (s == NULL || strlen(s) != CB_REQID_LEN)
		return (0);
	return (strspn(s, "0123456789abcdef") == CB_REQID_LEN);
}

/* Appends s at *off; 0 when it does not fit. */
static int
put(char *out, size_t len, size_t *off, const char *s)
{
	size_t	n;

	n = strlen(s);
	if (*off + n >= len)
		return (0);
	memcpy(out + *off, s, n);
	*off += n;
	out[*off] = '\0';
	return (1);
}

int
cb_reqlog_route(const char *route, char *out, size_t len)
{
	const char	*p, *end;
	char		 c[2];
	size_t		 off;

	if (len == 0)
		return (-1);
	off = 0;
	out[0] = '\0';
	p = route;
	if (*p == '^')
		p++;
	end = p + strlen(p);
	if (end > p && end[-1] == '$')
		end--;
	c[1] = '\0';
	while (p < end) {
		if (*p == '[') {
			/* A class stands for one variable segment. */
			if ((p = strchr(p, ']')) == NULL)
				p = end;
			else
				p++;
			if (p < end && *p == '{') {
				if ((p = strchr(p, '}')) == NULL)
					p = end;
				else
					p++;
			} else if (p < end && (*p == '+' || *p == '*' ||
			    *p == '?'))
				p++;
			if (!put(out, len, &off, "{id}"))
				goto toolong;
			continue;
		}
		if (*p == '.' && p + 1 < end && (p[1] == '*' || p[1] == '+')) {
			p += 2;
			if (!put(out, len, &off, "*"))
				goto toolong;
			continue;
		}
		if (*p == '\\' && p + 1 < end)
			p++;
		c[0] = *p++;
		/* Whatever else a pattern holds is not for the log. */
		if (strchr(SAFE, c[0]) == NULL)
			continue;
		if (!put(out, len, &off, c))
			goto toolong;
	}
	return (0);

toolong:
	(void)snprintf(out, len, "?");
	return (-1);
}

int
cb_reqlog_line(char *out, size_t len, const char *reqid, const char *method,
    const char *pattern, int status, unsigned long long ms)
{
	int	n;

	n = snprintf(out, len, "access rid=%s method=%s route=%s status=%d "
	    "ms=%llu", reqid, method, pattern, status != 0 ? status : 499,
	    ms);
	if (n < 0 || (size_t)n >= len)
		return (-1);
	return (0);
}
