#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/tar.h"

/* GNU tar reads what tar_add writes: names, sizes, contents (padding included), and refuses
 * nothing; an over-long name is refused here and leaves the archive as it was. */
Test(tar, gnu_tar_lists_and_extracts_what_is_written)
{
    buf b;
    buf_init(&b, 1 << 20);
    char big[1500];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 26);
    cr_assert_eq(tar_add(&b, "indice.xml", "<x/>", 4, 1764633600), 0);
    cr_assert_eq(tar_add(&b, "documenti/2026-0000001/0-lettera.txt", big, sizeof big, 1764633600),
                 0);
    cr_assert_eq(tar_add(&b, "vuoto.txt", "", 0, 0), 0);
    size_t before = b.len;
    char longname[120];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    cr_expect_eq(tar_add(&b, longname, "x", 1, 0), -1);
    cr_expect_eq(b.len, before, "nothing half-written");
    cr_assert_eq(tar_end(&b), 0);
    cr_expect_eq(b.len % 512, 0);
    char path[] = "/tmp/coprog-tar-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, b.data, b.len), (ssize_t)b.len);
    close(fd);
    char cmd[256], out[4096] = "";
    snprintf(cmd, sizeof cmd, "tar -tf %s 2>&1", path);
    FILE *p = popen(cmd, "r");
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    cr_expect_eq(pclose(p), 0, "%s", out);
    cr_expect_str_eq(out, "indice.xml\ndocumenti/2026-0000001/0-lettera.txt\nvuoto.txt\n");
    snprintf(cmd, sizeof cmd, "tar -xOf %s documenti/2026-0000001/0-lettera.txt", path);
    p = popen(cmd, "r");
    static char got[4096];
    n = fread(got, 1, sizeof got, p);
    pclose(p);
    cr_expect_eq(n, sizeof big);
    cr_expect_eq(memcmp(got, big, sizeof big), 0);
    unlink(path);
    buf_free(&b);
}
