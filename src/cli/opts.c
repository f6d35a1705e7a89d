#include "cli/opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const CLI_DEFAULT_DB = "sqlite:var/coprog.db";

int usage(void)
{
    fputs(
        "usage: coprog <verb> [options]\n"
        "  serve    [--db URL] [--listen HOST:PORT] [--threads N] [--root DIR]\n"
        "           [--smtp HOST:PORT] [--mail-from ADDR] [--base-url URL]\n"
        "           [--page-cache-ms N]  (public pages kept N ms for anonymous readers; 0: off)\n"
        "           [--bodies-mb N]  (request bodies held at once, 1024 MB by default)\n"
        "           [--spool-dir DIR]  (where uploads wait for their request: $TMPDIR, /var/tmp)\n"
        "           [--trusted-proxy IP]  (the proxy whose X-Forwarded-For names the client)\n"
        "           [--second-factor required|optional]  (TOTP for the roles that decide;\n"
        "           required by default, optional only for test servers)\n"
        "           [--federation-authority URL] [--federation-org NAME]  (SPID/CIE federation:\n"
        "           the trust anchor named in /.well-known/openid-federation, who runs coprog)\n"
        "           [--trust-anchor URL --trust-anchor-jwks FILE] [--identity-provider "
        "NAME=URL]...\n"
        "           (SPID/CIE sign-in: the anchor whose keys FILE holds as a JWKS, and up to 8\n"
        "           providers offered on the sign-in page, e.g. \"SPID "
        "Test=https://idp.example\")\n"
        "           [--trust-mark FILE]...  (up to 4: a trust mark the anchor issued to coprog,\n"
        "           a JWT, checked at start and published in the entity configuration)\n"
        "           [--provider-trust-mark ID]  (the trust mark every provider must carry)\n"
        "  migrate  [--db URL]\n"
        "  demo     [--db URL] [--password P] [--scale milan|F]\n"
        "  validate cf|piva|iban|cup|cig VALUE\n"
        "  city add --city ISTAT --name N [--db URL]  (a city hosted here)\n"
        "  user add --email E --name N [--role R] [--city ISTAT] [--org TAXCODE [--org-name N]\n"
        "           [--runts R] [--legal-rep]] [--tax-code CF] [--db URL]  (password on stdin)\n"
        "  user grant --email E [--role R] [--city ISTAT] [--tax-code CF] [--db URL]\n"
        "           (one more role; the person's codice fiscale, as their certificate names them)\n"
        "  token create --email E [--label L] [--db URL]\n"
        "  audit verify [--db URL]\n"
        "  igrue    --date YYYY-MM-DD --out DIR [--city ISTAT] [--db URL]  (monitoring files)\n"
        "  backup   --out FILE [--db URL]  (online; SQLite file, or pg_dump custom format)\n"
        "  housing import --city ISTAT --file F.csv --out CODES.csv [--db URL]\n"
        "           (buildings, units and residents, with progress; codes file mode 0600)\n"
        "  routes   (the route table as JSON)\n"
        "  signature verify FILE [--trust CAS.pem | --trust-list TL.xml\n"
        "           (--trust-list-signer PEM | --lotl LOTL.xml --lotl-signer PEM)]\n"
        "           [--crl CRLS.pem] [--document ORIGINAL]\n"
        "           [--at INSTANT]  (the validation time, such as 2030-01-01T00:00:00Z)\n"
        "           (a .p7m or signed PDF: the ETSI report as JSON; exit 0 passed, 1 failed,\n"
        "           3 indeterminate)\n"
        "URL is sqlite:PATH (default sqlite:var/coprog.db) or postgres://...\n",
        stderr);
    return 2;
}

