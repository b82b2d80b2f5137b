// Output formats that must be valid UTF-8 whatever the input holds (HTML
// pages, Prometheus text): a function name or path read from a dump can be
// any bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gopit {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// The length (2 to 4) of the well-formed multi-byte UTF-8 sequence that
// starts at s[i], or 0 when none does (a stray continuation byte, an
// overlong form, a surrogate, a code point above U+10FFFF, a cut sequence).
size_t WellFormedUtf8Length(std::string_view s, size_t i);

// Appends `s` to `out`: each ASCII byte as `ascii(c, out)` writes it,
// well-formed multi-byte sequences as they are, and every other byte as one
// U+FFFD.
template <typename Ascii>  // void(char c, std::string& out)
void AppendUtf8Sanitized(std::string& out, std::string_view s, Ascii&& ascii) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ascii(s[i], out);
      ++i;
    } else if (size_t len = WellFormedUtf8Length(s, i)) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += kReplacementChar;
      ++i;
    }
  }
}

// Appends `s` as the text of an HTML or XML element or attribute value:
// & < > " ' become references, malformed UTF-8 and the control characters
// neither can carry (all below 0x20 but tab and newline, and DEL) U+FFFD.
// XML keeps carriage returns (`keep_cr`); HTML text has no use for them.
void AppendMarkupEscaped(std::string& out, std::string_view s, bool keep_cr);

}  // namespace gopit
