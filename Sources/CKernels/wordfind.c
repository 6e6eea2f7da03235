// Code-unit kernels for new-word discovery. See ck_wordfind.h.
#include "ck_wordfind.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>

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

static int ck_u32tab_rebuild(ck_u32tab *t, size_t cap, int64_t min_count, int64_t *removed) {
    ck_u32slot *ns = (ck_u32slot *)calloc(cap, sizeof(ck_u32slot));
    if (!ns) return -1;
    size_t mask = cap - 1, n = 0;
    for (size_t i = 0; i < t->cap; i++) {
        ck_u32slot s = t->slots[i];
        if (!s.key) continue;
        if (s.count < min_count) { if (removed) *removed += s.count; continue; }
        size_t p = ck_u32_pos(s.key, mask);
        while (ns[p].key) p = (p + 1) & mask;
        ns[p] = s; n++;
    }
    free(t->slots);
    t->slots = ns; t->cap = cap; t->n = n;
    return 0;
}

ck_u32tab *ck_u32tab_new(size_t expected) {
    ck_u32tab *t = (ck_u32tab *)calloc(1, sizeof(ck_u32tab));
    if (!t) return NULL;
    size_t cap = 1 << 12;
    while (cap < 2 * expected) cap *= 2;
    t->slots = (ck_u32slot *)calloc(cap, sizeof(ck_u32slot));
    if (!t->slots) { free(t); return NULL; }
    t->cap = cap;
    return t;
}

void ck_u32tab_free(ck_u32tab *t) {
    if (!t) return;
    free(t->slots); free(t);
}

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

int ck_u32tab_add(ck_u32tab *t, uint32_t key, int64_t delta) { return ck_u32tab_add_inline(t, key, delta); }
int64_t ck_u32tab_get(const ck_u32tab *t, uint32_t key) { return ck_u32tab_get_inline(t, key); }
size_t ck_u32tab_size(const ck_u32tab *t) { return t->n; }
size_t ck_u32tab_capacity(const ck_u32tab *t) { return t->cap; }
int ck_u32tab_slot(const ck_u32tab *t, size_t i, uint32_t *key, int64_t *count) {
    if (!t->slots[i].key) return 0;
    *key = t->slots[i].key; *count = t->slots[i].count;
    return 1;
}
int ck_u32tab_prune(ck_u32tab *t, int64_t min_count, int64_t *removed) {
    size_t cap = 1 << 12;
    while (cap < t->n * 2 + 2) cap *= 2;
    return ck_u32tab_rebuild(t, cap, min_count, removed);
}
size_t ck_u32tab_bytes(const ck_u32tab *t) { return t->cap * sizeof(ck_u32slot) + sizeof(*t); }

// MARK: - Encoding

static inline int ck_ascii_alnum(unsigned c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int64_t ck_cp_encode(const char *s, size_t len, uint16_t *out, int64_t *bad) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k = 0;
    int in_seg = 0;
    while (i < len) {
        unsigned c = u[i];
        if (c < 0x80) {
            if (ck_ascii_alnum(c)) { out[k++] = (uint16_t)c; in_seg = 1; }
            else if (in_seg) { out[k++] = 0; in_seg = 0; }
            i++;
            continue;
        }
        size_t n; unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
        else { *bad = (int64_t)i; return -1; }
        if (i + n > len) { *bad = (int64_t)i; return -1; }
        for (size_t j = 1; j < n; j++) {
            if ((u[i + j] & 0xC0) != 0x80) { *bad = (int64_t)i; return -1; }
            cp = (cp << 6) | (u[i + j] & 0x3F);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            *bad = (int64_t)i; return -1;
        }
        if (cp >= 0x4E00 && cp <= 0x9FA5) { out[k++] = (uint16_t)cp; in_seg = 1; }
        else if (in_seg) { out[k++] = 0; in_seg = 0; }
        i += n;
    }
    if (in_seg) out[k++] = 0;
    return (int64_t)k;
}

int64_t ck_cp_count_pairs(const uint16_t *units, size_t n, int64_t *char_counts, ck_u32tab *pairs) {
    int64_t total = 0;
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = units[i];
        if (c) {
            char_counts[c]++;
            total++;
            if (prev && ck_u32tab_add_inline(pairs, (prev << 16) | c, 1) != 0) return -1;
        }
        prev = c;
    }
    return total;
}

