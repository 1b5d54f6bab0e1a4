/*
 * reqlog: the words of casebook's access log. One line per request
 * with its request id, method, ROUTE PATTERN (never the path: a path
 * holds case ids), status and duration; error lines of that request
 * carry the same "rid=" so an operator can join them. Nothing a
 * client typed reaches a line: the route comes from the configuration,
 * the request id is checked to be hex.
 */
#ifndef CB_REQLOG_H
#define CB_REQLOG_H

#include <stddef.h>

/* Hex digits of a request id (16 random bytes; nginx's $request_id
 * has the same form, so both logs can share it). */
#define CB_REQID_LEN		32
/* Room for an access line (a route pattern is at most half of it). */
#define CB_REQLOG_LINE_MAX	256

/* 1 when s is exactly CB_REQID_LEN lower-case hex digits. */
int	cb_reqlog_id_ok(const char *s);

/*
 * The pattern of a Kore route as people read it: anchors dropped, each
 * bracket expression with its repeat ([0-9a-f-]{36}) as "{id}", ".*"
 * as "*": "^/api/v1/cases/[0-9a-f-]{36}/transitions$" gives
 * "/api/v1/cases/{id}/transitions". Only letters, digits and "/-_.{}*"
 * come out. -1 (out holds "?") when it does not fit.
 */
int	cb_reqlog_route(const char *route, char *out, size_t len);

/*
 * "access rid=ID method=M route=PATTERN status=N ms=T". A status of 0
 * (no answer was sent: the client went away first) is written 499, as
 * nginx counts it. -1 when it does not fit.
 */
int	cb_reqlog_line(char *out, size_t len, const char *reqid,
	    const char *method, const char *pattern, int status,
	    unsigned long long ms);

#endif
