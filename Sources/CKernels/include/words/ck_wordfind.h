// Code-unit kernels for new-word discovery (WordMining.WordFinder): the corpus is turned once into
// a buffer of UTF-16 code units of its kept characters (CJK U+4E00..U+9FA5, accented Latin letters U+00C0..U+024F, ASCII digits and
// letters, all in the BMP), 0 after each segment; counting, cutting and redundancy removal then
// work on 16-bit units instead of UTF-8 bytes. Keys of up to four units are compared as one packed
// 64-bit word.
#ifndef CK_WORDFIND_H
#define CK_WORDFIND_H
#include <stddef.h>
#include <stdint.h>
#include "ck_ngram.h"

// MARK: - Memory

/// Zeroed memory for a large table or buffer: blocks of 1 MB or more are mapped directly and marked
/// for transparent huge pages (random probes then miss the TLB far less, and far fewer pages
/// fault); smaller ones come from calloc. NULL when out of memory. Free with ck_table_free and the
/// same byte count.
void *ck_table_alloc(size_t bytes);
void ck_table_free(void *p, size_t bytes);

// MARK: - Character pairs

/// Hash table from uint32 keys (never 0) to int64 counts, open addressing. Free with ck_u32tab_free.
typedef struct ck_u32tab ck_u32tab;
/// New empty table with room for about `expected` keys (0: a small default), or NULL.
ck_u32tab *ck_u32tab_new(size_t expected);
void ck_u32tab_free(ck_u32tab *t);
/// Adds `delta` to `key` (inserted when absent). 0 ok, -1 out of memory.
int ck_u32tab_add(ck_u32tab *t, uint32_t key, int64_t delta);
/// Count of `key`, 0 when absent.
int64_t ck_u32tab_get(const ck_u32tab *t, uint32_t key);
/// Number of keys; number of slots (iterate slots 0..<capacity with ck_u32tab_slot).
size_t ck_u32tab_size(const ck_u32tab *t);
size_t ck_u32tab_capacity(const ck_u32tab *t);
/// Sum of all counts.
int64_t ck_u32tab_total(const ck_u32tab *t);
/// Key and count of slot i; returns 0 for an empty slot.
int ck_u32tab_slot(const ck_u32tab *t, size_t i, uint32_t *key, int64_t *count);
/// Drops keys with count < min_count; adds their counts to *removed. 0 ok, -1 out of memory.
int ck_u32tab_prune(ck_u32tab *t, int64_t min_count, int64_t *removed);
size_t ck_u32tab_bytes(const ck_u32tab *t);

/// Set of uint32 keys (never 0), open addressing, keys only (4 bytes a slot). Free with ck_u32set_free.
typedef struct ck_u32set ck_u32set;
/// New empty set with room for about `expected` keys, or NULL.
ck_u32set *ck_u32set_new(size_t expected);
void ck_u32set_free(ck_u32set *s);
/// Inserts key. 0 ok, -1 out of memory.
int ck_u32set_add(ck_u32set *s, uint32_t key);
/// Whether key is in the set; number of keys.
int ck_u32set_contains(const ck_u32set *s, uint32_t key);
size_t ck_u32set_size(const ck_u32set *s);
size_t ck_u32set_bytes(const ck_u32set *s);

/// Adds every key of `pairs` with log p(ab) > log_min and PMI = log p(ab) - log p(a) - log p(b) >
/// min_pmi to `strong`, where log p(ab) = log n(ab) - log total_pairs and log p(c) =
/// log char_counts[c] - log total_chars (natural logs, log 0 = -100 as nlp-zero). Returns the
/// number added, or -1 when out of memory.
int64_t ck_strong_pairs(const ck_u32tab *pairs, const int64_t *char_counts, int64_t total_chars, int64_t total_pairs,
                        double log_min, double min_pmi, ck_u32set *strong);

// MARK: - Code units

/// Validates s[0..<len] as UTF-8 (as ck_utf8_check) and writes its kept characters to out as code
/// units, a 0 after every segment. `out` needs room for len + 1 units. Returns the number of units
/// written, or -1 when the line is not valid UTF-8 (then *bad gets the byte offset and nothing
/// written counts).
int64_t ck_cp_encode(const char *s, size_t len, uint16_t *out, int64_t *bad);

