#include "modules/monitoring/reports.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "modules/claims/claims.h"
#include "modules/monitoring/igrue.h"
#include "modules/monitoring/monitoring.h"
#include "modules/monitoring/routes.h"
#include "modules/participants/participants.h"
#include "modules/participants/routes.h"
#include "modules/plan/plan.h"
#include "view/xlsx.h"
#include "web/input.h"

/* Reports roles see their own city's operations; auditors (the managing authority) every
 * city's. */
static bool may_report(req *r, int64_t city_id)
{
    return req_has_role(r, ROLE_AUDITOR) ||
           city_id == req_city_for(r, ROLE_OFFICER | ROLE_CONTROLLER);
}

int reports_operation(req *r)
{
    int64_t id = req_param_id(r, "id");
    json_t *op = plan_operation(r->db, id);
    if (!op) return req_error(r, 404, "error.not_found");
    json_t *progress = monitoring_operation(r->db, id);
    buf svg;
    int rc = monitoring_chart(r, json_object_get(progress, "indicators"), &svg);
    /* Counts over the operation's participants, public: small ones withheld. */
    json_t *counts = participants_counts(r->db, 0, id, true);
    participants_label_counts(r, counts);
    bool reporter = may_report(r, json_integer_value(json_object_get(op, "city_id")));
    r->view = json_pack("{s:o,s:o,s:s,s:o,s:b}", "operation", op, "progress", progress, "chart",
                        rc ? "" : svg.data, "counts", counts ? counts : json_object(),
                        "is_reporter", reporter);
    buf_free(&svg);
    if (rc) return -1;
    r->template = "monitoring/operation";
    r->title_key = "monitoring.operation_title";
    return 0;
}

/* Flattens participant counts into rows for a sheet. */
static json_t *count_rows(req *r, json_t *counts)
{
    json_t *rows = json_array();
    size_t i, k;
    json_t *t, *a;
    json_array_foreach(json_object_get(counts, "traits"), i, t)
    {
        const char *trait = json_string_value(json_object_get(t, "trait"));
        json_array_foreach(json_object_get(t, "answers"), k, a)
        {
            json_array_append_new(
                rows, json_pack("{s:s,s:s,s:O}", "trait",
                                req_t_code(r, "participants.trait", trait), "answer",
                                req_t_code(r, "participants.answer",
                                           json_string_value(json_object_get(a, "answer"))),
                                "count", json_object_get(a, "count")));
        }
    }
    return rows;
}

int reports_operation_xlsx(req *r)
{
    int64_t id = req_param_id(r, "id");
    json_t *op = plan_operation(r->db, id);
    if (!op) return req_error(r, 404, "error.not_found");
    if (!may_report(r, json_integer_value(json_object_get(op, "city_id")))) {
        json_decref(op);
        return req_error(r, 403, "error.forbidden");
    }
    static const xlsx_col OPERATION[] = {{"field", "Campo", 't'}, {"value", "Valore", 't'}};
    static const xlsx_col AGREEMENTS[] = {{"id", "Convenzione", 'n'},
                                          {"organisation", "Ente", 't'},
                                          {"tax_code", "Codice fiscale", 't'},
                                          {"state", "Stato", 't'},
                                          {"funding_cents", "Finanziamento (€)", 'e'},
                                          {"cofinancing_cents", "Cofinanziamento (€)", 'e'},
                                          {"total_cents", "Costo totale (€)", 'e'}};
    static const xlsx_col INDICATORS[] = {{"code", "Codice", 't'},
                                          {"name", "Indicatore", 't'},
                                          {"unit", "Unità", 't'},
                                          {"planned", "Previsto", 'n'},
                                          {"achieved", "Raggiunto", 'n'}};
    static const xlsx_col PARTICIPANTS[] = {
        {"trait", "Caratteristica", 't'}, {"answer", "Risposta", 't'}, {"count", "Persone", 'n'}};
    static const xlsx_col CLAIMS[] = {{"agreement_id", "Convenzione", 'n'},
                                      {"organisation", "Ente", 't'},
                                      {"label", "Rendiconto", 't'},
                                      {"starts_on", "Dal", 't'},
                                      {"ends_on", "Al", 't'},
                                      {"state", "Stato", 't'},
                                      {"amount_cents", "Rendicontato (€)", 'e'},
                                      {"admitted_cents", "Ammesso (€)", 'e'}};
    static const xlsx_col PAYMENTS[] = {{"agreement_id", "Convenzione", 'n'},
                                        {"organisation", "Ente", 't'},
                                        {"instalment", "Quota", 't'},
                                        {"amount_cents", "Importo (€)", 'e'},
                                        {"admitted_cents", "Spese ammesse alla richiesta (€)", 'e'},
                                        {"state", "Stato", 't'},
                                        {"paid_on", "Pagato il", 't'}};
    json_t *fields = json_array();
    const char *keys[] = {"local_code", "cup", "title", "fund", "status", "start_date", "end_date"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        json_t *v = json_object_get(op, keys[k]);
        json_array_append_new(fields, json_pack("{s:s,s:s}", "field", keys[k], "value",
                                                json_is_string(v) ? json_string_value(v) : ""));
    }
    json_array_append_new(
        fields,
        json_pack(
            "{s:s,s:s}", "field", "budget_eur", "value",
            arena_printf(&r->mem, "%.2f",
                         (double)json_integer_value(json_object_get(op, "budget_cents")) / 100)));
    json_t *progress = monitoring_operation(r->db, id);
    json_t *counts = participants_counts(r->db, 0, id, false);
    json_t *people = count_rows(r, counts);
    json_t *claims = claims_of_operation(r->db, id);
    json_t *payments = payments_of_operation(r->db, id);
    xlsx x = {0};
    int rc = xlsx_open(&x);
    if (!rc)
        rc =
            xlsx_sheet(&x, "Operazione", fields, OPERATION, 2) ||
            xlsx_sheet(&x, "Convenzioni", json_object_get(progress, "agreements"), AGREEMENTS, 7) ||
            xlsx_sheet(&x, "Indicatori", json_object_get(progress, "indicators"), INDICATORS, 5) ||
            xlsx_sheet(&x, "Partecipanti", people, PARTICIPANTS, 3) ||
            xlsx_sheet(&x, "Rendiconti", claims, CLAIMS, 8) ||
            xlsx_sheet(&x, "Pagamenti", payments, PAYMENTS, 7);
    buf_init(&r->body, 64u << 20);
    if (x.wb && xlsx_close(&x, &r->body)) rc = -1;
    const char *code = arena_strdup(&r->mem, json_string_value(json_object_get(op, "local_code")));
    json_decref(fields);
    json_decref(progress);
    json_decref(counts);
    json_decref(people);
    json_decref(claims);
    json_decref(payments);
    json_decref(op);
    if (rc) return -1;
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem, "attachment; filename=\"operazione-%s.xlsx\"", code));
    return 0;
}

