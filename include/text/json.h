/*
 * json: a strict RFC 8259 parser for request bodies and the string
 * escaper used to write responses. Strictness is the point: invalid
 * UTF-8, lone surrogates, NUL characters, duplicate member names,
 * trailing garbage and nesting deeper than CB_JSON_DEPTH_MAX are all
 * rejected with the byte offset and a short reason (no input echoed).
 */
#ifndef CB_JSON_H
#define CB_JSON_H

#include <stddef.h>

struct kore_buf;

enum cb_json_type {
	CB_JSON_NULL,
	CB_JSON_BOOL,
	CB_JSON_NUMBER,
	CB_JSON_STRING,
	CB_JSON_ARRAY,
	CB_JSON_OBJECT
};

struct cb_json {
	enum cb_json_type	 type;
	char			*key;	/* member name inside an object */
	size_t			 keylen;
	char			*str;	/* decoded string / number text */
	size_t			 len;
	int			 boolean;
	struct cb_json		*child;	/* first element or member */
	struct cb_json		*next;	/* next sibling */
	size_t			 count;	/* number of children */
};

struct cb_json_error {
	size_t		 offset;
	const char	*reason;	/* static string */
};

/* 0 on success (*out owned by caller, free with cb_json_free). */
int	cb_json_parse(const char *, size_t, struct cb_json **,
	    struct cb_json_error *);
void	cb_json_free(struct cb_json *);
/* Member of an object by exact name, or NULL. */
const struct cb_json *cb_json_get(const struct cb_json *, const char *);

/* Appends "..." with JSON escaping (control chars, quote, backslash,
 * and '<', '>', '&' as \u escapes so JSON is safe inside HTML). */
void	cb_json_str(struct kore_buf *, const char *, size_t);
void	cb_json_cstr(struct kore_buf *, const char *);
/* ,"key":"value", or ,"key":null when val is NULL or "": a member
 * after the first of an object. */
void	cb_json_member(struct kore_buf *, const char *key, const char *val);

#endif
