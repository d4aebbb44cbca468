// OpenSSL's libcrypto, for SHA-256 only (text hashes, release hashes): it uses the CPU's SHA
// instructions where there are some, about 8x the speed of a portable implementation.
#ifndef TASHIH_CLIBCRYPTO_SHIM_H
#define TASHIH_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
