/* A fresh, migrated database for one unit test, on either engine.
 * SQLite: a new file in /tmp. PostgreSQL: a new schema in the server named by
 * COPROG_TEST_PG_URL (scripts/test.sh starts one); without it the test fails, because
 * every database test must run on both engines. */
#ifndef COPROG_TESTS_TESTDB_H
#define COPROG_TESTS_TESTDB_H

#include "db/db.h"

db *testdb_open(db_engine e);
void testdb_close(db *d);
/* The URL of the database the last testdb_open made, to open it again as another instance. */
const char *testdb_url(void);

/* Defines the test body once and registers it for each engine. */
#define DB_TEST(suite, name)                                                                       \
    static void suite##_##name##_body(db *d, db_conn *c);                                          \
    Test(suite, name##_sqlite)                                                                     \
    {                                                                                              \
        db *d = testdb_open(DB_SQLITE);                                                            \
        suite##_##name##_body(d, db_conn_get(d));                                                  \
        testdb_close(d);                                                                           \
    }                                                                                              \
    Test(suite, name##_postgres)                                                                   \
    {                                                                                              \
        db *d = testdb_open(DB_POSTGRES);                                                          \
        suite##_##name##_body(d, db_conn_get(d));                                                  \
        testdb_close(d);                                                                           \
    }                                                                                              \
    static void suite##_##name##_body(db *d, db_conn *c)

#endif
