/* Vectors made by an independent implementation (the npm jose package, 6.2.18): an RSA key
 * made for this test alone (it protects nothing)
 * and compact JWEs of one message with RSA-OAEP + A128CBC-HS256, RSA-OAEP-256 + A256CBC-HS512
 * (both coprog must read) and RSA-OAEP + A128GCM (which it must refuse). */
#ifndef COPROG_TESTS_JWE_VECTORS_H
#define COPROG_TESTS_JWE_VECTORS_H

static const char VECTOR_MESSAGE[] = "Quartieri Connessi: 9 spazi recuperati, 516.500 \u20ac";

static const char VECTOR_KEY[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQC0aMCJNYl6qtB/\n"
    "xlG1emYr0CxQFajPrk3dnsYufx0dHnvf46p+f3Z5hRZ4B3Tp0UYTjH67AGdDKSxb\n"
    "o3JHfsxDCbrww2tr+bEieVCMG+thPeZqe3jmpdSNxlH9ArlAE3bdTHk5DFzAaHR3\n"
    "0Hj4AEPErSFsJF2+brbi8kHGB/17VY40TzbwNJUjSvBmfI/jtEamc2hzdybd1G0R\n"
    "OO6WFik6xDY0S8D0ej8A8HF2NU7PpYKeBBvv3b/vDilKL7Kzgx/uh3gWJ2OPO+NS\n"
    "f1qsLP9wFSsDNmQesyXP6yzG/UtvqUmd/0TdbUhXNO0TKr4+Us5RUfirc5FLi1ip\n"
    "giXiaIQhAgMBAAECggEADGDqow+AFyFczIOeTCIxm/x86eLOki9uys/P39VbeUnD\n"
    "7KUJqAPVbHmgBMzYLgnssb8wW+LncvGCiGgi2Xp/B/OFNutltcMsbwXda7unrySo\n"
    "6HH/5e2Hc9Hhgsd60AV14LHUWIB7Zb1VDnqIrlWQUNCjTDEDmKMum8xNDIo0T4++\n"
    "A8iErW1PfQoK51+ijPh7Eel8wCtjKngXqxAccZGf7Tpipdyi2mbN+3kxzP/mjuWw\n"
    "Zjrp2j2KnZmo7LZv8J8TwgU3Whllc39wFEoCG+ODxiCmVwmU0rxRxQ+Xlj73mHlA\n"
    "+KUS+RcTEfaC7A9CSkGVetv15p/cl2yG1XBakBn1kQKBgQDYsYoLqYHC0Ig1gsUK\n"
    "/127G99hcgpyX3MM+Sw5mCsADGwFGL9icX/FjRhUFohxmZxdSTqqHaZjfFaumhLo\n"
    "mbmnmdI/31Q1T0TfvQYeNcFJ7GLuiVwmpnRyDxoMEQIMu0G7K8JsVp24mpREKC6T\n"
    "r35TrEnMT7r9FBI4MFsEBJ/jeQKBgQDVIkzoGhSPnCCgBfjoVBNdiKOsgaMrAGwZ\n"
    "To72ZOpSR1VPR9om3EOfMg0vtVfr1uCb6CHlGHz3XF7H6BF67AdNit0xFHe/ipBS\n"
    "djMlnG2/z4gGRJlVZ6uQ9idpOG721X1K55FdrTFxiIgvvQSZtoDOl1f5bfdjkWbP\n"
    "JpRWkmST6QKBgEPZEwgjwuVktcFLeLbAznBPgdnZAzxcdoGRYy+FXbFeMlRGM2Z3\n"
    "czI/w2ZQx9gJ6NOsohmxvu9XdyykQVdjCqZXm2U0YAFxGHeVj9zVp/eldDSL/bZ8\n"
    "V+l+oQE2MhYaa7JXOUECvc+XVuUgT7UeNcetIk4+iKXFKw881MKlUArBAoGAFRzc\n"
    "uXE78C3rHW76BSmu8WkDrab53tyf2LHrf4TnoVbnoH7hoU/YcwCmRb+VAgu7HDaW\n"
    "hPc0CdzglrTqZl7TKl9DIgWBBzxWp5SF5IfmZ0XLl7Nb7RXj7Ow1Yzrv4wuq6aye\n"
    "vcTWTQTVWMVEm2V0xQJA+Lhn9TkGEickMp81z2ECgYAKd2Zdm6xY8jLNMEoZNq5G\n"
    "bufxE9Y6YsGvB57dhRtFflQ20SGUdMVQQQOHiQ1PH5kXmRNZmIeCDbb9UO7M9DmJ\n"
    "3IDZf7MJ2YgVEY4L/yY5NC5/Z9QxIivL90WrIfCkEk8pLK6aJIRZHtC95ui4r++J\n"
    "4Vt+HHgpENkmi0wBKJVDNg==\n"
    "-----END PRIVATE KEY-----\n";

static const char VECTOR_OAEP_A128CBC[] =
    "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkExMjhDQkMtSFMyNTYifQ.NNBJzl-y5CVOegMYepI9g"
    "Mo_azidCzQOnOX5uX7RUIs4S0UXEDn2DxL5d7q5GNoouHl5D4gyfEy1ySJqZGs3k6B9iZY7mHHKM"
    "v4AGjBEuQwde5X5gISBGZsgh2CCo035vVWTluPGc5969yMfCXyxLku8Dk5hYFv0k8A1fA6SzrD6y"
    "qvXbnio8gYEAWGezU5D7L2oK_tUZsOv3FbT5m___WiJb9n30UO5T_iv8ChqIP0NT2-ONKKUBMoMO"
    "RLMCS-yD-uyTpXHfEvFSAKf5KGs8rRxxXFjzUG9nN_Jhr_pUL3E6tEyLzRScO4Q6QerDa22A9dUl"
    "wt9_2w_dfGVaVURJg.m7kryOEwLkdMVmFkDGS2VA.5zKbySYt4r3CigjARBLo4uTGF3rrmBDoina"
    "CJiTESvxJy5howf39Oy4m3TJmc-Mffh_euMp7qjAQcEKDOp_Q7A.8fud8ik8ec18z13X9ohzyg";

static const char VECTOR_OAEP256_A256CBC[] =
    "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0.ObhVyN9TXtCR0TJi"
    "wCRigJUKfjtydIpITGnkefZ4ZQDDZECIynqcHumMglzM1JSx_L3eWb-agudTGVr58ow5lq4fQfPq"
    "WENRkpaaSP8B6rgsmKpkYOhydeuXEBt2HxyWeCKWuwVnFCya6X2dwm3JcwR7MPbJYCJWN_pQOm2p"
    "lVv_Anqkz7lSL-OJV_81li246WurBpoZ2kpt01To1vg-VDj_GBASutY-IySq8zF7P-4M5WxQcXLH"
    "-bauV3_YMqgdqYdTjcHKhUYZV_u-8osg2zBwajG97T7E8VoupKpHMbSEaj0o9Yw4jVGJ5Vj2eRWB"
    "nSNTPUfKo2uzwmqLal4ueQ.DvYhv2QKT86GjLTYWrsRgQ.9_lwfbptop26DtA2SZJ2QP5ll8_1_U"
    "e15ockROBtEdVAEjkVxJVWvVP2uuXmJMMGWG0CV_cjIJLtNB-h5zgoMA.0D7wC03Pgzro3uyESG-"
    "CeyIT2BeEVzzbQGl8rIjXzco";

static const char VECTOR_OAEP_A128GCM[] =
    "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkExMjhHQ00ifQ.rrhVcqjPQkCzXQUmvzfixn_ippTpM"
    "b0RbXWBGZcbJwZwNGbfXkgitMX-_MqXDMELWYr9QzAZ0TAS3FDNzPQluYfD-QDbK7TX7NYeGgECp"
    "V2UkMPzcs3axgrCHc5kuLSa0NrU2IDBtwI7cEkUwNAAYHZ8gnnU54lAKEwKqQoG1-fKQn_tfAC-v"
    "JOSUSIvn1OWo1AEiICJUw-vPsB8S-KXz7yyto1Z1_BkRc0FaXW5u3bLHAVsgd9tlwcxUw8BkuIom"
    "0C1Lzm-KCR4NdcOgAHpgpZbKtzFP3EWixaBH75qdibKCQDTXsX_7_Fbf2ZGDbBWiynsd4m-hci7t"
    "oMKrCv1ng.xtlFMo4aC4OyVciE.v5J0jHDdGiRef1bDH3W36nk-HYIRPmglgLAN0P3ooBku5EgsM"
    "zY24NKdqOyvvJzMzPS0.DVRXDjug4sYrDZLVfgJteA";

#endif
