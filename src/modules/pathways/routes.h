/* HTTP handlers of the person's pathway: the records the asker may see, a record (each opening
 * logged), its category, consents, special categories, names granted and access card; and the
 * person's own page, opened with the card's code. */
#ifndef COPROG_MODULES_PATHWAYS_ROUTES_H
#define COPROG_MODULES_PATHWAYS_ROUTES_H

#include "modules/pathways/pathways.h"
#include "web/request.h"

/* Shared by this module's handler files. The asker: a social worker of the city, else a body's
 * member. */
person_reader pathways_reader(req *r);
/* Opens record id for the asker and logs the opening of part, committed before anything is
 * shown: 0 with *access set, 1 when answered (404 for what the asker may not see), -1. */
int pathways_open_logged(req *r, const person_reader *w, int64_t id, const char *part,
                         person_access *access);
/* Rolls back and answers for rc (404, 409 with the reason, or -1 for a failure). */
int pathways_fail(req *r, path_rc rc);
/* Sets label (the name as pages show it, or a restricted record's number, read at id_key) and
 * ethos_label on each row. */
void pathways_name_each(req *r, json_t *rows, const char *id_key);

int people_index(req *r);
int people_create(req *r);
int people_show(req *r);
int people_ethos(req *r);
int people_consent(req *r);
int people_consent_revoke(req *r);
int people_special(req *r);
int people_special_add(req *r);
int people_grant(req *r);
int people_card(req *r);
int people_merge(req *r);
int people_distinct(req *r);
int people_merge_undo(req *r);
int pathway_enrol(req *r);
int pathway_write_contact(req *r);
int my_record_page(req *r);
int my_record_revoke(req *r);
int my_record_export(req *r);
int person_step_free(req *r);
int households_page(req *r);
int household_page(req *r);
int household_new(req *r);
int household_member_add(req *r);
int household_member_leave(req *r);
int pathway_link_alert(req *r);
/* The pathway page's ESF part: the person's participant records (a body sees its own), and for
 * a body with an active agreement the form (birth_year 0 when unknown: the age is asked). */
void participation_view(req *r, const person_reader *w, int64_t person_id, int64_t birth_year);
int card_form(req *r);
int card_open(req *r);
int card_revoke(req *r);
int card_export(req *r);
int housing_first_page(req *r);
int home_match_page(req *r);
int priority_rule_page(req *r);
int priority_rule_save(req *r);
int retention_page(req *r);
int retention_save(req *r);
int siuss_page(req *r);
int siuss_code_save(req *r);
int siuss_export(req *r);
int hf_home_create(req *r);
int placement_create(req *r);
int placement_moved(req *r);
int placement_declined(req *r);
int placement_ended(req *r);
int placement_visited(req *r);
int pathway_page(req *r);
int pathway_start(req *r);
int pathway_needs(req *r);
int pathway_goal(req *r);
int pathway_goal_state(req *r);
int pathway_action(req *r);
int pathway_action_done(req *r);
int pathway_acknowledge(req *r);
int pathway_review_add(req *r);
int pathway_end(req *r);
int pathway_referral(req *r);
int pathway_link_contact(req *r);
int pathway_link_hold(req *r);
int referrals_page(req *r);
int referrals_answer(req *r);
int referrals_complete(req *r);
int by_name_page(req *r);
int people_report(req *r);
int address_ask(req *r);
int address_finish(req *r);
int mail_arrived(req *r);
int mail_handed(req *r);
int registry_page(req *r);
int registry_street(req *r);
int registry_request(req *r);
int registry_decide(req *r);
int registry_certificate(req *r);

#endif
