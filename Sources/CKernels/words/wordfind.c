// Code-unit kernels for new-word discovery. See ck_wordfind.h.
#include "wordfind_internal.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/mman.h>

// MARK: - Memory

#define CK_HUGE (2u << 20)
#define CK_MAP_MIN (1u << 20)

void *ck_table_alloc(size_t bytes) {
    if (bytes < CK_MAP_MIN) return calloc(1, bytes ? bytes : 1);
    size_t len = (bytes + CK_HUGE - 1) / CK_HUGE * CK_HUGE;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);
#endif
    return p;
}

void ck_table_free(void *p, size_t bytes) {
    if (!p) return;
    if (bytes < CK_MAP_MIN) { free(p); return; }
    munmap(p, (bytes + CK_HUGE - 1) / CK_HUGE * CK_HUGE);
}

void *ck_table_grow(void *p, size_t old_bytes, size_t new_bytes) {
    void *q = ck_table_alloc(new_bytes);
    if (!q) return NULL;
    if (p) memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    ck_table_free(p, old_bytes);
    return q;
}

// MARK: - Pair table (open addressing, key and count in one 16-byte slot)

int ck_u32tab_rebuild(ck_u32tab *t, size_t cap, int64_t min_count, int64_t *removed) {
    ck_u32slot *ns = (ck_u32slot *)ck_table_alloc(cap * sizeof(ck_u32slot));
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
    ck_table_free(t->slots, t->cap * sizeof(ck_u32slot));
    t->slots = ns; t->cap = cap; t->n = n;
    return 0;
}

ck_u32tab *ck_u32tab_new(size_t expected) {
    ck_u32tab *t = (ck_u32tab *)calloc(1, sizeof(ck_u32tab));
    if (!t) return NULL;
    size_t cap = 1 << 12;
    while (cap < 2 * expected) cap *= 2;
    t->slots = (ck_u32slot *)ck_table_alloc(cap * sizeof(ck_u32slot));
    if (!t->slots) { free(t); return NULL; }
    t->cap = cap;
    return t;
}

void ck_u32tab_free(ck_u32tab *t) {
    if (!t) return;
    ck_table_free(t->slots, t->cap * sizeof(ck_u32slot)); free(t);
}

int ck_u32tab_add(ck_u32tab *t, uint32_t key, int64_t delta) { return ck_u32tab_add_inline(t, key, delta); }
int64_t ck_u32tab_get(const ck_u32tab *t, uint32_t key) { return ck_u32tab_get_inline(t, key); }
size_t ck_u32tab_size(const ck_u32tab *t) { return t->n; }
size_t ck_u32tab_capacity(const ck_u32tab *t) { return t->cap; }
int64_t ck_u32tab_total(const ck_u32tab *t) {
    int64_t s = 0;
    for (size_t i = 0; i < t->cap; i++) if (t->slots[i].key) s += t->slots[i].count;
    return s;
}
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
        if ((cp >= 0x4E00 && cp <= 0x9FA5) || ck_latin_letter(cp)) { out[k++] = (uint16_t)cp; in_seg = 1; }
        else if (in_seg) { out[k++] = 0; in_seg = 0; }
        i += n;
    }
    if (in_seg) out[k++] = 0;
    return (int64_t)k;
}

// The pair table is larger than the caches: keys are gathered a batch at a time and the home
// slot of the key a few places ahead is prefetched before each add (a hint only).
#define CK_BATCH 256
#define CK_AHEAD 8

static int ck_u32tab_add_batch(ck_u32tab *t, const uint32_t *keys, size_t n) {
    for (size_t j = 0; j < n; j++) {
        if (j + CK_AHEAD < n) __builtin_prefetch(&t->slots[ck_u32_pos(keys[j + CK_AHEAD], t->cap - 1)]);
        if (ck_u32tab_add_inline(t, keys[j], 1) != 0) return -1;
    }
    return 0;
}

