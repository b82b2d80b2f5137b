// Dumps inside the wrappers users' tooling puts around them, undone before
// parsing: a GitHub Actions web-log copy ("618283 2021-09-15T07:40:15.1455272Z
// goroutine 1 [running]:"), journald / syslog lines ("Dec 07 10:00:00 host
// app[123]: ..."), "> " quoting of a mail or issue reply, and docker's
// json-file log ({"log":"goroutine 1 [running]:\n","stream":"stderr",...}).
//
// The wrapper is recognised from the first dump line of the input (a
// goroutine header or a "goroutine profile: total N" line): what precedes it
// on that line. Inputs without one of these wrappers are left alone, so the
// common case costs one scan of the first 64 KiB. Prefixes the traceback
// parser strips itself (a timestamp, `kubectl logs --prefix`) are not
// wrappers here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gopit {

// How an input is wrapped, learned from its first dump line.
struct TextWrapper {
  enum Kind {
    kNone,
    kLinePrefix,  // per-line prefixes that change from line to line (layers)
    kDockerJson,  // one JSON object per line, the text in "log"
    kEscaped,     // the dump inside one quoted log field: msg="...\ngoroutine 1 [running]:\n..."
    // Lines in reverse order, newest first, as log viewers (Kibana, cloud
    // consoles) show and copy them: a goroutine's frames come before its
    // header, and the dump reason after it.
    kReversed,
  };
  Kind kind = kNone;
  uint8_t layers[4] = {};  // the prefixes, outermost first (internal kinds)
  int depth = 0;
  bool Wrapped() const { return kind != kNone; }
};

// Looks at the first dump line within the first 64 KiB of `text`. A header
// that follows a function line (its goroutine's top frame) with a file line
// before that, and is followed by no function line, was pasted newest first.
TextWrapper DetectWrapper(std::string_view text);

// The wrapper whose per-line prefix is `prefix`: what precedes the first
// line a caller recognised as its own (a `go test` line, say). Unlike
// DetectWrapper, a bare timestamp or kubectl prefix is a wrapper here, for
// readers that do not strip those themselves; a docker json-file line
// (`{"log":"`) is one too. kNone when `prefix` is not made of known ones.
TextWrapper WrapperOfPrefix(std::string_view prefix);

// `line` without any leading web-log line number and timestamp, journald or
// syslog prefix, kubectl prefix or quote markers; unchanged when it has none.
std::string_view StripWrapperPrefix(std::string_view line);

// The text inside the wrapper. For line prefixes, every input line gives one
// output line (so line numbers stay those of the input); a line without the
// prefixes is kept as it is. For docker logs, each object's "log" string is
// decoded (JSON escapes included); a line that is not such an object is kept
// as it is, so the parser reports it with its line number. Reversed text
// comes back with its lines in the opposite order (line N of the output is
// line N from the end of the input).
std::string Unwrap(std::string_view text, const TextWrapper& wrapper);

}  // namespace gopit
