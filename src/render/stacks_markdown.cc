#include "render/stacks_markdown.h"

#include <algorithm>
#include <sstream>

#include "render/html_util.h"
#include "render/paths.h"
#include "render/stacks_text.h"
#include "render/style.h"

namespace gopit {

MarkdownOptions MarkdownOptionsFor(size_t limit, size_t frames) {
  MarkdownOptions o;
  if (limit && limit < o.max_buckets) o.max_buckets = limit;
  o.max_frames = frames;
  return o;
}

std::string MarkdownText(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '#':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string MarkdownHtmlText(std::string_view s) {
  // HTML escaping (with its control-character and UTF-8 clean-up) for runs
  // of ordinary text; Markdown's own specials as numeric references, which
  // Markdown leaves alone inside HTML.
  std::string out;
  out.reserve(s.size() + 8);
  size_t run = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && std::string_view("\\`*_[]|~\n\r").find(s[i]) == std::string_view::npos) {
      continue;
    }
    AppendHtmlEscaped(out, s.substr(run, i - run));
    run = i + 1;
    if (i == s.size()) break;
    if (s[i] == '\n' || s[i] == '\r') {
      out += ' ';
    } else {
      out += "&#" + std::to_string(static_cast<int>(s[i])) + ";";
    }
  }
  return out;
}

namespace {

size_t LongestBacktickRun(std::string_view s) {
  size_t best = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

std::string Place(const std::string& file, int32_t line) {
  if (file.empty()) return "?";
  return ShortPath(file) + ":" + std::to_string(line);
}

}  // namespace

std::string MarkdownCode(std::string_view s) {
  std::string body(s);
  std::replace(body.begin(), body.end(), '\n', ' ');
  std::string ticks(LongestBacktickRun(body) + 1, '`');
  // A space on both sides when the content starts or ends with a backtick.
  bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return ticks + (pad ? " " : "") + body + (pad ? " " : "") + ticks;
}

std::string MarkdownFence(std::string_view body) {
  std::string fence(std::max<size_t>(3, LongestBacktickRun(body) + 1), '`');
  std::string out = fence + "\n";
  out += body;
  if (!body.empty() && body.back() != '\n') out += '\n';
  return out + fence + "\n";
}

std::string Shorten(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  // Do not cut a UTF-8 sequence in two.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string(s.substr(0, cut)) + "…";
}

void WriteDiagnosesMarkdown(std::ostream& out, bool diagnosed,
                            const std::vector<Diagnosis>& diagnoses, size_t max) {
  if (!diagnosed) return;
  if (diagnoses.empty()) {
    out << "No diagnosis: nothing here looks like a leak or a deadlock.\n\n";
    return;
  }
  out << "**Diagnoses** (most important first)\n\n";
  for (size_t i = 0; i < diagnoses.size() && i < max; ++i) {
    const Diagnosis& d = diagnoses[i];
    out << "- **" << SeverityName(d.severity) << "** " << MarkdownCode(d.id) << " "
        << MarkdownText(d.slug) << ": " << MarkdownText(Shorten(d.message, 400));
    if (d.location.line > 0) {
      out << "\\\n  at " << MarkdownCode(Place(d.location.file, d.location.line)) << " in "
          << MarkdownCode(Shorten(d.location.function, 120));
      if (d.created_by && d.created_by->line > 0) {
        out << ", started at " << MarkdownCode(Place(d.created_by->file, d.created_by->line));
      }
    }
    out << "\n";
  }
  if (diagnoses.size() > max) {
    out << "- … " << diagnoses.size() - max << " more (`--format json` lists all)\n";
  }
  out << "\n";
}

std::string BucketSummaryMarkdown(const Symbols& sym, const Bucket& b) {
  std::string s = MarkdownHtmlText(BucketStateText(sym, b));
  if (!b.frames.empty()) {
    CodeLocation loc = UserLocation(sym, b.frames);
    s += " <code>" + MarkdownHtmlText(Shorten(loc.function, 100)) + "</code> " +
         MarkdownHtmlText(Place(loc.file, loc.line));
  }
  if (b.leaked) s += b.leaked == b.count ? " · proven leaked" : " · some proven leaked";
  s += " · #" + FingerprintHex(b.fingerprint);
  return s;
}

std::string BucketStackMarkdown(const Symbols& sym, const Bucket& b, size_t max_frames) {
  TextOptions to;
  to.max_frames = max_frames;
  std::ostringstream frames;
  RenderBucketFrames(sym, b, 0, to, Style(false), frames);
  return MarkdownFence(frames.str());
}

void RenderStacksMarkdown(const StacksReport& report, const MarkdownOptions& o, std::ostream& out) {
  const ReadResult& read = *report.read;
  const Symbols& sym = *read.symbols;
  const BucketReport& br = report.buckets;

  out << "### gopit stacks: " << GoroutineCount(br.total - br.hidden) << " in "
      << Thousands(br.buckets.size()) << (br.buckets.size() == 1 ? " bucket" : " buckets");
  if (report.diagnosed) {
    out << ", " << report.diagnoses.size()
        << (report.diagnoses.size() == 1 ? " diagnosis" : " diagnoses");
  }
  out << "\n\n";
  for (const Snapshot& s : read.snapshots) {
    out << "- " << MarkdownCode(Shorten(s.input, 200)) << " " << InputFormatName(s.format) << ", "
        << GoroutineCount(s.TotalGoroutines());
    if (s.leak_profile) out << ", goroutine-leak profile";
    if (!s.reason.empty()) out << ", " << MarkdownCode(Shorten(s.reason, 120));
    out << "\n";
  }
  if (br.hidden) {
    out << "- " << Thousands(br.hidden)
        << (br.hidden == 1 ? " runtime goroutine" : " runtime goroutines")
        << " hidden (`--all` shows them)\n";
  }
  out << "\n";

  // The crash first: why the process died, and the goroutine that did.
  if (CrashInfo c = FindCrash(report); c.snapshot) {
    out << "**Crash**: " << MarkdownCode(Shorten(c.snapshot->reason, 1000));
    if (c.snapshot->current_goroutine) out << " in goroutine " << c.snapshot->current_goroutine;
    out << "\n\n";
    if (c.bucket) out << BucketStackMarkdown(sym, *c.bucket, o.max_frames) << "\n";
  }

  WriteDiagnosesMarkdown(out, report.diagnosed, report.diagnoses, o.max_diagnoses);

  size_t shown = std::min(br.buckets.size(), o.max_buckets);
  if (shown) {
    out << "**Buckets** (most goroutines first"
        << (shown < br.buckets.size() ? ", top " + std::to_string(shown) : std::string())
        << ")\n\n";
  }
  for (size_t i = 0; i < shown; ++i) {
    const Bucket& b = br.buckets[i];
    out << "<details><summary><b>" << Thousands(b.count) << "</b> " << BucketSummaryMarkdown(sym, b)
        << "</summary>\n\n"
        << BucketStackMarkdown(sym, b, o.max_frames) << "\n</details>\n";
  }
  if (shown < br.buckets.size()) {
    uint64_t rest = 0;
    for (size_t i = shown; i < br.buckets.size(); ++i)
      rest += br.buckets[i].count;
    out << "\n… " << Thousands(br.buckets.size() - shown)
        << (br.buckets.size() - shown == 1 ? " more bucket with " : " more buckets with ")
        << GoroutineCount(rest) << "\n";
  }
  out << "\n<sub>gopit " GOPIT_VERSION "</sub>\n";
}

}  // namespace gopit
