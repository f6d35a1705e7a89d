/* The personal access card: printed at the desk (a code and a QR code that opens this site's
 * card page with the code after '#', which browsers never send), and the person's own page,
 * opened with the code on any phone or a hub's computer, no account or e-mail needed: who opened
 * their record, when and why, and what they agreed to, which they may revoke there. The code
 * travels in a POST body only, and guessing is slowed per address as for logins. The same page
 * opens for a signed-in person whose account names their codice fiscale (/my/record). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/pathways/pathways.h"
#include "modules/pathways/routes.h"
#include "view/qr.h"
#include "web/app.h"
#include "web/input.h"

enum { CARD_FREE_TRIES = 10, CARD_WINDOW_S = 3600 };

int people_card(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    char code[CARD_CODE_LEN + 1];
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = card_issue(r->db, city, r->user->id, id, clock_now_us(), code);
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return rc == PATH_NOT_FOUND ? req_error(r, 404, "error.not_found") : -1;
    }
    const char *shown = arena_printf(&r->mem, "%.4s-%.4s-%.4s", code, code + 4, code + 8);
    const char *base = r->app->base_url ? r->app->base_url : "";
    const char *url = arena_printf(&r->mem, "%s/card#%s", base, shown);
    buf svg;
    buf_init(&svg, 1u << 20);
    int qr = qr_svg(url, req_t(r, "pathways.card_qr"), &svg);
    r->view =
        json_pack("{s:I,s:s,s:s,s:s}", "person_id", (json_int_t)id, "code", shown, "card_url",
                  arena_printf(&r->mem, "%s/card", base), "qr", qr || !svg.data ? "" : svg.data);
    buf_free(&svg);
    r->template = "pathways/card_print";
    r->title_key = "pathways.card_title";
    return 0;
}

int card_form(req *r)
{
    r->view = json_object();
    r->template = "pathways/card";
    r->title_key = "pathways.card_own_title";
    return 0;
}

/* The card's record, or an answer given: 422 for what cannot be a code, 404 for a code that
 * opens nothing (counted against the address), 429 past the tries. */
static int64_t card_holder(req *r, char code[CARD_CODE_LEN + 1], int64_t *city, int *answered)
{
    *answered = 0;
    const char *typed = in_text(r, "code", 64, IN_REQUIRED);
    if (!req_has_errors(r) && !card_code_normalise(typed, code))
        req_field_error(r, "code", "pathways.card_code_form");
    if (req_has_errors(r)) {
        *answered = 1;
        req_error(r, 422, "pathways.card_code_form");
        return 0;
    }
    const char *key = arena_printf(&r->mem, "card:%s", r->client_ip);
    int64_t claim = 0;
    int wait = attempt_claim(r->db, key, CARD_FREE_TRIES, true, CARD_WINDOW_S, &claim);
    if (wait) {
        *answered = 1;
        req_limited(r, wait);
        return 0;
    }
    int64_t id = card_person(r->db, code, city);
    if (!id) {
        *answered = 1;
        req_error(r, 404, "pathways.card_unknown");
        return 0;
    }
    /* A right code is not a failure; it does not forgive the address's failures either, or one
     * card would let its holder guess at others' without waiting. */
    attempt_release(r->db, claim);
    return id;
}

static int card_page(req *r, int64_t id, const char *code, const char *done_key)
{
    json_t *v = card_view(r->db, id);
    if (!v) return -1;
    req_label_each(r, json_object_get(v, "consents"), "purpose", "pathways.purpose",
                   "purpose_label");
    req_label_each(r, json_object_get(v, "reads"), "purpose", "pathways.purpose", "purpose_label");
    req_label_each(r, json_object_get(v, "reads"), "part", "pathways.part", "part_label");
    req_label_each(r, json_object_get(v, "mail"), "kind", "pathways.mail_kind", "kind_label");
    const char *ethos = json_string_value(json_object_get(v, "ethos"));
    if (ethos)
        json_object_set_new(v, "ethos_label", json_string(req_t_code(r, "services.ethos", ethos)));
    /* Opened with the card, the forms carry its code; with an account, the session is enough. */
    r->view = json_pack("{s:o,s:s,s:s}", "card", v, "code", code ? code : "", "base",
                        code ? "/card" : "/my/record");
    if (done_key) json_object_set_new(r->view, "done", json_string(req_t(r, done_key)));
    r->template = "pathways/card_view";
    r->title_key = "pathways.card_own_title";
    return 0;
}

