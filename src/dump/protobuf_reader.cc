#include "dump/protobuf_reader.h"

namespace gopit::pb {

bool FieldReader::Fail(const char* what, const char* at) {
  error_ = what;
  error_offset_ = base_ + static_cast<size_t>(at - begin_);
  pos_ = end_;  // so that later calls stop at once
  return false;
}

bool FieldReader::Next() {
  if (error_ != nullptr || pos_ >= end_) return false;
  const char* start = pos_;
  uint64_t key;
  const char* p = DecodeVarint(pos_, end_, &key);
  if (p == nullptr) return Fail("truncated or overlong field key", start);
  uint64_t number = key >> 3;
  // Field numbers are at most 2^29-1 and never 0; anything else means the
  // bytes are not a message (or not this message).
  if (number == 0 || number > 0x1fffffff) return Fail("invalid field number", start);
  field_start_ = start;
  number_ = static_cast<uint32_t>(number);
  type_ = static_cast<WireType>(key & 7);
  bytes_ = std::string_view(p, 0);  // so that bytes_offset() stays meaningful
  value_ = 0;
  switch (type_) {
    case WireType::kVarint:
      p = DecodeVarint(p, end_, &value_);
      if (p == nullptr) return Fail("truncated or overlong varint", start);
      break;
    case WireType::kFixed64:
      if (end_ - p < 8) return Fail("truncated fixed64", start);
      for (int i = 7; i >= 0; --i)
        value_ = (value_ << 8) | static_cast<unsigned char>(p[i]);
      p += 8;
      break;
    case WireType::kFixed32:
      if (end_ - p < 4) return Fail("truncated fixed32", start);
      for (int i = 3; i >= 0; --i)
        value_ = (value_ << 8) | static_cast<unsigned char>(p[i]);
      p += 4;
      break;
    case WireType::kLen: {
      uint64_t len;
      p = DecodeVarint(p, end_, &len);
      if (p == nullptr) return Fail("truncated length", start);
      if (len > static_cast<uint64_t>(end_ - p)) {
        return Fail("length-delimited field runs past the end", start);
      }
      bytes_ = std::string_view(p, static_cast<size_t>(len));
      p += len;
      break;
    }
    case WireType::kStartGroup:
    case WireType::kEndGroup:
      return Fail("groups are not supported", start);
    default:
      return Fail("invalid wire type", start);
  }
  pos_ = p;
  return true;
}

bool AppendVarints(const FieldReader& field, std::vector<uint64_t>& out) {
  if (field.type() == WireType::kVarint) {
    out.push_back(field.value());
    return true;
  }
  if (field.type() != WireType::kLen) return false;
  std::string_view b = field.bytes();
  const char* p = b.data();
  const char* end = p + b.size();
  while (p < end) {
    uint64_t v;
    p = DecodeVarint(p, end, &v);
    if (p == nullptr) return false;
    out.push_back(v);
  }
  return true;
}

}  // namespace gopit::pb
