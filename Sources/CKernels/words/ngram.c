// Counting tables and character n-gram loops for new-word discovery. See ck_ngram.h.
#include "words/ck_ngram.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>

// MARK: - Table

typedef struct {
    uint64_t hash;
    uint64_t off;     // key offset in the arena
    uint32_t len;     // key bytes
    int32_t nchars;   // key code points
    int64_t count;
} ck_entry;

struct ck_strtab {
    ck_entry *entries;
    size_t n, cap;
    uint64_t *index;  // (hash >> 32) << 32 | (entry index + 1); 0 = empty; power-of-two size
    size_t index_cap;
    char *arena;
    size_t arena_len, arena_cap;
    int32_t max_nchars;
};

// Eight bytes per step, then a final avalanche; keys are short UTF-8 strings.
static inline uint64_t ck_hash_bytes(const char *k, size_t len) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)len * 0xFF51AFD7ED558CCDULL);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, k + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    for (size_t j = 0; i + j < len; j++) w |= (uint64_t)(unsigned char)k[i + j] << (8 * j);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 29; h *= 0xBF58476D1CE4E5B9ULL; h ^= h >> 32;
    return h;
}

static int32_t ck_count_chars(const char *k, size_t len) {
    int32_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)k[i] & 0xC0) != 0x80;
    return n;
}

ck_strtab *ck_strtab_new(void) {
    ck_strtab *t = (ck_strtab *)calloc(1, sizeof(ck_strtab));
    if (!t) return NULL;
    t->index_cap = 1024;
    t->index = (uint64_t *)calloc(t->index_cap, sizeof(uint64_t));
    if (!t->index) { free(t); return NULL; }
    return t;
}

void ck_strtab_free(ck_strtab *t) {
    if (!t) return;
    free(t->entries); free(t->index); free(t->arena); free(t);
}

static int ck_rehash(ck_strtab *t, size_t cap) {
    uint64_t *ix = (uint64_t *)calloc(cap, sizeof(uint64_t));
    if (!ix) return -1;
    for (size_t i = 0; i < t->n; i++) {
        uint64_t h = t->entries[i].hash;
        size_t p = h & (cap - 1);
        while (ix[p]) p = (p + 1) & (cap - 1);
        ix[p] = ((h >> 32) << 32) | (uint64_t)(i + 1);
    }
    free(t->index);
    t->index = ix; t->index_cap = cap;
    return 0;
}

int64_t ck_strtab_find(const ck_strtab *t, const char *key, size_t len) {
    uint64_t h = ck_hash_bytes(key, len);
    size_t mask = t->index_cap - 1, p = h & mask;
    uint64_t tag = h >> 32;
    for (;;) {
        uint64_t v = t->index[p];
        if (!v) return -1;
        if ((v >> 32) == tag) {
            uint32_t e = (uint32_t)v;
            const ck_entry *en = &t->entries[e - 1];
            if (en->len == len && memcmp(t->arena + en->off, key, len) == 0) return e - 1;
        }
        p = (p + 1) & mask;
    }
}

int64_t ck_strtab_add(ck_strtab *t, const char *key, size_t len, int64_t delta) {
    uint64_t h = ck_hash_bytes(key, len);
    size_t mask = t->index_cap - 1, p = h & mask;
    uint64_t tag = h >> 32;
    for (;;) {
        uint64_t v = t->index[p];
        if (!v) break;
        if ((v >> 32) == tag) {
            uint32_t e = (uint32_t)v;
            ck_entry *en = &t->entries[e - 1];
            if (en->len == len && memcmp(t->arena + en->off, key, len) == 0) {
                en->count += delta;
                return e - 1;
            }
        }
        p = (p + 1) & mask;
    }
    if (t->n >= 0xFFFFFFF0u) return -1;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        ck_entry *ne = (ck_entry *)realloc(t->entries, nc * sizeof(ck_entry));
        if (!ne) return -1;
        t->entries = ne; t->cap = nc;
    }
    if (t->arena_len + len > t->arena_cap) {
        size_t nc = t->arena_cap ? t->arena_cap * 2 : 1 << 16;
        while (nc < t->arena_len + len) nc *= 2;
        char *na = (char *)realloc(t->arena, nc);
        if (!na) return -1;
        t->arena = na; t->arena_cap = nc;
    }
    memcpy(t->arena + t->arena_len, key, len);
    ck_entry *en = &t->entries[t->n];
    en->hash = h; en->off = t->arena_len; en->len = (uint32_t)len;
    en->nchars = ck_count_chars(key, len); en->count = delta;
    if (en->nchars > t->max_nchars) t->max_nchars = en->nchars;
    t->arena_len += len;
    t->index[p] = (tag << 32) | (uint64_t)(t->n + 1);
    t->n++;
    if (t->n * 2 > t->index_cap && ck_rehash(t, t->index_cap * 2) != 0) return -1;
    return (int64_t)(t->n - 1);
}

