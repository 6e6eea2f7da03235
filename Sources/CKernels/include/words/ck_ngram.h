// Counting tables and character n-gram loops for new-word discovery (WordMining).
// Text is UTF-8 bytes; a "segment" is a maximal run of kept characters: CJK U+4E00..U+9FA5, accented Latin letters U+00C0..U+024F,
// ASCII digits and ASCII letters (nlp-zero's Word_Finder filter). Everything else separates.
#ifndef CK_NGRAM_H
#define CK_NGRAM_H
#include <stddef.h>
#include <stdint.h>

/// Insertion-ordered hash table from byte strings to int64 counts (open addressing, arena keys).
/// Entry indices are stable until ck_strtab_prune. Owned by the caller; free with ck_strtab_free.
typedef struct ck_strtab ck_strtab;

/// New empty table. Returns NULL when out of memory.
ck_strtab *ck_strtab_new(void);
/// Frees the table. NULL is accepted.
void ck_strtab_free(ck_strtab *t);
/// Adds `delta` to the count of `key[0..<len]`, inserting it (count 0 first) when absent.
/// Returns the entry index, or -1 when out of memory.
int64_t ck_strtab_add(ck_strtab *t, const char *key, size_t len, int64_t delta);
/// Index of `key`, or -1 when absent.
int64_t ck_strtab_find(const ck_strtab *t, const char *key, size_t len);
/// Makes room for `n` entries without re-indexing. 0 ok, -1 out of memory.
int ck_strtab_reserve(ck_strtab *t, size_t n);
/// Number of entries (including entries whose count was set to 0).
size_t ck_strtab_size(const ck_strtab *t);
/// Key bytes of entry `i` (not NUL-terminated); its byte length goes to `*len`.
const char *ck_strtab_key(const ck_strtab *t, size_t i, size_t *len);
/// Count of entry `i`.
int64_t ck_strtab_count(const ck_strtab *t, size_t i);
/// Sets the count of entry `i`.
void ck_strtab_set_count(ck_strtab *t, size_t i, int64_t count);
/// Number of UTF-8 code points in the key of entry `i`.
int32_t ck_strtab_nchars(const ck_strtab *t, size_t i);
/// Largest key length in code points over all entries ever inserted.
int32_t ck_strtab_max_nchars(const ck_strtab *t);
/// Removes entries whose count is < min_count and whose key has >= min_nchars code points, keeping
/// the order of the others. The removed counts are added to removed_mass[nchars] for keys with
/// nchars < mass_cap (removed_mass may be NULL). Returns 0, or -1 when out of memory.
int ck_strtab_prune(ck_strtab *t, int64_t min_count, int32_t min_nchars, int64_t *removed_mass, size_t mass_cap);
/// Approximate heap bytes held by the table.
size_t ck_strtab_bytes(const ck_strtab *t);

/// Byte offset of the first invalid UTF-8 sequence in s[0..<len] (overlongs, surrogates and
/// code points above U+10FFFF are invalid), or -1 when the whole buffer is valid.
int64_t ck_utf8_check(const char *s, size_t len);

/// Counts every n-gram of n = 1...max_n code points inside each segment of s[0..<len] into `tab`.
/// `s` must be valid UTF-8. Returns the number of characters counted, or -1 when out of memory.
int64_t ck_ngram_count(const char *s, size_t len, int max_n, ck_strtab *tab);

/// Maximum-probability segmentation of s[0..<len] (one piece of text, valid UTF-8) with the unigram
/// model of `vocab`: an entry with count c > 0 scores log(c) - log_total, a character not covered
/// scores null_score. Ties keep the first path found (edges visited by start, then end, ascending).
/// `max_len_by_first` (65536 entries, or NULL) bounds the word length tried at a position by its
/// first character (BMP code point; 0 = no word starts with it); it only saves lookups.
/// Writes the end byte offset of each token to `ends` (capacity: number of code points in s) and
/// returns the token count, or -1 when out of memory.
int64_t ck_unigram_segment(const char *s, size_t len, const ck_strtab *vocab, const uint8_t *max_len_by_first,
                           double log_total, double null_score, int64_t *ends);

/// Fills max_len[65536] with, for each BMP first character, the longest key (in characters, capped
/// at 255) of `vocab` with count > 0 that starts with it.
void ck_strtab_max_len_by_first(const ck_strtab *vocab, uint8_t *max_len);
#endif
