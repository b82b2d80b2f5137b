#include "model/snapshot.h"

namespace gopit {

const char* InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kTraceback:
      return "traceback";
    case InputFormat::kDebug1:
      return "debug1";
    case InputFormat::kProfile:
      return "profile";
    case InputFormat::kUnknown:
      break;
  }
  return "unknown";
}

uint64_t Snapshot::TotalGoroutines() const {
  uint64_t n = 0;
  for (const auto& g : goroutines)
    n += g.count;
  return n;
}

}  // namespace gopit
