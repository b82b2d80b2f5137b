#include "render/stacks_text.h"

#include <algorithm>
#include <array>
#include <map>

#include "render/paths.h"

namespace gopit {

std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<size_t>(i), ",");
  return s;
}

namespace {

// Pads to the column; a name longer than the column keeps two spaces
// before the file, so the two never run together.
std::string Pad(std::string s, size_t width) {
  s.append(s.size() + 2 <= width ? width - s.size() : 2, ' ');
  return s;
}

}  // namespace

std::string BucketStateText(const Symbols& sym, const Bucket& b) {
  std::string s(sym.Str(b.state));
  if (s.empty()) s = CategoryName(b.category);
  if (b.wait.max >= 0) {
    s += ", ";
    s += b.wait.min == b.wait.max ? std::to_string(b.wait.max)
                                  : std::to_string(b.wait.min) + "-" + std::to_string(b.wait.max);
    s += b.wait.max == 1 ? " minute" : " minutes";
  }
  if (b.locked_to_thread) {
    s += b.locked_to_thread == b.count ? ", locked to thread"
                                       : ", " + Thousands(b.locked_to_thread) + " locked to thread";
  }
  return s;
}

namespace {

std::string Where(const Symbols& sym, const Frame& f) {
  if (f.file == kNoStr) return "?";
  return ShortPath(sym.Str(f.file)) + ":" + std::to_string(f.line);
}

std::string ColorState(const Style& st, Category c, const std::string& text) {
  switch (c) {
    case Category::kChannel:
    case Category::kSelect:
    case Category::kLock:
    case Category::kWaitGroup:
    case Category::kCond:
      return st.Yellow(text);
    case Category::kRunning:
      return st.Green(text);
    default:
      return st.Cyan(text);
  }
}

void RenderBucket(const Symbols& sym, const Bucket& b, size_t count_width, const TextOptions& o,
                  const Style& st, std::ostream& out) {
  std::string count = Thousands(b.count);
  out << std::string(count_width > count.size() ? count_width - count.size() : 0, ' ')
      << st.Bold(count) << "  " << ColorState(st, b.category, BucketStateText(sym, b));
  if (b.states.size() > 1) {
    // Merged states (a few goroutines of the site in another wait): all of them.
    std::string all;
    for (const auto& [state, n] : b.states)
      all += (all.empty() ? "" : " · ") + std::string(sym.Str(state)) + " " + Thousands(n);
    out << st.Dim("  (" + all + ")");
  }
  if (b.leaked) out << "  " << st.Red(b.leaked == b.count ? "proven leaked" : "some proven leaked");
  out << "  " << st.Dim("#" + FingerprintHex(b.fingerprint)) << "\n";
  RenderBucketFrames(sym, b, count_width + 2, o, st, out);
}

}  // namespace

