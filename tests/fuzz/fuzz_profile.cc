// libFuzzer target for the profile.proto parser. Raw bytes are parsed as a
// message; gzip input (the seeds in tests/data are the runtime's .pb.gz) is
// inflated first, up to a bound, so that mutations of real profiles reach the
// decoder with their structure mostly intact.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dump/profile_parser.h"

namespace {

constexpr size_t kMaxInflated = 4 << 20;

// Whatever inflates before an error or the bound; a corrupt stream still
// yields its good prefix, which is what a reader of a cut download sees.
std::string Inflate(std::string_view in) {
  std::string out;
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 15];
  int rc = Z_OK;
  while (rc == Z_OK && out.size() < kMaxInflated) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string inflated;
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    inflated = Inflate(bytes);
    bytes = inflated;
  }
  gopit::ReadResult out;
  gopit::ParseProfile(bytes, "fuzz", gopit::ParseOptions{}, out);
  if (out.snapshots.size() > 1) __builtin_trap();
  for (const gopit::Snapshot& s : out.snapshots) {
    for (const gopit::GoroutineRecord& g : s.goroutines) {
      if (g.stack >= out.symbols->StackCount() || g.count == 0) __builtin_trap();
      if (out.symbols->GetStack(g.stack).frames.size() > 4096) __builtin_trap();
    }
  }
  return 0;
}
