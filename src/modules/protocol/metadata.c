/* The metadata of a registered document as AgID's guidelines on the electronic document ask
 * (2021, annex 5): identifier and hash, how it was formed, type, registration data, subjects,
 * subject line, attachments, confidentiality, format, signature status, name, version, changes
 * and retention. Field names are the annex's, so a conservation service maps them one to one. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/protocol/protocol.h"

/* Years each type of document is kept (9999: for ever), until the city's retention plan says
 * otherwise: acts and agreements for ever, the rest ten years. */
static int retention_years(const char *kind)
{
    return !strcmp(kind, "agreement") || !strcmp(kind, "decision") ? 9999 : 10;
}

static const char *kind_label(const char *kind)
{
    static const char *const L[][2] = {{"proposal", "Proposta progettuale"},
                                       {"claim", "Rendicontazione"},
                                       {"agreement", "Convenzione firmata"},
                                       {"decision", "Provvedimento"},
                                       {"pact_request", "Proposta di patto di collaborazione"},
                                       {"letter", "Corrispondenza"}};
    for (size_t i = 0; i < sizeof L / sizeof *L; i++)
        if (!strcmp(kind, L[i][0])) return L[i][1];
    return kind;
}

/* The annex's IdDoc: the hash (base64 of the SHA-256, as the annex and SInCRO write it) with its
 * algorithm, and an identifier unique in the city's register. */
static json_t *id_doc(const char *sha_hex, const char *identifier)
{
    unsigned char raw[32];
    char b64[64] = "";
    size_t got = 0;
    if (sodium_hex2bin(raw, sizeof raw, sha_hex, strlen(sha_hex), NULL, &got, NULL) == 0 &&
        got == sizeof raw)
        sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    return json_pack("{s:{s:s,s:s},s:s}", "ImprontaCrittograficaDelDocumento", "Impronta", b64,
                     "Algoritmo", "SHA-256", "Identificativo", identifier);
}

json_t *protocol_city(db_conn *c, int64_t city_id)
{
    return db_query_object(c, "SELECT name, istat_code FROM cities WHERE id = ?",
                           DB_ARGS(DB_INT(city_id)));
}

json_t *protocol_metadata(db_conn *c, int64_t city_id, int64_t id)
{
    json_t *e = protocol_get(c, city_id, id);
    json_t *city = e ? protocol_city(c, city_id) : NULL;
    json_t *m = e && city ? protocol_metadata_of(e, city) : NULL;
    json_decref(e);
    json_decref(city);
    return m;
}

