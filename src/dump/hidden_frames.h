// Names the runtime frames a debug=1 profile leaves out, from a debug=0
// profile of the same binary read in the same run.
//
// debug=1 text prints no runtime frames at the top of a stack, so a
// goroutine parked in a channel receive shows only its own frames and the
// wait cannot be told from them. Its "@" line still holds the PCs of those
// frames, and a debug=0 profile names every PC of every stack it saw: where
// the same binary wrote both, a hidden PC is found there as a location
// address (the call's PC, one less than the return PC on the "@" line).
//
// Same binary: a debug=0 profile is used for a debug=1 snapshot only when
// the PCs both print for the frames debug=1 shows name the same functions
// in it (at least one, and none other); otherwise it is another build and
// a warning says so. A record is read through it only when every hidden PC
// is found; it then gets the whole stack (hidden frames first), so the
// classifier sees runtime.chanrecv1 or runtime.selectgo as it does in a
// debug=0 profile, and bucket ids are unchanged (hidden frames are dropped
// before fingerprinting). The others keep their printed frames.
#pragma once

#include <cstddef>
#include <vector>

#include "model/snapshot.h"

namespace gopit {

// Rewrites the stacks of the debug=1 records of `read` that a debug=0
// snapshot of `read` names, and adds a warning per debug=0 profile that is
// not of a debug=1 profile's binary. Returns, ascending, the indices of the
// debug=0 snapshots that named at least one record. Time linear in records
// and hidden PCs.
std::vector<size_t> ResolveHiddenFrames(ReadResult& read);

}  // namespace gopit
