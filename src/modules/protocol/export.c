/* The submission package for conservation ("pacchetto di versamento"): everything a
 * conservation service needs to take the register of a period, verifiable offline with
 * standard tools (`tar -xf`, then `sha256sum -c SHA256SUMS`):
 *   documenti/<year>-<number>/<position>-<name>   the files kept in coprog
 *   metadati/<year>-<number>.json                   AgID's metadata of each entry (annex 5)
 *   registri/registro-giornaliero-<day>.csv         the daily registers of the period
 *   SHA256SUMS                                      every file above with its SHA-256
 *   indice.xml                                      the index, in UNI SInCRO's shape */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/tar.h"
#include "base/timefmt.h"
#include "modules/protocol/protocol.h"

typedef struct package {
    buf *tar, sums, index;
    int64_t mtime_s;
    int files;
} package;

/* A file's name kept to letters, digits, '.', '-' and '_' and to max bytes: paths stay
 * portable and inside the ustar limit. */
static void safe_name(const char *in, char *out, size_t max)
{
    size_t n = 0;
    for (; in && *in && n + 1 < max; in++)
        out[n++] = isalnum((unsigned char)*in) || *in == '.' || *in == '-' ? *in : '_';
    out[n] = '\0';
    if (!n) snprintf(out, max, "file");
}

/* Adds a file to the archive, its line to SHA256SUMS and its entry to the index. */
static int put(package *p, const char *path, const void *data, size_t len, const char *mime,
               const char *label)
{
    char sha[65], b64[64];
    unsigned char raw[32];
    crypto_hash_sha256(raw, data, len);
    hex_encode(raw, sizeof raw, sha);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    if (tar_add(p->tar, path, data, len, p->mtime_s)) return 1;
    buf_printf(&p->sums, "%s  %s\n", sha, path);
    const char *dot = strrchr(path, '.');
    buf_puts(&p->index, "  <sincro:File sincro:encoding=\"binary\" sincro:extension=\"");
    buf_append_html(&p->index, dot ? dot + 1 : "", dot ? strlen(dot + 1) : 0);
    buf_puts(&p->index, "\" sincro:format=\"");
    buf_append_html(&p->index, mime, strlen(mime));
    buf_printf(&p->index,
               "\">\n   <sincro:ID sincro:scheme=\"local\">%d</sincro:ID>\n   "
               "<sincro:Path>",
               ++p->files);
    buf_append_html(&p->index, path, strlen(path));
    buf_printf(&p->index,
               "</sincro:Path>\n   <sincro:Hash sincro:function=\"SHA-256\">%s"
               "</sincro:Hash>\n",
               b64);
    if (label) {
        buf_puts(&p->index, "   <sincro:MoreInfo><sincro:EmbeddedMetadata>");
        buf_append_html(&p->index, label, strlen(label));
        buf_puts(&p->index, "</sincro:EmbeddedMetadata></sincro:MoreInfo>\n");
    }
    buf_puts(&p->index, "  </sincro:File>\n");
    return p->sums.overflow || p->index.overflow ? 1 : 0;
}

/* One entry: its stored files and its metadata. */
static int put_entry(db_conn *c, package *p, int64_t city, json_t *city_row, int64_t id)
{
    json_t *e = protocol_get(c, city, id);
    json_t *m = e ? protocol_metadata_of(e, city_row) : NULL;
    if (!m || !e) {
        json_decref(m);
        json_decref(e);
        return -1;
    }
    char dir[32], path[128], label[64];
    snprintf(dir, sizeof dir, "%lld-%07lld",
             (long long)json_integer_value(json_object_get(e, "year")),
             (long long)json_integer_value(json_object_get(e, "number")));
    snprintf(label, sizeof label, "Protocollo %s", json_string_value(json_object_get(e, "label")));
    int rc = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "files"), i, f)
    {
        if (rc || !json_integer_value(json_object_get(f, "is_stored"))) continue;
        size_t len = 0;
        json_t *meta = NULL;
        void *data = protocol_file_bytes(c, city, id, (int64_t)i, &len, &meta);
        if (!data) {
            rc = -1;
            continue;
        }
        char name[64];
        safe_name(json_string_value(json_object_get(meta, "name")), name, sizeof name);
        snprintf(path, sizeof path, "documenti/%s/%zu-%s", dir, i, name);
        rc = put(p, path, data, len, json_string_value(json_object_get(meta, "mime")), label);
        free(data);
        json_decref(meta);
    }
    char *text = rc ? NULL : json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (text) {
        snprintf(path, sizeof path, "metadati/%s.json", dir);
        rc = put(p, path, text, strlen(text), "application/json", label);
        free(text);
    } else if (!rc) {
        rc = -1;
    }
    json_decref(m);
    json_decref(e);
    return rc;
}

