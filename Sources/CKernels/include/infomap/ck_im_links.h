// Link-list parsing and link merging for InfoMap network input.
#ifndef CK_IM_LINKS_H
#define CK_IM_LINKS_H
#include <stddef.h>
#include <stdint.h>

/// Number of lines of `text[0..<n]` (newline-terminated or not): an upper bound on its links.
int64_t ck_im_count_lines(const char *text, size_t n);

/// Error kinds of `ck_im_parse_links`.
enum { CK_IM_LINK_OK = 0, CK_IM_LINK_FIELDS = 1, CK_IM_LINK_ID = 2, CK_IM_LINK_WEIGHT = 3 };

/// Parses a link list `source target [weight]` (`#` starts a comment; blank lines skipped) into
/// caller-owned arrays of `cap` entries. Ids are non-negative decimal integers of at most 18
/// digits; a weight must be finite and non-negative. `text[n]` must be a NUL byte.
/// Returns the number of links, or -1 with `*err_line` (1-based) and `*err_kind` set at the first
/// bad line, or -2 when more than `cap` links are found. `*max_id` receives the largest id.
int64_t ck_im_parse_links(const char *text, size_t n, int64_t *src, int64_t *dst, double *w, int64_t cap,
                          int64_t *max_id, int64_t *err_line, int32_t *err_kind);

/// Merges `m` links between external ids in [0, id_cap) into dense nodes and unique links, both
/// in first-seen order (source before target). `node_of` has `id_cap` entries and must be filled
/// with -1; it receives each id's node index. `ids` (2m entries) receives the id of each node.
/// Undirected links are keyed (min, max) of the node indices; parallel links sum their weights.
/// `slots`/`slot_link` are scratch of `table_size` entries (a power of two >= 2m).
/// Outputs: `ls`, `lt`, `lw` (m entries each), `*num_nodes`, `*num_links`.
void ck_im_merge_links(const int64_t *src, const int64_t *dst, const double *w, int64_t m, int directed,
                       int32_t *node_of, int64_t id_cap, int64_t *ids, uint64_t *slots, int32_t *slot_link,
                       int64_t table_size, int32_t *ls, int32_t *lt, double *lw, int64_t *num_nodes, int64_t *num_links);
#endif
