// nlp-zero's redundancy removal (去冗) on UTF-16 keys. See ck_redundancy_remove in ck_wordfind.h.
//
// The unigram model is a code-unit table holding every word and every prefix of a word (prefix-only
// keys have count 0), so the scan of the segmentation at a position stops at the first absent key.
// Counts of one-unit keys (single BMP characters, the most frequent look-ups) live in a direct array.
#include "wordfind_internal.h"

#define CK_ABSENT INT64_MIN

// MARK: - Scratch

// Arrays of one segmentation, grown on demand.
typedef struct {
    size_t cap;               // units of the longest word seen
    uint16_t *key;            // the word's units
    size_t *offs;             // code-point start offsets (+ end)
    double *best;
    size_t *prev;
    unsigned char *set;
    size_t *eslot;            // slot of the best edge into a node (SIZE_MAX: none or one unit)
    size_t *ends, *tslot;     // token end offsets and edge slots
    size_t *pstart, *pend;    // pieces after combine_Aa123
    size_t *pslot;            // piece slot (SIZE_MAX: look it up)
    unsigned char *kind;      // 0 not a word, 1 one-unit word, 2 longer word at pslot
    char *utf8;               // UTF-8 of a new piece
} ck_rr_work;

static void ck_rr_free(ck_rr_work *w) {
    free(w->key); free(w->offs); free(w->best); free(w->prev); free(w->set); free(w->eslot); free(w->ends);
    free(w->tslot); free(w->pstart); free(w->pend); free(w->pslot); free(w->kind); free(w->utf8);
    memset(w, 0, sizeof(*w));
}

static int ck_rr_reserve(ck_rr_work *w, size_t units) {
    if (units <= w->cap) return 0;
    size_t c = w->cap ? w->cap : 64;
    while (c < units) c *= 2;
    ck_rr_free(w);
    size_t z = (c + 1) * sizeof(size_t);
    w->key = (uint16_t *)malloc(c * sizeof(uint16_t));
    w->offs = (size_t *)malloc(z); w->prev = (size_t *)malloc(z); w->eslot = (size_t *)malloc(z);
    w->ends = (size_t *)malloc(z); w->tslot = (size_t *)malloc(z);
    w->pstart = (size_t *)malloc(z); w->pend = (size_t *)malloc(z); w->pslot = (size_t *)malloc(z);
    w->best = (double *)malloc((c + 1) * sizeof(double));
    w->set = (unsigned char *)malloc(c + 1); w->kind = (unsigned char *)malloc(c + 1);
    w->utf8 = (char *)malloc(c * 3 + 4);
    if (!w->key || !w->offs || !w->prev || !w->eslot || !w->ends || !w->tslot || !w->pstart || !w->pend ||
        !w->pslot || !w->best || !w->set || !w->kind || !w->utf8) {
        ck_rr_free(w);
        return -1;
    }
    w->cap = c;
    return 0;
}

// MARK: - Model

typedef struct {
    ck_cptab *t;       // words and all their prefixes
    int64_t *widx;     // entry -> vocabulary index, -1 for a prefix that is not a word
    size_t wcap;
    int64_t *c1;       // [65536] count of each one-unit key (authoritative); CK_ABSENT: not in t
    uint8_t *w1;       // [65536] the one-unit key is a word
} ck_rr_model;

// Entry of key (inserted with count 0 when absent), or -1 when out of memory.
static int64_t ck_rr_insert(ck_rr_model *m, const uint16_t *key, size_t len) {
    int ins;
    int64_t e = ck_cptab_add_inline(m->t, key, len, 0, &ins);
    if (e < 0 || !ins) return e;
    if ((size_t)e >= m->wcap) {
        size_t nc = m->wcap ? m->wcap * 2 : 1024;
        int64_t *nw = (int64_t *)realloc(m->widx, nc * sizeof(int64_t));
        if (!nw) return -1;
        m->widx = nw; m->wcap = nc;
    }
    m->widx[e] = -1;
    if (len == 1 && m->c1[key[0]] == CK_ABSENT) m->c1[key[0]] = 0;
    return e;
}

