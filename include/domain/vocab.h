/*
 * vocab: the picklists of the lifecycle's coded answers, NULL-terminated,
 * in the order a form offers them. One list per vocabulary: the flow's
 * fields, the fact columns' SQL CHECKs (tested against these) and the
 * i18n labels (opt.<field>.<code>) all follow them.
 */
#ifndef CB_VOCAB_H
#define CB_VOCAB_H

extern const char *const cb_opt_closure_reason[];
extern const char *const cb_opt_migration_status[];
extern const char *const cb_opt_vulnerabilities[];
extern const char *const cb_opt_fit_to_travel[];
extern const char *const cb_opt_travel_document[];
extern const char *const cb_opt_assistance_types[];
extern const char *const cb_opt_currency[];
extern const char *const cb_opt_referral_source[];
extern const char *const cb_opt_safety_risk[];
extern const char *const cb_opt_status_victim[];
extern const char *const cb_opt_trafficking_status[];
extern const char *const cb_opt_identified_by[];
extern const char *const cb_opt_exploitation_types[];
extern const char *const cb_opt_means_of_control[];
extern const char *const cb_opt_recruitment_method[];
extern const char *const cb_opt_labour_sector[];
extern const char *const cb_opt_consent_method[];
extern const char *const cb_opt_plan_type[];
extern const char *const cb_opt_durable_solution[];

#endif
