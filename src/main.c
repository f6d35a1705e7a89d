/* coprog: one binary, a few verbs. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/ticker.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "check/check.h"
#include "cli/demo.h"
#include "cli/housing_import.h"
#include "cli/igrue.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"
#include "modules/cities/cities.h"
#include "modules/receipts/receipts.h"
#include "web/pagecache.h"
#include "view/views.h"
#include "web/server.h"
#include "web/static.h"

static const char *DEFAULT_DB = "sqlite:var/coprog.db";

static int usage(void)
{
    fputs("usage: coprog <verb> [options]\n"
          "  serve    [--db URL] [--listen HOST:PORT] [--threads N] [--root DIR]\n"
          "           [--smtp HOST:PORT] [--mail-from ADDR] [--base-url URL]\n"
          "           [--page-cache-ms N]  (public pages kept N ms for anonymous readers; 0: off)\n"
          "           [--body-memory-mb N]  (request bodies held at once, 1024 MB by default)\n"
          "           [--trusted-proxy IP]  (the proxy whose X-Forwarded-For names the client)\n"
          "  migrate  [--db URL]\n"
          "  demo     [--db URL] [--password P] [--scale milan|F]\n"
          "  validate cf|piva|iban|cup|cig VALUE\n"
          "  city add --city ISTAT --name N [--db URL]  (a city hosted here)\n"
          "  user add --email E --name N [--role R] [--city ISTAT] [--org TAXCODE [--org-name N]\n"
          "           [--runts R] [--legal-rep]] [--db URL]  (password on stdin)\n"
          "  user grant --email E --role R [--city ISTAT] [--db URL]  (one more role)\n"
          "  token create --email E [--label L] [--db URL]\n"
          "  audit verify [--db URL]\n"
          "  igrue    --date YYYY-MM-DD --out DIR [--city ISTAT] [--db URL]  (monitoring files)\n"
          "  backup   --out FILE [--db URL]  (online; SQLite file, or pg_dump custom format)\n"
          "  housing import --city ISTAT --file F.csv --out CODES.csv [--db URL]\n"
          "           (buildings, units and residents, with progress; codes file mode 0600)\n"
          "  routes   (the route table as JSON)\n"
          "URL is sqlite:PATH (default sqlite:var/coprog.db) or postgres://...\n",
          stderr);
    return 2;
}

typedef struct opts {
    const char *db, *listen, *password, *email, *name, *role, *city, *label, *root;
    const char *org, *org_name, *runts, *date, *out, *smtp, *mail_from, *base_url, *file, *scale;
    const char *page_cache_ms, *body_memory_mb, *trusted_proxy;
    bool legal_rep;
    unsigned threads;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},
        {"listen", required_argument, 0, 'l'},
        {"password", required_argument, 0, 'p'},
        {"email", required_argument, 0, 'e'},
        {"name", required_argument, 0, 'n'},
        {"role", required_argument, 0, 'r'},
        {"city", required_argument, 0, 'c'},
        {"label", required_argument, 0, 'b'},
        {"threads", required_argument, 0, 't'},
        {"root", required_argument, 0, 'R'},
        {"org", required_argument, 0, 'o'},
        {"org-name", required_argument, 0, 'O'},
        {"runts", required_argument, 0, 'u'},
        {"legal-rep", no_argument, 0, 'L'},
        {"date", required_argument, 0, 'D'},
        {"out", required_argument, 0, 'U'},
        {"smtp", required_argument, 0, 'S'},
        {"mail-from", required_argument, 0, 'F'},
        {"base-url", required_argument, 0, 'B'},
        {"file", required_argument, 0, 'f'},
        {"scale", required_argument, 0, 'z'},
        {"page-cache-ms", required_argument, 0, 'P'},
        {"body-memory-mb", required_argument, 0, 'M'},
        {"trusted-proxy", required_argument, 0, 'T'},
        {0, 0, 0, 0},
    };
    *o = (opts){.db = getenv("COPROG_DB") ? getenv("COPROG_DB") : DEFAULT_DB,
                .listen = "127.0.0.1:8080",
                .label = "cli",
                .smtp = getenv("COPROG_SMTP"),
                .mail_from =
                    getenv("COPROG_MAIL_FROM") ? getenv("COPROG_MAIL_FROM") : "coprog@localhost",
                .base_url = getenv("COPROG_BASE_URL") ? getenv("COPROG_BASE_URL") : "",
                .root = "."};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd':
            o->db = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'p':
            o->password = optarg;
            break;
        case 'e':
            o->email = optarg;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 'r':
            o->role = optarg;
            break;
        case 'c':
            o->city = optarg;
            break;
        case 'b':
            o->label = optarg;
            break;
        case 'R':
            o->root = optarg;
            break;
        case 't':
            o->threads = (unsigned)atoi(optarg);
            break;
        case 'o':
            o->org = optarg;
            break;
        case 'O':
            o->org_name = optarg;
            break;
        case 'u':
            o->runts = optarg;
            break;
        case 'L':
            o->legal_rep = true;
            break;
        case 'D':
            o->date = optarg;
            break;
        case 'U':
            o->out = optarg;
            break;
        case 'S':
            o->smtp = optarg;
            break;
        case 'F':
            o->mail_from = optarg;
            break;
        case 'B':
            o->base_url = optarg;
            break;
        case 'f':
            o->file = optarg;
            break;
        case 'P':
            o->page_cache_ms = optarg;
            break;
        case 'M':
            o->body_memory_mb = optarg;
            break;
        case 'T':
            o->trusted_proxy = optarg;
            break;
        case 'z':
            o->scale = optarg;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

static db *open_db(const char *url, bool migrate)
{
    db *d;
    char err[256];
    if (db_open(url, &d, err, sizeof err)) {
        fprintf(stderr, "coprog: %s\n", err);
        return NULL;
    }
    if (!db_conn_get(d)) {
        fprintf(stderr, "coprog: cannot connect to the database\n");
        db_close(d);
        return NULL;
    }
    if (migrate && db_migrate(d)) {
        fprintf(stderr, "coprog: migrations failed\n");
        db_close(d);
        return NULL;
    }
    return d;
}

static int cmd_validate(int argc, char **argv)
{
    if (argc != 4) return usage();
    char out[64];
    check_result rc;
    const char *kind = argv[2];
    if (strcmp(kind, "cf") == 0)
        rc = check_cf(argv[3], out);
    else if (strcmp(kind, "piva") == 0)
        rc = check_piva(argv[3], out);
    else if (strcmp(kind, "iban") == 0)
        rc = check_iban(argv[3], out);
    else if (strcmp(kind, "cup") == 0)
        rc = check_cup(argv[3], out);
    else if (strcmp(kind, "cig") == 0)
        rc = check_cig(argv[3], out);
    else
        return usage();
    if (rc != CHECK_OK) {
        fprintf(stderr, "invalid %s: %s\n", kind, check_message(rc));
        return 1;
    }
    printf("%s\n", out);
    return 0;
}

static int cmd_serve(opts *o)
{
    char host[64];
    unsigned port = 0;
    const char *colon = strrchr(o->listen, ':');
    if (!colon || colon - o->listen >= (long)sizeof host ||
        (port = (unsigned)atoi(colon + 1)) == 0 || port > 65535) {
        fprintf(stderr, "coprog: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
    app a = {.routes = app_routes, .nroutes = app_nroutes, .lim = app_default_limits()};
    if (o->threads) a.lim.threads = o->threads;
    a.test_clock = getenv("COPROG_TEST_CLOCK") != NULL;
    a.secure_cookies = getenv("COPROG_SECURE_COOKIES") != NULL;
    a.trusted_proxy = o->trusted_proxy;
    char smtp_host[256];
    if (o->smtp) {
        const char *c = strrchr(o->smtp, ':');
        if (!c || c == o->smtp || c - o->smtp >= (long)sizeof smtp_host || !atoi(c + 1)) {
            fprintf(stderr, "coprog: --smtp wants HOST:PORT, e.g. 127.0.0.1:25\n");
            return 2;
        }
        snprintf(smtp_host, sizeof smtp_host, "%.*s", (int)(c - o->smtp), o->smtp);
        a.smtp_host = smtp_host;
        a.smtp_port = c + 1;
    }
    a.mail_from = o->mail_from;
    a.base_url = o->base_url;
    const char *cache_ms = o->page_cache_ms ? o->page_cache_ms : getenv("COPROG_PAGE_CACHE_MS");
    char *end = NULL;
    long ms = cache_ms ? strtol(cache_ms, &end, 10) : 1000;
    if ((cache_ms && (!*cache_ms || *end)) || ms < 0 || ms > 60000) {
        fprintf(stderr, "coprog: --page-cache-ms wants milliseconds from 0 (off) to 60000\n");
        return 2;
    }
    pagecache_init((int64_t)ms * 1000);
    if (o->body_memory_mb) {
        long mb = strtol(o->body_memory_mb, &end, 10);
        if (!*o->body_memory_mb || *end || mb < 1 || mb > 1048576) {
            fprintf(stderr, "coprog: --body-memory-mb wants megabytes from 1 to 1048576\n");
            return 2;
        }
        a.lim.bodies_max = (size_t)mb << 20;
    }
    char err[256];
    if (views_load(&a.views, err, sizeof err)) {
        fprintf(stderr, "coprog: templates: %s\n", err);
        return 1;
    }
    a.statics = statics_load(o->root);
    a.db = open_db(o->db, true);
    /* The tests' clock lives in a table of its own, made only when tests ask for it. */
    if (a.db && a.test_clock) {
        db_conn *c = db_conn_get(a.db);
        if (db_exec(c,
                    "CREATE TABLE IF NOT EXISTS test_clock (id INTEGER PRIMARY KEY CHECK (id = 1), "
                    "offset_us BIGINT NOT NULL)",
                    DB_NOARGS, NULL) != DB_OK ||
            db_exec(
                c,
                "INSERT INTO test_clock (id, offset_us) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
                DB_NOARGS, NULL) != DB_OK)
            fprintf(stderr, "coprog: test clock: %s\n", db_errmsg(c));
    }
    int rc = 1;
    if (a.db && a.statics && ticker_start(&a) == 0) {
        rc = server_run(&a, host, port) ? 1 : 0;
        ticker_stop();
    }
    db_close(a.db);
    statics_free(a.statics);
    views_free(a.views);
    return rc;
}