// MARK: - Code-unit string table

// A key's signature: keys of 1...4 nonzero units are packed into 64 bits (unit 0 in the low 16
// bits, so a packed signature never has zero low bits); any other key gets a hash with its low 16
// bits cleared (and never 0, which marks an empty slot). Equal packed signatures mean equal keys;
// equal hashed ones are checked against the stored key.
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
    h &= ~(uint64_t)0xFFFF;
    return h ? h : (uint64_t)1 << 16;
}

typedef struct { uint64_t sig; int64_t count; } ck_cpslot;     // sig 0 = empty
typedef struct { uint64_t off; uint32_t len; uint32_t slot; } ck_cpentry;

struct ck_cptab {
    ck_cpslot *slots;
    uint32_t *sidx;     // entry index of each used slot
    size_t cap, shift;  // cap = 2^(64 - shift)
    ck_cpentry *entries;
    size_t n, ecap;
    uint16_t *arena;
    size_t alen, acap;
};

static inline size_t ck_cp_pos(uint64_t sig, size_t shift) {
    return (size_t)((sig * 0x9E3779B97F4A7C15ULL) >> shift);
}

static int ck_cptab_reindex(ck_cptab *t, size_t cap) {
    size_t shift = 64;
    for (size_t c = cap; c > 1; c >>= 1) shift--;
    ck_cpslot *ns = (ck_cpslot *)calloc(cap, sizeof(ck_cpslot));
    uint32_t *ni = (uint32_t *)malloc(cap * sizeof(uint32_t));
    if (!ns || !ni) { free(ns); free(ni); return -1; }
    size_t mask = cap - 1;
    for (size_t i = 0; i < t->n; i++) {
        ck_cpslot s = t->slots[t->entries[i].slot];
        size_t p = ck_cp_pos(s.sig, shift);
        while (ns[p].sig) p = (p + 1) & mask;
        ns[p] = s; ni[p] = (uint32_t)i;
        t->entries[i].slot = (uint32_t)p;
    }
    free(t->slots); free(t->sidx);
    t->slots = ns; t->sidx = ni; t->cap = cap; t->shift = shift;
    return 0;
}

ck_cptab *ck_cptab_new(size_t expected) {
    ck_cptab *t = (ck_cptab *)calloc(1, sizeof(ck_cptab));
    if (!t) return NULL;
    size_t cap = 1 << 10, shift = 54;
    while (cap * 3 < 4 * expected) { cap *= 2; shift--; }
    t->slots = (ck_cpslot *)calloc(cap, sizeof(ck_cpslot));
    t->sidx = (uint32_t *)malloc(cap * sizeof(uint32_t));
    if (!t->slots || !t->sidx) { free(t->slots); free(t->sidx); free(t); return NULL; }
    t->cap = cap; t->shift = shift;
    return t;
}

void ck_cptab_free(ck_cptab *t) {
    if (!t) return;
    free(t->slots); free(t->sidx); free(t->entries); free(t->arena); free(t);
}

// Slot of the key, or the empty slot where it would go.
static inline size_t ck_cptab_probe(const ck_cptab *t, const uint16_t *key, size_t len, uint64_t sig) {
    size_t mask = t->cap - 1, p = ck_cp_pos(sig, t->shift);
    for (;;) {
        uint64_t s = t->slots[p].sig;
        if (!s) return p;
        if (s == sig) {
            if (sig & 0xFFFF) return p;
            const ck_cpentry *e = &t->entries[t->sidx[p]];
            if (e->len == len && memcmp(t->arena + e->off, key, len * sizeof(uint16_t)) == 0) return p;
        }
        p = (p + 1) & mask;
    }
}

int64_t ck_cptab_find(const ck_cptab *t, const uint16_t *key, size_t len) {
    size_t p = ck_cptab_probe(t, key, len, ck_cp_sig(key, len));
    return t->slots[p].sig ? (int64_t)t->sidx[p] : -1;
}