// Inserts the proper prefixes of key. A one-unit prefix only needs to be marked present in the
// direct array (it enters the table when it becomes a word). 0 ok, -1 out of memory.
static int ck_rr_prefixes(ck_rr_model *m, const uint16_t *key, size_t len) {
    if (len > 1 && m->c1[key[0]] == CK_ABSENT) m->c1[key[0]] = 0;
    for (size_t l = 2; l < len; l++) if (ck_rr_insert(m, key, l) < 0) return -1;
    return 0;
}

static inline int64_t *ck_rr_count_ref(ck_rr_model *m, size_t e) {
    const ck_cpentry *en = &m->t->entries[e];
    if (en->len == 1) return &m->c1[m->t->arena[en->off]];
    return &m->t->slots[en->slot].count;
}

static void ck_rr_make_word(ck_rr_model *m, size_t e, int64_t vocab_index) {
    m->widx[e] = vocab_index;
    const ck_cpentry *en = &m->t->entries[e];
    if (en->len == 1) m->w1[m->t->arena[en->off]] = 1;
}

// MARK: - Prefetching

// The tables are larger than the caches and every look-up lands somewhere random, so the words
// ahead in the visit order are announced to the memory system early: their entry first, then
// (a few words later, once the entry is cached) their key, count slot and the home slots of their
// substrings. Hints only: nothing is read from the hinted addresses here.
static inline void ck_rr_prefetch_entry(const ck_rr_model *m, size_t e) {
    __builtin_prefetch(&m->t->entries[e]);
}

static inline void ck_rr_prefetch_key(const ck_rr_model *m, size_t e) {
    const ck_cpentry *en = &m->t->entries[e];
    __builtin_prefetch(m->t->arena + en->off);
    __builtin_prefetch(&m->t->slots[en->slot]);
}

static inline void ck_rr_prefetch_substrings(const ck_rr_model *m, size_t e) {
    const ck_cptab *t = m->t;
    const ck_cpentry *en = &t->entries[e];
    const uint16_t *k = t->arena + en->off;
    size_t len = en->len, budget = 24;
    for (size_t i = 0; i < len && budget; i++) {
        __builtin_prefetch(&m->c1[k[i]]);
        for (size_t l = 2; i + l <= len && l <= 8 && budget; l++, budget--) {
            size_t p = ck_cp_pos(ck_cp_sig(k + i, l), t->shift);
            __builtin_prefetch(&t->slots[p]);
            if (l > 4) __builtin_prefetch(&t->soff[p]);
        }
    }
}

// MARK: - Segmentation

// Maximum-probability path over the code points of w->key[0..<units], with the rules and rounding
// of ck_unigram_segment (start score 1, ties keep the first edge, null_score for an uncovered
// character). Fills w->ends / w->tslot and returns the token count.
static size_t ck_rr_segment(ck_rr_work *w, size_t units, const ck_rr_model *m, const uint8_t *max_len,
                            size_t maxw, double log_total, double null_score, const double *logs) {
    const uint16_t *k = w->key;
    const ck_cptab *t = m->t;
    size_t n = 0;
    for (size_t i = 0; i < units; i++) if (k[i] < 0xDC00 || k[i] > 0xDFFF) w->offs[n++] = i;
    w->offs[n] = units;
    if (n == 0) return 0;
    double *best = w->best;
    size_t *prev = w->prev, *offs = w->offs, *eslot = w->eslot;
    unsigned char *set = w->set;
    memset(set, 0, n + 1);
    best[0] = 1.0; set[0] = 1;
    for (size_t i = 0; i < n; i++) {
        size_t mw = maxw;
        uint32_t cp = k[offs[i]];
        if ((cp < 0xD800 || cp > 0xDBFF) && max_len[cp] < 255) mw = max_len[cp];
        for (size_t l = 1; l <= mw && i + l <= n; l++) {
            const uint16_t *key = k + offs[i];
            size_t kl = offs[i + l] - offs[i], p = SIZE_MAX;
            int64_t c;
            if (kl == 1) {
                c = m->c1[key[0]];
                if (c == CK_ABSENT) break;  // not even a prefix of a word: no longer word either
            } else {
                p = ck_cptab_probe(t, key, kl, ck_cp_sig(key, kl));
                if (!t->slots[p].sig) break;
                c = t->slots[p].count;
            }
            if (c <= 0) continue;
            double sc = best[i] + (ck_zlog_count(logs, c) - log_total);
            if (!set[i + l] || sc > best[i + l]) { best[i + l] = sc; prev[i + l] = i; set[i + l] = 1; eslot[i + l] = p; }
        }
        if (!set[i + 1]) { best[i + 1] = best[i] + null_score; prev[i + 1] = i; set[i + 1] = 1; eslot[i + 1] = SIZE_MAX; }
    }
    size_t nt = 0;
    for (size_t j = n; j > 0; j = prev[j]) nt++;
    size_t j = nt;
    for (size_t q = n; q > 0; q = prev[q]) { --j; w->ends[j] = offs[q]; w->tslot[j] = eslot[q]; }
    return nt;
}

