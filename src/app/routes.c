/* The route table: every URL of coprog, its handler and who may use it. Tests walk this
 * table with every role (the authorisation matrix), so a route added here is covered. */
#include "app/app.h"
#include "modules/accounts/routes.h"
#include "modules/agreements/routes.h"
#include "modules/bookings/routes.h"
#include "modules/calls/routes.h"
#include "modules/cities/routes.h"
#include "modules/claims/routes.h"
#include "modules/committees/routes.h"
#include "modules/codesign/routes.h"
#include "modules/evaluation/routes.h"
#include "modules/events/routes.h"
#include "modules/home/routes.h"
#include "modules/housing/routes.h"
#include "modules/hubs/routes.h"
#include "modules/identity/routes.h"
#include "modules/services/routes.h"
#include "modules/signatures/routes.h"
#include "modules/commons/routes.h"
#include "modules/ideas/routes.h"
#include "modules/network/routes.h"
#include "modules/practices/routes.h"
#include "modules/moderation/routes.h"
#include "modules/monitoring/reports.h"
#include "modules/monitoring/routes.h"
#include "modules/notify/routes.h"
#include "modules/opendata/routes.h"
#include "modules/pathways/routes.h"
#include "modules/participants/routes.h"
#include "modules/plan/routes.h"
#include "modules/privacy/routes.h"
#include "modules/proposals/routes.h"
#include "modules/protocol/routes.h"
#include "modules/spaces/routes.h"
#include "modules/tickets/routes.h"
#include "modules/timebank/routes.h"
#include "modules/timeline/routes.h"

/* The parties to an agreement's reporting: the body, the city's officers and controllers, the
 * auditors; handlers narrow it to the agreement's own. */
#define PARTIES (ROLE_ETS | ROLE_OFFICER | ROLE_CONTROLLER | ROLE_AUDITOR)
/* The city's reporting offices and the managing authority. */
#define REPORTERS (ROLE_OFFICER | ROLE_CONTROLLER | ROLE_AUDITOR)
/* Those who work tickets: the city's officers, the housing company's staff, the hubs' bodies;
 * handlers narrow it to the tickets each one handles. */
#define TICKET_STAFF (ROLE_OFFICER | ROLE_HOUSING | ROLE_ETS)
/* The housing offices: the city's officers and the housing company's staff. */
#define HOUSING_OFFICES (ROLE_OFFICER | ROLE_HOUSING)
/* Who may open a person's record: the city's social workers, and a body's members while the
 * person's consent for the body is live (handlers ask person_access_for). */
#define PATHWAY_READERS (ROLE_SOCIAL | ROLE_ETS)

