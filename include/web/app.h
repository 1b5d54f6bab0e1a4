/*
 * app: process-wide state of a worker, set up once in init.c (the
 * parent fills it before fork; workers inherit it).
 */
#ifndef CB_APP_H
#define CB_APP_H

#include <stddef.h>

#include "store/session.h"

struct cb_vault;

/* A file of assets/, read once at start-up and served as it is. */
struct cb_asset {
	char		*data;
	size_t		 len;
};

struct cb_app {
	struct cb_vault	*vault;
	struct cb_asset	 css;		/* assets/casebook.css */
	struct cb_asset	 openapi;	/* assets/openapi.json */
	int		 secure_cookies;	/* behind TLS termination */
	/* "__Host-" names when secure, so that no other host or path can
	 * set or shadow them. */
	const char	*cookie_session;
	const char	*cookie_prelogin;
	/* Verified against when a username is unknown, so that a login
	 * takes as long whether or not the user exists. */
	char		 dummy_hash[128];
	/* The one peer whose X-Forwarded-For is believed, or "". */
	char		 trusted_proxy[64];
	struct cb_login_limits login;
	/* Signed audit checkpoints, opened by the parent (append). */
	int		 checkpoints_fd;
	/* The least count a statistics table publishes (config stats_k). */
	int		 stats_k;
};

extern struct cb_app	cb_app;

#endif