// nlp-zero's combine_Aa123 over the tokens: after a token ending in an ASCII letter or digit, the
// following tokens made only of letters, digits and '.' are glued to it. A piece that is one token
// keeps its edge slot. Returns the piece count.
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
                if (all) { w->pend[np - 1] = end; w->pslot[np - 1] = SIZE_MAX; continue; }
                combine = 0;
            } else {
                combine = 1;
            }
        } else {
            combine = 0;
        }
        w->pstart[np] = s; w->pend[np] = end; w->pslot[np] = w->tslot[t]; np++;
    }
    return np;
}

// MARK: - Removal

// The vocabulary during a run: entries of the model in vocabulary order (new words appended).
typedef struct {
    ck_rr_model model;
    int borrowed;     // model.t belongs to the caller
    uint32_t *tidx;   // vocabulary index -> entry
    size_t nvocab, vcap;
} ck_rr_state;

static void ck_rr_state_free(ck_rr_state *st) {
    if (!st->borrowed) ck_cptab_free(st->model.t);
    free(st->model.widx); free(st->model.c1); free(st->model.w1); free(st->tidx);
    memset(st, 0, sizeof(*st));
}

static inline size_t ck_units_chars(const uint16_t *k, size_t n) {
    size_t c = 0;
    for (size_t q = 0; q < n; q++) c += k[q] < 0xDC00 || k[q] > 0xDFFF;
    return c;
}

// Appends entry e as vocabulary word number st->nvocab. 0 ok, -1 out of memory.
static int ck_rr_append_word(ck_rr_state *st, size_t e) {
    if (st->nvocab == st->vcap) {
        size_t nc = st->vcap ? st->vcap * 2 : 1024;
        uint32_t *nt = (uint32_t *)realloc(st->tidx, nc * sizeof(uint32_t));
        if (!nt) return -1;
        st->tidx = nt; st->vcap = nc;
    }
    ck_rr_make_word(&st->model, e, (int64_t)st->nvocab);
    st->tidx[st->nvocab++] = (uint32_t)e;
    return 0;
}

// The arrays of one run besides the model, indexed by vocabulary number of the starting words.
typedef struct {
    uint8_t *max_len;  // [65536] longest word (characters, capped at 255) per first BMP unit
    size_t *order;     // visit order
    int32_t *nch;      // characters of each word
    int64_t *cnt0;     // counts at the start
    double *logs;      // ck_zlog_count table
    int32_t maxn;      // most characters of a starting word
    size_t maxw;       // most characters of any word so far (grows with appended pieces)
} ck_rr_run;

static void ck_rr_run_free(ck_rr_run *r) {
    free(r->max_len); free(r->order); free(r->nch); free(r->cnt0); free(r->logs);
    memset(r, 0, sizeof(*r));
}

// Allocates the model (borrowing `table` when given, else a new table sized for the n0 words of
// koff) and the run arrays for at most `nmax` starting words. 0 ok, -1 out of memory.
static int ck_rr_setup(ck_rr_state *st, ck_rr_run *run, ck_cptab *table, const size_t *koff, size_t n0) {
    memset(st, 0, sizeof(*st));
    memset(run, 0, sizeof(*run));
    size_t nmax = table ? table->n : n0;
    if (table) {
        st->model.t = table;
        st->borrowed = 1;
    } else {
        // words plus their prefixes: guess that half of the prefixes are not words themselves
        st->model.t = ck_cptab_new(n0 + (koff[n0] > n0 ? (koff[n0] - n0) / 2 : 0));
    }
    st->model.c1 = (int64_t *)malloc(65536 * sizeof(int64_t));
    st->model.w1 = (uint8_t *)calloc(65536, 1);
    st->model.wcap = nmax > 1024 ? nmax : 1024;
    st->model.widx = (int64_t *)malloc(st->model.wcap * sizeof(int64_t));
    run->max_len = (uint8_t *)calloc(65536, 1);
    run->order = (size_t *)malloc((nmax + 1) * sizeof(size_t));
    run->nch = (int32_t *)malloc((nmax + 1) * sizeof(int32_t));
    run->cnt0 = (int64_t *)malloc((nmax + 1) * sizeof(int64_t));
    run->logs = (double *)malloc(CK_LOG_TABLE * sizeof(double));
    if (!st->model.t || !st->model.c1 || !st->model.w1 || !st->model.widx || !run->max_len || !run->order ||
        !run->nch || !run->cnt0 || !run->logs)
        return -1;
    ck_log_table_fill(run->logs);
    for (size_t c = 0; c < 65536; c++) st->model.c1[c] = CK_ABSENT;
    return 0;
}

