#include "modules/signatures/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/signatures/signatures.h"
#include "modules/signatures/tsl.h"

int trust_page(req *r)
{
    char *anchors = NULL, *crls = NULL;
    if (sig_trust_load(r->db, &anchors, &crls) != 0) return -1;
    sig_trust t = {anchors, crls};
    json_t *v = sig_trust_describe(&t);
    free(anchors);
    free(crls);
    if (!v) v = json_pack("{s:[],s:[]}", "anchors", "crls");
    json_t *list = sig_trust_list_load(r->db);
    if (!v || !list) {
        json_decref(v);
        json_decref(list);
        return -1;
    }
    /* A list past its next update still stands until another is loaded, but people are told. */
    json_int_t next = json_integer_value(json_object_get(list, "next_update_at"));
    if (json_is_object(list))
        json_object_set_new(list, "is_stale", json_integer(next < clock_now_us()));
    json_object_set_new(v, "list", list);
    r->view = v;
    r->template = "signatures/trust";
    r->title_key = "signatures.trust_title";
    return 0;
}

/* The uploaded text of field, NUL-terminated in the request arena, or NULL when not sent (a
 * trusted list is text too: XML). */
static const char *pem_of(req *r, const char *field)
{
    for (int i = 0; i < r->nuploads; i++)
        if (!strcmp(r->uploads[i].field, field) && r->uploads[i].len)
            return arena_strndup(&r->mem, r->uploads[i].data, r->uploads[i].len);
    return NULL;
}

/* A trusted list: checked, then its services' certificates become the anchors. */
static int list_update(req *r, const char *xml, const char *crls)
{
    const char *lotl = pem_of(r, "lotl");
    sig_tsl_input in = {xml,
                        strlen(xml),
                        pem_of(r, "list_signer"),
                        lotl,
                        lotl ? strlen(lotl) : 0,
                        pem_of(r, "lotl_signer")};
    char *anchors = NULL;
    const char *reason = NULL;
    json_t *list = sig_tsl_read(&in, clock_now_us(), &anchors, &reason);
    if (!list) return reason ? req_error(r, 422, reason) : -1;
    int rc = db_begin(r->db) == DB_OK ? 0 : -1;
    if (rc == 0) rc = sig_trust_list_save(r->db, list, anchors, r->user->id);
    if (rc == 0 && crls) rc = sig_trust_save(r->db, NULL, crls, r->user->id);
    if (rc == 0 && db_commit(r->db) != DB_OK) rc = -1;
    json_decref(list);
    free(anchors);
    if (rc != 0) {
        db_rollback(r->db);
        return rc == 1 ? req_error(r, 422, "signatures.trust_bad") : -1;
    }
    return req_redirect(r, "/admin/trust", "signatures.tsl.saved");
}

int trust_update(req *r)
{
    const char *anchors = pem_of(r, "anchors"), *crls = pem_of(r, "crls");
    const char *list = pem_of(r, "list");
    if (list) return list_update(r, list, crls);
    if (!anchors && !crls) return req_error(r, 422, "signatures.trust_nothing");
    if (db_begin(r->db) != DB_OK) return -1;
    int rc = sig_trust_save(r->db, anchors, crls, r->user->id);
    if (rc != 0 || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return rc == 1 ? req_error(r, 422, "signatures.trust_bad") : -1;
    }
    return req_redirect(r, "/admin/trust", "signatures.trust_saved");
}
