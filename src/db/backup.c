/* coprog backup: a consistent copy while the service keeps writing. SQLite copies its pages
 * through the online backup API in one step (a single read snapshot, so writers in WAL mode
 * go on and the copy never restarts); PostgreSQL's own pg_dump takes a snapshot. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/engine.h"

extern char **environ;

int db_sqlite_backup(const char *path, const char *out, char *err, size_t errlen)
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(out, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(src, 10000);
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (!b) {
            rc = sqlite3_errcode(dst);
        } else {
            /* Busy or locked: a writer is checkpointing; wait and go on. */
            for (int tries = 0; tries < 100; tries++) {
                rc = sqlite3_backup_step(b, -1);
                if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
                sqlite3_sleep(50);
            }
            int fin = sqlite3_backup_finish(b);
            if (rc == SQLITE_DONE) rc = fin;
        }
    }
    if (rc != SQLITE_OK) snprintf(err, errlen, "%s", sqlite3_errstr(rc));
    sqlite3_close(src);
    sqlite3_close(dst);
    if (rc != SQLITE_OK) unlink(out);
    return rc == SQLITE_OK ? 0 : -1;
}

static int pg_dump(const char *conninfo, const char *out, char *err, size_t errlen)
{
    /* posix_spawn wants writable strings. */
    char file[4096], dbname[4096], fmt[] = "--format=custom", owner[] = "--no-owner",
                                   f[] = "--file", d[] = "--dbname", name[] = "pg_dump";
    if ((size_t)snprintf(file, sizeof file, "%s", out) >= sizeof file ||
        (size_t)snprintf(dbname, sizeof dbname, "%s", conninfo) >= sizeof dbname) {
        snprintf(err, errlen, "path or database address too long");
        return -1;
    }
    char *const argv[] = {name, fmt, owner, f, file, d, dbname, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
    if (rc) {
        snprintf(err, errlen, "cannot run pg_dump: %s", strerror(rc));
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "pg_dump failed (exit %d)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        unlink(out);
        return -1;
    }
    return 0;
}

int db_backup(db *d, const char *out, char *err, size_t errlen)
{
    /* Made first, empty and readable by its owner only: a copy holds personal data. */
    int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", out,
                 errno == EEXIST ? "exists already, choose a new name" : strerror(errno));
        return -1;
    }
    close(fd);
    return db_engine_of(d) == DB_SQLITE ? db_sqlite_backup(db_target(d), out, err, errlen)
                                        : pg_dump(db_target(d), out, err, errlen);
}
