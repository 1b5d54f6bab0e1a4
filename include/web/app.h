/*
 * app: process-wide state of a worker, set up once in init.c.
 */
#ifndef CB_APP_H
#define CB_APP_H

#include <stddef.h>

struct cb_vault;

struct cb_app {
	struct cb_vault	*vault;
	char		*css;
	size_t		 csslen;
	int		 secure_cookies;	/* behind TLS termination */
	/* Verified against when a username is unknown, so that a login
	 * takes as long whether or not the user exists. */
	char		 dummy_hash[128];
};

extern struct cb_app	cb_app;

#endif
