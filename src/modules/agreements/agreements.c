#include "modules/agreements/agreements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/hex.h"
#include "base/money.h"
#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/codesign/codesign.h"

void agreement_payments(int64_t funding_cents, int64_t advance_bp, int64_t interim_bp,
                        int64_t out[3])
{
    out[0] = funding_cents * advance_bp / 10000;
    out[1] = funding_cents * interim_bp / 10000;
    out[2] = funding_cents - out[0] - out[1];
}

ag_rc agreement_create(db_conn *c, int64_t city_id, int64_t table_id, int64_t user_id,
                       int64_t advance_bp, int64_t interim_bp, int64_t balance_bp, int64_t now,
                       int64_t *id)
{
    if (advance_bp < 0 || interim_bp < 0 || balance_bp < 0 ||
        advance_bp + interim_bp + balance_bp != 10000)
        return AG_BAD_SCHEDULE;
    json_t *t = codesign_table_get(c, table_id);
    if (!t || json_integer_value(json_object_get(t, "city_id")) != city_id) {
        json_decref(t);
        return AG_NOT_FOUND;
    }
    ag_rc rc = AG_ERROR;
    json_t *fpv = json_object_get(t, "project"), *doc = NULL;
    char *text = NULL;
    int64_t exists = 0;
    db_query_int(c, "SELECT COUNT(*) FROM agreements WHERE table_id = ?", DB_ARGS(DB_INT(table_id)),
                 &exists);
    if (exists) {
        rc = AG_EXISTS;
        goto out;
    }
    if (!fpv || json_is_null(json_object_get(fpv, "approved_at"))) {
        rc = AG_NOT_APPROVED;
        goto out;
    }
    json_t *fp = json_object_get(fpv, "project");
    json_t *facts = db_query_object(
        c,
        "SELECT ci.name AS city, o.id AS organisation_id, o.name AS ets, o.tax_code, "
        "COALESCE(o.runts_number, '') AS runts_number, k.id AS call_id, k.title AS call_title, "
        "k.duration_months FROM codesign_tables t JOIN calls k ON k.id = t.call_id "
        "JOIN cities ci ON ci.id = k.city_id JOIN proposals p ON p.id = t.proposal_id "
        "JOIN organisations o ON o.id = p.organisation_id WHERE t.id = ?",
        DB_ARGS(DB_INT(table_id)));
    int64_t space_id = json_integer_value(json_object_get(fp, "space_id"));
    json_t *space = space_id
                        ? db_query_object(c,
                                          "SELECT id, name, address, municipio, neighbourhood, "
                                          "area_m2 FROM spaces WHERE id = ? AND city_id = ?",
                                          DB_ARGS(DB_INT(space_id), DB_INT(city_id)))
                        : NULL;
    int64_t funding = json_integer_value(json_object_get(fp, "requested_cents"));
    int64_t cof = json_integer_value(json_object_get(fp, "cofinancing_cents"));
    int64_t pay[3];
    agreement_payments(funding, advance_bp, interim_bp, pay);
    int64_t months = json_integer_value(json_object_get(facts, "duration_months"));
    json_t *reporting = json_array();
    for (int64_t m = 6; m <= months; m += 6) json_array_append_new(reporting, json_integer(m));
    if (months % 6) json_array_append_new(reporting, json_integer(months));
    doc = json_pack(
        "{s:O,s:{s:O,s:O,s:O},s:{s:O,s:O},s:O,s:O,s:I,s:I,s:I,s:I,s:[{s:s,s:I,s:I},{s:s,s:I,s:I},"
        "{s:s,s:I,s:I}],s:[s,s,s,s],s:O,s:o,s:O}",
        "city", json_object_get(facts, "city"), "ets", "name", json_object_get(facts, "ets"),
        "tax_code", json_object_get(facts, "tax_code"), "runts_number",
        json_object_get(facts, "runts_number"), "call", "id", json_object_get(facts, "call_id"),
        "title", json_object_get(facts, "call_title"), "object", json_object_get(fp, "title"),
        "summary", json_object_get(fp, "summary"), "duration_months", (json_int_t)months,
        "funding_cents", (json_int_t)funding, "cofinancing_cents", (json_int_t)cof, "total_cents",
        (json_int_t)funding + (json_int_t)cof, "payments", "label", "advance", "percent_bp",
        (json_int_t)advance_bp, "amount_cents", (json_int_t)pay[0], "label", "interim",
        "percent_bp", (json_int_t)interim_bp, "amount_cents", (json_int_t)pay[1], "label",
        "balance", "percent_bp", (json_int_t)balance_bp, "amount_cents", (json_int_t)pay[2],
        "obligations", "reporting", "insurance", "privacy", "publicity", "space",
        space ? space : json_null(), "reporting_months", reporting, "final_project_sha256",
        json_object_get(fpv, "content_sha256"));
    json_decref(space);
    text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    char sha[65];
    sha256_hex(text, strlen(text), sha);
    if (db_query_int(
            c,
            "INSERT INTO agreements (city_id, table_id, final_project_id, organisation_id, "
            "document, document_sha256, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            DB_ARGS(DB_INT(city_id), DB_INT(table_id),
                    DB_INT(json_integer_value(json_object_get(fpv, "id"))),
                    DB_INT(json_integer_value(json_object_get(facts, "organisation_id"))),
                    DB_TEXT(text), DB_TEXT(sha), DB_INT(now), DB_INT(now)),
            id) == DB_OK &&
        audit_append(c, city_id, user_id, "agreement_create", "agreement", *id, NULL) == 0)
        rc = AG_OK;
    json_decref(facts);
