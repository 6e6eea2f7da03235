// Internal to CKernels: table layouts and inline helpers shared by wordfind.c and redundancy.c.
#ifndef CK_WORDFIND_INTERNAL_H
#define CK_WORDFIND_INTERNAL_H
#include "words/ck_wordfind.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>

// MARK: - Memory

// ck_table_alloc / ck_table_free are declared in ck_wordfind.h. Grows a ck_table_alloc block from
// old_bytes to new_bytes (contents kept); NULL when out of memory (the old block is then kept).
void *ck_table_grow(void *p, size_t old_bytes, size_t new_bytes);

// MARK: - Logs

static inline double ck_zlog(double x) { return x == 0 ? -100.0 : log(x); }

// log of small counts, looked up: the same libm values, computed once per table.
#define CK_LOG_TABLE 4096
static void ck_log_table_fill(double *t) {
    t[0] = -100.0;
    for (int c = 1; c < CK_LOG_TABLE; c++) t[c] = log((double)c);
}
// ck_zlog((double)c) for an integer count.
static inline double ck_zlog_count(const double *t, int64_t c) {
    return (c >= 0 && c < CK_LOG_TABLE) ? t[c] : ck_zlog((double)c);
}

// MARK: - Pair table (open addressing, key and count in one 16-byte slot)

typedef struct { int64_t count; uint32_t key; uint32_t pad; } ck_u32slot;

struct ck_u32tab {
    ck_u32slot *slots;  // key 0 = empty
    size_t cap, n;      // cap is a power of two
};

static inline size_t ck_u32_pos(uint32_t k, size_t mask) {
    return (size_t)(((uint64_t)k * 0x9E3779B97F4A7C15ULL) >> 40) & mask;
}

int ck_u32tab_rebuild(ck_u32tab *t, size_t cap, int64_t min_count, int64_t *removed);

static inline int ck_u32tab_add_inline(ck_u32tab *t, uint32_t key, int64_t delta) {
    size_t mask = t->cap - 1, p = ck_u32_pos(key, mask);
    for (;;) {
        uint32_t k = t->slots[p].key;
        if (k == key) { t->slots[p].count += delta; return 0; }
        if (!k) break;
        p = (p + 1) & mask;
    }
    t->slots[p].key = key; t->slots[p].count = delta; t->n++;
    if (t->n * 2 > t->cap) return ck_u32tab_rebuild(t, t->cap * 2, INT64_MIN, NULL);
    return 0;
}

static inline int64_t ck_u32tab_get_inline(const ck_u32tab *t, uint32_t key) {
    size_t mask = t->cap - 1, p = ck_u32_pos(key, mask);
    for (;;) {
        uint32_t k = t->slots[p].key;
        if (k == key) return t->slots[p].count;
        if (!k) return 0;
        p = (p + 1) & mask;
    }
}

// MARK: - Key set

struct ck_u32set {
    uint32_t *keys;   // 0 = empty
    size_t cap, n;    // cap is a power of two; n <= 0.7 cap
};

static inline int ck_u32set_has(const ck_u32set *s, uint32_t key) {
    size_t mask = s->cap - 1, p = ck_u32_pos(key, mask);
    for (;;) {
        uint32_t k = s->keys[p];
        if (k == key) return 1;
        if (!k) return 0;
        p = (p + 1) & mask;
    }
}

// MARK: - Code-unit string table

// A key's signature: keys of 1...4 nonzero units are packed into 64 bits (unit 0 in the low 16
// bits, so a packed signature never has zero low bits); any other key gets 32 hash bits and its
// length, with its low 16 bits cleared (and never 0, which marks an empty slot). Equal packed
// signatures mean equal keys; equal hashed ones are checked against the stored key.
static inline uint64_t ck_cp_sig(const uint16_t *k, size_t len) {
    if (len >= 1 && len <= 4) {
        uint64_t s = 0;
        int zero = 0;
        for (size_t j = 0; j < len; j++) { s |= (uint64_t)k[j] << (16 * j); zero |= k[j] == 0; }
        if (!zero) return s;
    }
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)len * 0xFF51AFD7ED558CCDULL);
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        uint64_t w;
        memcpy(&w, k + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    for (size_t j = 0; i + j < len; j++) w |= (uint64_t)k[i + j] << (16 * j);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
    // high 32 bits of hash, the length (capped) in bits 16..31, zero low bits
    uint64_t sig = (h & 0xFFFFFFFF00000000ULL) | ((uint64_t)(len < 0xFFFF ? len : 0xFFFF) << 16);
    return sig ? sig : (uint64_t)1 << 32;
}