// Inserts a key known to be absent at slot p.
static int64_t ck_cptab_insert(ck_cptab *t, size_t p, const uint16_t *key, size_t len, uint64_t sig, int64_t delta) {
    if (t->n >= 0xFFFFFFF0u) return -1;
    if (t->n == t->ecap) {
        size_t nc = t->ecap ? t->ecap * 2 : 1024;
        ck_cpentry *ne = (ck_cpentry *)realloc(t->entries, nc * sizeof(ck_cpentry));
        if (!ne) return -1;
        t->entries = ne; t->ecap = nc;
    }
    if (t->alen + len > t->acap) {
        size_t nc = t->acap ? t->acap * 2 : 1 << 15;
        while (nc < t->alen + len) nc *= 2;
        uint16_t *na = (uint16_t *)realloc(t->arena, nc * sizeof(uint16_t));
        if (!na) return -1;
        t->arena = na; t->acap = nc;
    }
    memcpy(t->arena + t->alen, key, len * sizeof(uint16_t));
    ck_cpentry *e = &t->entries[t->n];
    e->off = t->alen; e->len = (uint32_t)len; e->slot = (uint32_t)p;
    t->alen += len;
    t->slots[p].sig = sig; t->slots[p].count = delta; t->sidx[p] = (uint32_t)t->n;
    t->n++;
    if (t->n * 4 > t->cap * 3 && ck_cptab_reindex(t, t->cap * 2) != 0) return -1;
    return (int64_t)(t->n - 1);
}

// Adds delta; returns the entry index (-1 out of memory); *inserted tells whether it is new.
static inline int64_t ck_cptab_add_inline(ck_cptab *t, const uint16_t *key, size_t len, int64_t delta, int *inserted) {
    uint64_t sig = ck_cp_sig(key, len);
    size_t p = ck_cptab_probe(t, key, len, sig);
    if (t->slots[p].sig) { t->slots[p].count += delta; *inserted = 0; return (int64_t)t->sidx[p]; }
    *inserted = 1;
    return ck_cptab_insert(t, p, key, len, sig, delta);
}

int64_t ck_cptab_add(ck_cptab *t, const uint16_t *key, size_t len, int64_t delta) {
    int ins;
    return ck_cptab_add_inline(t, key, len, delta, &ins);
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

size_t ck_cptab_size(const ck_cptab *t) { return t->n; }
int64_t ck_cptab_count(const ck_cptab *t, size_t i) { return ck_cptab_count_inline(t, i); }
const uint16_t *ck_cptab_key(const ck_cptab *t, size_t i, size_t *len) {
    *len = t->entries[i].len;
    return t->arena + t->entries[i].off;
}
size_t ck_cptab_bytes(const ck_cptab *t) {
    return t->cap * (sizeof(ck_cpslot) + sizeof(uint32_t)) + t->ecap * sizeof(ck_cpentry) + t->acap * sizeof(uint16_t) + sizeof(*t);
}

int ck_cptab_prune(ck_cptab *t, int64_t min_count) {
    size_t k = 0, a = 0;
    for (size_t i = 0; i < t->n; i++) {
        ck_cpentry e = t->entries[i];
        if (t->slots[e.slot].count < min_count) continue;
        memmove(t->arena + a, t->arena + e.off, e.len * sizeof(uint16_t));
        e.off = a; a += e.len;
        t->entries[k++] = e;
    }
    t->n = k; t->alen = a;
    size_t cap = 1024;
    while (cap * 3 < 4 * k + 4) cap *= 2;
    return ck_cptab_reindex(t, cap);
}

// MARK: - Cutting

int64_t ck_cp_cut(const uint16_t *units, size_t n, const ck_u32tab *strong, ck_cptab *out) {
    int64_t frags = 0;
    size_t i = 0;
    while (i < n) {
        if (!units[i]) { i++; continue; }
        size_t start = i;
        uint32_t prev = units[i++];
        for (;;) {
            uint32_t c = i < n ? units[i] : 0;
            if (!c || ck_u32tab_get_inline(strong, (prev << 16) | c) <= 0) {
                if (ck_cptab_bump(out, units + start, i - start) != 0) return -1;
                frags++;
                start = i;
                if (!c) break;
            }
            prev = c;
            i++;
        }
    }
    return frags;
}

// MARK: - UTF-8 <-> UTF-16

// Appends the UTF-8 form of units[0..<n] (valid UTF-16) to out; returns the bytes written.
static size_t ck_utf16_to_utf8(const uint16_t *k, size_t n, char *out) {
    unsigned char *o = (unsigned char *)out;
    size_t b = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = k[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
            c = 0x10000 + ((c - 0xD800) << 10) + (k[++i] - 0xDC00);
        }
        if (c < 0x80) o[b++] = (unsigned char)c;
        else if (c < 0x800) { o[b++] = 0xC0 | (c >> 6); o[b++] = 0x80 | (c & 0x3F); }
        else if (c < 0x10000) { o[b++] = 0xE0 | (c >> 12); o[b++] = 0x80 | ((c >> 6) & 0x3F); o[b++] = 0x80 | (c & 0x3F); }
        else { o[b++] = 0xF0 | (c >> 18); o[b++] = 0x80 | ((c >> 12) & 0x3F); o[b++] = 0x80 | ((c >> 6) & 0x3F); o[b++] = 0x80 | (c & 0x3F); }
    }
    return b;
}

