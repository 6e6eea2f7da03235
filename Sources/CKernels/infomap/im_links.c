// Link-list parsing and merging for InfoMap input. See ck_im_links.h.
#include "infomap/ck_im_links.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int64_t ck_im_count_lines(const char *text, size_t n) {
    int64_t lines = 0;
    const char *p = text, *end = text + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        lines++;
        if (!nl) break;
        p = nl + 1;
    }
    return lines;
}

static inline int ck_is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// A field is [a, b). Returns 0 and sets *v for an id of 1...18 decimal digits, else -1.
static inline int ck_parse_id(const char *a, const char *b, int64_t *v) {
    if (b <= a || b - a > 18) return -1;
    int64_t x = 0;
    for (const char *p = a; p < b; p++) {
        if (*p < '0' || *p > '9') return -1;
        x = x * 10 + (*p - '0');
    }
    *v = x;
    return 0;
}

static int ck_parse_weight(const char *a, const char *b, double *v) {
    int64_t i;
    if (ck_parse_id(a, b, &i) == 0) { *v = (double)i; return 0; }
    char tmp[64];
    size_t len = (size_t)(b - a);
    if (len == 0 || len >= sizeof tmp) return -1;
    memcpy(tmp, a, len);
    tmp[len] = 0;
    char *endp = NULL;
    double x = strtod(tmp, &endp);
    if (endp != tmp + len || !isfinite(x) || x < 0) return -1;
    *v = x;
    return 0;
}

int64_t ck_im_parse_links(const char *text, size_t n, int64_t *src, int64_t *dst, double *w, int64_t cap,
                          int64_t *max_id, int64_t *err_line, int32_t *err_kind) {
    const char *p = text, *end = text + n;
    int64_t m = 0, line = 0, mx = -1;
    *err_kind = CK_IM_LINK_OK;
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        const char *hash = memchr(p, '#', (size_t)(stop - p));
        const char *lim = hash ? hash : stop;
        const char *fa[4], *fb[4];
        int nf = 0;
        const char *q = p;
        while (q < lim) {
            while (q < lim && ck_is_space(*q)) q++;
            if (q >= lim) break;
            const char *s = q;
            while (q < lim && !ck_is_space(*q)) q++;
            if (nf < 4) { fa[nf] = s; fb[nf] = q; }
            nf++;
        }
        p = nl ? nl + 1 : end;
        if (nf == 0) continue;
        if (nf < 2 || nf > 3) { *err_line = line; *err_kind = CK_IM_LINK_FIELDS; return -1; }
        int64_t s, t;
        if (ck_parse_id(fa[0], fb[0], &s) || ck_parse_id(fa[1], fb[1], &t)) { *err_line = line; *err_kind = CK_IM_LINK_ID; return -1; }
        double wt = 1.0;
        if (nf == 3 && ck_parse_weight(fa[2], fb[2], &wt)) { *err_line = line; *err_kind = CK_IM_LINK_WEIGHT; return -1; }
        if (m >= cap) return -2;
        src[m] = s; dst[m] = t; w[m] = wt;
        if (s > mx) mx = s;
        if (t > mx) mx = t;
        m++;
    }
    *max_id = mx;
    return m;
}

static inline uint64_t ck_mix64(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

void ck_im_merge_links(const int64_t *src, const int64_t *dst, const double *w, int64_t m, int directed,
                       int32_t *node_of, int64_t id_cap, int64_t *ids, uint64_t *slots, int32_t *slot_link,
                       int64_t table_size, int32_t *ls, int32_t *lt, double *lw, int64_t *num_nodes, int64_t *num_links) {
    (void)id_cap;
    int64_t nn = 0, nl = 0;
    const uint64_t mask = (uint64_t)table_size - 1;
    for (int64_t i = 0; i < table_size; i++) slot_link[i] = -1;
    for (int64_t k = 0; k < m; k++) {
        int64_t a = src[k], b = dst[k];
        if (node_of[a] < 0) { node_of[a] = (int32_t)nn; ids[nn++] = a; }
        if (node_of[b] < 0) { node_of[b] = (int32_t)nn; ids[nn++] = b; }
        int32_t s = node_of[a], t = node_of[b];
        if (!directed && t < s) { int32_t x = s; s = t; t = x; }
        uint64_t key = (uint64_t)(uint32_t)s << 32 | (uint32_t)t;
        uint64_t h = ck_mix64(key) & mask;
        for (;;) {
            int32_t l = slot_link[h];
            if (l < 0) {
                slot_link[h] = (int32_t)nl; slots[h] = key;
                ls[nl] = s; lt[nl] = t; lw[nl] = w[k]; nl++;
                break;
            }
            if (slots[h] == key) { lw[l] += w[k]; break; }
            h = (h + 1) & mask;
        }
    }
    *num_nodes = nn;
    *num_links = nl;
}