// Records the longest word (count > 0) per first BMP unit, as ck_strtab_max_len_by_first.
static inline void ck_rr_note_length(uint8_t *max_len, const uint16_t *k, size_t units, size_t nchars) {
    if (units > 0 && (k[0] < 0xD800 || k[0] > 0xDFFF)) {
        uint8_t l8 = nchars > 255 ? 255 : (uint8_t)nchars;
        if (l8 > max_len[k[0]]) max_len[k[0]] = l8;
    }
}

// The starting words from the fragment table: the entries with log(c) - frag_log_total > log_min,
// in table order (the table becomes the model; its other entries get count 0, which makes them
// absent for the model), then their prefixes. Sets *candidates, *total_io and *log_total_io.
// 0 ok, -1 out of memory.
static int ck_rr_load_fragments(ck_rr_state *st, ck_rr_run *run, double frag_log_total, double log_min,
                                int64_t *candidates, int64_t *total_io, double *log_total_io) {
    ck_rr_model *model = &st->model;
    ck_cptab *t = model->t;
    size_t nmax = t->n;
    int64_t total = 0;
    size_t longest = 0;
    for (size_t e = 0; e < nmax; e++) {
        const ck_cpentry *en = &t->entries[e];
        if (e + 8 < nmax) __builtin_prefetch(&t->slots[t->entries[e + 8].slot]);
        int64_t *slot_count = &t->slots[en->slot].count;
        int64_t c = *slot_count;
        model->widx[e] = -1;
        int keep = ck_zlog_count(run->logs, c) - frag_log_total > log_min;
        if (!keep) c = 0;
        *slot_count = c;
        const uint16_t *k = t->arena + en->off;
        if (en->len == 1) { model->c1[k[0]] = c; *slot_count = 0; }
        if (!keep) continue;
        size_t v = st->nvocab;
        if (ck_rr_append_word(st, e) != 0) return -1;
        run->cnt0[v] = c;
        if (c > 0) total += c;
        run->nch[v] = (int32_t)ck_units_chars(k, en->len);
        if (run->nch[v] > run->maxn) run->maxn = run->nch[v];
        if (en->len > longest) longest = en->len;
        if (c > 0) ck_rr_note_length(run->max_len, k, en->len, (size_t)run->nch[v]);
    }
    size_t n0 = st->nvocab;
    *candidates = (int64_t)n0;
    *total_io = total;
    *log_total_io = ck_zlog((double)total);
    // Their prefixes (copied out: the arena moves when keys are added); room for about half of
    // them being new, and the home slots of a word a few steps ahead announced early.
    uint16_t *kbuf = (uint16_t *)malloc((longest + 1) * sizeof(uint16_t));
    if (!kbuf) return -1;
    size_t more = 0;
    for (size_t v = 0; v < n0; v++) { size_t l = t->entries[st->tidx[v]].len; more += l > 2 ? l - 2 : 0; }
    int status = ck_cptab_reserve(t, t->n + more / 2) != 0 ? -1 : 0;
    for (size_t v = 0; v < n0 && status == 0; v++) {
        if (v + 8 < n0) {
            const ck_cpentry *e8 = &t->entries[st->tidx[v + 8]];
            const uint16_t *k8 = t->arena + e8->off;
            for (size_t l = 2; l < e8->len && l <= 6; l++) __builtin_prefetch(&t->slots[ck_cp_pos(ck_cp_sig(k8, l), t->shift)]);
        }
        const ck_cpentry *en = &t->entries[st->tidx[v]];
        if (en->len < 3) { if (en->len == 2 && model->c1[t->arena[en->off]] == CK_ABSENT) model->c1[t->arena[en->off]] = 0; continue; }
        size_t len = en->len;
        memcpy(kbuf, t->arena + en->off, len * sizeof(uint16_t));
        if (ck_rr_prefixes(model, kbuf, len) != 0) status = -1;
    }
    free(kbuf);
    return status;
}

