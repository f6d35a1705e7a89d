#include <criterion/criterion.h>
#include <string.h>

#include "web/form.h"
#include "web/router.h"

Test(form, urlencoded_decodes_plus_and_percent)
{
    arena a;
    arena_init(&a, 1 << 20);
    kv *f = NULL;
    int n = 0;
    const char *s = "a=1&b=citt%C3%A0+di+Milano&c&=x&d=%zz";
    cr_expect_eq(form_parse_urlencoded(&a, s, strlen(s) - 7, &f, &n), FORM_OK);
    cr_assert_eq(n, 4);
    cr_expect_str_eq(f[1].value, "città di Milano");
    cr_expect_str_eq(f[2].key, "c");
    cr_expect_str_eq(f[2].value, "");
    cr_expect_eq(form_parse_urlencoded(&a, s, strlen(s), &f, &n), FORM_MALFORMED);
    arena_free(&a);
}

Test(form, refuses_invalid_utf8_and_too_many_fields)
{
    arena a;
    arena_init(&a, 1 << 24);
    kv *f = NULL;
    int n = 0;
    cr_expect_eq(form_parse_urlencoded(&a, "a=%C3%28", 8, &f, &n), FORM_NOT_UTF8);
    char many[8000];
    size_t len = 0;
    for (int i = 0; i < FORM_MAX_FIELDS + 1; i++, len += 4) memcpy(many + len, "x=1&", 4);
    many[len] = '\0';
    n = 0;
    cr_expect_eq(form_parse_urlencoded(&a, many, strlen(many), &f, &n), FORM_TOO_MANY);
    arena_free(&a);
}

Test(form, multipart_fields_and_files)
{
    arena a;
    arena_init(&a, 1 << 20);
    const char body[] = "--XyZ\r\n"
                        "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                        "Portineria sociale\r\n"
                        "--XyZ\r\n"
                        "Content-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\n"
                        "Content-Type: application/pdf\r\n\r\n"
                        "%PDF-1.4\r\n\x00\x01\r\n"
                        "--XyZ--\r\n";
    kv *f = NULL;
    upload *u = NULL;
    int nf = 0, nu = 0;
    cr_assert_eq(form_parse_multipart(&a, "multipart/form-data; boundary=XyZ", body,
                                      sizeof body - 1, &f, &nf, &u, &nu),
                 FORM_OK);
    cr_assert_eq(nf, 1);
    cr_expect_str_eq(f[0].key, "title");
    cr_expect_str_eq(f[0].value, "Portineria sociale");
    cr_assert_eq(nu, 1);
    cr_expect_str_eq(u[0].filename, "a.pdf");
    cr_expect_str_eq(u[0].content_type, "application/pdf");
    cr_expect_eq(u[0].len, 12); /* the CRLF before the delimiter belongs to it */
    cr_expect_eq(memcmp(u[0].data, "%PDF-1.4\r\n\x00\x01", 12), 0);
    nf = nu = 0;
    cr_expect_eq(
        form_parse_multipart(&a, "multipart/form-data; boundary=XyZ", body, 40, &f, &nf, &u, &nu),
        FORM_MALFORMED, "a truncated body is an error, not a shorter form");
    cr_expect_eq(
        form_parse_multipart(&a, "multipart/form-data", body, sizeof body - 1, &f, &nf, &u, &nu),
        FORM_MALFORMED);
    arena_free(&a);
}

static int h(req *r)
{
    (void)r;
    return 0;
}

Test(router, matches_parameters_and_tells_404_from_405)
{
    const route t[] = {
        {"GET", "/calls", h, PERM_PUBLIC, true},
        {"GET", "/calls/{id}", h, PERM_PUBLIC, true},
        {"POST", "/calls/{id}/proposals/{pid}", h, ROLE_ETS, false},
    };
    req r = {0};
    arena_init(&r.mem, 1 << 16);
    const route *out = NULL;
    cr_expect_eq(router_match(t, 3, "GET", "/calls/42", &r, &out), ROUTE_FOUND);
    cr_expect_eq(out, &t[1]);
    cr_expect_str_eq(req_param(&r, "id"), "42");
    cr_expect_eq(req_param_id(&r, "id"), 42);
    cr_expect_eq(router_match(t, 3, "POST", "/calls/7/proposals/9", &r, &out), ROUTE_FOUND);
    cr_expect_str_eq(req_param(&r, "pid"), "9");
    cr_expect_eq(router_match(t, 3, "HEAD", "/calls", &r, &out), ROUTE_FOUND);
    cr_expect_eq(router_match(t, 3, "DELETE", "/calls/42", &r, &out), ROUTE_WRONG_METHOD);
    cr_expect_eq(router_match(t, 3, "GET", "/calls/42/x", &r, &out), ROUTE_NOT_FOUND);
    cr_expect_eq(router_match(t, 3, "GET", "/calls/", &r, &out), ROUTE_NOT_FOUND);
    arena_free(&r.mem);
}

Test(router, permissions)
{
    cr_expect(router_allows(PERM_PUBLIC, false, 0));
    cr_expect(!router_allows(PERM_USER, false, 0));
    cr_expect(router_allows(PERM_USER, true, ROLE_RESIDENT));
    cr_expect(router_allows(ROLE_OFFICER | ROLE_ADMIN, true, ROLE_ADMIN));
    cr_expect(!router_allows(ROLE_OFFICER, true, ROLE_AUDITOR | ROLE_ETS));
}
