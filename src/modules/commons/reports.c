/* A pact's reports: a period within the pact's term, what was done, the hours, photos. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/blobs.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"

cm_rc pact_report_add(db_conn *c, int64_t id, int64_t user_id, const pact_report_in *in,
                      int64_t now, int64_t *report_id)
{
    *report_id = 0;
    /* The period lies within the term of a pact that ran (under way, ended or revoked later). */
    int64_t inside = -1;
    if (db_query_int(c,
                     "SELECT CASE WHEN starts_on IS NOT NULL AND starts_on <= ? AND ends_on >= ? "
                     "THEN 1 ELSE 0 END FROM pacts WHERE id = ?",
                     DB_ARGS(DB_TEXT(in->from), DB_TEXT(in->to), DB_INT(id)), &inside) != DB_OK)
        return CM_ERROR;
    if (inside < 0) return CM_NOT_FOUND;
    if (!inside) return CM_OUTSIDE;
    if (db_query_int(c,
                     "INSERT INTO pact_reports (pact_id, author_id, period_from, period_to, text, "
                     "hours, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(id), DB_INT(user_id), DB_TEXT(in->from), DB_TEXT(in->to),
                             DB_TEXT(in->text), DB_INT(in->hours), DB_INT(now)),
                     report_id) != DB_OK ||
        !*report_id)
        return CM_ERROR;
    for (int i = 0; i < in->nphotos; i++) {
        char sha[65];
        if (blob_put(c, in->photos[i].data, in->photos[i].len, in->photos[i].mime, sha) != DB_OK ||
            db_exec(c,
                    "INSERT INTO pact_report_photos (report_id, position, sha256, mime) VALUES "
                    "(?, ?, ?, ?)",
                    DB_ARGS(DB_INT(*report_id), DB_INT(i + 1), DB_TEXT(sha),
                            DB_TEXT(in->photos[i].mime)),
                    NULL) != DB_OK)
            return CM_ERROR;
    }
    json_t *d = json_pack("{s:s,s:s,s:i}", "from", in->from, "to", in->to, "photos", in->nphotos);
    int bad = audit_append(c, pact_city(c, id), user_id, "pact_report_add", "pact", id, d);
    json_decref(d);
    return bad ? CM_ERROR : CM_OK;
}

json_t *pact_reports(db_conn *c, int64_t id)
{
    json_t *reports = db_query_json(
        c,
        "SELECT r.id, r.period_from, r.period_to, r.text, r.hours, CASE WHEN r.hours > 0 THEN "
        "1 ELSE 0 END AS has_hours, "
        "r.created_at, u.name AS author FROM pact_reports r JOIN "
        "users u ON u.id = r.author_id WHERE r.pact_id = ? ORDER BY "
        "r.period_to DESC, r.id DESC",
        DB_ARGS(DB_INT(id)));
    json_t *photos = db_query_json(c,
                                   "SELECT p.id, p.report_id, p.position FROM pact_report_photos "
                                   "p JOIN pact_reports r ON r.id = p.report_id WHERE r.pact_id = "
                                   "? ORDER BY p.report_id, p.position",
                                   DB_ARGS(DB_INT(id)));
    if (!reports || !photos) {
        json_decref(reports);
        json_decref(photos);
        return NULL;
    }
    size_t i, j;
    json_t *r, *p;
    json_array_foreach(reports, i, r)
    {
        json_t *mine = json_array();
        json_array_foreach(photos, j, p) if (json_integer_value(json_object_get(p, "report_id")) ==
                                             json_integer_value(json_object_get(r, "id")))
            json_array_append(mine, p);
        json_object_set_new(r, "photos", mine);
    }
    json_decref(photos);
    return reports;
}

void *pact_report_photo(db_conn *c, int64_t pact_id, int64_t photo_id, size_t *len, char *mime,
                        size_t mimelen)
{
    db_rows *r = db_query(c,
                          "SELECT p.mime, b.content FROM pact_report_photos p JOIN pact_reports "
                          "r ON r.id = p.report_id JOIN blobs b ON b.sha256 = p.sha256 WHERE p.id "
                          "= ? AND r.pact_id = ?",
                          DB_ARGS(DB_INT(photo_id), DB_INT(pact_id)));
    void *out = NULL;
    if (r && db_next(r)) {
        size_t n = 0;
        const void *bytes = db_blob(r, 1, &n);
        snprintf(mime, mimelen, "%s", db_text(r, 0));
        if ((out = malloc(n ? n : 1))) {
            memcpy(out, bytes, n);
            *len = n;
        }
    }
    db_rows_close(r);
    return out;
}