out:
    free(text);
    json_decref(doc);
    json_decref(t);
    return rc;
}

json_t *agreement_get(db_conn *c, int64_t id)
{
    json_t *a = db_query_object(c,
                                "SELECT a.id, a.city_id, a.table_id, a.organisation_id, a.state, "
                                "a.document, a.document_sha256, a.created_at, a.updated_at "
                                "FROM agreements a WHERE a.id = ?",
                                DB_ARGS(DB_INT(id)));
    if (!a) return NULL;
    json_t *doc = json_loads(json_string_value(json_object_get(a, "document")), 0, NULL);
    json_object_set_new(a, "doc", doc ? doc : json_object());
    json_object_set_new(
        a, "signatures",
        db_query_json(c,
                      "SELECT s.party, u.name AS signer, s.document_sha256, s.signed_at "
                      "FROM agreement_signatures s JOIN users u ON u.id = s.user_id "
                      "WHERE s.agreement_id = ? ORDER BY s.signed_at",
                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        a, "assignment",
        db_query_object(c,
                        "SELECT sa.space_id, sp.name, sp.address, sa.starts_on, "
                        "sa.ends_on, sa.active AS is_active FROM space_assignments sa "
                        "JOIN spaces sp ON sp.id = sa.space_id WHERE sa.agreement_id = ? "
                        "ORDER BY sa.id DESC LIMIT 1",
                        DB_ARGS(DB_INT(id))));
    if (json_is_null(json_object_get(a, "assignment")) || !json_object_get(a, "assignment"))
        json_object_del(a, "assignment");
    return a;
}

json_t *agreements_list(db_conn *c, int64_t city_id, bool public_only)
{
    return db_query_json(
        c,
        "SELECT a.id, a.state, o.name AS organisation, k.title AS call_title, "
        "ci.name AS city, a.updated_at FROM agreements a "
        "JOIN organisations o ON o.id = a.organisation_id "
        "JOIN codesign_tables t ON t.id = a.table_id JOIN calls k ON k.id = t.call_id "
        "JOIN cities ci ON ci.id = a.city_id WHERE (? = 0 OR a.city_id = ?) "
        "AND (? = 0 OR a.state IN ('signed_city', 'active', 'closed')) ORDER BY a.id",
        DB_ARGS(DB_INT(city_id), DB_INT(city_id), DB_INT(public_only)));
}

bool agreement_may_sign(db_conn *c, json_t *a, int64_t user_id, const char *party)
{
    /* The power to sign: the body's legal representative, or an officer of the city. */
    int64_t power = 0;
    if (strcmp(party, "ets") == 0)
        db_query_int(c,
                     "SELECT COUNT(*) FROM memberships WHERE user_id = ? AND role = 'ets' "
                     "AND organisation_id = ? AND legal_rep = 1",
                     DB_ARGS(DB_INT(user_id),
                             DB_INT(json_integer_value(json_object_get(a, "organisation_id")))),
                     &power);
    else
        db_query_int(
            c,
            "SELECT COUNT(*) FROM memberships WHERE user_id = ? AND role = 'officer' AND city_id = "
            "?",
            DB_ARGS(DB_INT(user_id), DB_INT(json_integer_value(json_object_get(a, "city_id")))),
            &power);
    return power > 0;
}

ag_rc agreement_sign(db_conn *c, int64_t id, int64_t user_id, const char *sha256, int64_t now)
{
    json_t *a = agreement_get(c, id);
    if (!a) return AG_NOT_FOUND;
    ag_rc rc = AG_ERROR;
    const char *state = json_string_value(json_object_get(a, "state"));
    const char *party = strcmp(state, "draft") == 0        ? "ets"
                        : strcmp(state, "signed_ets") == 0 ? "city"
                                                           : NULL;
    if (!party) {
        rc = AG_WRONG_STATE;
        goto out;
    }
    if (!sha256 || strcmp(sha256, json_string_value(json_object_get(a, "document_sha256"))) != 0) {
        rc = AG_STALE;
        goto out;
    }
    if (!agreement_may_sign(c, a, user_id, party)) {
        rc = AG_NO_POWER;
        goto out;
    }
    int64_t changed = 0;
    if (db_exec(c, "UPDATE agreements SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
                DB_ARGS(DB_TEXT(strcmp(party, "ets") == 0 ? "signed_ets" : "signed_city"),
                        DB_INT(now), DB_INT(id), DB_TEXT(state)),
                &changed) != DB_OK ||
        !changed ||
        db_exec(c,
                "INSERT INTO agreement_signatures (agreement_id, party, user_id, document_sha256, "
                "signed_at) VALUES (?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(id), DB_TEXT(party), DB_INT(user_id), DB_TEXT(sha256), DB_INT(now)),
                NULL) != DB_OK)
        goto out;
    json_t *d = json_pack("{s:s,s:s}", "party", party, "document_sha256", sha256);
    rc = audit_append(c, json_integer_value(json_object_get(a, "city_id")), user_id,
                      "agreement_sign", "agreement", id, d)
             ? AG_ERROR
             : AG_OK;
    json_decref(d);
out:
    json_decref(a);
    return rc;
}

static void ymd(int64_t us, int add_months, char out[11])
{
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_mon += add_months;
    tm.tm_isdst = -1;
    mktime(&tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

ag_rc agreement_activate(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now)
{
    json_t *a = agreement_get(c, id);
    if (!a || json_integer_value(json_object_get(a, "city_id")) != city_id) {
        json_decref(a);
        return AG_NOT_FOUND;
    }
    ag_rc rc = AG_ERROR;
    if (strcmp(json_string_value(json_object_get(a, "state")), "signed_city") != 0) {
        rc = AG_WRONG_STATE;
        goto out;
    }
    json_t *doc = json_object_get(a, "doc");
    json_t *space = json_object_get(doc, "space");
    if (json_is_object(space)) {
        char from[11], to[11];
        int months = (int)json_integer_value(json_object_get(doc, "duration_months"));
        ymd(now, 0, from);
        ymd(now, months, to);
        db_rc d =
            db_exec(c,
                    "INSERT INTO space_assignments (space_id, agreement_id, starts_on, ends_on, "
                    "created_at) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(json_integer_value(json_object_get(space, "id"))), DB_INT(id),
                            DB_TEXT(from), DB_TEXT(to), DB_INT(now)),
                    NULL);
        if (d == DB_CONSTRAINT) {
            rc = AG_SPACE_TAKEN;
            goto out;
        }
        if (d != DB_OK ||
            db_exec(c, "UPDATE spaces SET works_state = 'assigned', updated_at = ? WHERE id = ?",
                    DB_ARGS(DB_INT(now), DB_INT(json_integer_value(json_object_get(space, "id")))),
                    NULL) != DB_OK)
            goto out;
    }
    if (db_exec(c, "UPDATE agreements SET state = 'active', updated_at = ? WHERE id = ?",
                DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK)
        goto out;
    rc = audit_append(c, city_id, user_id, "agreement_activate", "agreement", id, NULL) ? AG_ERROR
                                                                                        : AG_OK;
    /* Its indicators exist from the moment it is active, in the same transaction. */
    if (rc == AG_OK) rc = agreement_indicators_ensure(c, id);
out:
    json_decref(a);
    return rc;
}

ag_rc agreement_close(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(
            c,
            "UPDATE agreements SET state = 'closed', updated_at = ? WHERE id = ? AND city_id = ? "
            "AND state = 'active'",
            DB_ARGS(DB_INT(now), DB_INT(id), DB_INT(city_id)), &changed) != DB_OK)
        return AG_ERROR;
    if (!changed) return AG_WRONG_STATE;
    if (db_exec(c, "UPDATE space_assignments SET active = 0 WHERE agreement_id = ?",
                DB_ARGS(DB_INT(id)), NULL) != DB_OK)
        return AG_ERROR;
    return audit_append(c, city_id, user_id, "agreement_close", "agreement", id, NULL) ? AG_ERROR
                                                                                       : AG_OK;
}

static void para(json_t *blocks, const char *heading, const char *text)
{
    json_t *b = json_object();
    if (heading) json_object_set_new(b, "heading", json_string(heading));
    if (text) json_object_set_new(b, "text", json_string(text));
    json_array_append_new(blocks, b);
}

json_t *agreement_pdf_doc(json_t *a)
{
    json_t *d = json_object_get(a, "doc"), *blocks = json_array();
    char buf1[512], eur[64], eur2[64], eur3[64];
    snprintf(buf1, sizeof buf1, "Tra %s e %s (codice fiscale %s, RUNTS %s).",
             json_string_value(json_object_get(d, "city")),
             json_string_value(json_object_get(json_object_get(d, "ets"), "name")),
             json_string_value(json_object_get(json_object_get(d, "ets"), "tax_code")),
             json_string_value(json_object_get(json_object_get(d, "ets"), "runts_number")));
    para(blocks, "Parti", buf1);
    snprintf(buf1, sizeof buf1, "%s. %s",
             json_string_value(json_object_get(d, "object"))
                 ? json_string_value(json_object_get(d, "object"))
                 : "",
             json_string_value(json_object_get(d, "summary"))
                 ? json_string_value(json_object_get(d, "summary"))
                 : "");
    para(blocks, "Art. 1 – Oggetto", buf1);
    snprintf(buf1, sizeof buf1, "La convenzione dura %lld mesi dall'attivazione.",
             (long long)json_integer_value(json_object_get(d, "duration_months")));
    para(blocks, "Art. 2 – Durata", buf1);
    money_format(json_integer_value(json_object_get(d, "funding_cents")), "it", eur, sizeof eur);
    money_format(json_integer_value(json_object_get(d, "cofinancing_cents")), "it", eur2,
                 sizeof eur2);
    money_format(json_integer_value(json_object_get(d, "total_cents")), "it", eur3, sizeof eur3);
    snprintf(buf1, sizeof buf1,
             "Contributo pubblico %s; cofinanziamento dell'ente %s; costo complessivo %s. Sono "
             "rimborsati solo i costi effettivamente sostenuti e documentati.",
             eur, eur2, eur3);
    para(blocks, "Art. 3 – Risorse", buf1);
    json_t *p;
    size_t i;
    static const char *const NAMES[] = {"Anticipo", "Pagamento intermedio", "Saldo"};
    char sched[512] = "";
    json_array_foreach(json_object_get(d, "payments"), i, p)
    {
        if (i > 2) break;
        money_format(json_integer_value(json_object_get(p, "amount_cents")), "it", eur, sizeof eur);
        int64_t bp = json_integer_value(json_object_get(p, "percent_bp"));
        size_t n = strlen(sched);
        snprintf(sched + n, sizeof sched - n, "%s%s: %lld%% (%s)", i ? "; " : "", NAMES[i],
                 (long long)(bp / 100), eur);
    }
    para(blocks, "Art. 4 – Calendario dei pagamenti", sched);
    json_t *space = json_object_get(d, "space");
    if (json_is_object(space)) {
        snprintf(buf1, sizeof buf1,
                 "Il Comune concede in comodato d'uso gratuito lo spazio \"%s\", %s (%lld m²), per "
                 "tutta la durata della convenzione.",
                 json_string_value(json_object_get(space, "name")),
                 json_string_value(json_object_get(space, "address")),
                 (long long)json_integer_value(json_object_get(space, "area_m2")));
        para(blocks, "Art. 5 – Spazio", buf1);
    }
    para(blocks, "Art. 6 – Obblighi",
         "L'ente rendiconta le attività e le spese, assicura persone e spazi, tratta i dati "
         "personali secondo il GDPR e rende noto il sostegno del programma.");
    char rep[256] = "Rendicontazione ai mesi";
    json_array_foreach(json_object_get(d, "reporting_months"), i, p)
    {
        size_t n = strlen(rep);
        snprintf(rep + n, sizeof rep - n, "%s %lld", i ? "," : "",
                 (long long)json_integer_value(p));
    }
    para(blocks, "Art. 7 – Rendicontazione", rep);
    snprintf(buf1, sizeof buf1, "SHA-256 del documento: %s",
             json_string_value(json_object_get(a, "document_sha256")));
    para(blocks, "Impronta", buf1);
    json_array_foreach(json_object_get(a, "signatures"), i, p)
    {
        char when[64];
        time_format_local(json_integer_value(json_object_get(p, "signed_at")), "it", when,
                          sizeof when);
        snprintf(buf1, sizeof buf1, "Firmato per %s da %s il %s",
                 strcmp(json_string_value(json_object_get(p, "party")), "ets") == 0 ? "l'ente"
                                                                                    : "il Comune",
                 json_string_value(json_object_get(p, "signer")), when);
        para(blocks, NULL, buf1);
    }
    char title[256];
    snprintf(title, sizeof title, "Convenzione n. %lld",
             (long long)json_integer_value(json_object_get(a, "id")));
    return json_pack("{s:s,s:O,s:o}", "title", title, "subtitle",
                     json_object_get(json_object_get(d, "call"), "title"), "blocks", blocks);
}

ag_rc agreement_indicators_ensure(db_conn *c, int64_t agreement_id)
{
    json_t *a = agreement_get(c, agreement_id);
    if (!a) return AG_NOT_FOUND;
    ag_rc rc = AG_OK;
    const char *state = json_string_value(json_object_get(a, "state"));
    int64_t n = 0;
    db_query_int(c, "SELECT COUNT(*) FROM agreement_indicators WHERE agreement_id = ?",
                 DB_ARGS(DB_INT(agreement_id)), &n);
    if (n) goto out;
    if (strcmp(state, "active") != 0 && strcmp(state, "closed") != 0) {
        rc = AG_WRONG_STATE;
        goto out;
    }
    /* The final project's own indicators, as frozen with it. */
    json_t *project = agreement_final_project(c, agreement_id);
    int pos = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(project, "indicators"), i, x)
    {
        const char *code = json_string_value(json_object_get(x, "code"));
        char fallback[16];
        pos++;
        snprintf(fallback, sizeof fallback, "P%02d", pos);
        if (db_exec(c,
                    "INSERT INTO agreement_indicators (agreement_id, position, code, name, unit, "
                    "planned) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id, code) DO NOTHING",
                    DB_ARGS(DB_INT(agreement_id), DB_INT(pos),
                            DB_TEXT(code && *code ? code : fallback),
                            DB_TEXT(json_string_value(json_object_get(x, "name"))),
                            DB_TEXT(json_string_value(json_object_get(x, "unit"))),
                            DB_INT(json_integer_value(json_object_get(x, "planned")))),
                    NULL) != DB_OK)
            rc = AG_ERROR;
    }
    /* The programme's common indicators: participants from the target groups, the space's m². */
    int64_t participants = 0, m2 = 0;
    json_array_foreach(json_object_get(project, "targets"), i, x)
    {
        participants += json_integer_value(json_object_get(x, "participants"));
    }
    json_t *space = json_object_get(json_object_get(a, "doc"), "space");
    if (json_is_object(space)) m2 = json_integer_value(json_object_get(space, "area_m2"));
    static const char *const COMMON[][3] = {{"CO-PART", "Partecipanti", "persone"},
                                            {"CO-SERV", "Servizi avviati", "servizi"},
                                            {"CO-SPAZ", "Spazi recuperati", "m²"}};
    int64_t planned[] = {participants, 1, m2};
    for (int k = 0; k < 3 && rc == AG_OK; k++, pos++)
        if (db_exec(c,
                    "INSERT INTO agreement_indicators (agreement_id, position, code, name, unit, "
                    "planned, "
                    "is_common) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (agreement_id, code) DO "
                    "NOTHING",
                    DB_ARGS(DB_INT(agreement_id), DB_INT(pos + 1), DB_TEXT(COMMON[k][0]),
                            DB_TEXT(COMMON[k][1]), DB_TEXT(COMMON[k][2]), DB_INT(planned[k])),
                    NULL) != DB_OK)
            rc = AG_ERROR;
    json_decref(project);
out:
    json_decref(a);
    return rc;
}

json_t *agreement_final_project(db_conn *c, int64_t agreement_id)
{
    json_t *row = db_query_object(c,
                                  "SELECT v.content FROM final_project_versions v "
                                  "JOIN agreements g ON g.final_project_id = v.id WHERE g.id = ?",
                                  DB_ARGS(DB_INT(agreement_id)));
    json_t *project =
        row ? json_loads(json_string_value(json_object_get(row, "content")), 0, NULL) : NULL;
    json_decref(row);
    return project;
}
