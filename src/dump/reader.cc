#include "dump/reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <future>
#include <thread>

#include "dump/debug1_parser.h"
#include "dump/http_fetch.h"
#include "dump/profile_parser.h"
#include "dump/traceback_parser.h"
#include "dump/wrapped_text.h"

namespace gopit {
namespace {

constexpr size_t kBlockBytes = 8u << 20;     // a parse job while streaming
constexpr size_t kMinPieceBytes = 4u << 20;  // below this, one thread is faster
constexpr size_t kSniffBytes = 64u << 10;
constexpr size_t kReadBytes = 1u << 20;  // one read(2) from a pipe

unsigned Threads(const ReadOptions& opts) {
  if (opts.threads) return opts.threads;
  unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

bool IsGzip(std::string_view b) {
  return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f &&
         static_cast<unsigned char>(b[1]) == 0x8b;
}

bool StartsWithProfileTotal(std::string_view line) {
  // "goroutine profile: total 12", "goroutineleak profile: total 3"
  size_t sp = line.find(" profile: total ");
  return sp != std::string_view::npos && sp > 0 &&
         line.substr(0, sp).find(' ') == std::string_view::npos;
}

constexpr int kMaxWrappers = 2;  // layers of wrapping undone, e.g. a quoted docker log

InputStatus ParseBuffer(std::string_view bytes, const std::string& name, const ReadOptions& opts,
                        bool mapped, ReadResult& out, int unwrap_depth = 0);

// "426 @ 0x4416ea 0x450c79": the first line of a debug=1 record.
bool IsDebug1RecordLine(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9')
    ++i;
  return i > 0 && line.substr(i).starts_with(" @ 0x");
}

// Collects text or binary content as it arrives and parses it: tracebacks
// block by block on worker threads, other formats once complete.
class StreamParser {
 public:
  StreamParser(std::string name, const ReadOptions& opts, ReadResult& out)
      : name_(std::move(name)), opts_(opts), out_(out), threads_(Threads(opts)) {}

  void Feed(std::string_view data) {
    total_ += data.size();
    buffer_.append(data.data(), data.size());
    AfterAppend();
  }

  // Reads from `fd` straight into the block buffer (one copy of the data,
  // not two). Returns what read(2) returned.
  ssize_t ReadFrom(int fd) {
    size_t old = buffer_.size();
    if (buffer_.capacity() < kBlockBytes + kReadBytes) buffer_.reserve(kBlockBytes + kReadBytes);
    buffer_.resize(old + kReadBytes);
    ssize_t n = read(fd, buffer_.data() + old, kReadBytes);
    buffer_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n > 0) {
      total_ += static_cast<uint64_t>(n);
      AfterAppend();
    }
    return n;
  }

  // Hands back everything buffered so far (before any block was cut).
  std::string TakeBuffer() {
    total_ = 0;
    return std::move(buffer_);
  }
  std::string_view Buffered() const { return buffer_; }

  InputStatus Finish() {
    if (format_ == InputFormat::kUnknown) Decide();
    if (wrapped_) return ParseBuffer(buffer_, name_, opts_, false, out_);
    if (format_ == InputFormat::kTraceback) {
      CutBlock(true);
      while (!jobs_.empty())
        CollectOldest();
      MergeTracebackPieces(pieces_, name_, total_, out_);
      return {};
    }
    return ParseWhole(buffer_, format_, name_, opts_, out_);
  }

  static InputStatus ParseWhole(std::string_view bytes, InputFormat format, const std::string& name,
                                const ReadOptions& opts, ReadResult& out) {
    switch (format) {
      case InputFormat::kDebug1:
        ParseDebug1(bytes, name, opts.parse, out);
        return {};
      case InputFormat::kProfile:
        ParseProfile(bytes, name, opts.parse, out);
        return {};
      case InputFormat::kTraceback:
      case InputFormat::kUnknown:
        break;
    }
    ParseTraceback(bytes, name, opts.parse, out);
    return {};
  }

 private:
  void AfterAppend() {
    if (format_ == InputFormat::kUnknown && buffer_.size() >= kSniffBytes) Decide();
    if (format_ == InputFormat::kTraceback && !wrapped_ && buffer_.size() >= kBlockBytes)
      CutBlock(false);
  }

  void Decide() {
    // A wrapped dump (docker log, quoted reply, ...) is unwrapped whole at
    // the end: such inputs are small next to the dumps streamed in blocks.
    wrapped_ = DetectWrapper(buffer_).Wrapped();
    format_ =
        opts_.forced_format != InputFormat::kUnknown ? opts_.forced_format : SniffFormat(buffer_);
  }

  void CutBlock(bool final) {
    size_t cut = final ? buffer_.size() : LastHeaderBoundary(buffer_);
    if (cut == 0) {
      // No header in a whole block: keep reading unless this has gone on
      // for long (a pathological input); then cut at a line end.
      if (buffer_.size() < 32 * kBlockBytes) return;
      size_t nl = buffer_.rfind('\n');
      if (nl == std::string::npos) return;
      cut = nl + 1;
    }
    // The parsed block's buffer is swapped out and a spare one (a finished
    // job's) takes its place, so a long stream reuses a few buffers instead
    // of faulting in fresh memory for every block.
    std::string block = std::move(buffer_);
    buffer_ = TakeSpare();
    buffer_.assign(block, cut, std::string::npos);
    block.resize(cut);
    if (block.empty()) return;
    while (jobs_.size() >= threads_)
      CollectOldest();
    ParseOptions parse = opts_.parse;
    jobs_.push_back(std::async(std::launch::async, [parse, b = std::move(block)]() mutable {
      TracebackPiece piece = ParseTracebackPiece(b, parse);
      return std::make_pair(std::move(piece), std::move(b));
    }));
  }

  void CollectOldest() {
    auto [piece, buffer] = jobs_.front().get();
    jobs_.pop_front();
    pieces_.push_back(std::move(piece));
    buffer.clear();
    spare_.push_back(std::move(buffer));
  }

  std::string TakeSpare() {
    std::string s;
    if (!spare_.empty()) {
      s = std::move(spare_.back());
      spare_.pop_back();
    }
    s.reserve(kBlockBytes + kReadBytes);
    return s;
  }

  std::string name_;
  const ReadOptions& opts_;
  ReadResult& out_;
  unsigned threads_;
  InputFormat format_ = InputFormat::kUnknown;
  bool wrapped_ = false;
  std::string buffer_;
  uint64_t total_ = 0;
  std::deque<std::future<std::pair<TracebackPiece, std::string>>> jobs_;
  std::vector<std::string> spare_;
  std::vector<TracebackPiece> pieces_;
};

InputStatus Inflate(std::string_view gz, StreamParser& sink) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return {"cannot start gzip decompression"};
  std::string out(1u << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(gz.size(), UINT32_MAX));
  size_t fed = zs.avail_in;
  InputStatus status;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&zs, Z_NO_FLUSH);
    size_t produced = out.size() - zs.avail_out;
    if (produced) sink.Feed(std::string_view(out.data(), produced));
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (gzip a; gzip b; cat) are valid gzip.
      if (zs.avail_in == 0 && fed == gz.size()) break;
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && fed < gz.size()) {
      size_t more = std::min<size_t>(gz.size() - fed, UINT32_MAX);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + fed));
      zs.avail_in = static_cast<uInt>(more);
      fed += more;
      continue;
    }
    if (rc != Z_OK) {
      status.error = rc == Z_BUF_ERROR ? "gzip stream is truncated"
                                       : std::string("gzip stream is corrupt: ") +
                                             (zs.msg ? zs.msg : "inflate failed");
      break;
    }
  }
  inflateEnd(&zs);
  return status;
}