// The starting words keys[koff[i]..<koff[i+1]] (vocabulary order, counts cnt0_in) and their
// prefixes; the home slots of a word a few steps ahead are announced early.
// 0 ok, -1 out of memory, -2 for a repeated key.
static int ck_rr_load_words(ck_rr_state *st, ck_rr_run *run, const uint16_t *keys, const size_t *koff,
                            const int64_t *cnt0_in, size_t n0) {
    ck_rr_model *model = &st->model;
    ck_cptab *t = model->t;
    for (size_t i = 0; i < n0; i++) {
        if (i + 8 < n0) {
            const uint16_t *k8 = keys + koff[i + 8];
            size_t l8 = koff[i + 9] - koff[i + 8];
            for (size_t l = 2; l <= l8 && l <= 6; l++) __builtin_prefetch(&t->slots[ck_cp_pos(ck_cp_sig(k8, l), t->shift)]);
        }
        const uint16_t *k = keys + koff[i];
        size_t ul = koff[i + 1] - koff[i];
        run->cnt0[i] = cnt0_in[i];
        run->nch[i] = (int32_t)ck_units_chars(k, ul);
        if (run->nch[i] > run->maxn) run->maxn = run->nch[i];
        if (ck_rr_prefixes(model, k, ul) != 0) return -1;
        int64_t e = ck_rr_insert(model, k, ul);
        if (e < 0) return -1;
        if (model->widx[e] >= 0) return -2;
        if (ck_rr_append_word(st, (size_t)e) != 0) return -1;
        *ck_rr_count_ref(model, (size_t)e) = run->cnt0[i];
        if (run->cnt0[i] > 0) ck_rr_note_length(run->max_len, k, ul, (size_t)run->nch[i]);
    }
    return 0;
}

// Visit order of the n0 starting words: count > 0 and two or more characters, longest first, ties
// by index (a counting sort by length). Returns the number of words to visit, or SIZE_MAX when out
// of memory.
static size_t ck_rr_visit_order(ck_rr_run *run, size_t n0) {
    size_t *bucket = (size_t *)calloc((size_t)run->maxn + 2, sizeof(size_t));
    if (!bucket) return SIZE_MAX;
    const int32_t *nch = run->nch;
    const int64_t *cnt0 = run->cnt0;
    size_t nv = 0, pos = 0;
    for (size_t i = 0; i < n0; i++) if (nch[i] >= 2 && cnt0[i] > 0) bucket[nch[i]]++;
    for (int32_t l = run->maxn; l >= 2; l--) { size_t c = bucket[l]; bucket[l] = pos; pos += c; nv += c; }
    for (size_t i = 0; i < n0; i++) if (nch[i] >= 2 && cnt0[i] > 0) run->order[bucket[nch[i]]++] = i;
    free(bucket);
    return nv;
}

// Looks up the np pieces of a segmentation (w->kind, w->pslot) and subtracts each piece's
// log-probability from `pmi`, one piece at a time; returns the result.
static double ck_rr_score_pieces(const ck_rr_state *st, const ck_rr_run *run, ck_rr_work *w, size_t np, double pmi,
                                 double log_total) {
    const ck_rr_model *model = &st->model;
    const ck_cptab *t = model->t;
    for (size_t j = 0; j < np; j++) {
        const uint16_t *pk = w->key + w->pstart[j];
        size_t pl = w->pend[j] - w->pstart[j];
        int64_t c = 0;
        if (pl == 1) {
            w->kind[j] = model->w1[pk[0]];
            if (w->kind[j]) c = model->c1[pk[0]];
        } else {
            size_t p = w->pslot[j];
            if (p == SIZE_MAX) {
                p = ck_cptab_probe(t, pk, pl, ck_cp_sig(pk, pl));
                if (!t->slots[p].sig) p = SIZE_MAX;
            }
            w->kind[j] = 0;
            if (p != SIZE_MAX) {
                c = t->slots[p].count;  // > 0 only for words
                if (c > 0 || model->widx[t->sidx[p]] >= 0) { w->kind[j] = 2; w->pslot[j] = p; }
                else c = 0;
            }
        }
        pmi -= ck_zlog_count(run->logs, c) - log_total;
    }
    return pmi;
}

