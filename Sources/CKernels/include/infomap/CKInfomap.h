// Umbrella header of the Infomap family: link parsing and merging, PageRank flow, the two-level
// core loop of the map-equation optimiser and module aggregation (used by the InfoMap module).
//
// Memory: nothing here allocates. Networks (ck_im_net), search state (ck_im_state) and scratch
// (ck_im_work, the hash slots of ck_im_merge_links) are arrays owned by the Swift caller; the
// headers give each array's length.
#ifndef CK_INFOMAP_FAMILY_H
#define CK_INFOMAP_FAMILY_H
#include "ck_infomap.h"
#include "ck_im_links.h"
#endif