void RenderBucketFrames(const Symbols& sym, const Bucket& b, size_t indent_width,
                        const TextOptions& o, const Style& st, std::ostream& out) {
  std::string indent(indent_width, ' ');
  size_t width = 0;
  for (FrameId id : b.frames)
    width = std::max(width, sym.Str(sym.GetFrame(id).function).size());
  if (b.created_by != kNoFrame) {
    width = std::max(width, 11 + sym.Str(sym.GetFrame(b.created_by).function).size());
  }
  width = std::min<size_t>(width + 2, 64);
  // Recursion prints the same call many times: one line per run of frames
  // at the same function and line, with the run's length.
  size_t lines = 0, i = 0;
  while (i < b.frames.size() && (o.max_frames == 0 || lines < o.max_frames)) {
    const Frame& f = sym.GetFrame(b.frames[i]);
    size_t run = 1;
    while (i + run < b.frames.size() && f.args == kNoStr) {
      const Frame& g = sym.GetFrame(b.frames[i + run]);
      if (g.function != f.function || g.file != f.file || g.line != f.line) break;
      ++run;
    }
    std::string fn(sym.Str(f.function));
    if (f.args != kNoStr) fn += sym.Str(f.args);
    std::string padded = Pad(fn, width);
    out << indent << (IsStdlibFunction(fn) ? st.Dim(padded) : padded) << st.Dim(Where(sym, f))
        << (f.inlined && run == 1 ? st.Dim(" (inlined)") : "")
        << (run > 1 ? st.Dim(" (x" + std::to_string(run) + ")") : "") << "\n";
    i += run;
    ++lines;
  }
  if (i < b.frames.size()) {
    size_t more = b.frames.size() - i;
    out << indent
        << st.Dim("... " + std::to_string(more) + (more == 1 ? " more frame" : " more frames"))
        << "\n";
  }
  if (b.elided || b.elided_unknown) {
    out << indent
        << st.Dim(b.elided_unknown
                      ? "... frames elided by the runtime"
                      : "... " + std::to_string(b.elided) + (b.elided == 1 ? " frame" : " frames") +
                            " elided by the runtime")
        << "\n";
  }
  if (b.creators.size() > 1) {
    // A site started from several places: every one, with its share.
    for (const auto& [f, n] : b.creators) {
      const Frame& c = sym.GetFrame(f);
      std::string text = "created by " + std::string(sym.Str(c.function));
      out << indent << Pad(text, width) << st.Dim(Where(sym, c))
          << st.Dim("  (" + Thousands(n) + ")") << "\n";
    }
    if (b.more_creators) {
      out << indent << st.Dim("created by more places (" + Thousands(b.more_creators) + ")")
          << "\n";
    }
  } else if (b.created_by != kNoFrame) {
    const Frame& c = sym.GetFrame(b.created_by);
    std::string text = "created by " + std::string(sym.Str(c.function));
    out << indent << Pad(text, width) << st.Dim(Where(sym, c)) << "\n";
  }
  if (!b.labels.empty()) {
    out << indent << st.Dim("labels");
    for (StrId l : b.labels)
      out << " " << sym.Str(l);
    out << "\n";
  }
}

std::string GoroutineCount(uint64_t n) {
  return Thousands(n) + (n == 1 ? " goroutine" : " goroutines");
}

CrashInfo FindCrash(const StacksReport& report) {
  CrashInfo c;
  for (const Snapshot& s : report.read->snapshots) {
    if (!s.reason.starts_with("panic:") && !s.reason.starts_with("fatal error:")) continue;
    c.snapshot = &s;
    if (s.current_goroutine) c.bucket = BucketOfGoroutine(report.buckets, s.current_goroutine);
    return c;
  }
  return c;
}

// The crash first: the reason the process died and where.
static void RenderCrashText(const StacksReport& report, const TextOptions& o, const Style& st,
                            std::ostream& out) {
  CrashInfo c = FindCrash(report);
  if (!c.snapshot) return;
  out << "\n" << st.Red(st.Bold("crash")) << " " << st.Red(c.snapshot->reason.substr(0, 1000));
  if (c.snapshot->current_goroutine)
    out << st.Dim("  in goroutine " + std::to_string(c.snapshot->current_goroutine));
  out << "\n";
  if (c.bucket) {
    out << "  " << BucketStateText(*report.read->symbols, *c.bucket) << "  "
        << st.Dim("#" + FingerprintHex(c.bucket->fingerprint)) << "\n";
    RenderBucketFrames(*report.read->symbols, *c.bucket, 4, o, st, out);
  }
}

// The diagnoses first: they are what the reader came for.
void RenderDiagnosesText(bool diagnosed, const std::vector<Diagnosis>& diagnoses, const Style& st,
                         std::ostream& out) {
  if (!diagnosed) return;
  if (diagnoses.empty()) {
    out << "\n" << st.Green("no diagnosis: nothing here looks like a leak or a deadlock") << "\n";
    return;
  }
  constexpr size_t kShown = 10;
  out << "\n" << st.Bold("diagnoses") << st.Dim(" (most important first)") << "\n";
  for (size_t i = 0; i < diagnoses.size() && i < kShown; ++i) {
    const Diagnosis& d = diagnoses[i];
    std::string sev(SeverityName(d.severity));
    std::string tag = sev + " " + d.id + " " + d.slug;
    out << "  "
        << (d.severity == Severity::kError     ? st.Red(tag)
            : d.severity == Severity::kWarning ? st.Yellow(tag)
                                               : st.Cyan(tag))
        << ": " << d.message << "\n";
    if (d.location.line > 0) {
      out << "      " << st.Dim("at ") << d.location.file << ":" << d.location.line
          << st.Dim(" in " + d.location.function) << "\n";
    }
    if (d.created_by && d.created_by->line > 0) {
      out << "      " << st.Dim("started at ") << d.created_by->file << ":" << d.created_by->line
          << st.Dim(" in " + d.created_by->function) << "\n";
    }
  }
  if (diagnoses.size() > kShown) {
    out << st.Dim("  ... " + std::to_string(diagnoses.size() - kShown) +
                  " more (--format json lists all)")
        << "\n";
  }
}