// UTF-16 form of s[0..<len] (valid UTF-8) into out (room for len units); returns units written.
static size_t ck_utf8_to_utf16(const char *s, size_t len, uint16_t *out) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k = 0;
    while (i < len) {
        uint32_t c = u[i];
        if (c < 0x80) { i += 1; }
        else if (c < 0xE0) { c = ((c & 0x1F) << 6) | (i + 1 < len ? (u[i + 1] & 0x3F) : 0); i += 2; }
        else if (c < 0xF0) { c = ((c & 0x0F) << 12) | (i + 2 < len ? ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu) : 0); i += 3; }
        else {
            c = i + 3 < len ? ((c & 0x07) << 18) | ((u[i + 1] & 0x3Fu) << 12) | ((u[i + 2] & 0x3Fu) << 6) | (u[i + 3] & 0x3Fu) : 0x10000;
            i += 4;
        }
        if (c >= 0x10000) { c -= 0x10000; out[k++] = (uint16_t)(0xD800 + (c >> 10)); out[k++] = (uint16_t)(0xDC00 + (c & 0x3FF)); }
        else out[k++] = (uint16_t)c;
    }
    return k;
}

int64_t ck_cptab_filter_to_strtab(const ck_cptab *frags, double log_total, double log_min, ck_strtab *vocab) {
    size_t cap = 256;
    char *buf = (char *)malloc(cap);
    if (!buf) return -1;
    int64_t copied = 0;
    double logs[CK_LOG_TABLE];
    ck_log_table_fill(logs);
    for (size_t i = 0; i < frags->n; i++) {
        int64_t c = ck_cptab_count(frags, i);
        if (!(ck_zlog_count(logs, c) - log_total > log_min)) continue;
        const ck_cpentry *e = &frags->entries[i];
        if (e->len * 3 > cap) {
            while (cap < e->len * 3) cap *= 2;
            char *nb = (char *)realloc(buf, cap);
            if (!nb) { free(buf); return -1; }
            buf = nb;
        }
        size_t b = ck_utf16_to_utf8(frags->arena + e->off, e->len, buf);
        if (ck_strtab_add(vocab, buf, b, c) < 0) { free(buf); return -1; }
        copied++;
    }
    free(buf);
    return copied;
}

// MARK: - Redundancy removal

// Scratch arrays of one segmentation, grown on demand.
typedef struct {
    size_t cap;        // units of the longest word seen
    uint16_t *key;     // the word's units
    size_t *offs;      // code-point start offsets (+ end)
    double *best;
    size_t *prev;
    unsigned char *set;
    size_t *ends;      // token end offsets
    size_t *pstart, *pend;  // pieces after combine_Aa123
    int64_t *sub;      // piece entry index or -1
    char *utf8;        // UTF-8 of a new piece
} ck_rr_work;

static void ck_rr_free(ck_rr_work *w) {
    free(w->key); free(w->offs); free(w->best); free(w->prev); free(w->set); free(w->ends);
    free(w->pstart); free(w->pend); free(w->sub); free(w->utf8);
}

