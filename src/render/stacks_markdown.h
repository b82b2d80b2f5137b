// `gopit stacks --format markdown`: a report to paste into a GitHub issue or
// pull-request comment: a title line, the top diagnoses as a list, then the
// top buckets, each a <details> whose <summary> says count, state, function
// and file:line and whose body is the stack in a fenced code block.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/stacks_report.h"

namespace gopit {

struct MarkdownOptions {
  size_t max_diagnoses = 10;
  size_t max_buckets = 20;
  size_t max_frames = 12;  // per bucket; 0: all
};

// The options for `--limit` and `--frames`: at most 20 buckets, fewer when
// `limit` says so.
MarkdownOptions MarkdownOptionsFor(size_t limit, size_t frames);

void RenderStacksMarkdown(const StacksReport& report, const MarkdownOptions& opts,
                          std::ostream& out);

// Parts the diff report shares.
//
// Text for Markdown prose: the characters Markdown or HTML would read as
// markup (\ ` * _ [ ] < > # | ~) are backslash-escaped, & is &amp;, line
// breaks become spaces.
std::string MarkdownText(std::string_view s);
// Text inside an HTML element (a <summary>), where GitHub does not read
// Markdown but a renderer might: & < > " as entities and the Markdown
// specials as numeric references, so both read it as the plain text.
std::string MarkdownHtmlText(std::string_view s);
// A code span that holds `s` whatever backticks it contains.
std::string MarkdownCode(std::string_view s);
// A fenced code block of `body`, its fence longer than any backtick run in it.
std::string MarkdownFence(std::string_view body);
// At most `max` characters (UTF-8 aware), with "…" when cut.
std::string Shorten(std::string_view s, size_t max);

void WriteDiagnosesMarkdown(std::ostream& out, bool diagnosed,
                            const std::vector<Diagnosis>& diagnoses, size_t max);
// "<code>function</code> file.go:42 · #id": the innermost user frame, for a
// <summary>.
std::string BucketSummaryMarkdown(const Symbols& sym, const Bucket& b);
// The stack (and `created by`, labels) as a fenced block.
std::string BucketStackMarkdown(const Symbols& sym, const Bucket& b, size_t max_frames);

}  // namespace gopit
