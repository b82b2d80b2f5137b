#include "render/scan_text.h"

#include <string>
#include <string_view>

namespace gopit {
namespace {

std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<size_t>(i), ",");
  return s;
}

// "1 error", "2 errors"; `plural` defaults to noun + "s".
std::string Count(uint64_t n, std::string_view noun, std::string_view plural = {}) {
  std::string s = Thousands(n) + " ";
  if (n == 1) {
    s += noun;
  } else if (!plural.empty()) {
    s += plural;
  } else {
    s += noun;
    s += 's';
  }
  return s;
}

// One line stays one line: line breaks and tabs become spaces, other control
// characters (an escape sequence in a quoted string literal, say) become '?'
// so they cannot move the cursor or recolour the terminal.
std::string OneLine(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      r.push_back(' ');
    } else if (u < 0x20 || u == 0x7f) {
      r.push_back('?');
    } else {
      r.push_back(c);
    }
  }
  return r;
}

// "file:line:col", "file:line" or "file", leaving out what is unknown (0).
std::string Position(std::string_view file, int32_t line, int32_t column) {
  std::string s = OneLine(file);
  if (line > 0) {
    s += ':';
    s += std::to_string(line);
    if (column > 0) {
      s += ':';
      s += std::to_string(column);
    }
  }
  return s;
}

std::string BySeverity(const Style& st, Severity sev, std::string_view text) {
  switch (sev) {
    case Severity::kError:
      return st.Red(text);
    case Severity::kWarning:
      return st.Yellow(text);
    case Severity::kInfo:
      return st.Cyan(text);
  }
  return std::string(text);
}

}  // namespace

void WriteScanText(const ScanReport& r, const Style& st, std::ostream& out) {
  uint64_t errors = 0, warnings = 0, infos = 0;
  std::string line;
  for (const Finding& f : r.findings) {
    switch (f.severity) {
      case Severity::kError:
        ++errors;
        break;
      case Severity::kWarning:
        ++warnings;
        break;
      case Severity::kInfo:
        ++infos;
        break;
    }
    line.clear();
    line += st.Bold(Position(f.file, f.line, f.column));
    line += ": ";
    std::string id = OneLine(f.rule);
    if (!f.slug.empty()) {
      id += ' ';
      id += OneLine(f.slug);
    }
    line += BySeverity(st, f.severity, id);
    line += ": ";
    line += OneLine(f.message);
    line += '\n';
    for (const RelatedLocation& rel : f.related) {
      line += "    ";
      line += st.Dim(Position(rel.file.empty() ? f.file : rel.file, rel.line, 0) + ":");
      if (!rel.message.empty()) {
        line += ' ';
        line += OneLine(rel.message);
      }
      line += '\n';
    }
    out << line;
  }

  if (!r.findings.empty()) out << "\n";
  for (const std::string& e : r.errors)
    out << st.Red("error:") << " " << OneLine(e) << "\n";

  // The summary: what was found, where, and what was left out.
  std::string s = Count(r.findings.size(), "finding");
  if (!r.findings.empty()) {
    std::string parts;
    auto part = [&](uint64_t n, Severity sev, std::string_view noun) {
      if (n == 0) return;
      if (!parts.empty()) parts += ", ";
      parts += BySeverity(st, sev, Count(n, noun));
    };
    part(errors, Severity::kError, "error");
    part(warnings, Severity::kWarning, "warning");
    part(infos, Severity::kInfo, "info");
    s += " (" + parts + ")";
  }
  s += " in " + Count(r.files_scanned, "file");
  if (r.suppressed) s += "; " + Thousands(r.suppressed) + " suppressed";
  if (r.baselined) s += "; " + Thousands(r.baselined) + " in baseline";
  if (r.generated_skipped)
    s += "; " + Count(r.generated_skipped, "generated file") + " skipped (--include-generated)";
  if (!r.errors.empty()) s += "; " + st.Red(Count(r.errors.size(), "I/O error"));
  out << s << "\n";
}

}  // namespace gopit