int card_open(req *r)
{
    char code[CARD_CODE_LEN + 1];
    int answered;
    int64_t city = 0, id = card_holder(r, code, &city, &answered);
    if (answered) return 0;
    return card_page(r, id, code, NULL);
}

/* The person withdraws a consent, with the card (code) or signed in (code NULL). */
static int own_revoke(req *r, int64_t id, int64_t city, const char *code)
{
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = consent_revoke(r->db, city, id, req_param_id(r, "cid"), 0, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc == PATH_NOT_FOUND) return req_error(r, 404, "error.not_found");
        if (rc == PATH_REVOKED) return req_error(r, 409, "pathways.consent_revoked_already");
        return -1;
    }
    return card_page(r, id, code, "pathways.consent_revoked_by_you");
}

int card_revoke(req *r)
{
    char code[CARD_CODE_LEN + 1];
    int answered;
    int64_t city = 0, id = card_holder(r, code, &city, &answered);
    if (answered) return 0;
    return own_revoke(r, id, city, code);
}

/* Everything held about the person, as a JSON file (GDPR art. 15 and 20): the record whole, its
 * category history, consents, special categories, pathways, registered address, mail, their
 * place in a household and every reading. The person asks with the card; no worker reads it, so
 * nothing is logged. */
static int own_export(req *r, int64_t id, int64_t city)
{
    person_reader self = {.city_id = city, .social = true}; /* every consent, as theirs */
    person_access all = {.name = true, .special = true};
    json_t *v = person_get(r->db, &self, id, &all);
    if (!v) return -1;
    json_t *card = card_view(r->db, id);
    json_object_set_new(v, "reads", json_incref(json_object_get(card, "reads")));
    json_decref(card);
    json_object_del(v, "duplicates");
    json_object_set_new(v, "special", special_list(r->db, city, id));
    json_object_set_new(v, "pathway", pathway_of(r->db, city, id, 0, clock_now_us()));
    json_object_set_new(v, "registered_address", address_of(r->db, city, id));
    json_object_set_new(v, "mail", mail_of(r->db, id));
    /* Their own place in a household; the other members' records are theirs. */
    json_object_set_new(v, "household", household_of(r->db, id));
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(v);
    if (!text) return -1;
    int rc = req_send_file(r, text, strlen(text), "application/json", "i-miei-dati.json");
    free(text);
    return rc;
}

int card_export(req *r)
{
    char code[CARD_CODE_LEN + 1];
    int answered;
    int64_t city = 0, id = card_holder(r, code, &city, &answered);
    if (answered) return 0;
    return own_export(r, id, city);
}

/* The record of the signed-in person: the one of their codice fiscale, which only an
 * administrator or SPID/CIE sets on an account (never the person), not merged into another;
 * 0 when none. */
static int64_t own_record(req *r, int64_t *city)
{
    char cf[17];
    account_tax_code(r->db, r->user->id, cf);
    *city = 0;
    if (!*cf) return 0;
    db_rows *q = db_query(r->db,
                          "SELECT id, city_id FROM people WHERE tax_code = ? AND merged_into IS "
                          "NULL ORDER BY id LIMIT 1",
                          DB_ARGS(DB_TEXT(cf)));
    int64_t id = 0;
    if (q && db_next(q)) {
        id = db_int(q, 0);
        *city = db_int(q, 1);
    }
    if (q) db_rows_close(q);
    return id;
}

int my_record_page(req *r)
{
    int64_t city = 0, id = own_record(r, &city);
    if (!id) {
        r->view = json_object();
        r->template = "pathways/my_record_none";
        r->title_key = "pathways.card_own_title";
        return 0;
    }
    return card_page(r, id, NULL, NULL);
}

int my_record_revoke(req *r)
{
    int64_t city = 0, id = own_record(r, &city);
    if (!id) return req_error(r, 404, "pathways.own_none");
    return own_revoke(r, id, city, NULL);
}

int my_record_export(req *r)
{
    int64_t city = 0, id = own_record(r, &city);
    if (!id) return req_error(r, 404, "pathways.own_none");
    return own_export(r, id, city);
}
