#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "web/pagecache.h"

static const char *HTML = "text/html; charset=utf-8";

static bool get(const char *key, int64_t now, char *out, size_t n)
{
    buf b;
    buf_init(&b, PAGECACHE_MAX_BODY);
    const char *type = NULL;
    bool hit = pagecache_get(key, now, &b, &type);
    if (hit) {
        cr_assert_eq(type, HTML);
        snprintf(out, n, "%.*s", (int)b.len, b.data);
    }
    buf_free(&b);
    return hit;
}

Test(pagecache, keeps_a_page_for_its_time_to_live)
{
    pagecache_init(1000000);
    char got[64];
    cr_assert_not(get("/calls\nit\nh", 10, got, sizeof got), "empty at first");
    pagecache_put("/calls\nit\nh", pagecache_generation(), 10, "<p>avvisi</p>", 13, HTML);
    cr_assert(get("/calls\nit\nh", 999999, got, sizeof got));
    cr_assert_str_eq(got, "<p>avvisi</p>");
    cr_assert_not(get("/calls\nen\nh", 20, got, sizeof got), "another key");
    cr_assert_not(get("/calls\nit\nh", 1000010, got, sizeof got), "past its time to live");
    cr_assert_not(get("/calls\nit\nh", 5, got, sizeof got), "a clock gone back is not trusted");
}

Test(pagecache, a_change_makes_every_page_stale)
{
    pagecache_init(1000000);
    char got[64];
    uint64_t before = pagecache_generation();
    pagecache_put("/\nit\nh", before, 0, "home", 4, HTML);
    cr_assert(get("/\nit\nh", 1, got, sizeof got));
    pagecache_changed();
    cr_assert_not(get("/\nit\nh", 2, got, sizeof got));
    /* A page begun before the change and stored after it is stale too. */
    pagecache_put("/\nit\nh", before, 3, "old home", 8, HTML);
    cr_assert_not(get("/\nit\nh", 4, got, sizeof got));
    pagecache_put("/\nit\nh", pagecache_generation(), 5, "new home", 8, HTML);
    cr_assert(get("/\nit\nh", 6, got, sizeof got));
    cr_assert_str_eq(got, "new home");
}

Test(pagecache, refuses_what_it_must_not_keep)
{
    pagecache_init(1000000);
    char got[64], key[PAGECACHE_KEY_MAX + 8];
    static char big[PAGECACHE_MAX_BODY + 1];
    pagecache_put("/big\nit\nh", pagecache_generation(), 0, big, sizeof big, HTML);
    cr_assert_not(get("/big\nit\nh", 1, got, sizeof got), "bodies over the limit are not kept");
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    pagecache_put(key, pagecache_generation(), 0, "x", 1, HTML);
    cr_assert_not(get(key, 1, got, sizeof got), "keys over the limit are not kept");
    pagecache_init(0);
    cr_assert_not(pagecache_enabled());
    pagecache_put("/off\nit\nh", pagecache_generation(), 0, "x", 1, HTML);
    cr_assert_not(get("/off\nit\nh", 1, got, sizeof got), "off keeps nothing");
}