static int read_password(char *pw, size_t n)
{
    if (isatty(STDIN_FILENO)) fprintf(stderr, "password: ");
    if (!fgets(pw, (int)n, stdin)) return -1;
    pw[strcspn(pw, "\r\n")] = '\0';
    return 0;
}

/* Adds a city hosted by this instance; its officers then come with user add --city. */
static int cmd_city_add(opts *o)
{
    if (!o->city || !o->name) return usage();
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int64_t id = 0;
    city_rc rc =
        db_begin(c) == DB_OK ? city_add(c, o->city, o->name, 0, clock_now_us(), &id) : CITY_ERROR;
    if (rc == CITY_OK && db_commit(c) != DB_OK) rc = CITY_ERROR;
    if (rc != CITY_OK) {
        db_rollback(c);
        static const char *const WHY[] = {"", "database error", "the ISTAT code has six digits",
                                          "the name is empty or too long",
                                          "a city with that ISTAT code exists"};
        fprintf(stderr, "coprog: %s\n", rc == CITY_ERROR ? db_errmsg(c) : WHY[-rc]);
    } else {
        printf("city %lld: %s (%s)\n", (long long)id, o->name, o->city);
    }
    db_close(d);
    return rc == CITY_OK ? 0 : 1;
}

/* The command line's words for what account_add_user and account_grant answer. */
static const char *account_problem(acc_rc a, db_conn *c)
{
    switch (a) {
    case ACC_EXISTS:
        return "that e-mail is already registered";
    case ACC_BAD_EMAIL:
        return "that is not an e-mail address (printable ASCII only)";
    case ACC_BAD_NAME:
        return "the name is empty, too long, or has invisible characters";
    case ACC_WEAK_PASSWORD:
        return "the password must be 10 to 256 characters";
    case ACC_BAD_ROLE:
        return "unknown role, or an ets role without organisation (--org)";
    case ACC_BAD_ORG:
        return "--org is not a valid codice fiscale";
    case ACC_NOT_FOUND:
        return "no such user";
    default:
        return db_errmsg(c);
    }
}

