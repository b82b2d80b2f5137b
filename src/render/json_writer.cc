#include "render/json_writer.h"

#include <charconv>
#include <cmath>

namespace gopit {

void JsonWriter::Escape(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else if (c >= 0x80) {
          // Pass valid UTF-8 through; replace bytes that are not (dumps may
          // hold anything) so the output is always valid JSON.
          size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
          bool ok = len > 0 && c < 0xf5 && i + len <= s.size();
          for (size_t k = 1; ok && k < len; ++k) {
            ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
          }
          if (ok) {
            out.append(s.substr(i, len));
            i += len - 1;
          } else {
            out += "\\ufffd";
          }
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void JsonWriter::Newline() {
  if (!pretty_) return;
  out_.put('\n');
  for (size_t i = 0; i < has_element_.size(); ++i)
    out_.write("  ", 2);
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_element_.empty()) {
    if (has_element_.back()) out_.put(',');
    has_element_.back() = true;
    Newline();
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_.put('{');
  has_element_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  bool any = has_element_.back();
  has_element_.pop_back();
  if (any) Newline();
  out_.put('}');
  if (has_element_.empty() && pretty_) out_.put('\n');
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_.put('[');
  has_element_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  bool any = has_element_.back();
  has_element_.pop_back();
  if (any) Newline();
  out_.put(']');
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view k) {
  BeforeValue();
  scratch_.clear();
  Escape(k, scratch_);
  scratch_ += pretty_ ? ": " : ":";
  out_.write(scratch_.data(), static_cast<std::streamsize>(scratch_.size()));
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  BeforeValue();
  scratch_.clear();
  Escape(s, scratch_);
  out_.write(scratch_.data(), static_cast<std::streamsize>(scratch_.size()));
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.write(buf, r.ptr - buf);
  return *this;
}

JsonWriter& JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.write(buf, r.ptr - buf);
  return *this;
}

JsonWriter& JsonWriter::Double(double v) {
  BeforeValue();
  if (!std::isfinite(v)) {
    out_.write("null", 4);
    return *this;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.write(buf, r.ptr - buf);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool b) {
  BeforeValue();
  out_.write(b ? "true" : "false", b ? 4 : 5);
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_.write("null", 4);
  return *this;
}

JsonWriter& JsonWriter::UintArray(const std::vector<uint64_t>& v) {
  BeforeValue();
  std::string buf;
  buf.reserve(v.size() * 8 + 2);
  buf.push_back('[');
  char num[24];
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) buf += pretty_ ? ", " : ",";
    auto r = std::to_chars(num, num + sizeof num, v[i]);
    buf.append(num, r.ptr);
    if (buf.size() >= (1u << 16)) {
      out_.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  buf.push_back(']');
  out_.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  return *this;
}

}  // namespace gopit