int parse_opts(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},
        {"listen", required_argument, 0, 'l'},
        {"password", required_argument, 0, 'p'},
        {"email", required_argument, 0, 'e'},
        {"name", required_argument, 0, 'n'},
        {"role", required_argument, 0, 'r'},
        {"city", required_argument, 0, 'c'},
        {"label", required_argument, 0, 'b'},
        {"threads", required_argument, 0, 't'},
        {"root", required_argument, 0, 'R'},
        {"org", required_argument, 0, 'o'},
        {"org-name", required_argument, 0, 'O'},
        {"runts", required_argument, 0, 'u'},
        {"legal-rep", no_argument, 0, 'L'},
        {"tax-code", required_argument, 0, 'X'},
        {"date", required_argument, 0, 'D'},
        {"out", required_argument, 0, 'U'},
        {"smtp", required_argument, 0, 'S'},
        {"mail-from", required_argument, 0, 'F'},
        {"base-url", required_argument, 0, 'B'},
        {"file", required_argument, 0, 'f'},
        {"scale", required_argument, 0, 'z'},
        {"page-cache-ms", required_argument, 0, 'P'},
        {"bodies-mb", required_argument, 0, 'M'},
        {"body-memory-mb", required_argument, 0, 'M'}, /* its name before uploads were spooled */
        {"spool-dir", required_argument, 0, 'W'},
        {"trusted-proxy", required_argument, 0, 'T'},
        {"second-factor", required_argument, 0, 'Z'},
        {"federation-authority", required_argument, 0, 'A'},
        {"federation-org", required_argument, 0, 'G'},
        {"trust-anchor", required_argument, 0, 'K'},
        {"trust-anchor-jwks", required_argument, 0, 'J'},
        {"identity-provider", required_argument, 0, 'I'},
        {"trust-mark", required_argument, 0, 'k'},
        {"provider-trust-mark", required_argument, 0, 'q'},
        {0, 0, 0, 0},
    };
    *o = (opts){.db = getenv("COPROG_DB") ? getenv("COPROG_DB") : CLI_DEFAULT_DB,
                .listen = "127.0.0.1:8080",
                .label = "cli",
                .smtp = getenv("COPROG_SMTP"),
                .mail_from =
                    getenv("COPROG_MAIL_FROM") ? getenv("COPROG_MAIL_FROM") : "coprog@localhost",
                .base_url = getenv("COPROG_BASE_URL") ? getenv("COPROG_BASE_URL") : "",
                .root = "."};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd':
            o->db = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'p':
            o->password = optarg;
            break;
        case 'e':
            o->email = optarg;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 'r':
            o->role = optarg;
            break;
        case 'c':
            o->city = optarg;
            break;
        case 'b':
            o->label = optarg;
            break;
        case 'R':
            o->root = optarg;
            break;
        case 't':
            o->threads = (unsigned)atoi(optarg);
            break;
        case 'o':
            o->org = optarg;
            break;
        case 'O':
            o->org_name = optarg;
            break;
        case 'u':
            o->runts = optarg;
            break;
        case 'L':
            o->legal_rep = true;
            break;
        case 'X':
            o->tax_code = optarg;
            break;
        case 'D':
            o->date = optarg;
            break;
        case 'U':
            o->out = optarg;
            break;
        case 'S':
            o->smtp = optarg;
            break;
        case 'F':
            o->mail_from = optarg;
            break;
        case 'B':
            o->base_url = optarg;
            break;
        case 'f':
            o->file = optarg;
            break;
        case 'P':
            o->page_cache_ms = optarg;
            break;
        case 'W':
            o->spool_dir = optarg;
            break;
        case 'M':
            o->bodies_mb = optarg;
            break;
        case 'A':
            o->federation_authority = optarg;
            break;
        case 'G':
            o->federation_org = optarg;
            break;
        case 'K':
            o->trust_anchor = optarg;
            break;
        case 'J':
            o->trust_anchor_jwks = optarg;
            break;
        case 'k':
            if (o->ntrust_mark == sizeof o->trust_mark / sizeof *o->trust_mark) return -1;
            o->trust_mark[o->ntrust_mark++] = optarg;
            break;
        case 'q':
            o->provider_trust_mark = optarg;
            break;
        case 'I':
            if (o->nidentity_provider == sizeof o->identity_provider / sizeof *o->identity_provider)
                return -1;
            o->identity_provider[o->nidentity_provider++] = optarg;
            break;
        case 'Z':
            if (strcmp(optarg, "required") != 0 && strcmp(optarg, "optional") != 0) return -1;
            o->second_factor_optional = strcmp(optarg, "optional") == 0;
            break;
        case 'T':
            o->trusted_proxy = optarg;
            break;
        case 'z':
            o->scale = optarg;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

db *open_db(const char *url, bool migrate)
{
    db *d;
    char err[256];
    if (db_open(url, &d, err, sizeof err)) {
        fprintf(stderr, "coprog: %s\n", err);
        return NULL;
    }
    if (!db_conn_get(d)) {
        fprintf(stderr, "coprog: cannot connect to the database\n");
        db_close(d);
        return NULL;
    }
    if (migrate && db_migrate(d)) {
        fprintf(stderr, "coprog: migrations failed\n");
        db_close(d);
        return NULL;
    }
    return d;
}

int read_password(char *pw, size_t n)
{
    if (isatty(STDIN_FILENO)) fprintf(stderr, "password: ");
    if (!fgets(pw, (int)n, stdin)) return -1;
    pw[strcspn(pw, "\r\n")] = '\0';
    return 0;
}
