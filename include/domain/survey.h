/*
 * survey: reintegration monitoring surveys of a case. Where one may be
 * added, what a survey is as the application sees it, and sealing its
 * raw answers and note (E2) with the case's data key, bound to the
 * survey's own id (table "surveys", column "answers"), so that a
 * ciphertext moved to another survey or case does not open. Scores are
 * Q: plain, for statistics (domain/score.h).
 */
#ifndef CB_SURVEY_H
#define CB_SURVEY_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/score.h"
#include "vault/vault.h"

struct cb_values;

/*
 * Surveys are added to AVRR cases in the states reintegration_assistance
 * and monitoring (domain.md section 2, steps 7 and 8) only. 1 when
 * allowed; the store re-checks that the case is still in the state this
 * was decided on.
 */
int	cb_survey_allowed(const char *case_type, const char *state);
/* The caller may add one now: a caseworker (who sees only their own
 * cases) on a case where cb_survey_allowed holds. */
int	cb_survey_may_add(int role, const char *case_type,
	    const char *state);

/* The raw answers and note of one survey, opened. */
struct cb_survey_answers {
	size_t	 n;
	char	*code[CB_RSS_IND_MAX];		/* indicator */
	char	*value[CB_RSS_IND_MAX];		/* option */
	char	*note;				/* NULL when none */
};

/* One survey as read (scores Q, answers opened only when asked). */
struct cb_survey {
	char			 id[CB_UUID_SIZE];
	char			 kind[16];
	char			 survey_date[11];
	int			 scheme_version;
	struct cb_rss_scores	 scores;
	char			 created_at[32];
	unsigned char		*sealed;	/* answers, or NULL */
	size_t			 sealed_len;
	int			 opened;
	struct cb_survey_answers answers;
};

struct cb_survey_sealed {
	char		 id[CB_UUID_SIZE];
	unsigned char	*answers;
	size_t		 len;
	/* Audit field names: "kind,survey_date,answers.<code>,...,note". */
	char		 fields[512];
};

/* Seals the answers and note of vals (the scheme's form, validated)
 * as one JSON object {"scheme": v, "answers": {...}, "note": "..."}
 * under a fresh survey id. 0 on success. */
int	cb_survey_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int seal_version, const struct cb_rss_scheme *,
	    const struct cb_values *, struct cb_survey_sealed *);
void	cb_survey_sealed_clear(struct cb_survey_sealed *);
/* Opens s->sealed into s->answers; 0 on success. */
int	cb_survey_open(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int seal_version, struct cb_survey *s);

/* Wipes and frees what a survey holds; and an array of them. */
void	cb_survey_clear(struct cb_survey *);
void	cb_surveys_free(struct cb_survey *, size_t);

#endif