/// Counts the characters of units[0..<n] (ck_cp_encode output) into char_counts[65536] and adjacent
/// pairs inside segments into `pairs` under (first << 16) | second. Returns the number of
/// characters, or -1 when out of memory.
int64_t ck_cp_count_pairs(const uint16_t *units, size_t n, int64_t *char_counts, ck_u32tab *pairs);

/// Insertion-ordered hash table from strings of 16-bit code units (no unit is 0) to int64 counts.
/// Indices are stable until ck_cptab_prune. Free with ck_cptab_free.
typedef struct ck_cptab ck_cptab;
/// New empty table with room for about `expected` keys (0: a small default), or NULL.
ck_cptab *ck_cptab_new(size_t expected);
/// Frees the table; NULL is accepted.
void ck_cptab_free(ck_cptab *t);
/// Adds delta to key[0..<len] (inserted when absent). Returns its index, or -1 when out of memory.
int64_t ck_cptab_add(ck_cptab *t, const uint16_t *key, size_t len, int64_t delta);
/// Index of key[0..<len], or -1.
int64_t ck_cptab_find(const ck_cptab *t, const uint16_t *key, size_t len);
/// Number of entries; count of entry i; its key (units) and length in units.
size_t ck_cptab_size(const ck_cptab *t);
int64_t ck_cptab_count(const ck_cptab *t, size_t i);
const uint16_t *ck_cptab_key(const ck_cptab *t, size_t i, size_t *len);
/// Drops entries with count < min_count, keeping the order of the others. 0 ok, -1 out of memory.
int ck_cptab_prune(ck_cptab *t, int64_t min_count);
/// Approximate heap bytes held.
size_t ck_cptab_bytes(const ck_cptab *t);

/// Cuts each segment of units[0..<n] between adjacent characters whose pair key is not in `strong`
/// and adds every fragment to `out` (+1). Returns the number of fragments, or -1 when
/// out of memory.
int64_t ck_cp_cut(const uint16_t *units, size_t n, const ck_u32set *strong, ck_cptab *out);


/// nlp-zero's redundancy removal over `vocab` in place (see WordMining.RedundancyRemover): words
/// with count > 0 and at least two characters, longest first (ties by index), are taken out of the
/// unigram model, segmented by the rest (null score `null_score`, combine_Aa123 on) and removed when
/// log p(w) - sum log p(piece) < nchars - 1, their count going to each piece (pieces not yet in the
/// vocabulary are appended). *total and *log_total are the model total and the cached log-total
/// (refreshed when a count is added, not when a word is taken out, as nlp-zero does); the caller
/// sets them first (total = sum of positive counts, log_total = its log) and gets them back.
/// Returns the number of words removed, -1 when out of memory, or -2 when two keys of `vocab` have
/// the same code points (invalid UTF-8).
int64_t ck_redundancy_remove(ck_strtab *vocab, double null_score, int64_t *total, double *log_total);

/// Words found by ck_discover_words, UTF-8, sorted by count (descending; ties in vocabulary order).
typedef struct ck_wordlist ck_wordlist;
size_t ck_wordlist_size(const ck_wordlist *wl);
/// Bytes of word i (not NUL-terminated); its byte length goes to *len.
const char *ck_wordlist_word(const ck_wordlist *wl, size_t i, size_t *len);
int64_t ck_wordlist_count(const ck_wordlist *wl, size_t i);
/// NULL is accepted.
void ck_wordlist_free(ck_wordlist *wl);

/// The last steps of Word_Finder on the fragment table: keeps the fragments with
/// log(c) - log_total > log_min (log 0 = -100), in table order, as the vocabulary (their number goes
/// to *candidates), runs the redundancy removal of ck_redundancy_remove on it (model total = sum of
/// the kept counts) and returns in *out the words with count > 0 (free with ck_wordlist_free).
/// `frags` serves as the model's table and is left changed (counts and keys); free it afterwards.
/// Returns the number of words removed, or -1 when out of memory.
int64_t ck_discover_words(ck_cptab *frags, double log_total, double log_min, double null_score,
                          ck_wordlist **out, int64_t *candidates);
#endif
