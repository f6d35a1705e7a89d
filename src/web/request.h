/* The request context: everything a handler reads, and the response it builds.
 *
 * A request owns an arena; every string and array below lives in it and is freed in one go
 * when the response has been sent. Handlers fill `view` (a jansson object, the page's view
 * model); web/render.c turns it into HTML through a template, or JSON when asked. */
#ifndef COPROG_WEB_REQUEST_H
#define COPROG_WEB_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "db/rowtab.h"

struct app;

/* Roles as bits, so a route's permission is a mask. */
enum {
    ROLE_OFFICER = 1 << 0,
    ROLE_EVALUATOR = 1 << 1,
    ROLE_CONTROLLER = 1 << 2,
    ROLE_ETS = 1 << 3,
    ROLE_RESIDENT = 1 << 4,
    ROLE_AUDITOR = 1 << 5,
    ROLE_ADMIN = 1 << 6,
    ROLE_HOUSING = 1 << 7,  /* the housing company's staff */
    ROLE_SOCIAL = 1 << 8,   /* the city's social workers */
    ROLE_REGISTRY = 1 << 9, /* the city's registry office (anagrafe) */
    ROLE_COUNT = 10,
    ROLE_ALL = (1 << ROLE_COUNT) - 1,
    /* The roles that decide: they sign in with a second factor. */
    ROLE_DECIDING = ROLE_OFFICER | ROLE_CONTROLLER | ROLE_EVALUATOR | ROLE_ADMIN,
};
/* The roles' names as stored in memberships, in bit order. */
extern const char *const role_names[ROLE_COUNT];
/* The bit of a role name; 0 for an unknown name. */
unsigned role_bit(const char *name);

/* Permissions: PERM_PUBLIC lets anyone in; PERM_USER any signed-in user; otherwise a mask
 * of roles. */
#define PERM_PUBLIC 0u
#define PERM_USER   (1u << 30)

typedef struct kv {
    const char *key;
    const char *value;
    size_t len;
} kv;

typedef struct upload {
    const char *field;
    const char *filename;
    const char *content_type;
    const char *data;
    size_t len;
} upload;

typedef struct membership {
    int64_t city_id; /* 0 = every city (admin, auditor) */
    int64_t organisation_id;
    unsigned role; /* one ROLE_ bit */
    bool legal_rep;
} membership;

typedef struct user {
    int64_t id;
    const char *email;
    const char *name;
    const char *locale;
    unsigned roles; /* union of the memberships' roles */
    membership *memberships;
    int nmemberships;
    int64_t session_id; /* 0 when signed in with an API token */
    const char *csrf;   /* the session's CSRF token */
    int64_t expires_at; /* the session's end; 0 with an API token, which has none */
    /* A deciding role, or anyone who turned the second factor on, signed in with a password
     * only: the session reaches the second factor's pages alone until a code is given
     * (enrolled: the person has a confirmed secret). */
    bool second_factor_pending, second_factor_enrolled;
} user;

typedef struct header {
    const char *name;
    const char *value;
} header;

enum { REQ_MAX_PARAMS = 8, REQ_MAX_HEADERS = 16 };

typedef struct req {
    arena mem;
    struct app *app;
    void *conn; /* struct MHD_Connection */
    const char *method;
    const char *path;
    const char *client_ip;
    int64_t start_us;

    /* Route parameters: {id} in the pattern. */
    const char *param_names[REQ_MAX_PARAMS];
    const char *param_values[REQ_MAX_PARAMS];
    int nparams;
    unsigned perm; /* the matched route's permission */

    /* Input: query string and body fields together (body wins), uploads, JSON body. */
    kv *fields;
    int nfields;
    upload *uploads;
    int nuploads;
    json_t *json; /* the body, when it was JSON */

    const char *lang; /* "it" or "en" */
    bool want_json;
    bool bearer;             /* authenticated by an API token */
    user *user;              /* NULL when anonymous */
    const char *csrf_cookie; /* anonymous double-submit token */
    db_conn *db;

    /* Response. */
    int status;
    json_t *view; /* the page's view model (owned) */
    /* Lists of the view kept as rows (db/rowtab.h, req_view_rows): a page renders them
     * straight, a JSON answer gets them as arrays under their names. */
    struct {
        const char *name;
        rowtab *rows;
    } lists[4];
    int nlists;
    const char *template;    /* e.g. "home/index" */
    const char *title_key;   /* catalog key of the page title */
    const char *title_text;  /* or the title itself (a record's name); wins over title_key */
    buf body;                /* a body built by the handler itself (files, CSV) */
    const char *static_body; /* or bytes that outlive the request (static files) */
    size_t static_len;
    /* or a body produced piece by piece while it is sent (exports): stream() fills out with
     * the next bytes and returns their count, 0 at the end, -1 on error. It runs on the
     * request's worker thread, so r->db is still this thread's connection. */
    long (*stream)(struct req *r, char *out, size_t max);
    void *stream_state;
    const char *content_type;
    header headers[REQ_MAX_HEADERS];
    int nheaders;
    const char *redirect;   /* 303 target for HTML forms */
    const char *flash;      /* catalog key of a one-time message shown after a redirect */
    const char *cache_key;  /* set when the answer may be kept in the page cache */
    uint64_t cache_gen;     /* the page cache's generation when the page was begun */
    const char *person_key; /* set when the answer may be kept for this person */
    uint64_t writes_before; /* db_write_count when the request took its connection */
    uint64_t bytes_out;
} req;