// Removes a word: its count `num` goes to each of its np pieces (pieces not yet in the vocabulary
// are appended); the model total and its log are refreshed after each piece, as nlp-zero does.
// 0 ok, -1 out of memory.
static int ck_rr_split_word(ck_rr_state *st, ck_rr_run *run, const ck_rr_work *w, size_t np, int64_t num,
                            int64_t *total, double *log_total) {
    ck_rr_model *model = &st->model;
    ck_cptab *t = model->t;
    size_t epoch = t->epoch;
    for (size_t j = 0; j < np; j++) {
        const uint16_t *pk = w->key + w->pstart[j];
        size_t pl = w->pend[j] - w->pstart[j];
        if (w->kind[j] == 1) {
            model->c1[pk[0]] += num;
        } else if (w->kind[j] == 2) {
            size_t p = t->epoch == epoch ? w->pslot[j] : ck_cptab_probe(t, pk, pl, ck_cp_sig(pk, pl));
            t->slots[p].count += num;
        } else {
            // Not in the vocabulary when looked up: append it (a repeated piece adds again).
            if (ck_rr_prefixes(model, pk, pl) != 0) return -1;
            int64_t e = ck_rr_insert(model, pk, pl);
            if (e < 0) return -1;
            if (model->widx[e] < 0 && ck_rr_append_word(st, (size_t)e) != 0) return -1;
            *ck_rr_count_ref(model, (size_t)e) += num;
            size_t nc = ck_units_chars(pk, pl);
            if (nc > run->maxw) run->maxw = nc;
            ck_rr_note_length(run->max_len, pk, pl, nc);
        }
        *total += num;
        *log_total = ck_zlog((double)*total);
    }
    return 0;
}

// The removal over the loaded model: each word in visit order is taken out of the model,
// segmented by the rest and split when log p(w) - sum log p(piece) < characters - 1.
// Returns the number of words removed or -1 when out of memory.
static int64_t ck_rr_remove_all(ck_rr_state *st, ck_rr_run *run, double null_score, int64_t *total_io,
                                double *log_total_io) {
    ck_rr_model *model = &st->model;
    ck_cptab *t = model->t;
    uint8_t *max_len = run->max_len;
    for (size_t c = 0; c < 65536; c++) if (!max_len[c]) max_len[c] = 1;
    run->maxw = (size_t)(run->maxn > 0 ? run->maxn : 1);
    size_t nv = ck_rr_visit_order(run, st->nvocab);
    if (nv == SIZE_MAX) return -1;
    ck_rr_work w;
    memset(&w, 0, sizeof(w));
    int64_t status = -1, removed = 0;
    int64_t total = *total_io;
    double log_total = *log_total_io;
    for (size_t o = 0; o < nv; o++) {
        if (o + 24 < nv) ck_rr_prefetch_entry(model, st->tidx[run->order[o + 24]]);
        if (o + 12 < nv) ck_rr_prefetch_key(model, st->tidx[run->order[o + 12]]);
        if (o + 5 < nv) ck_rr_prefetch_substrings(model, st->tidx[run->order[o + 5]]);
        size_t vi = run->order[o], wi = st->tidx[vi];
        const ck_cpentry *we = &t->entries[wi];
        size_t ul = we->len;
        if (ck_rr_reserve(&w, ul + 1) != 0) goto done;
        memcpy(w.key, t->arena + we->off, ul * sizeof(uint16_t));  // the arena may move
        int32_t len = run->nch[vi];
        int64_t *wc = ck_rr_count_ref(model, wi);
        int64_t num = *wc;
        double pmi = ck_zlog_count(run->logs, num) - log_total;
        *wc = 0;
        total -= num;
        size_t tokens = ck_rr_segment(&w, ul, model, max_len, run->maxw, log_total, null_score, run->logs);
        size_t np = ck_rr_combine(&w, tokens);
        pmi = ck_rr_score_pieces(st, run, &w, np, pmi, log_total);
        if (pmi < (double)(len - 1)) {
            if (ck_rr_split_word(st, run, &w, np, num, &total, &log_total) != 0) goto done;
            removed++;
        } else {
            *ck_rr_count_ref(model, wi) = num;
            total += num;
            log_total = ck_zlog((double)total);
        }
    }
    *total_io = total;
    *log_total_io = log_total;
    status = removed;
done:
    ck_rr_free(&w);
    return status;
}

