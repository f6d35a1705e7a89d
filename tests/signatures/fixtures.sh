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
here=$(cd "$(dirname "$0")" && pwd)
stamp_tool=${STAMP_TOOL:-$here/../../build/${MODE:-release}/stamp-tool}
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
[tsa]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
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

# Time-stamping authorities (RFC 3161, OpenSSL's own `ts -reply`): one under the qualified CA,
# one under the stranger's. `stamp` puts a token over a CAdES signature's value into its unsigned
# attributes (CAdES-T), with stamp-tool (tests/signatures/stamp.c) for the ASN.1.
make_signer ca tsa "TSA di Prova $run (test)" "$cf" tsa
make_signer stranger tsa-stranger "TSA Sconosciuta $run (test)" "$cf" tsa
echo 01 > tsa.serial
tsa_section() { # $1 section, $2 signer, $3 its CA
    cat <<CNF
[$1]
serial = $PWD/tsa.serial
crypto_device = builtin
signer_cert = $PWD/$2.pem
certs = $PWD/$3/ca.pem
signer_key = $PWD/$2.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
}
{ echo '[tsa]'; echo 'default_tsa = own'; tsa_section own tsa ca; tsa_section stranger tsa-stranger stranger; } > tsa.cnf
stamp() { # $1 signed file, $2 output, [$3 the TSA's section, $4 the token to use instead]
    "$stamp_tool" value "$1" "$1.sig"
    openssl ts -query -data "$1.sig" -sha256 -cert -out "$1.tsq" 2>/dev/null
    openssl ts -reply -config tsa.cnf -section "${3:-own}" -queryfile "$1.tsq" -token_out \
        -out "$1.tst" 2>/dev/null
    "$stamp_tool" attach "$1" "${4:-$1.tst}" "$2"
}
# A signer who signs, gets the time-stamp, and only then is revoked.
make_signer ca late "Firma Revocata Dopo (test)" "$cf" qualified
openssl cms -sign -binary -nodetach -cades -md sha256 -in document.pdf -signer late.pem \
    -inkey late.key -outform DER -out late.p7m
stamp late.p7m late-t.p7m
sleep 1
openssl ca -batch -config ca/ca.cnf -revoke late.pem -crl_reason keyCompromise 2>/dev/null
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
# CAdES-T: stamped by the trusted TSA, by the stranger's, and one carrying the token of another
# signature (the same document signed by another signer: another signature value).
stamp cades.p7m cades-t.p7m
cades city document.pdf again.p7m
stamp again.p7m cades-t-other.p7m own cades.p7m.tst
stamp cades.p7m cades-t-stranger.p7m stranger
stamp expired.p7m expired-t.p7m
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

# Trusted lists (ETSI TS 119 612), signed as the real ones are (an enveloped XML signature with
# XAdES signed properties) by xmlsec1: Italy's, signed by its scheme operator (tl.pem), naming
# this run's CA as a granted CA/QC and the stranger's CA as withdrawn; the same list edited
# after signing (the stranger granted), one past its next update, one signed by someone else;
# and the EU list of the lists pointing at Italy's with the operator's certificate.
for s in tl tl-other lotl; do
    openssl req -x509 $key -nodes -keyout $s.key -out $s.pem -days 3650 \
        -subj "/CN=Trusted list signer $s $run (test)/C=IT" 2>/dev/null