int64_t ck_cp_count_pairs(const uint16_t *units, size_t n, int64_t *char_counts, ck_u32tab *pairs) {
    int64_t total = 0;
    uint32_t prev = 0, keys[CK_BATCH];
    size_t nk = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = units[i];
        if (c) {
            char_counts[c]++;
            total++;
            if (prev) {
                keys[nk++] = (prev << 16) | c;
                if (nk == CK_BATCH) { if (ck_u32tab_add_batch(pairs, keys, nk) != 0) return -1; nk = 0; }
            }
        }
        prev = c;
    }
    if (nk && ck_u32tab_add_batch(pairs, keys, nk) != 0) return -1;
    return total;
}

// MARK: - Code-unit string table

static int ck_cptab_reindex(ck_cptab *t, size_t cap) {
    size_t shift = 64;
    for (size_t c = cap; c > 1; c >>= 1) shift--;
    ck_cpslot *ns = (ck_cpslot *)ck_table_alloc(cap * sizeof(ck_cpslot));
    uint32_t *ni = (uint32_t *)ck_table_alloc(cap * sizeof(uint32_t));
    uint32_t *no = (uint32_t *)ck_table_alloc(cap * sizeof(uint32_t));
    if (!ns || !ni || !no) {
        ck_table_free(ns, cap * sizeof(ck_cpslot)); ck_table_free(ni, cap * sizeof(uint32_t)); ck_table_free(no, cap * sizeof(uint32_t));
        return -1;
    }
    size_t mask = cap - 1;
    for (size_t i = 0; i < t->n; i++) {
        ck_cpslot s = t->slots[t->entries[i].slot];
        size_t p = ck_cp_pos(s.sig, shift);
        while (ns[p].sig) p = (p + 1) & mask;
        ns[p] = s; ni[p] = (uint32_t)i;
        no[p] = t->entries[i].off < UINT32_MAX ? (uint32_t)t->entries[i].off : UINT32_MAX;
        t->entries[i].slot = (uint32_t)p;
    }
    ck_table_free(t->slots, t->cap * sizeof(ck_cpslot)); ck_table_free(t->sidx, t->cap * sizeof(uint32_t));
    ck_table_free(t->soff, t->cap * sizeof(uint32_t));
    t->slots = ns; t->sidx = ni; t->soff = no; t->cap = cap; t->shift = shift;
    t->epoch++;
    return 0;
}

int ck_cptab_reserve(ck_cptab *t, size_t n) {
    size_t cap = t->cap;
    while (cap * 3 < 4 * n) cap *= 2;
    return cap > t->cap ? ck_cptab_reindex(t, cap) : 0;
}

ck_cptab *ck_cptab_new(size_t expected) {
    ck_cptab *t = (ck_cptab *)calloc(1, sizeof(ck_cptab));
    if (!t) return NULL;
    size_t cap = 1 << 10, shift = 54;
    while (cap * 3 < 4 * expected) { cap *= 2; shift--; }
    // Entries and key arena for the expected keys up front (about four units a key), so that they
    // are seldom copied while growing.
    if (expected) {
        t->entries = (ck_cpentry *)ck_table_alloc(expected * sizeof(ck_cpentry));
        t->arena = (uint16_t *)ck_table_alloc(expected * 4 * sizeof(uint16_t));
        if (t->entries) t->ecap = expected;
        if (t->arena) t->acap = expected * 4;
    }
    t->slots = (ck_cpslot *)ck_table_alloc(cap * sizeof(ck_cpslot));
    t->sidx = (uint32_t *)ck_table_alloc(cap * sizeof(uint32_t));
    t->soff = (uint32_t *)ck_table_alloc(cap * sizeof(uint32_t));
    if (!t->slots || !t->sidx || !t->soff) {
        ck_table_free(t->slots, cap * sizeof(ck_cpslot)); ck_table_free(t->sidx, cap * sizeof(uint32_t));
        ck_table_free(t->soff, cap * sizeof(uint32_t)); ck_table_free(t->entries, t->ecap * sizeof(ck_cpentry));
        ck_table_free(t->arena, t->acap * sizeof(uint16_t)); free(t);
        return NULL;
    }
    t->cap = cap; t->shift = shift;
    return t;
}

void ck_cptab_free(ck_cptab *t) {
    if (!t) return;
    ck_table_free(t->slots, t->cap * sizeof(ck_cpslot)); ck_table_free(t->sidx, t->cap * sizeof(uint32_t));
    ck_table_free(t->soff, t->cap * sizeof(uint32_t));
    ck_table_free(t->entries, t->ecap * sizeof(ck_cpentry)); ck_table_free(t->arena, t->acap * sizeof(uint16_t));
    free(t);
}