/* The fifth field, `cached`, is written only where it is true; elsewhere it is left to its
 * default, false. It says the page's answer to a GET depends only on the database, the request
 * and the minute: no token made at random (a form's key), no count kept in memory. Anonymous
 * readers may then get it from the page cache (web/pagecache.h) and a signed-in person from the
 * pages kept for them while the data holds (web/personcache.h). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const route app_routes[] = {
    {"GET", "/", home_index, PERM_PUBLIC, true},
    {"GET", "/healthz", home_healthz, PERM_PUBLIC},
    /* Browsers still ask for /favicon.ico whatever the page names: the icon is the SVG. */
    {"GET", "/favicon.ico", home_favicon, PERM_PUBLIC},
    /* The SPID/CIE federation reads coprog's entity configuration here. */
    {"GET", "/.well-known/openid-federation", identity_entity_configuration_page, PERM_PUBLIC},
    {"GET", "/resolve", identity_resolve_page, PERM_PUBLIC},
    /* SPID/CIE sign-in: to the provider, and its answer. */
    {"GET", "/oidc/login", identity_login_start, PERM_PUBLIC},
    {"GET", "/oidc/callback", identity_callback, PERM_PUBLIC},
    {"GET", "/login", accounts_login_form, PERM_PUBLIC},
    /* The second factor of the roles that decide: the code after the password, enrolment. */
    {"GET", "/login/second-factor", second_factor_form, PERM_USER},
    {"POST", "/login/second-factor", second_factor_submit, PERM_USER},
    {"GET", "/account/second-factor", second_factor_page, PERM_USER},
    {"POST", "/account/second-factor", second_factor_enrol, PERM_USER},
    {"POST", "/login", accounts_login, PERM_PUBLIC},
    {"POST", "/logout", accounts_logout, PERM_USER},
    {"GET", "/account", accounts_profile, PERM_USER},
    {"POST", "/account/password", accounts_password, PERM_USER},
    {"GET", "/account/tokens", accounts_tokens, PERM_USER},
    {"POST", "/account/tokens", accounts_token_create, PERM_USER},
    {"POST", "/account/tokens/{id}/revoke", accounts_token_revoke, PERM_USER},
    {"GET", "/admin/users", accounts_users, ROLE_ADMIN},
    {"POST", "/admin/users", accounts_user_add, ROLE_ADMIN},
    {"GET", "/admin/users/{id}", accounts_user, ROLE_ADMIN},
    {"POST", "/admin/users/{id}/roles", accounts_user_grant, ROLE_ADMIN},
    {"POST", "/admin/users/{id}/roles/{mid}/revoke", accounts_user_revoke, ROLE_ADMIN},
    {"POST", "/admin/users/{id}/active", accounts_user_active, ROLE_ADMIN},
    {"GET", "/admin/cities", cities_admin, ROLE_ADMIN},
    {"POST", "/admin/cities", cities_add, ROLE_ADMIN},
    {"POST", "/admin/cities/{id}", cities_rename, ROLE_ADMIN},
    {"GET", "/admin/bodies", bodies_admin, ROLE_ADMIN},
    {"POST", "/admin/bodies/{id}", bodies_update, ROLE_ADMIN},
    {"GET", "/admin/trust", trust_page, ROLE_ADMIN},
    {"POST", "/admin/trust", trust_update, ROLE_ADMIN},
    {"GET", "/admin/outbox", outbox_page, ROLE_ADMIN},
    {"GET", "/audit", home_audit, ROLE_AUDITOR | ROLE_ADMIN},

    {"GET", "/operations", plan_operations_index, PERM_PUBLIC, true},
    {"GET", "/operations/new", plan_operation_form, ROLE_OFFICER},
    {"POST", "/operations", plan_operation_create, ROLE_OFFICER},
    {"GET", "/operations/{id}", plan_operation_show, PERM_PUBLIC, true},
    {"GET", "/operations/{id}/edit", plan_operation_form, ROLE_OFFICER},
    {"GET", "/operations/{id}/progress", reports_operation, PERM_PUBLIC, true},
    {"GET", "/operations/{id}/report.xlsx", reports_operation_xlsx, REPORTERS},
    {"POST", "/operations/{id}", plan_operation_update, ROLE_OFFICER},

    {"GET", "/spaces", spaces_index, PERM_PUBLIC, true},
    {"GET", "/spaces/new", spaces_form, ROLE_OFFICER},
    {"POST", "/spaces", spaces_create, ROLE_OFFICER},
    {"GET", "/spaces/{id}", spaces_show, PERM_PUBLIC, true},
    {"GET", "/spaces/{id}/edit", spaces_form, ROLE_OFFICER},
    {"POST", "/spaces/{id}", spaces_update, ROLE_OFFICER},
    {"POST", "/spaces/{id}/photos", spaces_photo_add, ROLE_OFFICER},
    {"GET", "/spaces/{id}/photos/{pid}", spaces_photo, PERM_PUBLIC},

    {"GET", "/calls", calls_index, PERM_PUBLIC, true},
    {"GET", "/calls/new", calls_form, ROLE_OFFICER},
    {"POST", "/calls", calls_create, ROLE_OFFICER},
    {"GET", "/calls/{id}", calls_show, PERM_PUBLIC, true},
    {"GET", "/calls/{id}/text", calls_text, PERM_PUBLIC},
    {"GET", "/calls/{id}/pdf", calls_pdf, PERM_PUBLIC},
    {"GET", "/calls/{id}/timeline", timeline_page, PERM_PUBLIC, true},
    {"GET", "/calls/{id}/edit", calls_form, ROLE_OFFICER},
    {"POST", "/calls/{id}", calls_update, ROLE_OFFICER},
    {"POST", "/calls/{id}/publish", calls_publish, ROLE_OFFICER},
    {"POST", "/calls/{id}/transition", calls_transition, ROLE_OFFICER},
    {"POST", "/calls/{id}/questions", calls_ask, ROLE_ETS},
    {"POST", "/calls/{id}/questions/{qid}/answer", calls_answer, ROLE_OFFICER},

    {"GET", "/calls/{id}/proposals/new", proposals_new, ROLE_ETS},
    {"POST", "/calls/{id}/proposals", proposals_create, ROLE_ETS},
    {"GET", "/proposals", proposals_index, ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR, true},
    {"GET", "/proposals/{id}", proposals_show, ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR, true},
    {"GET", "/proposals/{id}/edit", proposals_edit, ROLE_ETS},
    {"POST", "/proposals/{id}", proposals_update, ROLE_ETS},
    {"POST", "/proposals/{id}/submit", proposals_submit, ROLE_ETS},
    {"POST", "/proposals/{id}/withdraw", proposals_withdraw, ROLE_ETS},
    {"GET", "/proposals/{id}/attachments/{aid}", proposals_attachment,
     ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR},
    {"GET", "/proposals/{id}/receipts/{version}", proposals_receipt,
     ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR},
    {"GET", "/calls/{id}/evaluation", evaluation_dashboard,
     ROLE_OFFICER | ROLE_EVALUATOR | ROLE_AUDITOR},
    {"POST", "/calls/{id}/admissibility", evaluation_admissibility, ROLE_OFFICER},
    {"POST", "/calls/{id}/commission", evaluation_commission, ROLE_OFFICER},
    {"POST", "/calls/{id}/commission/replace", evaluation_replace, ROLE_OFFICER},
    {"GET", "/calls/{id}/evaluation/{pid}", evaluation_sheet, ROLE_EVALUATOR},
    {"POST", "/calls/{id}/evaluation/{pid}/declare", evaluation_declare, ROLE_EVALUATOR},
    {"POST", "/calls/{id}/evaluation/{pid}/scores", evaluation_scores, ROLE_EVALUATOR},
    {"POST", "/calls/{id}/ranking", evaluation_publish, ROLE_OFFICER},
    {"GET", "/calls/{id}/ranking", ranking_page, PERM_PUBLIC, true},
    {"GET", "/calls/{id}/ranking.csv", ranking_csv, PERM_PUBLIC},
    {"GET", "/calls/{id}/ranking.xlsx", ranking_xlsx, PERM_PUBLIC},

    {"GET", "/calls/{id}/tables", tables_of_call, ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"POST", "/calls/{id}/tables", tables_open, ROLE_OFFICER},
    {"GET", "/tables/{id}", tables_show, ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR, true},
    {"POST", "/tables/{id}/guests", tables_guest, ROLE_OFFICER},
    {"POST", "/tables/{id}/sessions", tables_session, ROLE_OFFICER},
    {"POST", "/tables/{id}/decisions", tables_decision, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/tables/{id}/documents", tables_document, ROLE_OFFICER | ROLE_ETS},
    {"GET", "/tables/{id}/documents/{did}/{version}", tables_document_get,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"POST", "/tables/{id}/project", tables_project, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/tables/{id}/approve", tables_approve_project, ROLE_OFFICER},
    {"POST", "/sessions/{id}/minutes", tables_minutes, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/sessions/{id}/approve", tables_approve_minutes, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/sessions/{id}/attendance", tables_attendance, ROLE_OFFICER},

    {"GET", "/sessions/{id}/minutes/pdf", minutes_pdf, ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"GET", "/sessions/{id}/minutes/to-sign.pdf", minutes_to_sign_pdf,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"GET", "/sessions/{id}/minutes/signed", minutes_signed_page,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"POST", "/sessions/{id}/minutes/signed", minutes_signed_upload, ROLE_OFFICER | ROLE_ETS},
    {"GET", "/sessions/{id}/minutes/signed/{fid}", minutes_signed_download,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"GET", "/tables/{id}/project/pdf", project_pdf, ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"GET", "/tables/{id}/project/to-sign.pdf", project_to_sign_pdf,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"GET", "/tables/{id}/project/signed", project_signed_page,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"POST", "/tables/{id}/project/signed", project_signed_upload, ROLE_OFFICER | ROLE_ETS},
    {"GET", "/tables/{id}/project/signed/{fid}", project_signed_download,
     ROLE_OFFICER | ROLE_ETS | ROLE_AUDITOR},
    {"GET", "/calls/{id}/to-sign.pdf", call_to_sign_pdf,
     ROLE_OFFICER | ROLE_CONTROLLER | ROLE_AUDITOR},
    {"GET", "/calls/{id}/signed", call_signed_page, ROLE_OFFICER | ROLE_CONTROLLER | ROLE_AUDITOR},
    {"POST", "/calls/{id}/signed", call_signed_upload, ROLE_OFFICER},
    {"GET", "/calls/{id}/signed/{fid}", call_signed_download,
     ROLE_OFFICER | ROLE_CONTROLLER | ROLE_AUDITOR},
    {"POST", "/tables/{id}/agreement", agreements_create, ROLE_OFFICER},
    {"GET", "/agreements", agreements_index, PERM_PUBLIC, true},
    {"GET", "/agreements/{id}", agreements_show, PERM_PUBLIC, true},
    {"GET", "/agreements/{id}/pdf", agreements_pdf, PERM_PUBLIC},
    {"POST", "/agreements/{id}/sign", agreements_sign, ROLE_ETS | ROLE_OFFICER},
    /* Qualified signatures: the PDF every party signs, the signed files verified and kept. */
    {"GET", "/agreements/{id}/to-sign.pdf", agreements_to_sign, PERM_PUBLIC},
    {"POST", "/agreements/{id}/signed", agreements_signed_upload, ROLE_ETS | ROLE_OFFICER},
    {"GET", "/agreements/{id}/signed/{fid}", agreements_signed_download, PERM_PUBLIC},
    {"POST", "/agreements/{id}/activate", agreements_activate, ROLE_OFFICER},
    {"POST", "/agreements/{id}/close", agreements_close, ROLE_OFFICER},

    {"GET", "/monitoring", monitoring_overview, PERM_PUBLIC, true},
    {"GET", "/monitoring/igrue", reports_igrue, REPORTERS},
    {"GET", "/monitoring/igrue/{file}", reports_igrue_file, REPORTERS},
    {"GET", "/agreements/{id}/indicators", monitoring_page, PERM_PUBLIC, true},
    {"POST", "/agreements/{id}/periods", monitoring_period_new, ROLE_ETS},
    {"POST", "/periods/{id}/values", monitoring_period_values, ROLE_ETS},
    {"POST", "/periods/{id}/submit", monitoring_period_submit, ROLE_ETS},
    {"POST", "/periods/{id}/decide", monitoring_period_decide, ROLE_OFFICER},

    {"GET", "/agreements/{id}/participants", participants_page, PERM_PUBLIC},
    {"POST", "/agreements/{id}/participants", participants_create, ROLE_ETS},
    {"POST", "/participants/{id}/exit", participants_exit, ROLE_ETS},
    {"POST", "/participants/{id}/identity", participants_identity, ROLE_ETS | ROLE_CONTROLLER},

    {"GET", "/agreements/{id}/claims", claims_index, PARTIES},
    {"POST", "/agreements/{id}/claims", claims_create, ROLE_ETS},
    {"GET", "/claims/{id}", claims_show, PARTIES, true},
    {"POST", "/claims/{id}/lines", claims_line_add, ROLE_ETS},
    {"POST", "/claims/{id}/submit", claims_submit, ROLE_ETS},
    {"POST", "/claims/{id}/check", claims_close_check, ROLE_CONTROLLER},
    {"POST", "/claims/{id}/spot-check", controls_spot_check, ROLE_CONTROLLER},
    {"POST", "/lines/{id}/delete", claims_line_delete, ROLE_ETS},
    {"GET", "/lines/{id}/document", claims_line_document, PARTIES},
    {"POST", "/lines/{id}/check", claims_line_check, ROLE_CONTROLLER},
    {"GET", "/controls", controls_index, ROLE_CONTROLLER, true},
    {"POST", "/controls/draws", controls_draw, ROLE_CONTROLLER},
    {"POST", "/agreements/{id}/payments", payments_request, ROLE_ETS},
    {"POST", "/payments/{id}/paid", payments_paid, ROLE_OFFICER},

    {"GET", "/housing", housing_index, HOUSING_OFFICES, true},
    {"POST", "/housing/import", housing_import_file, HOUSING_OFFICES},
    {"POST", "/residents/{id}/verify", housing_verify, HOUSING_OFFICES},
    {"GET", "/join", housing_join_form, PERM_PUBLIC},
    {"POST", "/join", housing_join, PERM_PUBLIC},
    {"GET", "/signup", housing_signup_form, PERM_PUBLIC},
    {"POST", "/signup", housing_signup, PERM_PUBLIC},
    {"GET", "/my/home", housing_my_home, ROLE_RESIDENT, true},
    {"GET", "/my/data", privacy_page, ROLE_RESIDENT},
    {"GET", "/my/data.json", privacy_download, ROLE_RESIDENT},
    {"POST", "/my/data/erase", privacy_erase_me, ROLE_RESIDENT},

    {"GET", "/tickets", tickets_index, ROLE_RESIDENT, true},
    {"POST", "/tickets", tickets_create, ROLE_RESIDENT},
    {"GET", "/tickets/{id}", tickets_show, ROLE_RESIDENT | TICKET_STAFF, true},
    {"GET", "/tickets/{id}/photos/{pid}", tickets_photo, ROLE_RESIDENT | TICKET_STAFF},
    {"POST", "/tickets/{id}/comments", tickets_comment, ROLE_RESIDENT | TICKET_STAFF},
    {"POST", "/tickets/{id}/state", tickets_state, ROLE_RESIDENT | TICKET_STAFF},
    {"GET", "/queue", tickets_queue_page, TICKET_STAFF, true},

    /* Low-threshold services: the directory is public, places are worked by the city's
     * officers and the bodies of its city (street teams, the bodies running services). */
    {"GET", "/services", services_index, PERM_PUBLIC, true},
    {"POST", "/services", services_create, ROLE_OFFICER},
    {"POST", "/services/locations", services_locations_create, ROLE_OFFICER},
    {"POST", "/services/winter", services_winter_declare, ROLE_OFFICER},
    {"GET", "/services/guide.pdf", services_guide, PERM_PUBLIC, true},
    {"GET", "/services/board", services_board_page, ROLE_OFFICER | ROLE_ETS, true},
    {"GET", "/services/board/stamp", services_board_stamp, ROLE_OFFICER | ROLE_ETS},
    /* The night count: officers run it, the bodies' volunteers tally. */
    {"GET", "/services/counts", counts_index, ROLE_OFFICER | ROLE_ETS, true},
    {"POST", "/services/counts", counts_create, ROLE_OFFICER},
    {"GET", "/services/counts/{id}", counts_show, ROLE_OFFICER | ROLE_ETS, true},
    {"POST", "/services/counts/{id}/pairs", counts_pair, ROLE_OFFICER},
    {"POST", "/services/counts/{id}/tallies", counts_tally, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/services/counts/{id}/close", counts_close, ROLE_OFFICER},
    {"GET", "/services/reports", services_reports, ROLE_OFFICER | ROLE_AUDITOR},
    {"GET", "/services/{id}", services_show, PERM_PUBLIC},
    {"POST", "/services/{id}/places", services_places_add, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/services/{id}/status", services_status, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/services/{id}/holds", services_hold, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/services/{id}/turnaways", services_turnaway, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/holds/{id}/check-in", holds_check_in, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/holds/{id}/release", holds_release, ROLE_OFFICER | ROLE_ETS},
    /* Street teams: contacts recorded on a phone, with or without signal; the city's zones. */
    {"GET", "/street/contacts", street_contacts_page, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/street/contacts", street_contacts_create, ROLE_OFFICER | ROLE_ETS},
    {"GET", "/street/sw.js", street_worker, PERM_PUBLIC},
    {"GET", "/street/zones", street_zones_page, ROLE_OFFICER},
    {"POST", "/street/zones", street_zones_create, ROLE_OFFICER},
    /* Public alerts: anyone tells, the street teams take them, a private link follows them. */
    {"GET", "/alerts/new", alerts_new_form, PERM_PUBLIC},
    {"POST", "/alerts", alerts_report, PERM_PUBLIC},
    {"GET", "/alerts/track/{code}", alerts_track, PERM_PUBLIC},
    {"GET", "/alerts", alerts_index, ROLE_OFFICER | ROLE_ETS, true},
    {"POST", "/alerts/{id}", alerts_update, ROLE_OFFICER | ROLE_ETS},
    /* The person's pathway: records, each opening logged; the person's own page by card. */
    {"GET", "/people", people_index, PATHWAY_READERS, true},
    {"POST", "/people", people_create, ROLE_SOCIAL},
    {"GET", "/people/by-name", by_name_page, ROLE_SOCIAL, true},
    {"GET", "/people/priority-rule", priority_rule_page, ROLE_SOCIAL | ROLE_OFFICER, true},
    {"POST", "/people/priority-rule", priority_rule_save, ROLE_OFFICER},
    {"GET", "/people/retention", retention_page, ROLE_SOCIAL | ROLE_OFFICER, true},
    {"POST", "/people/retention", retention_save, ROLE_OFFICER},
    {"GET", "/people/report", people_report, ROLE_SOCIAL | ROLE_OFFICER, true},
    {"GET", "/people/siuss", siuss_page, ROLE_SOCIAL | ROLE_OFFICER, true},
    {"POST", "/people/siuss/codes", siuss_code_save, ROLE_OFFICER},
    {"GET", "/people/siuss.csv", siuss_export, ROLE_SOCIAL | ROLE_OFFICER, true},
    {"GET", "/people/{id}", people_show, PATHWAY_READERS, true},
    {"GET", "/people/{id}/pathway", pathway_page, PATHWAY_READERS, true},
    {"POST", "/people/{id}/pathway", pathway_start, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/needs", pathway_needs, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/goals", pathway_goal, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/goals/{gid}", pathway_goal_state, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/goals/{gid}/actions", pathway_action, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/actions/{aid}/done", pathway_action_done, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/acknowledge", pathway_acknowledge, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/reviews", pathway_review_add, ROLE_SOCIAL},
    {"POST", "/people/{id}/pathway/close", pathway_end, ROLE_SOCIAL},
    {"POST", "/people/{id}/referrals", pathway_referral, ROLE_SOCIAL},
    {"POST", "/people/{id}/contacts", pathway_link_contact, PATHWAY_READERS},
    {"POST", "/people/{id}/street-contacts", pathway_write_contact, PATHWAY_READERS},
    {"POST", "/people/{id}/stays", pathway_link_hold, PATHWAY_READERS},
    {"POST", "/people/{id}/alerts", pathway_link_alert, PATHWAY_READERS},
    {"POST", "/people/{id}/participants", pathway_enrol, ROLE_ETS},
    {"POST", "/people/{id}/address", address_ask, ROLE_SOCIAL},
    {"POST", "/people/{id}/address/end", address_finish, ROLE_SOCIAL},
    {"POST", "/people/{id}/mail", mail_arrived, ROLE_SOCIAL},
    {"POST", "/people/{id}/mail/{mid}/handed", mail_handed, ROLE_SOCIAL},
    {"POST", "/people/{id}/placements", placement_create, ROLE_SOCIAL},
    {"POST", "/people/{id}/household", household_new, ROLE_SOCIAL},
    {"POST", "/people/{id}/step-free", person_step_free, ROLE_SOCIAL},
    {"GET", "/households", households_page, ROLE_SOCIAL, true},
    {"GET", "/households/{id}", household_page, ROLE_SOCIAL},
    {"POST", "/households/{id}/members", household_member_add, ROLE_SOCIAL},
    {"POST", "/households/{id}/members/{pid}/leave", household_member_leave, ROLE_SOCIAL},
    /* Housing First and housing-led placements. */
    {"GET", "/housing-first", housing_first_page, ROLE_SOCIAL, true},
    {"POST", "/housing-first/homes", hf_home_create, ROLE_SOCIAL},
    {"GET", "/housing-first/homes/{id}", home_match_page, ROLE_SOCIAL},
    {"POST", "/placements/{id}/move-in", placement_moved, ROLE_SOCIAL},
    {"POST", "/placements/{id}/decline", placement_declined, ROLE_SOCIAL},
    {"POST", "/placements/{id}/end", placement_ended, ROLE_SOCIAL},
    {"POST", "/placements/{id}/visits", placement_visited, ROLE_SOCIAL},
    /* The protocol register: the city's officers register and cancel, its controllers read. */
    {"GET", "/protocol", protocol_index, ROLE_OFFICER | ROLE_CONTROLLER},
    {"POST", "/protocol", protocol_create, ROLE_OFFICER},
    {"GET", "/protocol/daily", protocol_daily_index, ROLE_OFFICER | ROLE_CONTROLLER},
    {"GET", "/protocol/daily/{day}", protocol_daily_file, ROLE_OFFICER | ROLE_CONTROLLER},
    {"GET", "/protocol/export", protocol_export_package, ROLE_OFFICER | ROLE_CONTROLLER},
    {"GET", "/protocol/{id}", protocol_show, ROLE_OFFICER | ROLE_CONTROLLER},
    {"GET", "/protocol/{id}/metadata", protocol_metadata_show, ROLE_OFFICER | ROLE_CONTROLLER},
    {"POST", "/protocol/{id}/cancel", protocol_cancel_entry, ROLE_OFFICER},
    {"GET", "/protocol/{id}/files/{pos}", protocol_file_download, ROLE_OFFICER | ROLE_CONTROLLER},
    /* The registry office: residence at the city's fictitious street. */
    {"GET", "/registry", registry_page, ROLE_REGISTRY, true},
    {"POST", "/registry/street", registry_street, ROLE_REGISTRY},
    {"GET", "/registry/{id}", registry_request, ROLE_REGISTRY},
    {"POST", "/registry/{id}/decide", registry_decide, ROLE_REGISTRY},
    {"GET", "/registry/{id}/certificate.pdf", registry_certificate, ROLE_REGISTRY | ROLE_SOCIAL},
    {"POST", "/people/{id}/ethos", people_ethos, ROLE_SOCIAL},
    {"POST", "/people/{id}/consents", people_consent, ROLE_SOCIAL},
    {"POST", "/people/{id}/consents/{cid}/revoke", people_consent_revoke, ROLE_SOCIAL},
    {"GET", "/people/{id}/special", people_special, ROLE_SOCIAL},
    {"POST", "/people/{id}/special", people_special_add, ROLE_SOCIAL},
    {"POST", "/people/{id}/grants", people_grant, ROLE_SOCIAL},
    {"POST", "/people/{id}/card", people_card, ROLE_SOCIAL},
    {"POST", "/people/{id}/merge", people_merge, ROLE_SOCIAL},
    {"POST", "/people/{id}/distinct", people_distinct, ROLE_SOCIAL},
    {"POST", "/people/{id}/merges/{mid}/undo", people_merge_undo, ROLE_SOCIAL},
    {"GET", "/referrals", referrals_page, PATHWAY_READERS, true},
    {"POST", "/referrals/{id}/answer", referrals_answer, ROLE_ETS},
    {"POST", "/referrals/{id}/complete", referrals_complete, ROLE_ETS},
    {"GET", "/card", card_form, PERM_PUBLIC},
    {"POST", "/card", card_open, PERM_PUBLIC},
    {"POST", "/card/consents/{cid}/revoke", card_revoke, PERM_PUBLIC},
    {"POST", "/card/export", card_export, PERM_PUBLIC},
    {"GET", "/my/record", my_record_page, PERM_USER},
    {"POST", "/my/record/consents/{cid}/revoke", my_record_revoke, PERM_USER},
    {"POST", "/my/record/export", my_record_export, PERM_USER},
    /* The same directory as Open Referral's HSDS 3.0 API. */
    {"GET", "/hsds", hsds_root, PERM_PUBLIC},
    {"GET", "/hsds/services", hsds_services_list, PERM_PUBLIC},
    {"GET", "/hsds/services/{id}", hsds_services_one, PERM_PUBLIC},
    {"GET", "/hsds/organizations", hsds_organizations_list, PERM_PUBLIC},
    {"GET", "/hsds/organizations/{id}", hsds_organizations_one, PERM_PUBLIC},
    {"GET", "/hsds/service_at_locations", hsds_sites_list, PERM_PUBLIC},
    {"GET", "/hsds/service_at_locations/{id}", hsds_sites_one, PERM_PUBLIC},

    {"GET", "/hubs", hubs_index, PERM_PUBLIC, true},
    {"POST", "/hubs", hubs_create, ROLE_OFFICER},
    {"GET", "/hubs/{id}", hubs_show, PERM_PUBLIC, true}, /* also /hubs/{id}.ics, its calendar */
    {"POST", "/hubs/{id}", hubs_update, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/hubs/{id}/services", hubs_service_add, ROLE_OFFICER | ROLE_ETS},
    {"POST", "/hubs/{id}/buildings", hubs_buildings, ROLE_OFFICER},

    {"GET", "/committees", committees_index, ROLE_OFFICER | ROLE_RESIDENT, true},
    {"POST", "/committees", committees_create, ROLE_OFFICER},
    {"GET", "/committees/{id}", committees_show, ROLE_OFFICER | ROLE_RESIDENT, true},
    {"POST", "/committees/{id}/members", committees_member_add, ROLE_OFFICER},
    {"POST", "/committees/{id}/members/{uid}/remove", committees_member_remove, ROLE_OFFICER},

    {"POST", "/flags", moderation_flag_create, ROLE_RESIDENT},
    {"GET", "/moderation", moderation_page, ROLE_OFFICER},
    {"POST", "/moderation/decide", moderation_decide_post, ROLE_OFFICER},

    {"GET", "/rooms", rooms_index, ROLE_RESIDENT | ROLE_OFFICER, true},
    {"POST", "/rooms", rooms_create, ROLE_OFFICER},
    {"GET", "/rooms/{id}", rooms_show, ROLE_RESIDENT | ROLE_OFFICER, true},
    {"POST", "/rooms/{id}/bookings", bookings_create, ROLE_RESIDENT},
    {"POST", "/bookings/{id}/cancel", bookings_cancel, ROLE_RESIDENT | ROLE_OFFICER},
    {"POST", "/bookings/{id}/decide", bookings_decide, ROLE_OFFICER},

    {"GET", "/timebank", timebank_page, ROLE_RESIDENT, true},
    {"POST", "/timebank/posts", timebank_post, ROLE_RESIDENT},
    {"POST", "/timebank/posts/{id}/close", timebank_close, ROLE_RESIDENT},
    {"POST", "/timebank/posts/{id}/exchange", timebank_exchange, ROLE_RESIDENT},
    {"POST", "/exchanges/{id}/decide", timebank_decide, ROLE_RESIDENT},
    {"GET", "/timebank/report", timebank_report_page, PERM_PUBLIC, true},

    /* Shared care of public goods: the register, collaboration pacts, the regulation. */
    {"GET", "/commons", commons_index, PERM_PUBLIC, true},
    {"POST", "/commons/goods", commons_good_add, ROLE_OFFICER},
    {"GET", "/commons/goods/{id}", commons_good_show, PERM_PUBLIC, true},
    {"GET", "/commons/rules", commons_rules, PERM_PUBLIC, true},
    {"POST", "/commons/rules", commons_rules_save, ROLE_OFFICER},
    {"GET", "/commons/pacts", commons_pacts, PERM_PUBLIC, true},
    {"POST", "/commons/pacts", commons_pact_propose, ROLE_RESIDENT | ROLE_ETS},
    {"GET", "/commons/pacts/{id}", commons_pact_show, PERM_PUBLIC, true},
    {"POST", "/commons/pacts/{id}/publish", commons_pact_publish, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/sign", commons_pact_sign, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/reject", commons_pact_reject, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/revoke", commons_pact_revoke, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/renew", commons_pact_renew, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/comments", commons_pact_comment, PERM_USER},
    {"POST", "/commons/pacts/{id}/join", commons_pact_join, ROLE_RESIDENT | ROLE_ETS},
    {"POST", "/commons/pacts/{id}/disputes", commons_dispute_raise,
     ROLE_OFFICER | ROLE_RESIDENT | ROLE_ETS},
    {"POST", "/commons/disputes/{id}/committee", commons_dispute_committee, ROLE_OFFICER},
    {"POST", "/commons/disputes/{id}/close", commons_dispute_close, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/leave", commons_pact_leave, ROLE_RESIDENT | ROLE_ETS},
    {"POST", "/commons/pacts/{id}/ledger", commons_pact_ledger,
     ROLE_OFFICER | ROLE_RESIDENT | ROLE_ETS},
    {"POST", "/commons/pacts/{id}/days", commons_pact_day, ROLE_OFFICER | ROLE_RESIDENT | ROLE_ETS},
    {"GET", "/commons/insurance.csv", commons_insurance_csv, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/reports", commons_pact_report,
     ROLE_OFFICER | ROLE_RESIDENT | ROLE_ETS},
    {"GET", "/commons/pacts/{id}/photos/{photo}", commons_pact_photo, PERM_PUBLIC, true},
    {"POST", "/commons/goods/{id}/routes", commons_route_start, ROLE_OFFICER},
    {"POST", "/commons/goods/{id}/space", commons_good_space, ROLE_OFFICER},
    {"POST", "/commons/goods/{id}/notices", commons_notice_publish, ROLE_OFFICER},
    {"GET", "/commons/notices/{id}", commons_notice_show, PERM_PUBLIC, true},
    {"POST", "/commons/notices/{id}/meeting", commons_notice_meeting, ROLE_OFFICER},
    {"POST", "/commons/notices/{id}/void", commons_notice_void, ROLE_OFFICER},
    {"POST", "/commons/pacts/{id}/giunta", commons_pact_giunta, ROLE_OFFICER},
    {"POST", "/commons/routes/{id}/advance", commons_route_advance, ROLE_OFFICER},
    {"POST", "/commons/routes/{id}/refuse", commons_route_refuse, ROLE_OFFICER},
    /* The cities' working group: practices shared and reviewed, model acts with versions. */
    {"GET", "/practices", practices_index, PERM_PUBLIC, true},
    {"GET", "/working-group", working_group_page, ROLE_AUDITOR | ROLE_OFFICER, true},
    {"POST", "/practices", practices_create, ROLE_OFFICER},
    {"GET", "/practices/{id}", practices_show, PERM_PUBLIC, true},
    {"POST", "/practices/{id}/reviews", practices_review, ROLE_OFFICER},
    {"GET", "/acts", acts_index, PERM_PUBLIC, true},
    {"POST", "/acts", acts_create, ROLE_OFFICER},
    {"GET", "/acts/{id}", acts_show, PERM_PUBLIC, true},
    {"POST", "/acts/{id}/versions", acts_version, ROLE_OFFICER},
    /* Who works with whom, derived from the records. */
    {"GET", "/network", network_page, ROLE_OFFICER | ROLE_CONTROLLER, true},
    {"GET", "/network.graphml", network_graphml_file, ROLE_OFFICER | ROLE_CONTROLLER},
    {"GET", "/network.json", network_json, ROLE_OFFICER | ROLE_CONTROLLER, true},
    {"GET", "/network/actors", network_actors, PERM_PUBLIC, true},
    {"GET", "/network/actors/{id}", network_actor, PERM_PUBLIC, true},
    {"POST", "/network/actors/{id}/profile", network_actor_profile, ROLE_ETS},
    {"POST", "/network/actors/{id}/items", network_actor_item, ROLE_ETS},
    {"POST", "/network/actors/{id}/items/{item}/withdraw", network_actor_withdraw, ROLE_ETS},
    {"GET", "/ideas", ideas_index, PERM_PUBLIC, true},
    {"POST", "/ideas", ideas_create, ROLE_RESIDENT},
    {"GET", "/ideas/{id}", ideas_show, PERM_PUBLIC, true},
    {"POST", "/ideas/{id}/support", ideas_support, ROLE_RESIDENT},
    {"POST", "/ideas/{id}/comments", ideas_comment, ROLE_RESIDENT},
    {"POST", "/ideas/{id}/answer", ideas_answer, ROLE_OFFICER},

    {"GET", "/events", events_index, PERM_PUBLIC, true},
    {"POST", "/events", events_create, ROLE_ETS},
    {"GET", "/events/{id}", events_show, PERM_PUBLIC, true},
    {"POST", "/events/{id}/register", events_register, ROLE_RESIDENT},
    {"POST", "/events/{id}/cancel", events_cancel, ROLE_RESIDENT},
    {"POST", "/events/{id}/attendance", events_attendance, ROLE_ETS},
    {"GET", "/my/calendar", events_calendar_page, ROLE_RESIDENT},
    {"POST", "/my/calendar", events_calendar_new, ROLE_RESIDENT},
    {"GET", "/calendar/{file}", events_private_ics, PERM_PUBLIC},
    {"GET", "/transparency", tickets_transparency_page, PERM_PUBLIC, true},
    {"GET", "/notifications", notifications_page, PERM_USER, true},
    {"POST", "/notifications/read", notifications_mark_read, PERM_USER},
    {"GET", "/my/notifications", notify_prefs_page, PERM_USER},
    {"POST", "/my/notifications", notify_prefs_save, PERM_USER},

    {"GET", "/opendata", opendata_index, PERM_PUBLIC, true},
    {"GET", "/opendata/{file}", opendata_file, PERM_PUBLIC},

    {"GET", "/receipts", receipts_page, PERM_PUBLIC},
    {"POST", "/receipts/verify", receipts_verify, PERM_PUBLIC},

    /* Tests move the clock here; answers 404 unless coprog runs with COPROG_TEST_CLOCK. */
    {"POST", "/_test/clock", calls_test_clock, PERM_PUBLIC},
};
#pragma GCC diagnostic pop

const size_t app_nroutes = sizeof app_routes / sizeof app_routes[0];

limits app_default_limits(void)
{
    return (limits){
        .body_max = 25u << 20,
        .bodies_max = (size_t)1 << 30,
        .header_max = 64u << 10,
        .connections = 10000,
        .per_ip = 256,
        .timeout_s = 30,
        .threads = 8,
        .login_per_account = 5,
        .login_per_ip = 50,
        .login_window_s = 900,
    };
}