typedef int (*handler_fn)(req *r);

/* Input accessors: NULL when absent. */
const char *req_param(const req *r, const char *name);
int64_t req_param_id(const req *r, const char *name); /* 0 when not a positive integer */
const char *req_field(req *r, const char *name);
const char *req_header(const req *r, const char *name);
const char *req_cookie(const req *r, const char *name);

/* Response helpers. */
void req_add_header(req *r, const char *name, const char *value);
/* Sets status and an error message (catalog key) as the response, keeping any field errors
 * already recorded. Returns 0 for chaining. */
int req_error(req *r, int status, const char *message_key);
/* Validation error on a field: appended to view.errors; caller answers 422 when any. */
void req_field_error(req *r, const char *field, const char *message_key);
bool req_has_errors(const req *r);
/* The catalog label of a code: "<prefix>.<code>" (the code itself when missing). */
const char *req_t_code(const req *r, const char *prefix, const char *code);
/* Puts rows into the view under name (at most four lists a page). */
void req_view_rows(req *r, const char *name, rowtab *rows);
/* req_label_each for rows: a column label_field with the catalog text of prefix.<field>. */
void req_label_rows(const req *r, rowtab *rows, const char *field, const char *prefix,
                    const char *label_field);
/* Sets rows[i].label_field to the label of rows[i].field under prefix. */
void req_label_each(const req *r, json_t *rows, const char *field, const char *prefix,
                    const char *label_field);
/* A catalog string in the request's language ("" when missing). */
const char *req_t(const req *r, const char *key);
/* Answers with a copy of data as the body, of type mime; with a filename, as a download (the
 * name's quotes and control characters are replaced). Returns 0. */
int req_send_file(req *r, const void *data, size_t len, const char *mime, const char *filename);
/* The most a download made in memory may hold: exporters give it to buf_init. */
enum { REQ_EXPORT_MAX = 64 << 20 };
/* Sends b as req_send_file does, or answers 413 (error.export_too_large) when it passed its
 * maximum: a download is whole or not sent. */
int req_send_buf(req *r, const buf *b, const char *mime, const char *filename);
/* Answer with a redirect (HTML) or the view (JSON). */
/* True when url is a path on this site that a browser cannot read as another host: it starts
 * with one '/', holds only printable ASCII (the paths coprog makes are percent-encoded) and no
 * backslash (browsers drop tabs and line breaks from URLs, so "/\t/evil.example" would become
 * "//evil.example", and read "\" as "/"), and is at most 2,000 bytes.
 * The one check for every way back a request names (login's next, a flag's back). */
bool req_local_path(const char *url);
int req_redirect(req *r, const char *location, const char *flash_key);
/* A calendar date as people read it: "01/12/2026" (Italian), "1 Dec 2026" (English); the text
 * itself when it is not a date. In r->mem. */
const char *req_date_text(req *r, const char *iso);
/* The choices of a select (codes NULL-terminated, labels under prefix), each with whether it is
 * the one chosen (may be NULL). */
json_t *req_choices(req *r, const char *const *codes, const char *prefix, const char *chosen);
/* Sets <key>_lines to the lines of the text at key (blank ones left out): what a template
 * writes with <br> between them, since a partial's indentation would show in pre-wrapped text. */
void req_lines(req *r, json_t *o, const char *key);
/* Sets a list page's pager on view: page, pages, has_pages (more than one), has_prev,
 * has_next, prev_page, next_page. */
void req_pager(json_t *view, int64_t page, int64_t pages);
/* Sets <key>_text to req_date_text of <key> on each object of list. */
void req_date_texts(req *r, json_t *list, const char *key);
/* s percent-encoded for a query's value (RFC 3986's unreserved characters kept), in r->mem. */
const char *req_url_escape(req *r, const char *s);
bool req_has_role(const req *r, unsigned roles);
/* The city of the user's first membership with one of roles (0 when none: anonymous, or a
 * platform-wide role). Every write is scoped by it. */
int64_t req_city_for(const req *r, unsigned roles);
/* The organisation of the user's first membership with one of roles, or 0. */
int64_t req_org_for(const req *r, unsigned roles);

/* 429 for something tried too often: Retry-After and the same number in the JSON answer. */
int req_limited(req *r, int wait_s);

#endif
