#include "modules/signatures/routes.h"

#include <stdlib.h>
#include <string.h>

#include "modules/signatures/signatures.h"

int trust_page(req *r)
{
    char *anchors = NULL, *crls = NULL;
    if (sig_trust_load(r->db, &anchors, &crls) != 0) return -1;
    sig_trust t = {anchors, crls};
    json_t *v = sig_trust_describe(&t);
    free(anchors);
    free(crls);
    if (!v) v = json_pack("{s:[],s:[]}", "anchors", "crls");
    r->view = v;
    r->template = "signatures/trust";
    r->title_key = "signatures.trust_title";
    return 0;
}

/* The uploaded text of field, NUL-terminated in the request arena, or NULL when not sent. */
static const char *pem_of(req *r, const char *field)
{
    for (int i = 0; i < r->nuploads; i++)
        if (!strcmp(r->uploads[i].field, field) && r->uploads[i].len)
            return arena_strndup(&r->mem, r->uploads[i].data, r->uploads[i].len);
    return NULL;
}

int trust_update(req *r)
{
    const char *anchors = pem_of(r, "anchors"), *crls = pem_of(r, "crls");
    if (!anchors && !crls) return req_error(r, 422, "signatures.trust_nothing");
    if (db_begin(r->db) != DB_OK) return -1;
    int rc = sig_trust_save(r->db, anchors, crls, r->user->id);
    if (rc != 0 || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return rc == 1 ? req_error(r, 422, "signatures.trust_bad") : -1;
    }
    return req_redirect(r, "/admin/trust", "signatures.trust_saved");
}