/* Gives an existing user one more role (a city may give one person two functions; the rules
 * that keep functions apart, such as the separation of management and control, still apply). */
static int cmd_user_grant(opts *o)
{
    if (!o->email || !o->role) return usage();
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int rc = 1;
    int64_t uid = account_find(c, o->email);
    account_new in = {.role = o->role,
                      .city_istat = o->city,
                      .org_tax = o->org,
                      .org_name = o->org_name,
                      .runts = o->runts,
                      .legal_rep = o->legal_rep};
    acc_rc a = db_begin(c) == DB_OK ? account_grant(c, uid, &in, 0) : ACC_ERROR;
    if (a != ACC_OK || db_commit(c) != DB_OK) {
        db_rollback(c);
        if (a == ACC_NO_CITY)
            fprintf(stderr, "coprog: no city with ISTAT code %s\n", o->city);
        else
            fprintf(stderr, "coprog: %s\n", account_problem(a, c));
        goto out;
    }
    printf("user %lld: role %s added\n", (long long)uid, o->role);
    rc = 0;
out:
    db_close(d);
    return rc;
}

static int cmd_user_add(opts *o)
{
    if (!o->email || !o->name) return usage();
    char pw[PASSWORD_MAX + 2];
    if (read_password(pw, sizeof pw)) {
        fprintf(stderr, "coprog: no password on standard input\n");
        return 1;
    }
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int rc = 1;
    int64_t uid = 0;
    account_new in = {.email = o->email,
                      .name = o->name,
                      .password = pw,
                      .role = o->role,
                      .city_istat = o->city,
                      .org_tax = o->org,
                      .org_name = o->org_name,
                      .runts = o->runts,
                      .legal_rep = o->legal_rep};
    acc_rc a = db_begin(c) == DB_OK ? account_add_user(c, &in, 0, &uid) : ACC_ERROR;
    if (a != ACC_OK || db_commit(c) != DB_OK) {
        db_rollback(c);
        if (a == ACC_NO_CITY)
            fprintf(stderr, "coprog: no city with ISTAT code %s\n", o->city);
        else
            fprintf(stderr, "coprog: %s\n", account_problem(a, c));
        goto out;
    }
    printf("user %lld created: %s\n", (long long)uid, o->email);
    rc = 0;
out:
    sodium_memzero(pw, sizeof pw);
    db_close(d);
    return rc;
}

