#include "modules/notify/outbox.h"

#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "modules/notify/notify.h"
#include "modules/notify/smtp.h"

int64_t outbox_backoff_s(int attempts)
{
    if (attempts < 1) attempts = 1;
    if (attempts > 6) attempts = 6;
    return INT64_C(60) << (attempts - 1);
}

typedef struct pending {
    int64_t id, user_id;
    int attempts;
    char recipient[256], key[96], detail[512], link[256], name[256], lang[8];
} pending;

/* Takes one message for this sender; false when another sender took it first. */
static bool claim(db_conn *c, const pending *p, int64_t now)
{
    int64_t changed = 0;
    /* While sending, next_attempt_at is the claim's end: a sender that died frees it then. */
    db_exec(c,
            "UPDATE outbox SET state = 'sending', next_attempt_at = ? WHERE id = ? AND state IN "
            "('pending', 'sending') AND next_attempt_at <= ?",
            DB_ARGS(DB_INT(now + INT64_C(300) * 1000000), DB_INT(p->id), DB_INT(now)), &changed);
    return changed == 1;
}

static void render(views *v, const mail_config *cfg, const pending *p, char *subject, size_t slen,
                   buf *body)
{
    char text[1024];
    /* Ticket details are state codes: rendered as the app does. */
    notify_text(v, p->lang, p->key, strncmp(p->key, "tickets.", 8) == 0 ? "ticket" : "", p->detail,
                text, sizeof text);
    const char *greet = views_t(v, p->lang, "notify.mail_greeting");
    const char *prefs = views_t(v, p->lang, "notify.mail_prefs");
    snprintf(subject, slen, "coprog: %s", text);
    buf_printf(body, "%s %s,\n\n%s\n", greet ? greet : "", p->name, text);
    if (*p->link) buf_printf(body, "\n%s%s\n", cfg->base_url ? cfg->base_url : "", p->link);
    buf_printf(body, "\n--\n%s %s/my/notifications\n", prefs ? prefs : "",
               cfg->base_url ? cfg->base_url : "");
}

static void finish(db_conn *c, const pending *p, smtp_result res, const char *err, int64_t now)
{
    int attempts = p->attempts + 1;
    const char *state = res == SMTP_SENT                                        ? "sent"
                        : res == SMTP_BOUNCE || attempts >= OUTBOX_MAX_ATTEMPTS ? "failed"
                                                                                : "pending";
    int64_t next = now + outbox_backoff_s(attempts) * 1000000;
    if (db_exec(c,
                "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                "sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?",
                DB_ARGS(DB_TEXT(state), DB_INT(attempts), DB_INT(next),
                        DB_TEXT(res == SMTP_SENT ? "" : err), DB_TEXT(state), DB_INT(now),
                        DB_INT(p->id)),
                NULL) != DB_OK)
        log_error("outbox: cannot record message %lld: %s", (long long)p->id, db_errmsg(c));
    else if (res != SMTP_SENT)
        log_warn("outbox: message %lld %s after attempt %d: %s", (long long)p->id, state, attempts,
                 err);
}

int outbox_deliver(db_conn *c, views *v, const mail_config *cfg, int64_t now)
{
    if (!cfg || !cfg->host) return 0;
    pending batch[OUTBOX_BATCH];
    int n = 0;
    db_rows *r = db_query(c,
                          "SELECT o.id, o.user_id, o.attempts, o.recipient, o.message_key, "
                          "o.detail, o.link, u.name, u.locale FROM outbox o JOIN users u ON "
                          "u.id = o.user_id WHERE o.state IN ('pending', 'sending') AND "
                          "o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?",
                          DB_ARGS(DB_INT(now), DB_INT(OUTBOX_BATCH)));
    while (r && db_next(r) && n < OUTBOX_BATCH) {
        pending *p = &batch[n++];
        p->id = db_int(r, 0);
        p->user_id = db_int(r, 1);
        p->attempts = (int)db_int(r, 2);
        snprintf(p->recipient, sizeof p->recipient, "%s", db_text(r, 3));
        snprintf(p->key, sizeof p->key, "%s", db_text(r, 4));
        snprintf(p->detail, sizeof p->detail, "%s", db_text(r, 5));
        snprintf(p->link, sizeof p->link, "%s", db_text(r, 6));
        snprintf(p->name, sizeof p->name, "%s", db_text(r, 7));
        snprintf(p->lang, sizeof p->lang, "%s", db_text(r, 8));
    }
    if (db_rows_close(r) != DB_OK) return -1;
    int sent = 0;
    for (int i = 0; i < n; i++) {
        if (!claim(c, &batch[i], now)) continue;
        char subject[1200], err[256] = "", mid[96];
        buf body;
        buf_init(&body, 64u << 10);
        render(v, cfg, &batch[i], subject, sizeof subject, &body);
        snprintf(mid, sizeof mid, "outbox-%lld@coprog", (long long)batch[i].id);
        smtp_mail m = {cfg->from, batch[i].recipient, subject, body.data, mid, now};
        smtp_result res = smtp_send(cfg->host, cfg->port, &m, 10, err, sizeof err);
        buf_free(&body);
        finish(c, &batch[i], res, err, now);
        if (res == SMTP_SENT) sent++;
    }
    return sent;
}

json_t *outbox_overview(db_conn *c)
{
    return json_pack(
        "{s:o,s:o}", "counts",
        db_query_json(c, "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state ORDER BY state",
                      DB_NOARGS),
        "messages",
        db_query_json(c,
                      "SELECT id, recipient, message_key, state, attempts, last_error, "
                      "next_attempt_at, created_at, sent_at FROM outbox ORDER BY id DESC LIMIT 100",
                      DB_NOARGS));
}
