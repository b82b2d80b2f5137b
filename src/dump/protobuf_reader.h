// A small reader of the protocol-buffer wire format over bytes in memory.
//
// It knows fields, not messages: the caller walks a message's fields with
// FieldReader::Next() and opens a nested message by building another
// FieldReader over its bytes, so nesting depth is whatever the caller's code
// says, never what the input says. Every read is bounds-checked; the reader
// never reads outside the view it was given and never allocates.
//
// Not supported (the pprof encoders never write them): groups (wire types 3
// and 4), which are reported as an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gopit::pb {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLen = 2,  // length-delimited: bytes, strings, nested messages, packed repeated fields
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

// Decodes the varint starting at `p`, reading no byte at or past `end`.
// Returns the position after it, or nullptr when it is cut short by `end` or
// longer than the 10 bytes a 64-bit value needs.
inline const char* DecodeVarint(const char* p, const char* end, uint64_t* out) {
  // One-byte values (field keys, small ids, counts) are most of any profile.
  if (p < end && static_cast<unsigned char>(*p) < 0x80) {
    *out = static_cast<unsigned char>(*p);
    return p + 1;
  }
  uint64_t v = 0;
  for (int shift = 0; shift < 70 && p < end; shift += 7) {
    uint64_t b = static_cast<unsigned char>(*p++);
    v |= (b & 0x7f) << shift;
    if (b < 0x80) {
      *out = v;
      return p;
    }
  }
  return nullptr;
}

// Walks the fields of one message:
//
//   FieldReader r(bytes);
//   while (r.Next()) {
//     if (r.number() == 1 && r.type() == WireType::kVarint) id = r.value();
//   }
//   if (!r.ok()) report(r.error(), r.error_offset());
//
// Unknown fields need no code: Next() steps over any well-formed field.
class FieldReader {
 public:
  // `base` is where `message` starts in the outermost buffer, so that offsets
  // in errors point into what the user has.
  explicit FieldReader(std::string_view message, size_t base = 0)
      : begin_(message.data()),
        pos_(message.data()),
        end_(message.data() + message.size()),
        base_(base),
        field_start_(message.data()) {}

  // Moves to the next field. Returns false at the end of the message and at
  // the first malformed byte; ok() tells the two apart. After a false return
  // every further call returns false.
  bool Next();

  uint32_t number() const { return number_; }
  WireType type() const { return type_; }
  // The payload of a kVarint, kFixed64 or kFixed32 field (fixed values are
  // little-endian; a kFixed32 value is zero-extended).
  uint64_t value() const { return value_; }
  // The payload of a kLen field; empty for other wire types.
  std::string_view bytes() const { return bytes_; }
  // Where bytes() starts in the outermost buffer (kLen fields only).
  size_t bytes_offset() const { return base_ + static_cast<size_t>(bytes_.data() - begin_); }
  // Where the current field (its key) starts in the outermost buffer.
  size_t field_offset() const { return base_ + static_cast<size_t>(field_start_ - begin_); }

  bool ok() const { return error_ == nullptr; }
  // What was wrong ("truncated varint", ...); nullptr while ok().
  const char* error() const { return error_; }
  // Offset in the outermost buffer of the field where the error was found.
  size_t error_offset() const { return error_offset_; }

 private:
  bool Fail(const char* what, const char* at);

  const char* begin_;
  const char* pos_;
  const char* end_;
  size_t base_;
  uint32_t number_ = 0;
  WireType type_ = WireType::kVarint;
  uint64_t value_ = 0;
  std::string_view bytes_;
  const char* field_start_;
  const char* error_ = nullptr;
  size_t error_offset_ = 0;
};

// Appends the elements of a repeated integer field to `out`, whichever way
// the encoder wrote them: one element per field (kVarint) or packed into one
// kLen field. Returns false, keeping the elements before the bad byte, when
// packed data is malformed or the wire type is neither of those.
bool AppendVarints(const FieldReader& field, std::vector<uint64_t>& out);

}  // namespace gopit::pb