void RenderStacksText(const StacksReport& report, const TextOptions& o, std::ostream& out) {
  const ReadResult& read = *report.read;
  const Symbols& sym = *read.symbols;
  Style st(o.color);
  const BucketReport& br = report.buckets;

  // Header: what was read.
  for (const Snapshot& s : read.snapshots) {
    out << st.Bold(s.input) << st.Dim("  " + std::string(InputFormatName(s.format)));
    if (s.first_line > 1) out << st.Dim(" from line " + std::to_string(s.first_line));
    if (s.leak_profile) out << "  " << st.Red("goroutine-leak profile");
    out << st.Dim("  " + GoroutineCount(s.TotalGoroutines()));
    if (!s.reason.empty()) out << "  " << st.Red(s.reason.substr(0, 120));
    if (s.current_goroutine)
      out << st.Dim("  (goroutine " + std::to_string(s.current_goroutine) + ")");
    out << "\n";
  }
  out << GoroutineCount(br.total - br.hidden) << " in " << Thousands(br.buckets.size())
      << (br.buckets.size() == 1 ? " bucket" : " buckets");
  if (br.hidden) {
    out << st.Dim(" (" + Thousands(br.hidden) +
                  (br.hidden == 1 ? " runtime goroutine" : " runtime goroutines") +
                  " hidden; --all shows them)");
  }
  out << "\n";

  // Totals per category, largest first.
  std::map<std::string, uint64_t> by_category;
  for (const Bucket& b : br.buckets)
    by_category[CategoryName(b.category)] += b.count;
  std::vector<std::pair<std::string, uint64_t>> cats(by_category.begin(), by_category.end());
  std::stable_sort(cats.begin(), cats.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (!cats.empty()) {
    out << st.Dim("by category:");
    for (size_t i = 0; i < cats.size(); ++i) {
      out << (i ? st.Dim(" ·") : "") << " " << cats[i].first << " " << Thousands(cats[i].second);
    }
    out << "\n";
    if (by_category.count(CategoryName(Category::kUnknown))) {
      out << st.Dim(std::string("unknown: ") + kUnknownWaitNote) << "\n";
    }
  }

  RenderCrashText(report, o, st, out);
  RenderDiagnosesText(report.diagnosed, report.diagnoses, st, out);

  size_t shown =
      o.max_buckets && br.buckets.size() > o.max_buckets ? o.max_buckets : br.buckets.size();
  size_t count_width = br.buckets.empty() ? 1 : Thousands(br.buckets[0].count).size();
  for (size_t i = 0; i < shown; ++i) {
    out << "\n";
    RenderBucket(sym, br.buckets[i], count_width, o, st, out);
  }
  if (shown < br.buckets.size()) {
    uint64_t rest = 0;
    for (size_t i = shown; i < br.buckets.size(); ++i)
      rest += br.buckets[i].count;
    out << "\n"
        << st.Dim("... " + Thousands(br.buckets.size() - shown) +
                  (br.buckets.size() - shown == 1 ? " more bucket with " : " more buckets with ") +
                  GoroutineCount(rest) + " (--limit 0 shows all)")
        << "\n";
  }

  if (!read.warnings.empty()) {
    out << "\n" << st.Yellow("warnings:") << "\n";
    size_t n = 0;
    for (const Warning& w : read.warnings) {
      if (++n > 20) {
        out << "  ... " << read.warnings.size() - 20 << " more (--format json lists all)\n";
        break;
      }
      out << "  " << w.input;
      if (w.line) out << ":" << w.line;
      out << ": " << w.message << "\n";
    }
  }
}

}  // namespace gopit