static int ck_rr_reserve(ck_rr_work *w, size_t units) {
    if (units <= w->cap) return 0;
    size_t c = w->cap ? w->cap : 64;
    while (c < units) c *= 2;
    ck_rr_free(w);
    memset(w, 0, sizeof(*w));
    w->key = (uint16_t *)malloc(c * sizeof(uint16_t));
    w->offs = (size_t *)malloc((c + 1) * sizeof(size_t));
    w->best = (double *)malloc((c + 1) * sizeof(double));
    w->prev = (size_t *)malloc((c + 1) * sizeof(size_t));
    w->set = (unsigned char *)malloc(c + 1);
    w->ends = (size_t *)malloc((c + 1) * sizeof(size_t));
    w->pstart = (size_t *)malloc((c + 1) * sizeof(size_t));
    w->pend = (size_t *)malloc((c + 1) * sizeof(size_t));
    w->sub = (int64_t *)malloc((c + 1) * sizeof(int64_t));
    w->utf8 = (char *)malloc(c * 3 + 4);
    if (!w->key || !w->offs || !w->best || !w->prev || !w->set || !w->ends || !w->pstart || !w->pend || !w->sub || !w->utf8) {
        ck_rr_free(w); memset(w, 0, sizeof(*w));
        return -1;
    }
    w->cap = c;
    return 0;
}

// Maximum-probability path over the n code points of w->key[0..<units] (same rules and rounding
// as ck_unigram_segment); fills w->ends and returns the token count. `m` holds every word and
// every prefix of a word (prefix-only keys with count 0), so the scan at a position stops at the
// first key that is absent.
static size_t ck_rr_segment(ck_rr_work *w, size_t units, const ck_cptab *m, const uint8_t *max_len,
                            size_t maxw, double log_total, double null_score, const double *logs) {
    const uint16_t *k = w->key;
    size_t n = 0;
    for (size_t i = 0; i < units; i++) if (k[i] < 0xDC00 || k[i] > 0xDFFF) w->offs[n++] = i;
    w->offs[n] = units;
    if (n == 0) return 0;
    double *best = w->best;
    size_t *prev = w->prev, *offs = w->offs;
    unsigned char *set = w->set;
    memset(set, 0, n + 1);
    best[0] = 1.0; set[0] = 1;
    for (size_t i = 0; i < n; i++) {
        size_t mw = maxw;
        uint32_t cp = k[offs[i]];
        if ((cp < 0xD800 || cp > 0xDBFF) && max_len[cp] < 255) mw = max_len[cp];
        for (size_t l = 1; l <= mw && i + l <= n; l++) {
            const uint16_t *key = k + offs[i];
            size_t kl = offs[i + l] - offs[i];
            size_t p = ck_cptab_probe(m, key, kl, ck_cp_sig(key, kl));
            if (!m->slots[p].sig) break;  // not even a prefix of a word: no longer word either
            int64_t c = m->slots[p].count;
            if (c <= 0) continue;
            double sc = best[i] + (ck_zlog_count(logs, c) - log_total);
            if (!set[i + l] || sc > best[i + l]) { best[i + l] = sc; prev[i + l] = i; set[i + l] = 1; }
        }
        if (!set[i + 1]) { best[i + 1] = best[i] + null_score; prev[i + 1] = i; set[i + 1] = 1; }
    }
    size_t t = 0;
    for (size_t j = n; j > 0; j = prev[j]) t++;
    size_t j = t;
    for (size_t q = n; q > 0; q = prev[q]) w->ends[--j] = offs[q];
    return t;
}

// nlp-zero's combine_Aa123 over token ends: after a token ending in an ASCII letter or digit, the
// following tokens made only of letters, digits and '.' are glued to it. Returns the piece count.
static size_t ck_rr_combine(ck_rr_work *w, size_t tokens) {
    const uint16_t *k = w->key;
    size_t np = 0, start = 0;
    int combine = 0;
    for (size_t t = 0; t < tokens; t++) {
        size_t end = w->ends[t], s = start;
        start = end;
        if (ck_ascii_alnum(k[end - 1])) {
            if (combine) {
                int all = 1;
                for (size_t q = s; q < end; q++) if (!ck_ascii_alnum(k[q]) && k[q] != '.') { all = 0; break; }
                if (all) { w->pend[np - 1] = end; continue; }
                combine = 0;
            } else {
                combine = 1;
            }
        } else {
            combine = 0;
        }
        w->pstart[np] = s; w->pend[np] = end; np++;
    }
    return np;
}

// The word table of the remover: words and all their prefixes; widx maps an entry to its vocab index
// (-1 for a prefix that is not a word).
typedef struct { ck_cptab *t; int64_t *widx; size_t cap; } ck_rr_model;