// Whether a[0..<n] == b[0..<n], eight bytes at a time.
static inline int ck_units_equal(const uint16_t *a, const uint16_t *b, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint64_t x, y;
        memcpy(&x, a + i, 8); memcpy(&y, b + i, 8);
        if (x != y) return 0;
    }
    for (; i < n; i++) if (a[i] != b[i]) return 0;
    return 1;
}

typedef struct { uint64_t sig; int64_t count; } ck_cpslot;     // sig 0 = empty
typedef struct { uint64_t off; uint32_t len; uint32_t slot; } ck_cpentry;

struct ck_cptab {
    ck_cpslot *slots;
    uint32_t *sidx;     // entry index of each used slot
    uint32_t *soff;     // arena offset of its key (UINT32_MAX: past 4G units, see the entry)
    size_t cap, shift;  // cap = 2^(64 - shift)
    ck_cpentry *entries;
    size_t n, ecap;
    uint16_t *arena;
    size_t alen, acap;
    size_t epoch;       // number of re-indexings (slot positions change)
};

static inline size_t ck_cp_pos(uint64_t sig, size_t shift) {
    return (size_t)((sig * 0x9E3779B97F4A7C15ULL) >> shift);
}

// Slot of the key, or the empty slot where it would go.
static inline size_t ck_cptab_probe(const ck_cptab *t, const uint16_t *key, size_t len, uint64_t sig) {
    size_t mask = t->cap - 1, p = ck_cp_pos(sig, t->shift);
    for (;;) {
        uint64_t s = t->slots[p].sig;
        if (!s) return p;
        if (s == sig) {
            if (sig & 0xFFFF) return p;
            uint32_t off = t->soff[p];
            if (off != UINT32_MAX && len < 0xFFFF) {
                if (ck_units_equal(t->arena + off, key, len)) return p;
            } else {
                const ck_cpentry *e = &t->entries[t->sidx[p]];
                if (e->len == len && memcmp(t->arena + e->off, key, len * sizeof(uint16_t)) == 0) return p;
            }
        }
        p = (p + 1) & mask;
    }
}

int64_t ck_cptab_insert(ck_cptab *t, size_t p, const uint16_t *key, size_t len, uint64_t sig, int64_t delta);
// Re-indexes once so that n keys fit under the load limit. 0 ok, -1 out of memory.
int ck_cptab_reserve(ck_cptab *t, size_t n);

// Adds delta; returns the entry index (-1 out of memory); *inserted tells whether it is new.
static inline int64_t ck_cptab_add_inline(ck_cptab *t, const uint16_t *key, size_t len, int64_t delta, int *inserted) {
    uint64_t sig = ck_cp_sig(key, len);
    size_t p = ck_cptab_probe(t, key, len, sig);
    if (t->slots[p].sig) { t->slots[p].count += delta; *inserted = 0; return (int64_t)t->sidx[p]; }
    *inserted = 1;
    return ck_cptab_insert(t, p, key, len, sig, delta);
}

// Counting only: no index needed on a hit.
static inline int ck_cptab_bump(ck_cptab *t, const uint16_t *key, size_t len) {
    uint64_t sig = ck_cp_sig(key, len);
    size_t p = ck_cptab_probe(t, key, len, sig);
    if (t->slots[p].sig) { t->slots[p].count++; return 0; }
    return ck_cptab_insert(t, p, key, len, sig, 1) < 0 ? -1 : 0;
}

static inline int64_t ck_cptab_count_inline(const ck_cptab *t, size_t i) { return t->slots[t->entries[i].slot].count; }
static inline void ck_cptab_set_count(ck_cptab *t, size_t i, int64_t c) { t->slots[t->entries[i].slot].count = c; }

// MARK: - Text

static inline int ck_ascii_alnum(unsigned c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Accented Latin letters (Latin-1 Supplement, Latin Extended-A and -B: U+00C0..U+024F without
// the signs U+00D7 and U+00F7), kept in words like ASCII letters so "café" stays one word.
static inline int ck_latin_letter(unsigned cp) {
    return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

// UTF-8 of units[0..<n] (valid UTF-16) into out (3 bytes per unit); returns the bytes written.
size_t ck_utf16_to_utf8(const uint16_t *k, size_t n, char *out);
// UTF-16 of s[0..<len] (valid UTF-8) into out (room for len units); returns the units written.
size_t ck_utf8_to_utf16(const char *s, size_t len, uint16_t *out);
#endif