// A memory-mapped file, unmapped when it goes out of scope.
class MappedFile {
 public:
  ~MappedFile() {
    if (data_ && data_ != MAP_FAILED) munmap(data_, size_);
  }
  bool Map(int fd, size_t size) {
    size_ = size;
    if (size == 0) return true;
    data_ = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data_ == MAP_FAILED) return false;
    madvise(data_, size, MADV_SEQUENTIAL);
    return true;
  }
  std::string_view View() const {
    return size_ ? std::string_view(static_cast<const char*>(data_), size_) : std::string_view{};
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

InputStatus ReadStream(int fd, const std::string& name, const ReadOptions& opts, ReadResult& out) {
  // A larger pipe buffer means fewer wake-ups of the writer and of us; it may
  // be refused (not a pipe, or above the system's limit), which is fine.
  fcntl(fd, F_SETPIPE_SZ, 1 << 20);
  StreamParser parser(name, opts, out);
  std::string gz;  // gzip over a pipe is inflated once complete (profiles are small)
  bool decided = false, gzip = false;
  for (;;) {
    ssize_t n = gzip ? -2 : parser.ReadFrom(fd);
    if (gzip) {
      size_t old = gz.size();
      gz.resize(old + kReadBytes);
      n = read(fd, gz.data() + old, kReadBytes);
      gz.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return {std::string("read error: ") + std::strerror(errno)};
    }
    if (n == 0) break;
    // The first two bytes decide between plain and gzip content.
    if (!decided && parser.Buffered().size() >= 2) {
      decided = true;
      if (IsGzip(parser.Buffered())) {
        gzip = true;
        gz = parser.TakeBuffer();
      }
    }
  }
  if (gzip) {
    InputStatus st = Inflate(gz, parser);
    if (!st.Ok()) out.warnings.push_back(Warning{name, 0, st.error + "; kept what was read"});
  }
  return parser.Finish();
}

}  // namespace