// Builds the model and runs the removal. Either from the n0 words keys[koff[i]..<koff[i+1]]
// (vocabulary order, counts cnt0_in), or, when `table` is given, from the entries of that table
// with log(c) - frag_log_total > log_min (the table becomes the model and is changed; its other
// entries get count 0, which makes them absent for the model; *total_io and *log_total_io are then
// computed here and *candidates gets the vocabulary size). Returns the number of words removed,
// -1 out of memory, -2 for a repeated key. The caller frees `st` with ck_rr_state_free.
static int64_t ck_rr_core(ck_rr_state *st, ck_cptab *table, double frag_log_total, double log_min, int64_t *candidates,
                          const uint16_t *keys, const size_t *koff, const int64_t *cnt0_in, size_t n0,
                          double null_score, int64_t *total_io, double *log_total_io) {
    ck_rr_run run;
    int64_t status = ck_rr_setup(st, &run, table, koff, n0);
    if (status == 0)
        status = table ? ck_rr_load_fragments(st, &run, frag_log_total, log_min, candidates, total_io, log_total_io)
                       : ck_rr_load_words(st, &run, keys, koff, cnt0_in, n0);
    if (status == 0) status = ck_rr_remove_all(st, &run, null_score, total_io, log_total_io);
    ck_rr_run_free(&run);
    return status;
}

int64_t ck_redundancy_remove(ck_strtab *vocab, double null_score, int64_t *total_io, double *log_total_io) {
    size_t n0 = ck_strtab_size(vocab), total_bytes = 0;
    for (size_t i = 0; i < n0; i++) { size_t bl; (void)ck_strtab_key(vocab, i, &bl); total_bytes += bl; }
    uint16_t *keys = (uint16_t *)malloc((total_bytes + 1) * sizeof(uint16_t));
    size_t *koff = (size_t *)malloc((n0 + 1) * sizeof(size_t));
    int64_t *cnt0 = (int64_t *)malloc((n0 + 1) * sizeof(int64_t));
    char *utf8 = NULL;
    ck_rr_state st;
    memset(&st, 0, sizeof(st));
    int64_t status = -1;
    if (!keys || !koff || !cnt0) goto done;
    koff[0] = 0;
    for (size_t i = 0; i < n0; i++) {
        size_t bl;
        const char *kb = ck_strtab_key(vocab, i, &bl);
        koff[i + 1] = koff[i] + ck_utf8_to_utf16(kb, bl, keys + koff[i]);
        cnt0[i] = ck_strtab_count(vocab, i);
    }
    status = ck_rr_core(&st, NULL, 0, 0, NULL, keys, koff, cnt0, n0, null_score, total_io, log_total_io);
    if (status < 0) goto done;
    // New words go to the table in the order they appeared; then every count is written back.
    for (size_t v = n0; v < st.nvocab; v++) {
        size_t len;
        const uint16_t *k = ck_cptab_key(st.model.t, st.tidx[v], &len);
        char *nb = (char *)realloc(utf8, len * 3 + 4);
        if (!nb) { status = -1; goto done; }
        utf8 = nb;
        if (ck_strtab_add(vocab, utf8, ck_utf16_to_utf8(k, len, utf8), 0) != (int64_t)v) { status = -1; goto done; }
    }
    for (size_t v = 0; v < st.nvocab; v++) ck_strtab_set_count(vocab, v, *ck_rr_count_ref(&st.model, st.tidx[v]));
done:
    ck_rr_state_free(&st);
    free(keys); free(koff); free(cnt0); free(utf8);
    return status;
}

// MARK: - Discovery result

struct ck_wordlist {
    char *bytes;
    size_t *offs;     // word i is bytes[offs[i]..<offs[i+1]]
    int64_t *counts;
    size_t n;
};