json_t *protocol_metadata_of(json_t *e, json_t *city)
{
    const char *kind = json_string_value(json_object_get(e, "kind"));
    const char *ref = json_string_value(json_object_get(e, "ref_type"));
    const char *istat = json_string_value(json_object_get(city, "istat_code"));
    json_int_t year = json_integer_value(json_object_get(e, "year"));
    json_int_t number = json_integer_value(json_object_get(e, "number"));
    bool incoming = !strcmp(json_string_value(json_object_get(e, "direction")), "in");
    json_t *files = json_object_get(e, "files"), *doc = json_array_get(files, 0);
    char ident[80], reg_code[24], when[32], num[16];
    snprintf(ident, sizeof ident, "%s-PG-%lld-%07lld", istat, (long long)year, (long long)number);
    snprintf(reg_code, sizeof reg_code, "%s-PG", istat);
    snprintf(num, sizeof num, "%07lld", (long long)number);
    time_format_iso(json_integer_value(json_object_get(e, "registered_at")), when, sizeof when);
    /* How it was formed (annex 5): c) data presented through the platform's forms (a proposal,
     * a claim); b) a document received (an upload, a signed file); a) made with software. */
    bool by_form = (ref && (!strcmp(ref, "proposal") || !strcmp(ref, "claim"))) ||
                   !strcmp(kind, "pact_request");
    bool by_coprog = ref && !strcmp(ref, "pact"); /* a pact's decisions, written by coprog */
    const char *formed =
        by_form                                                                               ? "c"
        : by_coprog                                                                           ? "a"
        : json_integer_value(json_object_get(doc, "is_stored")) || !strcmp(kind, "agreement") ? "b"
                                                                                              : "a";
    json_t *annexes = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        if (i == 0) continue;
        char aid[112];
        snprintf(aid, sizeof aid, "%s-%zu", ident, i);
        json_array_append_new(
            annexes, json_pack("{s:o,s:O}", "IdDoc",
                               id_doc(json_string_value(json_object_get(f, "sha256")), aid),
                               "Descrizione", json_object_get(f, "name")));
    }
    json_t *by = json_object_get(e, "registered_by_name");
    by = json_is_string(by) ? json_incref(by) : json_string("coprog (registrazione automatica)");
    json_t *subjects = json_pack(
        "[{s:s,s:O},{s:s,s:s,s:O},{s:s,s:o}]", "Ruolo", incoming ? "Mittente" : "Destinatario",
        "Denominazione", json_object_get(e, "correspondent"), "Ruolo", "Produttore", "TipoSoggetto",
        "PAI", "Denominazione", json_object_get(city, "name"), "Ruolo", "Operatore", "Nome", by);
    json_t *changes = json_array();
    if (json_integer_value(json_object_get(e, "is_cancelled"))) {
        char at[32];
        time_format_iso(json_integer_value(json_object_get(e, "cancelled_at")), at, sizeof at);
        json_array_append_new(changes,
                              json_pack("{s:s,s:O,s:s,s:O}", "TipoModifica", "annullamento",
                                        "SoggettoAutoreDellaModifica",
                                        json_object_get(e, "cancelled_by_name"), "DataModifica", at,
                                        "Motivo", json_object_get(e, "cancel_reason")));
    }
    const char *name = json_string_value(json_object_get(doc, "name"));
    const char *dot = name ? strrchr(name, '.') : NULL;
    /* Signed agreements were registered before files said so: their kind does. */
    bool signed_doc =
        json_integer_value(json_object_get(doc, "is_signed")) != 0 || !strcmp(kind, "agreement");
    json_t *m = json_pack(
        "{s:o,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s},s:o,s:{s:O},s:{s:I,s:o},s:b,s:{s:s,s:{s:s,s:s}},"
        "s:{s:b,s:b,s:b,s:b},s:O,s:s,s:o,s:i,s:s}",
        "IdDoc", id_doc(json_string_value(json_object_get(doc, "sha256")), ident),
        "ModalitaDiFormazione", formed, "TipologiaDocumentale", kind_label(kind),
        "DatiDiRegistrazione", "TipologiaDiFlusso", incoming ? "E" : "U", "TipoRegistro",
        "Protocollo Ordinario/Protocollo Emergenza", "DataRegistrazione", when, "NumeroDocumento",
        num, "CodiceRegistro", reg_code, "Soggetti", subjects, "ChiaveDescrittiva", "Oggetto",
        json_object_get(e, "subject"), "Allegati", "NumeroAllegati",
        (json_int_t)json_array_size(annexes), "IndiceAllegati", annexes, "Riservato", false,
        "IdentificativoDelFormato", "Formato", dot ? dot + 1 : "", "ProdottoSoftware",
        "NomeProdotto", "coprog", "Produttore", "coprog", "Verifica", "FirmatoDigitalmente",
        signed_doc, "SigillatoElettronicamente", false, "MarcaturaTemporale",
        json_integer_value(json_object_get(doc, "is_timestamped")) != 0,
        "ConformitaCopieImmagineSuSupportoInformatico", false, "NomeDelDocumento",
        json_object_get(doc, "name"), "VersioneDelDocumento", "1", "TracciatureModificheDocumento",
        changes, "TempoDiConservazione", retention_years(kind), "Note", "");
    return m;
}