int64_t ck_cptab_find(const ck_cptab *t, const uint16_t *key, size_t len) {
    size_t p = ck_cptab_probe(t, key, len, ck_cp_sig(key, len));
    return t->slots[p].sig ? (int64_t)t->sidx[p] : -1;
}

// Inserts a key known to be absent at slot p.
int64_t ck_cptab_insert(ck_cptab *t, size_t p, const uint16_t *key, size_t len, uint64_t sig, int64_t delta) {
    if (t->n >= 0xFFFFFFF0u) return -1;
    if (t->n == t->ecap) {
        size_t nc = t->ecap ? t->ecap * 2 : 1024;
        ck_cpentry *ne = (ck_cpentry *)ck_table_grow(t->entries, t->ecap * sizeof(ck_cpentry), nc * sizeof(ck_cpentry));
        if (!ne) return -1;
        t->entries = ne; t->ecap = nc;
    }
    if (t->alen + len > t->acap) {
        size_t nc = t->acap ? t->acap * 2 : 1 << 15;
        while (nc < t->alen + len) nc *= 2;
        uint16_t *na = (uint16_t *)ck_table_grow(t->arena, t->acap * sizeof(uint16_t), nc * sizeof(uint16_t));
        if (!na) return -1;
        t->arena = na; t->acap = nc;
    }
    memcpy(t->arena + t->alen, key, len * sizeof(uint16_t));
    ck_cpentry *e = &t->entries[t->n];
    e->off = t->alen; e->len = (uint32_t)len; e->slot = (uint32_t)p;
    t->alen += len;
    t->slots[p].sig = sig; t->slots[p].count = delta; t->sidx[p] = (uint32_t)t->n;
    t->soff[p] = e->off < UINT32_MAX ? (uint32_t)e->off : UINT32_MAX;
    t->n++;
    if (t->n * 4 > t->cap * 3 && ck_cptab_reindex(t, t->cap * 2) != 0) return -1;
    return (int64_t)(t->n - 1);
}

int64_t ck_cptab_add(ck_cptab *t, const uint16_t *key, size_t len, int64_t delta) {
    int ins;
    return ck_cptab_add_inline(t, key, len, delta, &ins);
}

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

// Counts a batch of fragments (start offsets, lengths, signatures), prefetching ahead.
static int ck_cptab_bump_batch(ck_cptab *t, const uint16_t *units, const size_t *start, const size_t *len,
                               const uint64_t *sig, size_t n) {
    for (size_t j = 0; j < n; j++) {
        if (j + CK_AHEAD < n) __builtin_prefetch(&t->slots[ck_cp_pos(sig[j + CK_AHEAD], t->shift)]);
        const uint16_t *key = units + start[j];
        size_t p = ck_cptab_probe(t, key, len[j], sig[j]);
        if (t->slots[p].sig) t->slots[p].count++;
        else if (ck_cptab_insert(t, p, key, len[j], sig[j], 1) < 0) return -1;
    }
    return 0;
}

int64_t ck_cp_cut(const uint16_t *units, size_t n, const ck_u32set *strong, ck_cptab *out) {
    int64_t frags = 0;
    size_t i = 0, nb = 0, bstart[CK_BATCH], blen[CK_BATCH];
    uint64_t bsig[CK_BATCH];
    while (i < n) {
        if (!units[i]) { i++; continue; }
        size_t start = i;
        uint32_t prev = units[i++];
        for (;;) {
            uint32_t c = i < n ? units[i] : 0;
            if (!c || !ck_u32set_has(strong, (prev << 16) | c)) {
                bstart[nb] = start; blen[nb] = i - start; bsig[nb] = ck_cp_sig(units + start, i - start); nb++;
                if (nb == CK_BATCH) { if (ck_cptab_bump_batch(out, units, bstart, blen, bsig, nb) != 0) return -1; nb = 0; }
                frags++;
                start = i;
                if (!c) break;
            }
            prev = c;
            i++;
        }
    }
    if (nb && ck_cptab_bump_batch(out, units, bstart, blen, bsig, nb) != 0) return -1;
    return frags;
}

