#include "modules/privacy/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/privacy/privacy.h"
#include "web/render.h"

int privacy_page(req *r)
{
    r->view = json_object();
    r->template = "privacy/index";
    r->title_key = "privacy.title";
    return 0;
}

int privacy_download(req *r)
{
    json_t *all = privacy_export(r->db, r->user->id);
    char *text = json_dumps(all, JSON_INDENT(1) | JSON_SORT_KEYS);
    json_decref(all);
    if (!text) return -1;
    req_send_file(r, text, strlen(text), "application/json", "i-miei-dati.json");
    free(text);
    return 0;
}

int privacy_erase_me(req *r)
{
    const char *confirm = req_field(r, "confirm");
    if (!confirm || strcmp(confirm, "CANCELLA") != 0) {
        req_field_error(r, "confirm", "privacy.confirm_required");
        return req_error(r, 422, "privacy.confirm_required");
    }
    if (db_begin(r->db) != DB_OK) return -1;
    if (privacy_erase(r->db, r->user->id, clock_now_us()) || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return -1;
    }
    /* The session is gone with the account: the browser forgets its cookie too. */
    render_set_cookie(r, "coprog_session", "", COOKIE_DELETE);
    return req_redirect(r, "/", "privacy.erased");
}