int ck_strtab_reserve(ck_strtab *t, size_t n) {
    if (n > t->cap) {
        ck_entry *ne = (ck_entry *)realloc(t->entries, n * sizeof(ck_entry));
        if (!ne) return -1;
        t->entries = ne; t->cap = n;
    }
    size_t cap = t->index_cap;
    while (cap < 2 * n + 2) cap *= 2;
    return cap > t->index_cap ? ck_rehash(t, cap) : 0;
}

size_t ck_strtab_size(const ck_strtab *t) { return t->n; }
const char *ck_strtab_key(const ck_strtab *t, size_t i, size_t *len) {
    *len = t->entries[i].len;
    return t->arena + t->entries[i].off;
}
int64_t ck_strtab_count(const ck_strtab *t, size_t i) { return t->entries[i].count; }
void ck_strtab_set_count(ck_strtab *t, size_t i, int64_t count) { t->entries[i].count = count; }
int32_t ck_strtab_nchars(const ck_strtab *t, size_t i) { return t->entries[i].nchars; }
int32_t ck_strtab_max_nchars(const ck_strtab *t) { return t->max_nchars; }
size_t ck_strtab_bytes(const ck_strtab *t) {
    return t->cap * sizeof(ck_entry) + t->index_cap * sizeof(uint64_t) + t->arena_cap + sizeof(*t);
}

int ck_strtab_prune(ck_strtab *t, int64_t min_count, int32_t min_nchars, int64_t *removed_mass, size_t mass_cap) {
    size_t k = 0, a = 0;
    for (size_t i = 0; i < t->n; i++) {
        ck_entry e = t->entries[i];
        if (e.count < min_count && e.nchars >= min_nchars) {
            if (removed_mass && (size_t)e.nchars < mass_cap) removed_mass[e.nchars] += e.count;
            continue;
        }
        memmove(t->arena + a, t->arena + e.off, e.len);
        e.off = a; a += e.len;
        t->entries[k++] = e;
    }
    t->n = k; t->arena_len = a;
    size_t cap = 1024;
    while (cap < 2 * k + 2) cap *= 2;
    return ck_rehash(t, cap);
}

// MARK: - UTF-8

int64_t ck_utf8_check(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        if (c < 0x80) { i++; continue; }
        size_t n; unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
        else return (int64_t)i;
        if (i + n > len) return (int64_t)i;
        for (size_t k = 1; k < n; k++) {
            if ((u[i + k] & 0xC0) != 0x80) return (int64_t)i;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return (int64_t)i;
        i += n;
    }
    return -1;
}