int protocol_export(db_conn *c, int64_t city_id, const char *from, const char *to, int64_t now,
                    buf *out, json_t **summary)
{
    *summary = NULL;
    json_t *city = protocol_city(c, city_id);
    json_t *ids = db_query_json(c,
                                "SELECT id FROM protocol_entries WHERE city_id = ? AND day BETWEEN "
                                "? AND ? ORDER BY year, number",
                                DB_ARGS(DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
    json_t *days =
        db_query_json(c,
                      "SELECT day, content FROM protocol_daily WHERE city_id = ? AND day "
                      "BETWEEN ? AND ? ORDER BY day",
                      DB_ARGS(DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
    package p = {.tar = out, .mtime_s = now / 1000000};
    buf_init(&p.sums, 16 << 20);
    buf_init(&p.index, 64 << 20);
    int rc = city && ids && days ? 0 : -1;
    const char *istat = json_string_value(json_object_get(city, "istat_code"));
    char id[96], iso[32];
    snprintf(id, sizeof id, "coprog-PdV-%s-%s-%s", istat ? istat : "", from, to);
    time_format_iso(now, iso, sizeof iso);
    buf_puts(&p.index, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<sincro:IdC xmlns:sincro=\"http://www.uni.com/U3011/sincro-v2/\" "
                       "sincro:url=\"http://www.uni.com/U3011/sincro-v2/\" "
                       "sincro:version=\"2.0\">\n <sincro:SelfDescription>\n  "
                       "<sincro:ID sincro:scheme=\"local\">");
    buf_puts(&p.index, id);
    buf_puts(&p.index, "</sincro:ID>\n  <sincro:CreatingApplication><sincro:Name>coprog"
                       "</sincro:Name><sincro:Producer>coprog</sincro:Producer>"
                       "</sincro:CreatingApplication>\n </sincro:SelfDescription>\n "
                       "<sincro:VdC>\n  <sincro:ID sincro:scheme=\"local\">");
    buf_puts(&p.index, id);
    buf_puts(&p.index, "</sincro:ID>\n </sincro:VdC>\n <sincro:FileGroup>\n  <sincro:Label>");
    const char *cname = json_string_value(json_object_get(city, "name"));
    buf_append_html(&p.index, cname ? cname : "", cname ? strlen(cname) : 0);
    buf_printf(&p.index, ", registro di protocollo dal %s al %s</sincro:Label>\n", from, to);
    size_t i;
    json_t *row;
    json_array_foreach(ids, i, row)
    {
        if (!rc)
            rc = put_entry(c, &p, city_id, city, json_integer_value(json_object_get(row, "id")));
    }
    json_array_foreach(days, i, row)
    {
        if (rc) break;
        char path[96];
        const char *content = json_string_value(json_object_get(row, "content"));
        snprintf(path, sizeof path, "registri/registro-giornaliero-%s.csv",
                 json_string_value(json_object_get(row, "day")));
        rc = put(&p, path, content, strlen(content), "text/csv", "Registro giornaliero");
    }
    buf_puts(&p.index, " </sincro:FileGroup>\n <sincro:Process>\n  <sincro:Agent "
                       "sincro:type=\"organization\" sincro:role=\"Producer\"><sincro:AgentName>"
                       "<sincro:FormalName>");
    buf_append_html(&p.index, cname ? cname : "", cname ? strlen(cname) : 0);
    buf_printf(&p.index,
               "</sincro:FormalName></sincro:AgentName></sincro:Agent>\n  "
               "<sincro:TimeReference><sincro:TimeInfo>%s</sincro:TimeInfo>"
               "</sincro:TimeReference>\n </sincro:Process>\n</sincro:IdC>\n",
               iso);
    char index_sha[65] = "";
    if (!rc && (p.sums.overflow || p.index.overflow)) rc = 1;
    if (!rc) {
        sha256_hex(p.index.data, p.index.len, index_sha);
        if (tar_add(out, "SHA256SUMS", p.sums.data, p.sums.len, p.mtime_s) ||
            tar_add(out, "indice.xml", p.index.data, p.index.len, p.mtime_s) || tar_end(out))
            rc = 1;
    }
    if (!rc)
        *summary = json_pack("{s:s,s:I,s:I,s:i,s:s}", "id", id, "entries",
                             (json_int_t)json_array_size(ids), "daily_registers",
                             (json_int_t)json_array_size(days), "files", p.files, "index_sha256",
                             index_sha);
    if (rc == 0 && !*summary) rc = -1;
    buf_free(&p.sums);
    buf_free(&p.index);
    json_decref(city);
    json_decref(ids);
    json_decref(days);
    return rc;
}
