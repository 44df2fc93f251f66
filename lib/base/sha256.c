/*
 * sha256.c - SHA-256 as FIPS 180-4 defines it (sections 4.1.2, 4.2.2, 5.1.1,
 * 5.3.3 and 6.2), written for streaming: the caller's bytes are hashed
 * straight from its buffer a whole block at a time, and only the tail that
 * does not fill a block is copied aside until the next update supplies the
 * rest.  Plain portable C that makes no assumption about the host's byte
 * order or word size.
 */
#include "base/sha256.h"

#include <string.h>

/*
 * The 64 round constants K (section 4.2.2): the first 32 bits of the
 * fractional parts of the cube roots of the first 64 primes.
 */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/*
 * Rotation right by n, 0 < n < 32 (section 3.2).  Every caller passes a
 * constant in that range, so neither shift is by 32 or more, which C leaves
 * undefined.
 */
static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* The six logical functions of section 4.1.2. */
static uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static uint32_t big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static uint32_t big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static uint32_t small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static uint32_t small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/*
 * The standard reads the message as big-endian words whatever the machine.
 * Each byte is widened to uint32_t before it is shifted: shifted as the int
 * it would be promoted to, a byte of 0x80 or more moved up 24 bits would
 * overflow int.
 */
static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* One application of the compression function to a 64-byte block (section 6.2.2). */
static void compress(uint32_t h[8], const unsigned char *block)
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, hh;
	int t;

	/* Step 1: the message schedule, 16 words of the block then 48 derived ones. */
	for (t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (; t < 64; t++)
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];

	/* Step 2: the working variables start from the previous hash value. */
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	f = h[5];
	g = h[6];
	hh = h[7];

	/*
	 * Step 3: 64 rounds.  Addition in the standard is modulo 2^32, which is
	 * exactly what uint32_t arithmetic does, with no overflow to worry about.
	 */
	for (t = 0; t < 64; t++) {
		uint32_t t1 = hh + big_sigma1(e) + ch(e, f, g) + K[t] + w[t];
		uint32_t t2 = big_sigma0(a) + maj(a, b, c);

		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}

	/* Step 4: the block's result is added into the running hash value. */
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void crm_sha256_init(struct crm_sha256 *c)
{
	/*
	 * H(0) of section 5.3.3: the first 32 bits of the fractional parts of
	 * the square roots of the first 8 primes.
	 */
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->nbuf = 0;
}

void crm_sha256_update(struct crm_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	/* Returning early also keeps a NULL data pointer away from memcpy. */
	if (n == 0)
		return;
	/*
	 * Counted in bytes; the length field wants bits, and final multiplies.
	 * The standard allows messages up to 2^64 bits, 2^61 bytes, so the count
	 * cannot run out before the standard's own limit does.
	 */
	c->len += n;

	/* First complete a block left unfinished by an earlier call. */
	if (c->nbuf > 0) {
		size_t take = sizeof(c->buf) - c->nbuf;

		if (take > n)
			take = n;
		memcpy(c->buf + c->nbuf, p, take);
		c->nbuf += take;
		p += take;
		n -= take;
		if (c->nbuf < sizeof(c->buf))
			return;
		compress(c->h, c->buf);
		c->nbuf = 0;
	}

	/* Whole blocks are hashed where they lie: no copy for the bulk of a stream. */
	for (; n >= sizeof(c->buf); p += sizeof(c->buf), n -= sizeof(c->buf))
		compress(c->h, p);

	/* The rest waits for the next update or for final. */
	memcpy(c->buf, p, n);
	c->nbuf = n;
}

void crm_sha256_final(struct crm_sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	uint64_t bits = c->len * 8;
	int i;

	/*
	 * Padding (section 5.1.1): a 1 bit, then 0 bits until 64 bits short of
	 * a block boundary, then the message length in bits as a big-endian
	 * 64-bit number.  When fewer than 9 bytes are left in the block after
	 * the 1 bit's byte, the length does not fit and a second block is needed.
	 */
	c->buf[c->nbuf++] = 0x80;
	if (c->nbuf > 56) {
		memset(c->buf + c->nbuf, 0, sizeof(c->buf) - c->nbuf);
		compress(c->h, c->buf);
		c->nbuf = 0;
	}
	memset(c->buf + c->nbuf, 0, 56 - c->nbuf);
	for (i = 0; i < 8; i++)
		c->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	compress(c->h, c->buf);
	c->nbuf = 0;

	/* The digest is H(N)0..H(N)7 as big-endian bytes (section 6.2.2), in hex. */
	for (i = 0; i < 32; i++) {
		unsigned byte = (c->h[i / 4] >> (24 - 8 * (i % 4))) & 0xff;

		hex[2 * i] = digits[byte >> 4];
		hex[2 * i + 1] = digits[byte & 0xf];
	}
	hex[64] = '\0';
}