// Byte length of the character at s[i] (valid UTF-8) in *n; returns whether it is a kept character.
static inline int ck_kept(const unsigned char *u, size_t i, size_t len, size_t *n) {
    unsigned c = u[i];
    if (c < 0x80) {
        *n = 1;
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    if (c < 0xE0) {
        *n = 2;
        if (c < 0xC2 || i + 1 >= len) return 0;
        unsigned cp = ((c & 0x1F) << 6) | (u[i + 1] & 0x3F);
        return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;  // accented Latin letters
    }
    if (c < 0xF0) {
        *n = 3;
        if (i + 2 >= len) return 0;
        unsigned cp = ((c & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
        return cp >= 0x4E00 && cp <= 0x9FA5;
    }
    *n = 4;
    return 0;
}

// Calls `fn` for each maximal run of kept characters; offs holds the byte offset of every
// character start plus the run's end. Returns the sum of fn's results, or -1 when one fails.
typedef int64_t (*ck_seg_fn)(const char *s, const size_t *offs, size_t nchar, void *ctx);

static int64_t ck_for_segments(const char *s, size_t len, ck_seg_fn fn, void *ctx) {
    const unsigned char *u = (const unsigned char *)s;
    size_t cap = 256, *offs = (size_t *)malloc(cap * sizeof(size_t));
    if (!offs) return -1;
    int64_t total = 0;
    size_t i = 0, nchar = 0;
    while (i <= len) {
        size_t n = 1;
        int kept = i < len ? ck_kept(u, i, len, &n) : 0;
        if (kept) {
            if (nchar + 2 > cap) {
                cap *= 2;
                size_t *no = (size_t *)realloc(offs, cap * sizeof(size_t));
                if (!no) { free(offs); return -1; }
                offs = no;
            }
            offs[nchar++] = i;
        } else if (nchar) {
            // kept characters are 1-byte ASCII or 3-byte CJK
            offs[nchar] = offs[nchar - 1] + (u[offs[nchar - 1]] < 0x80 ? 1 : 3);
            int64_t r = fn(s, offs, nchar, ctx);
            if (r < 0) { free(offs); return -1; }
            total += r;
            nchar = 0;
        }
        i += n;
    }
    free(offs);
    return total;
}

// MARK: - Counting and cutting

typedef struct { ck_strtab *tab; int max_n; } ck_count_ctx;

static int64_t ck_count_seg(const char *s, const size_t *offs, size_t nchar, void *vctx) {
    ck_count_ctx *c = (ck_count_ctx *)vctx;
    for (size_t i = 0; i < nchar; i++)
        for (int n = 1; n <= c->max_n && i + (size_t)n <= nchar; n++)
            if (ck_strtab_add(c->tab, s + offs[i], offs[i + n] - offs[i], 1) < 0) return -1;
    return (int64_t)nchar;
}

int64_t ck_ngram_count(const char *s, size_t len, int max_n, ck_strtab *tab) {
    ck_count_ctx c = { tab, max_n < 1 ? 1 : max_n };
    return ck_for_segments(s, len, ck_count_seg, &c);
}

// MARK: - Unigram segmentation

static inline uint32_t ck_decode(const unsigned char *u, size_t i, size_t len) {
    unsigned c = u[i];
    if (c < 0x80) return c;
    if (c < 0xE0) return i + 1 < len ? ((c & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu) : 0;
    if (c < 0xF0) return i + 2 < len ? ((c & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu) : 0;
    return 0x10000;  // outside the BMP: no bound
}

void ck_strtab_max_len_by_first(const ck_strtab *vocab, uint8_t *max_len) {
    memset(max_len, 0, 65536);
    for (size_t i = 0; i < vocab->n; i++) {
        const ck_entry *e = &vocab->entries[i];
        if (e->count <= 0 || e->len == 0) continue;
        uint32_t cp = ck_decode((const unsigned char *)vocab->arena + e->off, 0, e->len);
        if (cp >= 0x10000) continue;
        uint8_t l = e->nchars > 255 ? 255 : (uint8_t)e->nchars;
        if (l > max_len[cp]) max_len[cp] = l;
    }
}

int64_t ck_unigram_segment(const char *s, size_t len, const ck_strtab *vocab, const uint8_t *max_len_by_first,
                           double log_total, double null_score, int64_t *ends) {
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += (u[i] & 0xC0) != 0x80;
    if (n == 0) return 0;
    size_t *offs = (size_t *)malloc((n + 1) * sizeof(size_t));
    double *best = (double *)malloc((n + 1) * sizeof(double));
    size_t *prev = (size_t *)malloc((n + 1) * sizeof(size_t));
    unsigned char *set = (unsigned char *)calloc(n + 1, 1);
    if (!offs || !best || !prev || !set) { free(offs); free(best); free(prev); free(set); return -1; }
    for (size_t i = 0, k = 0; i < len; i++) if ((u[i] & 0xC0) != 0x80) offs[k++] = i;
    offs[n] = len;
    size_t maxw = (size_t)(vocab->max_nchars > 0 ? vocab->max_nchars : 1);
    best[0] = 1.0; set[0] = 1;  // nlp-zero starts its path score at 1; kept for identical rounding
    for (size_t i = 0; i < n; i++) {
        size_t mw = maxw;
        if (max_len_by_first) {
            uint32_t cp = ck_decode(u, offs[i], len);
            if (cp < 0x10000 && max_len_by_first[cp] < 255) mw = max_len_by_first[cp];
        }
        for (size_t w = 1; w <= mw && i + w <= n; w++) {
            int64_t e = ck_strtab_find(vocab, s + offs[i], offs[i + w] - offs[i]);
            if (e < 0) continue;
            int64_t c = vocab->entries[e].count;
            if (c <= 0) continue;
            double sc = best[i] + (log((double)c) - log_total);
            if (!set[i + w] || sc > best[i + w]) { best[i + w] = sc; prev[i + w] = i; set[i + w] = 1; }
        }
        if (!set[i + 1]) { best[i + 1] = best[i] + null_score; prev[i + 1] = i; set[i + 1] = 1; }
    }
    size_t m = 0;
    for (size_t k = n; k > 0; k = prev[k]) m++;
    size_t j = m;
    for (size_t k = n; k > 0; k = prev[k]) ends[--j] = (int64_t)offs[k];
    free(offs); free(best); free(prev); free(set);
    return (int64_t)m;
}
