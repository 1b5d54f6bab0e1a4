/*
 * flow/fields: the forms every lifecycle shares: closing (a coded
 * reason counted by statistics, and a sealed note), reopening and
 * revising a request (a sealed reason, required: someone will ask why).
 */
#include <sys/types.h>

#include "domain/vocab.h"
#include "machine.h"

const struct cb_field cb_flow_close_fields[2] = {
	{ "closure_reason", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_closure_reason, 0 },
	NOTE("closure_note", CB_REQ_NO),
};

const struct cb_field cb_flow_reopen_fields[1] = {
	NOTE("reopen_reason", CB_REQ_YES),
};

const struct cb_field cb_flow_revise_fields[1] = {
	NOTE("revise_reason", CB_REQ_YES),
};
