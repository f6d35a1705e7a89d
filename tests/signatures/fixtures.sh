#!/bin/sh
# Test fixtures for signature verification, made with the real tools on this machine: a
# qualified CA (OpenSSL), its signers (qualified: QcCompliance + QcSSCD, non-repudiation; one
# not qualified; one revoked in the CA's CRL; one expired), a CA nobody trusts with its signer,
# and signed copies of DOCUMENT: CAdES by `openssl cms -cades` (DER, base64, nested by a second
# signer), PAdES by poppler's pdfsig with an NSS database (ETSI.CAdES.detached).
# With OCSP_PORT set, also a CA without a CRL whose signers name an OCSP responder at
# http://127.0.0.1:OCSP_PORT (the test runs `openssl ocsp` there on ocspca/index.txt): one
# good, one revoked; ocsp-trust.pem holds that CA.
#   fixtures.sh DIR DOCUMENT.pdf [SIGNER_TAX_CODE] [CITY_TAX_CODE]
set -eu
dir=$1 doc=$2 cf=${3:-RSSLCU80A41F205Q} citycf=${4:-BNCMRC75C12F205T}
mkdir -p "$dir" && cd "$dir"
cp "$doc" document.pdf
# RSA: its signatures have a fixed length, which pdfsig needs (it sizes the signature's place
# from a first signature; an ECDSA signature may come out a byte longer the second time).
key="-newkey rsa:2048"

# QCStatements (ETSI EN 319 412-5): QcCompliance 0.4.0.1862.1.1 and QcSSCD 0.4.0.1862.1.4.
qc="DER:30:14:30:08:06:06:04:00:8E:46:01:01:30:08:06:06:04:00:8E:46:01:04"
ca_conf() { # $1 the CA's directory
    mkdir -p "$1/new" && : > "$1/index.txt" && [ -f "$1/serial" ] || echo 1000 > "$1/serial"
    cat > "$1/ca.cnf" <<CNF
[ca]
default_ca = own
[own]
dir = $1
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir/new
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
default_days = 365
default_crl_days = 30
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
serialNumber = optional
countryName = optional
organizationName = optional
[qualified]
basicConstraints = critical,CA:FALSE
keyUsage = critical,nonRepudiation
1.3.6.1.5.5.7.1.3 = $qc
[plain]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
CNF
    if [ -n "${OCSP_PORT:-}" ]; then
        cat >> "$1/ca.cnf" <<CNF
[qualified_ocsp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,nonRepudiation
1.3.6.1.5.5.7.1.3 = $qc
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$OCSP_PORT
CNF
    fi
}
make_ca() { # $1 dir, $2 name
    ca_conf "$PWD/$1"
    openssl req -x509 $key -nodes -keyout "$1/ca.key" -out "$1/ca.pem" -days 3650 \
        -subj "/CN=$2/O=coprog test/C=IT" -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}
make_signer() { # $1 CA dir, $2 name, $3 CN, $4 tax code, $5 extensions, [$6 $7 start end]
    openssl req -new $key -nodes -keyout "$2.key" -out "$2.csr" \
        -subj "/CN=$3/serialNumber=TINIT-$4/C=IT" 2>/dev/null
    set -- "$@" "" ""
    openssl ca -batch -config "$1/ca.cnf" -in "$2.csr" -out "$2.pem" -extensions "$5" \
        ${6:+-startdate $6} ${7:+-enddate $7} 2>/dev/null
}
# A name of its own per run: CAs are found by name, and each run makes a new one.
run=$(openssl rand -hex 3)
make_ca ca "CA Qualificata di Prova $run (test)"
make_ca stranger "CA Sconosciuta $run (test)"
make_signer ca lucia "Lucia Legale (test)" "$cf" qualified
make_signer ca city "Marco Bianchi, Comune (test)" "$citycf" qualified
make_signer ca plain "Firma Non Qualificata (test)" "$cf" plain
make_signer ca revoked "Firma Revocata (test)" "$cf" qualified
make_signer ca expired "Firma Scaduta (test)" "$cf" qualified 20200101000000Z 20210101000000Z
make_signer stranger unknown "Firma Sconosciuta (test)" "$cf" qualified
openssl ca -batch -config ca/ca.cnf -revoke revoked.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -batch -config ca/ca.cnf -gencrl -out crl.pem 2>/dev/null
cp ca/ca.pem trust.pem
if [ -n "${OCSP_PORT:-}" ]; then
    make_ca ocspca "CA con OCSP $run (test)"
    make_signer ocspca ocsp-good "Lucia con OCSP (test)" "$cf" qualified_ocsp
    make_signer ocspca ocsp-revoked "Firma Revocata via OCSP (test)" "$cf" qualified_ocsp
    openssl ca -batch -config ocspca/ca.cnf -revoke ocsp-revoked.pem -crl_reason keyCompromise \
        2>/dev/null
    cp ocspca/ca.pem ocsp-trust.pem
fi

cades() { # $1 signer, $2 input, $3 output, [$4 outform]
    openssl cms -sign -binary -nodetach -cades -md sha256 -in "$2" -signer "$1.pem" \
        -inkey "$1.key" -outform "${4:-DER}" -out "$3"
}
cades lucia document.pdf cades.p7m
cades lucia document.pdf cades-base64.p7m PEM
cades city cades.p7m nested.p7m.p7m
cades plain document.pdf plain.p7m
cades revoked document.pdf revoked.p7m
cades expired document.pdf expired.p7m
cades unknown document.pdf unknown.p7m
printf '%%PDF-1.4\n%% another document\n%%%%EOF\n' > other.pdf
cades lucia other.pdf other.p7m
if [ -n "${OCSP_PORT:-}" ]; then
    cades ocsp-good document.pdf ocsp-good.p7m
    cades ocsp-revoked document.pdf ocsp-revoked.p7m
fi
# The content changed after signing: one byte of the encapsulated PDF.
python3 - <<'PY'
d = bytearray(open('cades.p7m', 'rb').read())
i = d.find(b'%PDF-')
d[i + 1] ^= 0x01
open('tampered.p7m', 'wb').write(d)
# The signature value changed: its last byte (the RSA signature ends the SignerInfo).
e = bytearray(open('cades.p7m', 'rb').read())
e[-1] ^= 0x01
open('badsig.p7m', 'wb').write(e)
PY

# PAdES with poppler's pdfsig: the signer's key and chain in an NSS database.
mkdir -p nss
certutil -N -d sql:nss --empty-password
for s in lucia city; do
    openssl pkcs12 -export -inkey $s.key -in $s.pem -certfile ca/ca.pem -name $s -passout pass: \
        -out $s.p12
    pk12util -i $s.p12 -d sql:nss -W '' >/dev/null
done
pdfsig -nssdir sql:nss -add-signature -nick lucia -new-signature-field-name Ente \
    document.pdf pades.pdf >/dev/null
pdfsig -nssdir sql:nss -add-signature -nick city -new-signature-field-name Comune \
    pades.pdf pades-both.pdf >/dev/null
# A byte appended after the last signature: a change nobody signed.
cp pades.pdf pades-appended.pdf && printf '%% aggiunto dopo la firma\n' >> pades-appended.pdf