/* The operations a request may export: those asked for (operation=ID, repeated) among the
 * visible ones, or every visible one. Visible: the user's city, or all for auditors. */
static int chosen_operations(req *r, int64_t **out)
{
    bool all = req_has_role(r, ROLE_AUDITOR);
    int64_t city = req_city_for(r, ROLE_OFFICER | ROLE_CONTROLLER);
    json_t *ops =
        db_query_json(r->db, "SELECT id FROM operations WHERE city_id = ? OR ? = 1 ORDER BY id",
                      DB_ARGS(DB_INT(city), DB_INT(all)));
    const char **asked = NULL;
    int nasked = in_list(r, "operation", &asked);
    int64_t *ids = arena_alloc(&r->mem, sizeof(int64_t) * (json_array_size(ops) + 1));
    int n = 0;
    size_t i;
    json_t *o;
    json_array_foreach(ops, i, o)
    {
        int64_t id = json_integer_value(json_object_get(o, "id"));
        bool take = nasked == 0;
        for (int k = 0; k < nasked && !take; k++) take = strtoll(asked[k], NULL, 10) == id;
        if (take && ids) ids[n++] = id;
    }
    json_decref(ops);
    *out = ids;
    return n;
}

static const char *as_of_date(req *r)
{
    const char *d = in_date(r, "date", IN_OPTIONAL);
    if (d) return d;
    char today[11];
    time_t t = (time_t)(clock_now_us() / 1000000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    return arena_strdup(&r->mem, today);
}

int reports_igrue(req *r)
{
    bool all = req_has_role(r, ROLE_AUDITOR);
    json_t *ops = db_query_json(
        r->db,
        "SELECT o.id, o.local_code, o.title, ci.name AS city "
        "FROM operations o JOIN cities ci ON ci.id = o.city_id "
        "WHERE o.city_id = ? OR ? = 1 ORDER BY ci.name, o.local_code",
        DB_ARGS(DB_INT(req_city_for(r, ROLE_OFFICER | ROLE_CONTROLLER)), DB_INT(all)));
    json_t *structures = json_array();
    for (int s = 0; s < IGRUE_NSTRUCTURES; s++)
        json_array_append_new(
            structures,
            json_pack("{s:s,s:s,s:s}", "name", IGRUE_STRUCTURES[s], "columns", IGRUE_COLUMNS[s],
                      "label", req_t_code(r, "monitoring.igrue_structure", IGRUE_STRUCTURES[s])));
    r->view = json_pack("{s:o,s:o,s:s}", "operations", ops ? ops : json_array(), "structures",
                        structures, "today", as_of_date(r));
    r->template = "monitoring/igrue";
    r->title_key = "monitoring.igrue_title";
    return 0;
}

int reports_igrue_file(req *r)
{
    const char *file = req_param(r, "file");
    char name[8] = "";
    if (file && strlen(file) == 8 && strcmp(file + 4, ".txt") == 0) memcpy(name, file, 4);
    int s = igrue_find(name);
    if (s < 0) return req_error(r, 404, "error.not_found");
    const char *date = as_of_date(r);
    if (req_has_errors(r)) return req_error(r, 422, "monitoring.bad_date");
    int64_t *ops = NULL;
    int n = chosen_operations(r, &ops);
    int64_t city =
        req_has_role(r, ROLE_AUDITOR) ? 0 : req_city_for(r, ROLE_OFFICER | ROLE_CONTROLLER);
    buf_init(&r->body, 64u << 20);
    buf_append(&r->body, "", 0); /* an empty file is still a file */
    if (igrue_write(r->db, s, city, ops, n, date, &r->body) < 0) return -1;
    r->content_type = "text/plain; charset=utf-8";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem, "attachment; filename=\"%s-%s.txt\"", name, date));
    return 0;
}