typedef struct { int64_t count; uint32_t index; } ck_rank;

// Stable LSD radix sort of rank[0..<n] (in index order) by count, descending, 16 bits a pass:
// ties keep index order. Counts are positive. 0 ok, -1 out of memory.
static int ck_rank_sort(ck_rank **rank, size_t n) {
    int64_t maxc = 0;
    for (size_t i = 0; i < n; i++) if ((*rank)[i].count > maxc) maxc = (*rank)[i].count;
    ck_rank *tmp = (ck_rank *)malloc((n + 1) * sizeof(ck_rank));
    size_t *hist = (size_t *)malloc(65536 * sizeof(size_t));
    if (!tmp || !hist) { free(tmp); free(hist); return -1; }
    ck_rank *a = *rank, *b = tmp;
    for (int shift = 0; shift < 64 && (maxc >> shift) != 0; shift += 16) {
        memset(hist, 0, 65536 * sizeof(size_t));
        for (size_t i = 0; i < n; i++) hist[0xFFFF - (((uint64_t)a[i].count >> shift) & 0xFFFF)]++;
        size_t pos = 0;
        for (size_t d = 0; d < 65536; d++) { size_t c = hist[d]; hist[d] = pos; pos += c; }
        for (size_t i = 0; i < n; i++) b[hist[0xFFFF - (((uint64_t)a[i].count >> shift) & 0xFFFF)]++] = a[i];
        ck_rank *t = a; a = b; b = t;
    }
    free(hist);
    free(b);  // the buffer not holding the result
    *rank = a;
    return 0;
}

int64_t ck_discover_words(ck_cptab *frags, double log_total, double log_min, double null_score,
                          ck_wordlist **out, int64_t *candidates) {
    *out = NULL;
    ck_rank *rank = NULL;
    ck_wordlist *wl = NULL;
    ck_rr_state st;
    int64_t total = 0;
    double log_total_model = 0;
    int64_t status = ck_rr_core(&st, frags, log_total, log_min, candidates, NULL, NULL, NULL, 0, null_score,
                                &total, &log_total_model);
    if (status < 0) goto done;

    // Words with count > 0 by count (descending), ties by vocabulary order.
    rank = (ck_rank *)malloc((st.nvocab + 1) * sizeof(ck_rank));
    wl = (ck_wordlist *)calloc(1, sizeof(ck_wordlist));
    if (!rank || !wl) { status = -1; goto done; }
    size_t nr = 0, bytes = 0;
    for (size_t v = 0; v < st.nvocab; v++) {
        int64_t c = *ck_rr_count_ref(&st.model, st.tidx[v]);
        if (c <= 0) continue;
        rank[nr].count = c; rank[nr].index = (uint32_t)v; nr++;
        bytes += st.model.t->entries[st.tidx[v]].len * 3;
    }
    if (ck_rank_sort(&rank, nr) != 0) { status = -1; goto done; }
    wl->bytes = (char *)malloc(bytes + 1);
    wl->offs = (size_t *)malloc((nr + 1) * sizeof(size_t));
    wl->counts = (int64_t *)malloc((nr + 1) * sizeof(int64_t));
    if (!wl->bytes || !wl->offs || !wl->counts) { status = -1; goto done; }
    wl->offs[0] = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t len;
        const uint16_t *k = ck_cptab_key(st.model.t, st.tidx[rank[r].index], &len);
        wl->offs[r + 1] = wl->offs[r] + ck_utf16_to_utf8(k, len, wl->bytes + wl->offs[r]);
        wl->counts[r] = rank[r].count;
    }
    wl->n = nr;
    *out = wl;
    wl = NULL;
done:
    ck_wordlist_free(wl);
    ck_rr_state_free(&st);
    free(rank);
    return status;
}

size_t ck_wordlist_size(const ck_wordlist *wl) { return wl->n; }
const char *ck_wordlist_word(const ck_wordlist *wl, size_t i, size_t *len) {
    *len = wl->offs[i + 1] - wl->offs[i];
    return wl->bytes + wl->offs[i];
}
int64_t ck_wordlist_count(const ck_wordlist *wl, size_t i) { return wl->counts[i]; }
void ck_wordlist_free(ck_wordlist *wl) {
    if (!wl) return;
    free(wl->bytes); free(wl->offs); free(wl->counts); free(wl);
}
