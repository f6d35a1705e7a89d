#include "cli/demo.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"

typedef struct demo_user {
    const char *email, *name, *role;
    int org; /* 0 none, 1 the city, 2 the demo ETS */
    int city;
    int legal_rep;
} demo_user;

/* Fictional people, named so that no one mistakes them for real ones. */
static const demo_user USERS[] = {
    {"admin@demo.invalid", "Ada Amministratrice (demo)", "admin", 0, 0, 0},
    {"officer@demo.invalid", "Olga Funzionaria RUP (demo)", "officer", 1, 1, 0},
    {"evaluator1@demo.invalid", "Elio Valutatore Uno (demo)", "evaluator", 1, 1, 0},
    {"evaluator2@demo.invalid", "Eva Valutatrice Due (demo)", "evaluator", 1, 1, 0},
    {"controller@demo.invalid", "Carlo Controllore (demo)", "controller", 1, 1, 0},
    {"ets1@demo.invalid", "Elena Rappresentante ETS (demo)", "ets", 2, 1, 1},
    {"resident1@demo.invalid", "Rino Inquilino (demo)", "resident", 0, 1, 0},
    {"auditor@demo.invalid", "Aldo Auditor AdG (demo)", "auditor", 0, 0, 0},
};

static void random_password(char out[17])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 16; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[16] = '\0';
}

static int64_t insert_id(db_conn *c, const char *sql, const db_param *p, int np)
{
    int64_t id = 0;
    if (db_query_int(c, sql, p, np, &id) != DB_OK) {
        log_error("demo: %s", db_errmsg(c));
        return 0;
    }
    return id;
}

int demo_create(db *d, const char *password)
{
    db_conn *c = db_conn_get(d);
    if (!c) return -1;
    int64_t now = clock_now_us();
    int64_t city = 0;
    db_query_int(c, "SELECT id FROM cities WHERE istat_code = '015146'", DB_NOARGS, &city);
    bool exists = city != 0;
    if (db_begin(c) != DB_OK) return -1;
    int64_t org_city = 0, org_ets = 0;
    if (!exists) {
        city = insert_id(c,
                         "INSERT INTO cities (name, istat_code, slug, created_at) "
                         "VALUES ('Comune di Milano', '015146', 'milano', ?) RETURNING id",
                         DB_ARGS(DB_INT(now)));
        org_city = insert_id(c,
                             "INSERT INTO organisations (city_id, kind, name, tax_code, "
                             "created_at) VALUES (?, 'city', 'Comune di Milano - Direzione Casa',"
                             " '01199250158', ?) RETURNING id",
                             DB_ARGS(DB_INT(city), DB_INT(now)));
        org_ets = insert_id(c,
                            "INSERT INTO organisations (city_id, kind, name, tax_code, "
                            "runts_number, created_at) VALUES (?, 'ets', "
                            "'Cooperativa Sociale Esempio Aurora ETS (demo)', '97000000014', "
                            "'DEMO-0001', ?) RETURNING id",
                            DB_ARGS(DB_INT(city), DB_INT(now)));
        if (!city || !org_city || !org_ets) goto fail;
    }
    printf("%s\n", exists ? "Demo already present: new passwords for its accounts."
                          : "Demo created: City of Milan (ISTAT 015146).");
    printf("%-26s %-12s %s\n", "e-mail", "role", "password");
    for (size_t i = 0; i < sizeof USERS / sizeof USERS[0]; i++) {
        const demo_user *u = &USERS[i];
        char pw[17];
        if (!password) random_password(pw);
        const char *use = password ? password : pw;
        int64_t uid = account_find(c, u->email);
        acc_rc rc;
        if (uid) {
            rc = account_set_password(c, uid, use);
        } else {
            rc = account_create(c, u->email, u->name, use, "it", &uid);
            if (rc == ACC_OK)
                rc = account_add_membership(c, uid, u->city ? city : 0,
                                            u->org == 1   ? org_city
                                            : u->org == 2 ? org_ets
                                                          : 0,
                                            u->role, u->legal_rep);
        }
        if (rc != ACC_OK) {
            log_error("demo: account %s: %s", u->email,
                      rc == ACC_WEAK_PASSWORD ? "password shorter than 10 characters"
                                              : db_errmsg(c));
            goto fail;
        }
        printf("%-26s %-12s %s\n", u->email, u->role, password ? "(as given)" : pw);
        sodium_memzero(pw, sizeof pw);
    }
    if (audit_append(c, city, 0, exists ? "demo_reset" : "demo_create", "city", city, NULL))
        goto fail;
    return db_commit(c) == DB_OK ? 0 : -1;
fail:
    db_rollback(c);
    return -1;
}