// Adds key with delta; returns the entry index or -1.
static int64_t ck_rr_add(ck_rr_model *m, const uint16_t *key, size_t len, int64_t delta) {
    int ins;
    int64_t e = ck_cptab_add_inline(m->t, key, len, delta, &ins);
    if (e < 0 || !ins) return e;
    if ((size_t)e >= m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        int64_t *nw = (int64_t *)realloc(m->widx, nc * sizeof(int64_t));
        if (!nw) return -1;
        m->widx = nw; m->cap = nc;
    }
    m->widx[e] = -1;
    return e;
}

// Adds key as word `vocab_index` with `count`, and its proper prefixes. Returns the entry, -1 out of
// memory, -2 when the word is there already.
static int64_t ck_rr_add_word(ck_rr_model *m, const uint16_t *key, size_t len, int64_t vocab_index, int64_t count) {
    for (size_t l = 1; l < len; l++) if (ck_rr_add(m, key, l, 0) < 0) return -1;
    int64_t e = ck_rr_add(m, key, len, 0);
    if (e < 0) return -1;
    if (m->widx[e] >= 0) return -2;
    m->widx[e] = vocab_index;
    ck_cptab_set_count(m->t, (size_t)e, count);
    return e;
}

int64_t ck_redundancy_remove(ck_strtab *vocab, double null_score, int64_t *total_io, double *log_total_io) {
    size_t n0 = ck_strtab_size(vocab);
    int64_t status = -1, removed = 0;
    ck_rr_model model = { ck_cptab_new(n0 * 2), NULL, 0 };
    ck_cptab *m = model.t;
    uint8_t *max_len = (uint8_t *)malloc(65536);
    size_t *order = (size_t *)malloc((n0 + 1) * sizeof(size_t));
    int32_t maxn = ck_strtab_max_nchars(vocab);
    size_t *bucket = (size_t *)calloc((size_t)(maxn > 0 ? maxn : 0) + 2, sizeof(size_t));
    uint32_t *tidx = (uint32_t *)malloc((n0 + 1) * sizeof(uint32_t));   // vocab index -> entry of m
    int32_t *nch = (int32_t *)malloc((n0 + 1) * sizeof(int32_t));       // characters of each word
    int64_t *cnt0 = (int64_t *)malloc((n0 + 1) * sizeof(int64_t));      // counts at the start
    double *logs = (double *)malloc(CK_LOG_TABLE * sizeof(double));
    ck_rr_work w;
    memset(&w, 0, sizeof(w));
    if (!m || !max_len || !order || !bucket || !tidx || !nch || !cnt0 || !logs) goto done;
    ck_log_table_fill(logs);

    // Mirror the vocabulary with UTF-16 keys.
    for (size_t i = 0; i < n0; i++) {
        size_t bl;
        const char *kb = ck_strtab_key(vocab, i, &bl);
        if (ck_rr_reserve(&w, bl + 1) != 0) goto done;
        size_t ul = ck_utf8_to_utf16(kb, bl, w.key);
        cnt0[i] = ck_strtab_count(vocab, i);
        nch[i] = ck_strtab_nchars(vocab, i);
        int64_t e = ck_rr_add_word(&model, w.key, ul, (int64_t)i, cnt0[i]);
        if (e < 0) { status = e; goto done; }
        tidx[i] = (uint32_t)e;
    }
    ck_strtab_max_len_by_first(vocab, max_len);
    for (size_t c = 0; c < 65536; c++) if (!max_len[c]) max_len[c] = 1;
    size_t maxw = (size_t)(maxn > 0 ? maxn : 1);

    // Visit order: count > 0 and two or more characters, longest first, ties by index.
    size_t nv = 0, pos = 0;
    for (size_t i = 0; i < n0; i++) if (nch[i] >= 2 && cnt0[i] > 0) bucket[nch[i]]++;
    for (int32_t l = maxn; l >= 2; l--) { size_t c = bucket[l]; bucket[l] = pos; pos += c; nv += c; }
    for (size_t i = 0; i < n0; i++) if (nch[i] >= 2 && cnt0[i] > 0) order[bucket[nch[i]]++] = i;

    int64_t total = *total_io;
    double log_total = *log_total_io;
    for (size_t o = 0; o < nv; o++) {
        size_t vi = order[o], wi = tidx[vi], ul;
        const uint16_t *src = ck_cptab_key(m, wi, &ul);
        if (ck_rr_reserve(&w, ul + 1) != 0) goto done;
        memcpy(w.key, src, ul * sizeof(uint16_t));  // the arena may move when pieces are added
        int32_t len = nch[vi];
        int64_t num = ck_cptab_count_inline(m, wi);
        double pmi = ck_zlog_count(logs, num) - log_total;
        ck_cptab_set_count(m, wi, 0);
        total -= num;
        size_t tokens = ck_rr_segment(&w, ul, m, max_len, maxw, log_total, null_score, logs);
        size_t np = ck_rr_combine(&w, tokens);
        for (size_t j = 0; j < np; j++) {
            int64_t e = ck_cptab_find(m, w.key + w.pstart[j], w.pend[j] - w.pstart[j]);
            if (e >= 0 && model.widx[e] < 0) e = -1;  // a prefix only: not in the vocabulary
            w.sub[j] = e;
            pmi -= ck_zlog_count(logs, e >= 0 ? ck_cptab_count_inline(m, (size_t)e) : 0) - log_total;
        }
        if (pmi < (double)(len - 1)) {
            for (size_t j = 0; j < np; j++) {
                if (w.sub[j] >= 0) {
                    ck_cptab_set_count(m, (size_t)w.sub[j], ck_cptab_count_inline(m, (size_t)w.sub[j]) + num);
                } else {
                    const uint16_t *pk = w.key + w.pstart[j];
                    size_t pl = w.pend[j] - w.pstart[j];
                    int64_t e = ck_rr_add(&model, pk, pl, num);
                    if (e < 0) goto done;
                    if (model.widx[e] < 0) {
                        size_t b = ck_utf16_to_utf8(pk, pl, w.utf8);
                        int64_t s = ck_strtab_add(vocab, w.utf8, b, 0);
                        if (s < 0) goto done;
                        model.widx[e] = s;
                        for (size_t l = 1; l < pl; l++) if (ck_rr_add(&model, pk, l, 0) < 0) goto done;
                    }
                    int32_t nc = ck_strtab_nchars(vocab, (size_t)model.widx[e]);
                    if ((size_t)nc > maxw) maxw = (size_t)nc;
                    uint32_t f = pk[0];
                    if (f < 0xD800 || f > 0xDFFF) {
                        uint8_t l8 = nc > 255 ? 255 : (uint8_t)nc;
                        if (l8 > max_len[f]) max_len[f] = l8;
                    }
                }
                total += num;
                log_total = ck_zlog((double)total);
            }
            removed++;
        } else {
            ck_cptab_set_count(m, wi, num);
            total += num;
            log_total = ck_zlog((double)total);
        }
    }
    for (size_t i = 0; i < ck_cptab_size(m); i++)
        if (model.widx[i] >= 0) ck_strtab_set_count(vocab, (size_t)model.widx[i], ck_cptab_count_inline(m, i));
    *total_io = total;
    *log_total_io = log_total;
    status = removed;
done:
    ck_rr_free(&w);
    ck_cptab_free(m); free(model.widx); free(max_len); free(order); free(bucket);
    free(tidx); free(nch); free(cnt0); free(logs);
    return status;
}

// MARK: - Strong pairs

int64_t ck_strong_pairs(const ck_u32tab *pairs, const int64_t *char_counts, int64_t total_chars, int64_t total_pairs,
                        double log_min, double min_pmi, ck_u32tab *strong) {
    double logs[CK_LOG_TABLE];
    ck_log_table_fill(logs);
    double log_total_chars = ck_zlog((double)total_chars), log_total_pairs = ck_zlog((double)total_pairs);
    int64_t added = 0;
    for (size_t i = 0; i < pairs->cap; i++) {
        ck_u32slot s = pairs->slots[i];
        if (!s.key) continue;
        double lp = ck_zlog_count(logs, s.count) - log_total_pairs;
        if (!(lp > log_min)) continue;
        double pa = ck_zlog_count(logs, char_counts[s.key >> 16]) - log_total_chars;
        double pb = ck_zlog_count(logs, char_counts[s.key & 0xFFFF]) - log_total_chars;
        if (lp - pa - pb > min_pmi) {
            if (ck_u32tab_add_inline(strong, s.key, 1) != 0) return -1;
            added++;
        }
    }
    return added;
}
