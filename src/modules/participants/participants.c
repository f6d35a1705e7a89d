#include "modules/participants/participants.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "modules/audit/audit.h"

static const char *const EMPLOYMENT[] = {
    "unemployed", "long_term_unemployed", "inactive", "employed", "refused", NULL};
static const char *const AGE[] = {"under_25", "from_25_to_54", "over_54", "refused", NULL};
static const char *const EDUCATION[] = {"isced_0_2", "isced_3_4", "isced_5_8", "refused", NULL};
static const char *const YES_NO[] = {"yes", "no", "refused", NULL};

const char *const PART_TRAITS[PART_NTRAITS] = {"employment",        "age_band", "education",
                                               "disability",        "migrant",  "homeless",
                                               "other_disadvantage"};
const char *const *const PART_TRAIT_VALUES[PART_NTRAITS] = {EMPLOYMENT, AGE,    EDUCATION, YES_NO,
                                                            YES_NO,     YES_NO, YES_NO};

part_rc participant_add(db_conn *c, int64_t agreement_id, const participant_in *in, int64_t now,
                        int64_t *id, char pseudonym[16])
{
    if (!in->entry_date || (in->exit_date && strcmp(in->exit_date, in->entry_date) < 0))
        return PART_BAD_DATES;
    int64_t active = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM agreements WHERE id = ? AND state = 'active'",
                     DB_ARGS(DB_INT(agreement_id)), &active) != DB_OK)
        return PART_ERROR;
    if (!active) return PART_NOT_ACTIVE;
    /* A random pseudonym: nothing in it leads back to the person. */
    unsigned char raw[5];
    randombytes_buf(raw, sizeof raw);
    pseudonym[0] = 'P';
    hex_encode(raw, sizeof raw, pseudonym + 1);
    for (char *p = pseudonym; *p; p++)
        if (*p >= 'a' && *p <= 'f') *p = (char)(*p - 'a' + 'A');
    db_rc d = db_query_int(
        c,
        "INSERT INTO participants (agreement_id, pseudonym, entry_date, exit_date, employment, "
        "age_band, education, disability, migrant, homeless, other_disadvantage, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(agreement_id), DB_TEXT(pseudonym), DB_TEXT(in->entry_date),
                in->exit_date ? DB_TEXT(in->exit_date) : DB_NULL, DB_TEXT(in->traits[0]),
                DB_TEXT(in->traits[1]), DB_TEXT(in->traits[2]), DB_TEXT(in->traits[3]),
                DB_TEXT(in->traits[4]), DB_TEXT(in->traits[5]), DB_TEXT(in->traits[6]),
                DB_INT(now)),
        id);
    if (d != DB_OK) return PART_ERROR;
    d = db_exec(c,
                "INSERT INTO participant_identities (participant_id, agreement_id, full_name, "
                "tax_code) VALUES (?, ?, ?, ?)",
                DB_ARGS(DB_INT(*id), DB_INT(agreement_id), DB_TEXT(in->full_name),
                        in->tax_code ? DB_TEXT(in->tax_code) : DB_NULL),
                NULL);
    return d == DB_CONSTRAINT ? PART_DUPLICATE : d == DB_OK ? PART_OK : PART_ERROR;
}

part_rc participant_exit(db_conn *c, int64_t id, const char *exit_date)
{
    int64_t changed = 0;
    db_rc d = db_exec(c, "UPDATE participants SET exit_date = ? WHERE id = ? AND entry_date <= ?",
                      DB_ARGS(DB_TEXT(exit_date), DB_INT(id), DB_TEXT(exit_date)), &changed);
    if (d != DB_OK) return PART_ERROR;
    if (changed) return PART_OK;
    return participant_agreement_of(c, id) ? PART_BAD_DATES : PART_NOT_FOUND;
}

int64_t participant_agreement_of(db_conn *c, int64_t id)
{
    int64_t a = 0;
    db_query_int(c, "SELECT agreement_id FROM participants WHERE id = ?", DB_ARGS(DB_INT(id)), &a);
    return a;
}

json_t *participant_identity(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                             const char *role, int64_t now)
{
    /* The log comes first: an identity is never read without its trace. */
    if (db_exec(c,
                "INSERT INTO identity_openings (participant_id, user_id, role, opened_at) "
                "VALUES (?, ?, ?, ?)",
                DB_ARGS(DB_INT(id), DB_INT(user_id), DB_TEXT(role), DB_INT(now)), NULL) != DB_OK ||
        audit_append(c, city_id, user_id, "identity_open", "participant", id, NULL))
        return NULL;
    return db_query_object(
        c,
        "SELECT p.pseudonym, i.full_name, i.tax_code FROM participants p "
        "JOIN participant_identities i ON i.participant_id = p.id WHERE p.id = ?",
        DB_ARGS(DB_INT(id)));
}