static int cmd_token_create(opts *o)
{
    if (!o->email) return usage();
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int rc = 1;
    int64_t uid = account_find(c, o->email), tid = 0;
    char tok[API_TOKEN_LEN + 1];
    if (!uid) {
        fprintf(stderr, "coprog: no user %s\n", o->email);
    } else if (db_begin(c) == DB_OK &&
               account_token_create(c, uid, o->label, tok, &tid) == ACC_OK &&
               audit_append(c, 0, uid, "token_create", "api_token", tid, NULL) == 0 &&
               db_commit(c) == DB_OK) {
        printf("%s\n", tok);
        rc = 0;
    } else {
        db_rollback(c);
        fprintf(stderr, "coprog: %s\n", db_errmsg(c));
    }
    db_close(d);
    return rc;
}

static int cmd_audit_verify(opts *o)
{
    db *d = open_db(o->db, false);
    if (!d) return 1;
    int64_t rows = 0, bad = 0;
    char why[256] = "";
    int rc = audit_verify(db_conn_get(d), &rows, &bad, why, sizeof why);
    if (rc == 0)
        printf("audit log intact: %lld rows\n", (long long)rows);
    else
        fprintf(stderr, "audit log broken at row %lld: %s\n", (long long)bad, why);
    db_close(d);
    return rc == 0 ? 0 : 1;
}

