/*
 * web/stats: the auditor's home is the statistics page; the front
 * door's state machine (misc.c) hands an auditor over to this state.
 */
#ifndef CB_WEB_STATS_H
#define CB_WEB_STATS_H

struct http_request;

int	cb_stats_home(struct http_request *);

#endif