json_t *participants_list(db_conn *c, int64_t agreement_id)
{
    return db_query_json(c,
                         "SELECT id, pseudonym, entry_date, exit_date, employment, age_band, "
                         "education, disability, migrant, homeless, other_disadvantage "
                         "FROM participants WHERE agreement_id = ? ORDER BY id DESC",
                         DB_ARGS(DB_INT(agreement_id)));
}

json_t *participants_openings(db_conn *c, int64_t agreement_id)
{
    return db_query_json(c,
                         "SELECT p.pseudonym, u.name AS user_name, o.role, o.opened_at "
                         "FROM identity_openings o JOIN participants p ON p.id = o.participant_id "
                         "JOIN users u ON u.id = o.user_id WHERE p.agreement_id = ? "
                         "ORDER BY o.id DESC LIMIT 50",
                         DB_ARGS(DB_INT(agreement_id)));
}

/* The scope of a count: one agreement, or every agreement of an operation. */
#define SCOPE                                                                                      \
    "FROM participants p WHERE (p.agreement_id = ? OR (? = 0 AND p.agreement_id IN "               \
    "(SELECT g.id FROM agreements g JOIN codesign_tables t ON t.id = g.table_id "                  \
    "JOIN calls k ON k.id = t.call_id WHERE k.operation_id = ?)))"

/* A count as the public sees it. 1 to 4 are withheld ("<5"); every other count but 0 is rounded
 * to the nearest multiple of 5 (12 and 13 show 10 and 15), as statistical offices publish: a
 * withheld cell then cannot be had by subtracting the others from the total, nor by comparing
 * an agreement's table with its operation's, because every published figure is off by up to 2
 * either way. Zero stays exact: nobody is behind it. */
static json_t *count_cell(json_int_t n, bool suppress)
{
    bool hide = suppress && n > 0 && n < PART_SUPPRESS_BELOW;
    json_int_t shown_n = suppress && n >= PART_SUPPRESS_BELOW
                             ? (n + PART_ROUND_BASE / 2) / PART_ROUND_BASE * PART_ROUND_BASE
                             : n;
    char shown[24];
    if (hide)
        snprintf(shown, sizeof shown, "<%d", PART_SUPPRESS_BELOW);
    else
        snprintf(shown, sizeof shown, "%lld", (long long)shown_n);
    return json_pack("{s:o,s:s,s:b,s:b}", "count", hide ? json_null() : json_integer(shown_n),
                     "shown", shown, "is_suppressed", hide, "is_rounded",
                     suppress && !hide && n > 0);
}

json_t *participants_counts(db_conn *c, int64_t agreement_id, int64_t operation_id, bool suppress)
{
    int64_t total = 0;
    if (db_query_int(c, "SELECT COUNT(*) " SCOPE,
                     DB_ARGS(DB_INT(agreement_id), DB_INT(agreement_id), DB_INT(operation_id)),
                     &total) != DB_OK)
        return NULL;
    json_t *traits = json_array();
    for (int t = 0; t < PART_NTRAITS; t++) {
        char sql[512];
        /* The column name comes from PART_TRAITS, never from input. */
        snprintf(sql, sizeof sql, "SELECT p.%s AS answer, COUNT(*) AS n " SCOPE " GROUP BY p.%s",
                 PART_TRAITS[t], PART_TRAITS[t]);
        json_t *rows = db_query_json(
            c, sql, DB_ARGS(DB_INT(agreement_id), DB_INT(agreement_id), DB_INT(operation_id)));
        json_t *answers = json_array();
        for (const char *const *v = PART_TRAIT_VALUES[t]; *v; v++) {
            json_int_t n = 0;
            size_t i;
            json_t *x;
            json_array_foreach(rows, i, x)
            {
                if (strcmp(json_string_value(json_object_get(x, "answer")), *v) == 0)
                    n = json_integer_value(json_object_get(x, "n"));
            }
            json_t *cell = count_cell(n, suppress);
            json_object_set_new(cell, "answer", json_string(*v));
            json_array_append_new(answers, cell);
        }
        json_decref(rows);
        json_array_append_new(traits,
                              json_pack("{s:s,s:o}", "trait", PART_TRAITS[t], "answers", answers));
    }
    json_t *out = count_cell(total, suppress);
    json_object_set_new(out, "traits", traits);
    return out;
}

int64_t participants_entered(db_conn *c, int64_t agreement_id, const char *from, const char *to)
{
    int64_t n = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM participants WHERE agreement_id = ? AND entry_date >= ? "
                 "AND entry_date <= ?",
                 DB_ARGS(DB_INT(agreement_id), DB_TEXT(from), DB_TEXT(to)), &n);
    return n;
}