// MARK: - UTF-8 <-> UTF-16

// Appends the UTF-8 form of units[0..<n] (valid UTF-16) to out; returns the bytes written.
size_t ck_utf16_to_utf8(const uint16_t *k, size_t n, char *out) {
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
size_t ck_utf8_to_utf16(const char *s, size_t len, uint16_t *out) {
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


// MARK: - Key set

static size_t ck_u32set_cap_for(size_t n) {
    size_t cap = 1024;
    while (cap * 7 < n * 10 + 10) cap *= 2;
    return cap;
}

static int ck_u32set_resize(ck_u32set *s, size_t cap) {
    uint32_t *nk = (uint32_t *)ck_table_alloc(cap * sizeof(uint32_t));
    if (!nk) return -1;
    size_t mask = cap - 1;
    for (size_t i = 0; i < s->cap; i++) {
        uint32_t k = s->keys[i];
        if (!k) continue;
        size_t p = ck_u32_pos(k, mask);
        while (nk[p]) p = (p + 1) & mask;
        nk[p] = k;
    }
    ck_table_free(s->keys, s->cap * sizeof(uint32_t));
    s->keys = nk; s->cap = cap;
    return 0;
}

ck_u32set *ck_u32set_new(size_t expected) {
    ck_u32set *s = (ck_u32set *)calloc(1, sizeof(ck_u32set));
    if (!s) return NULL;
    s->cap = ck_u32set_cap_for(expected);
    s->keys = (uint32_t *)ck_table_alloc(s->cap * sizeof(uint32_t));
    if (!s->keys) { free(s); return NULL; }
    return s;
}

void ck_u32set_free(ck_u32set *s) {
    if (!s) return;
    ck_table_free(s->keys, s->cap * sizeof(uint32_t)); free(s);
}

int ck_u32set_add(ck_u32set *s, uint32_t key) {
    size_t mask = s->cap - 1, p = ck_u32_pos(key, mask);
    for (;;) {
        uint32_t k = s->keys[p];
        if (k == key) return 0;
        if (!k) break;
        p = (p + 1) & mask;
    }
    s->keys[p] = key; s->n++;
    if (s->n * 10 > s->cap * 7) return ck_u32set_resize(s, s->cap * 2);
    return 0;
}

int ck_u32set_contains(const ck_u32set *s, uint32_t key) { return ck_u32set_has(s, key); }
size_t ck_u32set_size(const ck_u32set *s) { return s->n; }
size_t ck_u32set_bytes(const ck_u32set *s) { return s->cap * sizeof(uint32_t) + sizeof(*s); }

// MARK: - Strong pairs

int64_t ck_strong_pairs(const ck_u32tab *pairs, const int64_t *char_counts, int64_t total_chars, int64_t total_pairs,
                        double log_min, double min_pmi, ck_u32set *strong) {
    double logs[CK_LOG_TABLE];
    ck_log_table_fill(logs);
    double log_total_chars = ck_zlog((double)total_chars), log_total_pairs = ck_zlog((double)total_pairs);
    uint32_t *found = (uint32_t *)malloc((pairs->n + 1) * sizeof(uint32_t));
    if (!found) return -1;
    size_t nf = 0;
    for (size_t i = 0; i < pairs->cap; i++) {
        ck_u32slot s = pairs->slots[i];
        if (!s.key) continue;
        double lp = ck_zlog_count(logs, s.count) - log_total_pairs;
        if (!(lp > log_min)) continue;
        double pa = ck_zlog_count(logs, char_counts[s.key >> 16]) - log_total_chars;
        double pb = ck_zlog_count(logs, char_counts[s.key & 0xFFFF]) - log_total_chars;
        if (lp - pa - pb > min_pmi) found[nf++] = s.key;
    }
    // Size the set once for all the keys, then insert them.
    size_t cap = ck_u32set_cap_for(strong->n + nf);
    if (cap > strong->cap && ck_u32set_resize(strong, cap) != 0) { free(found); return -1; }
    for (size_t i = 0; i < nf; i++) if (ck_u32set_add(strong, found[i]) != 0) { free(found); return -1; }
    free(found);
    return (int64_t)nf;
}
