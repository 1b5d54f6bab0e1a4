/*
 * web/survey: what the survey handlers share. Adding a survey is one
 * state machine for both faces (web/survey_add.c); the routes that
 * also list are in web/survey.c.
 */
#ifndef CB_WEB_SURVEY_H
#define CB_WEB_SURVEY_H

#include <kore/kore.h>
#include <kore/http.h>

/* POST of a survey, as JSON (api) or as the form page's post. */
int	cb_survey_add_run(struct http_request *, int api);

#endif
