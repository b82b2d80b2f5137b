// `go test` output inside the wrappers CI systems put around each line: the
// GitHub Actions raw log's timestamp ("2024-05-01T10:00:00.1234567Z === RUN
// TestX"), its web-log copy with line numbers, journald, docker json-file,
// "> " quoting. The wrapper is learned from the first line that is go
// test's own (an event object, "=== RUN", "--- FAIL:", a package line, a
// timeout panic) with the dump reader's prefix rules (dump/wrapped_text.h),
// and undone before the readers of gotest/test_events.h see the text.
#pragma once

#include <string>
#include <string_view>

namespace gopit {

// True (with the unwrapped text in `out`) when `text` is wrapped; false,
// and `out` untouched, when it is plain go test output or unknown.
bool UnwrapTestLog(std::string_view text, std::string& out);

// Whether `line` (without its newline) is one go test itself prints to start
// or end a test or package: what a reader may trust to learn a wrapper from.
bool IsGoTestLine(std::string_view line);

}  // namespace gopit