/* Who signed must be checked against a key the reader trusts: --key (the public key the city
 * publishes at /receipts), else this instance's own key from --db. With neither, the receipt
 * can only be checked against the key written inside it, which anyone re-signing it would
 * write too: that is said plainly, with exit status 3, never "valid". */
static int cmd_receipt_verify(int argc, char **argv)
{
    if (argc < 4) return usage();
    const char *file = argv[3], *key64 = NULL;
    const char *env_db = getenv("COPROG_DB");
    const char *dburl = env_db ? env_db : DEFAULT_DB;
    for (int i = 4; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--key") == 0) key64 = argv[i + 1];
        if (strcmp(argv[i], "--db") == 0) dburl = argv[i + 1];
    }
    if (!dburl) return usage();
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "coprog: cannot read %s\n", file);
        return 1;
    }
    enum { RECEIPT_FILE_MAX = 1 << 20 };
    char *text = malloc(RECEIPT_FILE_MAX);
    size_t len = text ? fread(text, 1, RECEIPT_FILE_MAX, f) : 0;
    fclose(f);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t got = 0;
    const char *whose = "the key given with --key";
    if (key64 && (sodium_base642bin(pk, sizeof pk, key64, strlen(key64), NULL, &got, NULL,
                                    sodium_base64_VARIANT_ORIGINAL) ||
                  got != sizeof pk)) {
        fprintf(stderr, "coprog: --key is not a base64 Ed25519 public key\n");
        free(text);
        return 2;
    }
    bool known = key64 != NULL;
    if (!known) {
        /* The instance's own key, read only: nothing is created or migrated here. */
        db *d = NULL;
        char err[256];
        /* A SQLite file that is not there is not made here. */
        bool absent = strncmp(dburl, "sqlite:", 7) == 0 && access(dburl + 7, R_OK) != 0;
        if (!absent && db_open(dburl, &d, err, sizeof err) == 0) {
            db_conn *c = db_conn_get(d);
            known = c && receipt_public_key(c, pk) == 0;
            db_close(d);
        }
        whose = "this instance's key";
    }
    receipt_rc rc = text ? receipt_verify(text, len, known ? pk : NULL) : RECEIPT_MALFORMED;
    free(text);
    if (rc == RECEIPT_VALID && known) {
        char b64[64];
        receipt_public_b64(pk, b64);
        printf("valid: the receipt is intact and signed by %s (%s)\n", whose, b64);
        return 0;
    }
    if (rc == RECEIPT_VALID) {
        fprintf(stderr,
                "not verified: the receipt is consistent with the key written inside it, "
                "but no trusted key was at hand (no --key, and no instance key in %s); "
                "anyone re-signing it would pass this. Give --key with the public key "
                "the city publishes at /receipts.\n",
                dburl);
        return 3;
    }
    fprintf(stderr, "%s\n", receipt_message(rc));
    return 1;
}