InputFormat SniffFormat(std::string_view head) {
  head = head.substr(0, kSniffBytes);
  // profile.proto starts with field 1 (sample_type, length-delimited) and is
  // binary; text formats never hold NUL or most control bytes.
  size_t binary = 0;
  for (size_t i = 0; i < std::min<size_t>(head.size(), 512); ++i) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c < 0x09 || (c > 0x0d && c < 0x20)) ++binary;
  }
  if (binary > 0 && !head.empty() && head[0] == 0x0a) return InputFormat::kProfile;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view line = head.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    size_t blank = line.find_first_not_of(" \t");  // an indented paste
    if (blank != std::string_view::npos && StartsWithProfileTotal(line.substr(blank)))
      return InputFormat::kDebug1;
    // A debug=1 excerpt pasted without its header: "1390 @ 0x4d398 0x5e5a8".
    if (blank != std::string_view::npos && IsDebug1RecordLine(line.substr(blank)))
      return InputFormat::kDebug1;
    if (line.find("goroutine ") != std::string_view::npos &&
        line.find('[') != std::string_view::npos)
      return InputFormat::kTraceback;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return binary > 0 ? InputFormat::kProfile : InputFormat::kTraceback;
}

namespace {

InputStatus ParseBuffer(std::string_view bytes, const std::string& name, const ReadOptions& opts,
                        bool mapped, ReadResult& out, int unwrap_depth) {
  if (IsGzip(bytes)) {
    StreamParser parser(name, opts, out);
    InputStatus st = Inflate(bytes, parser);
    if (!st.Ok()) out.warnings.push_back(Warning{name, 0, st.error + "; kept what was read"});
    return parser.Finish();
  }
  TextWrapper wrapper = unwrap_depth < kMaxWrappers ? DetectWrapper(bytes) : TextWrapper{};
  if (wrapper.Wrapped()) {
    // Symbols copy what they keep, so the unwrapped text may go after the
    // parse. A second layer (a quoted docker log) is undone the same way.
    std::string plain = Unwrap(bytes, wrapper);
    if (wrapper.kind == TextWrapper::kReversed) {
      out.warnings.push_back(
          Warning{name, 0,
                  "the lines are in reverse order (newest first, as a log viewer shows them): read "
                  "bottom up, so line numbers count from the end of the input"});
    }
    return ParseBuffer(plain, name, opts, false, out, unwrap_depth + 1);
  }
  InputFormat format =
      opts.forced_format != InputFormat::kUnknown ? opts.forced_format : SniffFormat(bytes);
  if (format != InputFormat::kTraceback) {
    return StreamParser::ParseWhole(bytes, format, name, opts, out);
  }
  unsigned threads = Threads(opts);
  std::vector<std::string_view> parts = SplitTracebackText(bytes, threads * 4, kMinPieceBytes);
  std::vector<TracebackPiece> pieces(parts.size());
  if (parts.size() == 1) {
    pieces[0] = ParseTracebackPiece(parts[0], opts.parse, mapped);
  } else {
    // A small pool: each worker takes the next part; results keep input order.
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < std::min<size_t>(threads, parts.size()); ++t) {
      pool.emplace_back([&] {
        for (size_t i; (i = next.fetch_add(1)) < parts.size();) {
          pieces[i] = ParseTracebackPiece(parts[i], opts.parse, mapped);
        }
      });
    }
    for (auto& t : pool)
      t.join();
  }
  MergeTracebackPieces(pieces, name, bytes.size(), out);
  return {};
}

}  // namespace

InputStatus ParseBytes(std::string_view bytes, const std::string& name, const ReadOptions& opts,
                       ReadResult& out) {
  return ParseBuffer(bytes, name, opts, false, out);
}

InputStatus ReadInput(const std::string& spec, const ReadOptions& opts, ReadResult& out) {
  size_t before = out.snapshots.size();
  InputStatus st;
  if (IsUrl(spec)) {
    std::string url = NormalizePprofUrl(spec);
    FetchResult r = HttpFetch(url, opts.fetch_timeout_ms, opts.max_fetch_bytes);
    if (!r.error.empty()) {
      if (r.body.empty() || r.status < 200 || r.status >= 300) {
        return {url + ": " + r.error};
      }
      out.warnings.push_back(Warning{spec, 0, r.error + "; parsed the partial body"});
    }
    if (r.content_type.starts_with("text/html")) {
      return {url +
              ": answered with an HTML page, not a goroutine dump (is this a pprof endpoint?)"};
    }
    st = ParseBytes(r.body, spec, opts, out);
  } else if (spec == "-") {
    st = ReadStream(STDIN_FILENO, "-", opts, out);
  } else {
    int fd = open(spec.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {spec + ": " + std::strerror(errno)};
    struct stat sb {};
    if (fstat(fd, &sb) != 0) {
      std::string err = spec + ": " + std::strerror(errno);
      close(fd);
      return {err};
    }
    if (S_ISDIR(sb.st_mode)) {
      close(fd);
      return {spec + ": is a directory"};
    }
    if (S_ISREG(sb.st_mode)) {
      MappedFile file;
      if (!file.Map(fd, static_cast<size_t>(sb.st_size))) {
        std::string err = spec + ": cannot map: " + std::strerror(errno);
        close(fd);
        return {err};
      }
      close(fd);
      st = ParseBuffer(file.View(), spec, opts, true, out);
    } else {
      st = ReadStream(fd, spec, opts, out);  // a pipe, FIFO or character device
      close(fd);
    }
  }
  if (st.Ok() && out.snapshots.size() == before) {
    st.error = spec + ": no goroutine dump or profile found";
  }
  return st;
}

}  // namespace gopit
