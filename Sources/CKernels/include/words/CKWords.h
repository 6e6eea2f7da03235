// Umbrella header of the words family: counting tables, n-gram and code-unit loops for new-word
// discovery, redundancy removal, unigram segmentation and word2vec training (used by WordMining).
//
// Memory: the tables are C objects that own their memory; each `new` has one `free`, and the
// Swift wrapper that calls `new` calls `free` in its deinit:
//   ck_strtab_new   / ck_strtab_free      byte-string -> count table (ck_ngram.h)
//   ck_u32tab_new   / ck_u32tab_free      packed-pair -> count table (ck_wordfind.h)
//   ck_u32set_new   / ck_u32set_free      set of packed pairs        (ck_wordfind.h)
//   ck_cptab_new    / ck_cptab_free       code-unit string -> count  (ck_wordfind.h)
//   ck_discover_words (*out) / ck_wordlist_free   the discovered words (ck_wordfind.h)
//   ck_table_alloc  / ck_table_free       large zeroed buffers (same byte count to free)
// Table growth and ck_redundancy_remove / ck_discover_words allocate internally and free before
// returning (out of memory is reported as -1). ck_w2v_train allocates one scratch block per call
// (freed before it returns) and otherwise writes only to the caller's arrays.
#ifndef CK_WORDS_H
#define CK_WORDS_H
#include "ck_ngram.h"
#include "ck_wordfind.h"
#include "ck_word2vec.h"
#endif