static int cmd_routes(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < app_nroutes; i++) {
        const route *rt = &app_routes[i];
        json_t *allowed = json_array();
        for (unsigned k = 0; k < ROLE_COUNT; k++)
            if (router_allows(rt->perm, true, 1u << k))
                json_array_append_new(allowed, json_string(role_names[k]));
        json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:o}", "method", rt->method, "pattern",
                                           rt->pattern, "public", rt->perm == PERM_PUBLIC, "roles",
                                           allowed));
    }
    json_dumpf(a, stdout, JSON_INDENT(1));
    putchar('\n');
    json_decref(a);
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "coprog: libsodium failed to start\n");
        return 1;
    }
    time_init();
    if (argc < 2) return usage();
    const char *verb = argv[1];
    if (strcmp(verb, "validate") == 0) return cmd_validate(argc, argv);
    if (strcmp(verb, "routes") == 0) return cmd_routes();
    if (strcmp(verb, "receipt") == 0 && argc >= 3 && strcmp(argv[2], "verify") == 0)
        return cmd_receipt_verify(argc, argv);
    opts o;
    bool two_words =
        (strcmp(verb, "user") == 0 || strcmp(verb, "token") == 0 || strcmp(verb, "city") == 0 ||
         strcmp(verb, "audit") == 0 || strcmp(verb, "housing") == 0);
    if (two_words && argc < 3) return usage();
    if (parse_opts(argc - (two_words ? 2 : 1), argv + (two_words ? 2 : 1), &o)) return usage();
    if (strcmp(verb, "serve") == 0) return cmd_serve(&o);
    if (strcmp(verb, "migrate") == 0) {
        db *d = open_db(o.db, true);
        if (!d) return 1;
        printf("schema at version %d\n", db_schema_version(db_conn_get(d)));
        db_close(d);
        return 0;
    }
    if (strcmp(verb, "demo") == 0) {
        double scale = 0;
        if (o.scale) {
            char *end = NULL;
            scale = strcmp(o.scale, "milan") == 0 ? 1 : strtod(o.scale, &end);
            if ((end && *end) || !(scale >= 0.01 && scale <= 100)) {
                fprintf(stderr, "coprog: --scale is \"milan\" or a multiple of it from 0.01 to "
                                "100 (e.g. 0.1, 10)\n");
                return 2;
            }
        }
        db *d = open_db(o.db, true);
        if (!d) return 1;
        int rc = demo_create(d, o.password, scale);
        db_close(d);
        return rc ? 1 : 0;
    }
    if (strcmp(verb, "igrue") == 0) {
        if (!o.date || !o.out) return usage();
        if (date_parse(o.date, NULL, NULL, NULL)) {
            fprintf(stderr,
                    "coprog igrue: --date %s is not a date that exists (YYYY-MM-DD, %d-%d)\n",
                    o.date, DATE_MIN_YEAR, DATE_MAX_YEAR);
            return 2;
        }
        db *d = open_db(o.db, false);
        if (!d) return 1;
        int rc = igrue_export(d, o.city, o.date, o.out);
        db_close(d);
        return rc ? 1 : 0;
    }
    if (strcmp(verb, "backup") == 0) {
        if (!o.out) return usage();
        db *d = open_db(o.db, false);
        if (!d) return 1;
        char err[256];
        int rc = db_backup(d, o.out, err, sizeof err);
        if (rc)
            fprintf(stderr, "coprog: backup failed: %s\n", err);
        else
            printf("backup written to %s\n", o.out);
        db_close(d);
        return rc ? 1 : 0;
    }
    if (two_words && strcmp(verb, "housing") == 0 && strcmp(argv[2], "import") == 0) {
        db *d = open_db(o.db, true);
        if (!d) return 1;
        int rc = housing_import_cli(d, o.city, o.file, o.out);
        db_close(d);
        return rc;
    }
    if (two_words && strcmp(verb, "city") == 0 && strcmp(argv[2], "add") == 0)
        return cmd_city_add(&o);
    if (two_words && strcmp(verb, "user") == 0 && strcmp(argv[2], "add") == 0)
        return cmd_user_add(&o);
    if (two_words && strcmp(verb, "user") == 0 && strcmp(argv[2], "grant") == 0)
        return cmd_user_grant(&o);
    if (two_words && strcmp(verb, "token") == 0 && strcmp(argv[2], "create") == 0)
        return cmd_token_create(&o);
    if (two_words && strcmp(verb, "audit") == 0 && strcmp(argv[2], "verify") == 0)
        return cmd_audit_verify(&o);
    return usage();
}
