/* What coprog asks of the federation's other members over HTTP (libcurl): entity statements,
 * the token and the userinfo. Only https, or plain http to this machine's own loopback (a
 * provider and anchor started by the tests; RFC 8252 §7.3's exception); certificates checked;
 * ten seconds and 1 MB at most; no redirects followed. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "modules/identity/fetch.h"

#include "base/log.h"

enum { FETCH_MAX_BYTES = 1 << 20, FETCH_TIMEOUT_S = 10 };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

bool identity_url_allowed(const char *url)
{
    if (!url) return false;
    if (!strncmp(url, "https://", 8)) return url[8] != '\0' && url[8] != '/';
    static const char *const loopback[] = {"http://127.0.0.1:", "http://127.0.0.1/",
                                           "http://localhost:", "http://localhost/",
                                           "http://[::1]:",     "http://[::1]/"};
    for (size_t i = 0; i < sizeof loopback / sizeof *loopback; i++)
        if (!strncmp(url, loopback[i], strlen(loopback[i]))) return true;
    return false;
}

static size_t take(char *p, size_t size, size_t n, void *arg)
{
    fetched *f = arg;
    size_t add = size * n;
    if (f->len + add > FETCH_MAX_BYTES) return 0; /* too large: the transfer stops */
    char *grown = realloc(f->body, f->len + add + 1);
    if (!grown) return 0;
    memcpy(grown + f->len, p, add);
    f->body = grown;
    f->len += add;
    f->body[f->len] = '\0';
    return add;
}

static size_t header(char *p, size_t size, size_t n, void *arg)
{
    fetched *f = arg;
    size_t len = size * n;
    if (len > 13 && !strncasecmp(p, "content-type:", 13)) {
        const char *v = p + 13;
        while (*v == ' ') v++;
        size_t k = 0;
        while (v + k < p + len && v[k] != ';' && v[k] != '\r' && v[k] != '\n' &&
               k + 1 < sizeof f->content_type)
            k++;
        memcpy(f->content_type, v, k);
        f->content_type[k] = '\0';
    }
    return len;
}

int identity_fetch(const char *url, const char *form, const char *bearer, fetched *f)
{
    *f = (fetched){0};
    if (!identity_url_allowed(url)) return -1;
    pthread_once(&once, global_init);
    CURL *c = curl_easy_init();
    if (!c) return -1;
    struct curl_slist *headers = NULL;
    char *auth = NULL;
    if (bearer && asprintf(&auth, "Authorization: Bearer %s", bearer) > 0)
        headers = curl_slist_append(headers, auth);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)FETCH_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "coprog");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (form) curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
    curl_slist_free_all(headers);
    free(auth);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {
        /* The address only: a form or a token never reaches the log. */
        log_warn("identity: %s: %s", url, curl_easy_strerror(rc));
        identity_fetched_free(f);
        return -1;
    }
    if (!f->body) f->body = calloc(1, 1);
    return f->body ? 0 : -1;
}

void identity_fetched_free(fetched *f)
{
    free(f->body);
    *f = (fetched){0};
}

char *identity_form_escape(const char *s)
{
    pthread_once(&once, global_init);
    char *e = curl_easy_escape(NULL, s, 0);
    char *out = e ? strdup(e) : NULL;
    curl_free(e);
    return out;
}
