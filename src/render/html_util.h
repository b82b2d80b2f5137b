// What the HTML reports of `gopit stacks` and `gopit diff` share: escaping,
// the page frame (inline CSS and JS, nothing fetched at view time), the
// diagnoses section, the filter controls and the parts of a bucket.
//
// A page is made of buckets, never of goroutines: a dump of a million
// goroutines gives a page of a few hundred kilobytes. Each bucket is a
// <details class="bucket"> carrying data-cat (its category) and data-search
// (lower-cased functions, files, state, category and id) that the page's
// script filters on; `#filter=TEXT&cat=CATEGORY` in the URL (or the same as
// a query string) is applied on load, and the script keeps the fragment in
// step with the filter box so a filtered view can be shared as a link.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "model/snapshot.h"

namespace gopit {

struct HtmlOptions {
  size_t max_buckets = 40;  // 0: all
  size_t max_ids = 20;      // goroutine ids listed per bucket, then "and N more"
};

// Text for HTML content and attribute values: & < > " ' become references,
// invalid UTF-8 and control characters (but tab and newline) become U+FFFD.
std::string HtmlEscape(std::string_view s);
void AppendHtmlEscaped(std::string& out, std::string_view s);

// "<!DOCTYPE html>" up to and including "<body>", with the generator meta
// tag, the title and the style sheet.
void WriteHtmlHead(std::ostream& out, std::string_view title);
// The script and "</body></html>".
void WriteHtmlFoot(std::ostream& out);

// Diagnoses, most important first: severity badge, id, message, location
// and `created by`; links to the buckets in `rendered` (by fingerprint).
void WriteDiagnosesHtml(std::ostream& out, bool diagnosed, const std::vector<Diagnosis>& diagnoses,
                        const std::unordered_set<uint64_t>& rendered);

// Categories present with their goroutine counts, largest first.
std::vector<std::pair<std::string, uint64_t>> CategoryTotals(const std::vector<const Bucket*>& bs);

// The search box, the category chips and the "N of M buckets" counter.
void WriteFilterControls(std::ostream& out,
                         const std::vector<std::pair<std::string, uint64_t>>& categories,
                         size_t buckets);

// `<details class="bucket" ...>` with its id and filter attributes (the
// caller writes the <summary>, then WriteBucketBody, then </details>).
void WriteBucketOpen(std::ostream& out, const Symbols& sym, const Bucket& b, bool open);
// The bucket's state ("chan send, 3-12 minutes"), the innermost user frame
// and its short place, as summary spans.
void WriteBucketHeadline(std::ostream& out, const Symbols& sym, const Bucket& b);
// Its full stack (function, short path:line with the full path as title,
// standard-library frames dimmed), `created by`, labels and at most
// opts.max_ids goroutine ids.
void WriteBucketBody(std::ostream& out, const Symbols& sym, const Bucket& b,
                     const HtmlOptions& opts);
// "goroutines 1, 2, 3 … and N more" (nothing when `ids` is empty).
void WriteIdList(std::ostream& out, std::string_view label, const std::vector<uint64_t>& ids,
                 size_t max);

void WriteWarningsHtml(std::ostream& out, const std::vector<Warning>& warnings);

// The lower-cased text the filter box matches against.
std::string BucketSearchText(const Symbols& sym, const Bucket& b);

}  // namespace gopit
