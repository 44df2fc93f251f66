/*
 * sha256.h - SHA-256 (FIPS 180-4) over a stream, for attachment checksums.
 *
 * Attachments pass through the hash as they are read or written, so the
 * whole file is never held in memory: init once, update with each piece in
 * order (any sizes), final once.  After final the context holds no useful
 * state; init it again to hash another stream.
 */
#ifndef CRM_SHA256_H
#define CRM_SHA256_H

#include <stddef.h>
#include <stdint.h>

/*
 * h: the running hash value; len: bytes hashed so far; buf/nbuf: the bytes
 * of an incomplete 64-byte block waiting for the rest of it.
 */
struct crm_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

void crm_sha256_init(struct crm_sha256 *c);
/* Hashes n bytes of data; data may be NULL when n is 0. */
void crm_sha256_update(struct crm_sha256 *c, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex (65 bytes). */
void crm_sha256_final(struct crm_sha256 *c, char hex[65]);

#endif