done
b64() { sed '/-----/d' "$1" | tr -d '\n'; }
tsl_head() { # $1 type, $2 territory, $3 sequence, $4 next update
    cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="TrustServiceStatusList" TSLTag="http://uri.etsi.org/19612/TSLTag">
<tsl:SchemeInformation>
<tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
<tsl:TSLSequenceNumber>$3</tsl:TSLSequenceNumber>
<tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/$1</tsl:TSLType>
<tsl:SchemeOperatorName><tsl:Name xml:lang="en">Agency for Digital Italy (test)</tsl:Name><tsl:Name xml:lang="it">Agenzia per l'Italia Digitale (test)</tsl:Name></tsl:SchemeOperatorName>
<tsl:SchemeTerritory>$2</tsl:SchemeTerritory>
<tsl:ListIssueDateTime>2020-01-01T00:00:00Z</tsl:ListIssueDateTime>
<tsl:NextUpdate><tsl:dateTime>$4</tsl:dateTime></tsl:NextUpdate>
XML
}
tsl_service() { # $1 provider, $2 type, $3 status, $4 certificate
    cat <<XML
<tsl:TrustServiceProvider><tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="it">$1</tsl:Name></tsl:TSPName></tsl:TSPInformation>
<tsl:TSPServices><tsl:TSPService><tsl:ServiceInformation>
<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/$2</tsl:ServiceTypeIdentifier>
<tsl:ServiceName><tsl:Name xml:lang="it">$1 - $2</tsl:Name></tsl:ServiceName>
<tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>$(b64 "$4")</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/$3</tsl:ServiceStatus>
<tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>
</tsl:ServiceInformation></tsl:TSPService></tsl:TSPServices></tsl:TrustServiceProvider>
XML
}
tsl_signature() {
    cat <<'XML'
<ds:Signature Id="tsl-signature"><ds:SignedInfo>
<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
<ds:Reference Id="ref-list" URI=""><ds:Transforms>
<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>
<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>
<ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#tsl-signed-properties"><ds:Transforms>
<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>
<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>
</ds:SignedInfo><ds:SignatureValue/>
<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>
<ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#tsl-signature">
<xades:SignedProperties Id="tsl-signed-properties"><xades:SignedSignatureProperties>
<xades:SigningTime>2020-01-01T00:00:00Z</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties>
</xades:QualifyingProperties></ds:Object></ds:Signature>
</tsl:TrustServiceStatusList>
XML
}
tsl_sign() { # $1 signer, $2 template, $3 output
    xmlsec1 --sign --privkey-pem "$1.key,$1.pem" \
        --id-attr:Id "http://uri.etsi.org/01903/v1.3.2#:SignedProperties" --output "$3" "$2"
}
national() { # $1 next update
    tsl_head EUgeneric IT 42 "$1"
    echo '</tsl:SchemeInformation><tsl:TrustServiceProviderList>'
    tsl_service "Prestatore Qualificato $run (test)" CA/QC granted ca/ca.pem
    tsl_service "Prestatore Cessato $run (test)" CA/QC withdrawn stranger/ca.pem
    [ -z "${OCSP_PORT:-}" ] || tsl_service "Prestatore con OCSP $run (test)" CA/QC granted ocspca/ca.pem
    echo '</tsl:TrustServiceProviderList>'
    tsl_signature
}
national 2099-01-01T00:00:00Z > tsl.tmpl.xml
national 2021-01-01T00:00:00Z > tsl-expired.tmpl.xml
tsl_sign tl tsl.tmpl.xml tsl.xml
tsl_sign tl tsl-expired.tmpl.xml tsl-expired.xml
tsl_sign tl-other tsl.tmpl.xml tsl-other.xml
sed 's#Svcstatus/withdrawn#Svcstatus/granted#' tsl.xml > tsl-tampered.xml
{
    tsl_head EUlistofthelists EU 300 2099-01-01T00:00:00Z
    echo '<tsl:PointersToOtherTSL>'
    for p in "tl application/vnd.etsi.tsl+xml" "tl-other application/pdf"; do
        set -- $p
        cat <<XML
<tsl:OtherTSLPointer><tsl:ServiceDigitalIdentities><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>$(b64 "$1.pem")</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:ServiceDigitalIdentities>
<tsl:TSLLocation>https://eidas.agid.gov.it/TL/TSL-IT.xml</tsl:TSLLocation>
<tsl:AdditionalInformation><tsl:OtherInformation><tsl:SchemeTerritory>IT</tsl:SchemeTerritory></tsl:OtherInformation>
<tsl:OtherInformation><ns3:MimeType xmlns:ns3="http://uri.etsi.org/02231/v2/additionaltypes#">$2</ns3:MimeType></tsl:OtherInformation></tsl:AdditionalInformation>
</tsl:OtherTSLPointer>
XML
    done
    echo '</tsl:PointersToOtherTSL></tsl:SchemeInformation>'
    tsl_signature
} > lotl.tmpl.xml
tsl_sign lotl lotl.tmpl.xml lotl.xml
