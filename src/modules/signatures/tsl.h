/* Trusted lists (ETSI TS 119 612): the XML lists in which each member state names its
 * qualified trust services, signed by the state's scheme operator (AgID for Italy), and the
 * EU's list of the lists (LOTL), which points at them and names the certificates that sign
 * each. coprog reads a national list whose XML signature verifies with a certificate the
 * administrator trusts, given directly or taken from the LOTL's pointer for the list's
 * territory (the LOTL itself verified with the certificate the Official Journal publishes),
 * and takes as anchors the certificates of the services that are qualified CAs for signatures
 * (CA/QC) or qualified time-stamping (TSA/QTST) and whose status is granted. */
#ifndef COPROG_MODULES_SIGNATURES_TSL_H
#define COPROG_MODULES_SIGNATURES_TSL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sig_tsl_input {
    const void *list; /* the national trusted list's XML */
    size_t list_len;
    const char *signer_pem; /* certificates that may sign it (PEM), or NULL with a LOTL */
    const void *lotl;       /* the EU list of the lists, or NULL */
    size_t lotl_len;
    const char *lotl_signer_pem; /* certificates that may sign the LOTL (PEM) */
} sig_tsl_input;

enum { SIG_TSL_MAX_BYTES = 8 << 20 };

/* Reads and checks the list at instant now. On success returns what it says (territory,
 * operator, type, sequence, issued_at, next_update_at (instants), services (provider, name and
 * kind, "CA/QC" or "TSA/QTST", of those granted), sha256 of the file, and with a LOTL
 * lotl_sequence, lotl_issued_at, lotl_next_update_at) and sets
 * *anchors_pem (malloc'd) to the services' certificates. On refusal returns NULL and sets
 * *reason to a catalog key under signatures.tsl (NULL when out of memory). */
json_t *sig_tsl_read(const sig_tsl_input *in, int64_t now, char **anchors_pem, const char **reason);

#endif
