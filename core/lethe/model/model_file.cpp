#include <lethe/model/model_file.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

#include <lethe/base/errors.hpp>
#include <lethe/model/byte_io.hpp>
#include <lethe/model/checksum.hpp>

namespace lethe {
namespace {

constexpr unsigned char kMagic[8] = {0x89, 'L', 'E', 'T', 'H', 'E', 0x0D, 0x0A};
constexpr unsigned char kLogMagic[8] = {'L', 'E', 'T', 'H', 'E', 'W', 'A', 'L'};
constexpr std::uint64_t kRecordMagic = 0x3130434552485445ULL;  // "ETHREC01"
constexpr std::size_t kHeaderBytes = 256;
constexpr std::size_t kLogHeaderBytes = 64;
// A checkpoint empties the log once it holds this many bytes or records.
constexpr std::uint64_t kCheckpointBytes = 4u << 20;
constexpr std::uint64_t kCheckpointRecords = 64;

std::uint64_t record_seed(std::uint64_t uid, std::uint64_t checkpoint) {
  return uid ^ (checkpoint * 0x9E3779B97F4A7C15ULL);
}

void write_certificate(ByteWriter& out, const Certificate& c) {
  out.text(c.kind);
  out.f64(c.value);
  out.f64(c.sum);
  out.f64(c.budget);
  out.f64(c.distance_bound);
  out.f64(c.epsilon);
  out.f64(c.delta);
  out.f64(c.actual);  // from format 2
}

Certificate read_certificate(ByteReader& in, std::uint32_t version) {
  Certificate c;
  c.kind = in.text("certificate kind");
  c.value = in.f64("certificate value");
  c.sum = in.f64("certificate sum");
  c.budget = in.f64("certificate budget");
  c.distance_bound = in.f64("certificate distance bound");
  c.epsilon = in.f64("certificate epsilon");
  c.delta = in.f64("certificate delta");
  if (version >= 2) c.actual = in.f64("certificate actual");
  return c;
}

}  // namespace

// ------------------------------------------------------------------ encodings

std::vector<unsigned char> encode_header(const ModelHeader& h) {
  std::vector<unsigned char> b(kHeaderBytes, 0);
  std::memcpy(b.data(), kMagic, 8);
  for (int i = 0; i < 4; ++i) b[8 + i] = static_cast<unsigned char>(h.format_version >> (8 * i));
  b[12] = static_cast<unsigned char>(kHeaderBytes & 0xff);
  b[13] = static_cast<unsigned char>(kHeaderBytes >> 8);
  store_u64(&b[16], h.uid);
  store_u64(&b[24], h.generation);
  store_u64(&b[32], h.slot_count);
  store_u64(&b[40], h.feature_count);
  store_u64(&b[48], h.meta_offset);
  store_u64(&b[56], h.meta_bytes);
  store_u64(&b[64], h.meta_checksum);
  store_u64(&b[72], h.file_bytes);
  store_u64(&b[kHeaderBytes - 8], xxh64(b.data(), kHeaderBytes - 8));
  return b;
}

ModelHeader decode_header(const unsigned char* b, std::size_t size, const std::string& source) {
  // A file shorter than the magic whose bytes begin it is a Lethe file cut short.
  if (size < 8 && std::memcmp(b, kMagic, size) == 0)
    throw FormatError(source + ": truncated header (" + std::to_string(size) + " bytes)");
  if (size < 8 || std::memcmp(b, kMagic, 8) != 0)
    throw FormatError(source + ": not a Lethe model file (no magic number at byte 0)");
  if (size < 16) throw FormatError(source + ": truncated header (" + std::to_string(size) + " bytes)");
  ModelHeader h;
  h.format_version = 0;
  for (int i = 3; i >= 0; --i) h.format_version = (h.format_version << 8) | b[8 + i];
  if (h.format_version > kModelFormatVersion)
    throw FormatError(source + ": written in model format " + std::to_string(h.format_version) +
                      " by a newer Lethe; this build reads format " + std::to_string(kModelFormatVersion));
  if (h.format_version == 0) throw FormatError(source + ": unknown model format 0");
  if (size < kHeaderBytes) throw FormatError(source + ": truncated header (" + std::to_string(size) + " bytes)");
  h.checksum = load_u64(b + kHeaderBytes - 8);
  if (xxh64(b, kHeaderBytes - 8) != h.checksum) throw FormatError(source + ": header checksum mismatch (corrupted)");
  h.uid = load_u64(b + 16);
  h.generation = load_u64(b + 24);
  h.slot_count = load_u64(b + 32);
  h.feature_count = load_u64(b + 40);
  h.meta_offset = load_u64(b + 48);
  h.meta_bytes = load_u64(b + 56);
  h.meta_checksum = load_u64(b + 64);
  h.file_bytes = load_u64(b + 72);
  if (h.feature_count == 0 || h.feature_count > (1u << 20) ||
      h.meta_offset != kHeaderBytes + h.slot_count * h.slot_bytes() || h.file_bytes != h.meta_offset + h.meta_bytes)
    throw FormatError(source + ": header describes an impossible layout (corrupted)");
  return h;
}

std::vector<unsigned char> encode_meta(const ModelMeta& m) {
  ByteWriter out;
  // The family state is most of it (MBs for a large proof family): one allocation.
  out.bytes().reserve(m.family_state.size() + 8 * m.page_checksums.size() + 512 * (m.requests.size() + 8));
  out.text(m.family);
  out.u64(m.options.size());
  for (const auto& [name, value] : m.options) {
    out.text(name);
    out.f64(value);
  }
  out.u64(m.feature_names.size());
  for (const std::string& f : m.feature_names) out.text(f);
  out.text(m.target_name);
  out.f64(m.residual_budget);
  out.i64(m.created);
  out.u64(m.alive_rows);
  out.u64(m.page_checksums.size());
  for (std::uint64_t c : m.page_checksums) out.u64(c);
  out.u64(m.family_state.size());
  out.raw(m.family_state.data(), m.family_state.size());
  out.u64(m.requests.size());
  for (const RequestRecord& r : m.requests) {
    out.text(r.request_id);
    out.text(r.kind);
    out.i64(r.time);
    out.ids(r.ids);
    write_certificate(out, r.certificate);
    out.text(r.decision);
    out.f64(r.seconds);
  }
  return std::move(out.bytes());
}

ModelMeta decode_meta(const std::vector<unsigned char>& bytes, const std::string& source, std::uint32_t version) {
  ByteReader in(bytes, source + ": metadata");
  ModelMeta m;
  m.family = in.text("family");
  const std::uint64_t options = in.count("options", 16);
  for (std::uint64_t i = 0; i < options; ++i) {
    std::string name = in.text("option name");
    m.options.emplace_back(std::move(name), in.f64("option value"));
  }
  const std::uint64_t features = in.count("feature names", 8);
  for (std::uint64_t i = 0; i < features; ++i) m.feature_names.push_back(in.text("feature name"));
  m.target_name = in.text("target name");
  m.residual_budget = in.f64("residual budget");
  m.created = in.i64("created");
  m.alive_rows = in.u64("alive rows");
  const std::uint64_t pages = in.count("page checksums", 8);
  for (std::uint64_t i = 0; i < pages; ++i) m.page_checksums.push_back(in.u64("page checksum"));
  const std::uint64_t state = in.count("family state", 1);
  m.family_state.resize(static_cast<std::size_t>(state));
  in.raw("family state", m.family_state.data(), m.family_state.size());
  const std::uint64_t requests = in.count("requests", 64);
  for (std::uint64_t i = 0; i < requests; ++i) {
    RequestRecord r;
    r.request_id = in.text("request id");
    r.kind = in.text("request kind");
    r.time = in.i64("request time");
    r.ids = in.ids("request ids");
    r.certificate = read_certificate(in, version);
    r.decision = in.text("decision");
    r.seconds = in.f64("request seconds");
    m.requests.push_back(std::move(r));
  }
  in.expect_end();
  return m;
}

// ------------------------------------------------------------------ creation

namespace {

void encode_slot(unsigned char* p, bool alive, std::int64_t id, double y, const Eigen::MatrixXd& x, Eigen::Index row) {
  store_u64(p, alive ? 1 : 0);
  store_u64(p + 8, static_cast<std::uint64_t>(id));
  store_f64(p + 16, alive ? y : 0.0);
  for (Eigen::Index j = 0; j < x.cols(); ++j) store_f64(p + 24 + 8 * j, alive ? x(row, j) : 0.0);
}

std::uint64_t page_count(std::uint64_t slots) { return (slots + kSlotsPerPage - 1) / kSlotsPerPage; }

// Writes the log's header for (uid, checkpoint), drops every record after it, syncs:
// records of another file or of an earlier checkpoint never check against it.
void empty_log(File& log, std::uint64_t uid, std::uint64_t checkpoint) {
  ByteWriter header;
  header.raw(kLogMagic, 8);
  header.u64(uid);
  header.u64(checkpoint);
  header.raw(std::vector<unsigned char>(kLogHeaderBytes - 32, 0).data(), kLogHeaderBytes - 32);
  header.u64(xxh64(header.bytes().data(), header.size()));
  log.write(0, header.bytes().data(), header.size());
  log.truncate(kLogHeaderBytes);
  log.sync();
}

}  // namespace

void ModelStore::create(Volume& volume, const std::string& name, const RowTable& rows, ModelMeta meta,
                        std::uint64_t uid) {
  const auto n = static_cast<std::uint64_t>(rows.ids.size());
  if (rows.x.rows() != static_cast<Eigen::Index>(n) || rows.y.size() != static_cast<Eigen::Index>(n))
    fail_argument("ModelStore::create", "rows", "has ids, x and y of different lengths");
  for (std::size_t i = 1; i < rows.ids.size(); ++i)
    if (rows.ids[i] <= rows.ids[i - 1]) fail_argument("ModelStore::create", "rows", "ids must be sorted and unique");
  const std::unique_ptr<VolumeLock> lock = volume.lock(log_name(name));

  ModelHeader h;
  h.uid = uid;
  h.slot_count = n;
  h.feature_count = static_cast<std::uint64_t>(rows.x.cols());
  h.meta_offset = kHeaderBytes + n * h.slot_bytes();
  std::vector<unsigned char> table(static_cast<std::size_t>(n * h.slot_bytes()));
  for (std::uint64_t i = 0; i < n; ++i)
    encode_slot(&table[static_cast<std::size_t>(i * h.slot_bytes())], true, rows.ids[static_cast<std::size_t>(i)],
                rows.y(static_cast<Eigen::Index>(i)), rows.x, static_cast<Eigen::Index>(i));
  meta.alive_rows = n;
  meta.page_checksums.clear();
  for (std::uint64_t p = 0; p < page_count(n); ++p) {
    const std::uint64_t begin = p * kSlotsPerPage * h.slot_bytes();
    const std::uint64_t end = std::min<std::uint64_t>(table.size(), begin + kSlotsPerPage * h.slot_bytes());
    meta.page_checksums.push_back(xxh64(table.data() + begin, static_cast<std::size_t>(end - begin), p));
  }
  const std::vector<unsigned char> meta_bytes = encode_meta(meta);
  h.meta_bytes = meta_bytes.size();
  h.meta_checksum = xxh64(meta_bytes.data(), meta_bytes.size());
  h.file_bytes = h.meta_offset + h.meta_bytes;
  const std::vector<unsigned char> header = encode_header(h);

  const std::string temporary = name + ".tmp";
  {
    std::unique_ptr<File> out = volume.open(temporary, true);
    out->truncate(0);
    out->write(0, header.data(), header.size());
    if (!table.empty()) out->write(kHeaderBytes, table.data(), table.size());
    out->write(h.meta_offset, meta_bytes.data(), meta_bytes.size());
    out->sync();
  }
  volume.rename(temporary, name);
  volume.sync_directory();
  // An empty log for the new uid: records of an earlier file by this name never replay.
  std::unique_ptr<File> log = volume.open(log_name(name), true);
  empty_log(*log, uid, 0);
  volume.sync_directory();
}

// ------------------------------------------------------------------ open, recovery

ModelStore::ModelStore(Volume& volume, std::string name) : volume_(volume), name_(std::move(name)) {
  if (!volume_.exists(name_)) fail_argument("ModelStore", "file", "'" + name_ + "' does not exist");
  lock_ = volume_.lock(log_name(name_));
  file_ = volume_.open(name_, false);
  recover();
  load();
}

ModelStore::~ModelStore() = default;

void ModelStore::reset_log(std::uint64_t checkpoint) {
  empty_log(*log_, header_.uid, checkpoint);
  log_checkpoint_ = checkpoint;
  log_records_ = 0;
}

void ModelStore::recover() {
  const bool had_log = volume_.exists(log_name(name_));
  log_ = volume_.open(log_name(name_), true);
  if (!had_log) volume_.sync_directory();
  const std::vector<unsigned char> log = log_->read_all();

  // The log's header ties it to one file (uid) and one checkpoint.
  bool log_valid = log.size() >= kLogHeaderBytes && std::memcmp(log.data(), kLogMagic, 8) == 0 &&
                   xxh64(log.data(), kLogHeaderBytes - 8) == load_u64(&log[kLogHeaderBytes - 8]);
  const std::uint64_t log_uid = log_valid ? load_u64(&log[8]) : 0;
  const std::uint64_t checkpoint = log_valid ? load_u64(&log[16]) : 0;

  // The records since the checkpoint, up to the first that does not check (torn).
  struct Write {
    std::uint64_t offset;
    std::size_t begin, length;
  };
  struct Record {
    std::uint64_t file_bytes;
    std::vector<Write> writes;
  };
  std::vector<Record> records;
  std::size_t at = kLogHeaderBytes;
  while (log_valid && at + 48 <= log.size()) {
    if (load_u64(&log[at]) != kRecordMagic) break;
    const std::uint64_t length = load_u64(&log[at + 8]);
    if (length < 48 || length > log.size() - at) break;
    const std::size_t end = at + static_cast<std::size_t>(length);
    if (xxh64(&log[at], static_cast<std::size_t>(length) - 8, record_seed(log_uid, checkpoint)) !=
        load_u64(&log[end - 8]))
      break;
    Record r;
    r.file_bytes = load_u64(&log[at + 24]);
    const std::uint64_t writes = load_u64(&log[at + 32]);
    std::size_t p = at + 40;
    bool ok = true;
    for (std::uint64_t w = 0; w < writes && ok; ++w) {
      if (p + 16 > end - 8) {
        ok = false;
        break;
      }
      const std::uint64_t offset = load_u64(&log[p]);
      const std::uint64_t len = load_u64(&log[p + 8]);
      if (len > end - 8 - (p + 16))
        ok = false;
      else
        r.writes.push_back({offset, p + 16, static_cast<std::size_t>(len)});
      p += 16 + static_cast<std::size_t>(len);
    }
    if (!ok) break;
    records.push_back(std::move(r));
    at = end;
  }

  // The file's own header decides whether the log belongs to it; a header torn by a
  // crash mid-replay is rewritten by the replay itself.
  std::vector<unsigned char> head(kHeaderBytes, 0);
  const std::uint64_t size = file_->size();
  file_->read(0, head.data(), static_cast<std::size_t>(std::min<std::uint64_t>(size, kHeaderBytes)));
  bool header_ok = true;
  std::string header_problem;  // what decoding the header found, e.g. "truncated header"
  ModelHeader current;
  try {
    current = decode_header(head.data(), static_cast<std::size_t>(std::min<std::uint64_t>(size, kHeaderBytes)), name_);
  } catch (const FormatError& e) {
    header_ok = false;
    header_problem = e.what();
    // A newer format or a foreign file is reported as such, whatever the log says.
    if (size < 8 || std::memcmp(head.data(), kMagic, 8) != 0) throw;
    std::uint32_t version = 0;
    for (int i = 3; i >= 0; --i) version = (version << 8) | head[8 + static_cast<std::size_t>(i)];
    if (version > kModelFormatVersion) throw;
  }
  if (header_ok && current.uid != log_uid) {
    records.clear();  // a log left by an earlier file of this name
    log_valid = false;
  }
  if (!header_ok && records.empty()) throw FormatError(header_problem);

  for (const Record& r : records) {
    for (const Write& w : r.writes) file_->write(w.offset, &log[w.begin], w.length);
    if (file_->size() != r.file_bytes) file_->truncate(r.file_bytes);
  }
  replayed_ = static_cast<int>(records.size());
  header_.uid = header_ok ? current.uid : log_uid;
  if (!log_valid) {
    // Start a fresh log for this file (its content so far is durable: nothing to replay).
    file_->sync();
    reset_log(0);
  } else {
    log_checkpoint_ = checkpoint;
    log_records_ = records.size();
    if (at != log.size()) log_->truncate(at);  // drop a torn tail before appending
  }
}

void ModelStore::load() {
  std::vector<unsigned char> head(kHeaderBytes, 0);
  const std::uint64_t size = file_->size();
  file_->read(0, head.data(), static_cast<std::size_t>(std::min<std::uint64_t>(size, kHeaderBytes)));
  header_ = decode_header(head.data(), static_cast<std::size_t>(std::min<std::uint64_t>(size, kHeaderBytes)), name_);
  if (size != header_.file_bytes)
    throw FormatError(name_ + ": file has " + std::to_string(size) + " bytes, its header says " +
                      std::to_string(header_.file_bytes) + " (truncated or extended)");
  std::vector<unsigned char> meta(static_cast<std::size_t>(header_.meta_bytes));
  file_->read(header_.meta_offset, meta.data(), meta.size());
  if (xxh64(meta.data(), meta.size()) != header_.meta_checksum)
    throw FormatError(name_ + ": metadata checksum mismatch (corrupted)");
  meta_ = decode_meta(meta, name_, header_.format_version);
  if (meta_.page_checksums.size() != page_count(header_.slot_count) ||
      meta_.feature_names.size() != header_.feature_count)
    throw FormatError(name_ + ": metadata does not match the row table");
}

// ------------------------------------------------------------------ rows

std::vector<unsigned char> ModelStore::read_page(std::uint64_t page) const {
  std::vector<unsigned char> bytes;
  read_page(page, bytes);
  return bytes;
}

void ModelStore::read_page(std::uint64_t page, std::vector<unsigned char>& bytes) const {
  const std::uint64_t slot_bytes = header_.slot_bytes();
  const std::uint64_t first = page * kSlotsPerPage;
  const std::uint64_t count = std::min<std::uint64_t>(kSlotsPerPage, header_.slot_count - first);
  bytes.resize(static_cast<std::size_t>(count * slot_bytes));
  file_->read(kHeaderBytes + first * slot_bytes, bytes.data(), bytes.size());
  if (page_checksum(page, bytes) != meta_.page_checksums[static_cast<std::size_t>(page)])
    throw FormatError(name_ + ": row page " + std::to_string(page) + " checksum mismatch (corrupted)");
}

std::uint64_t ModelStore::page_checksum(std::uint64_t page, const std::vector<unsigned char>& bytes) const {
  return xxh64(bytes.data(), bytes.size(), page);
}

bool ModelStore::find(std::int64_t id, SlotInfo& slot) const {
  std::uint64_t lo = 0, hi = header_.slot_count;
  const std::uint64_t slot_bytes = header_.slot_bytes();
  unsigned char b[16];
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    file_->read(kHeaderBytes + mid * slot_bytes, b, 16);
    const auto at = static_cast<std::int64_t>(load_u64(b + 8));
    if (at == id) {
      slot = {mid, load_u64(b) == 1};
      return true;
    }
    if (at < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

namespace {

// The file's numbers are little-endian; so are x86 and wasm.
bool host_is_little_endian() {
  static const bool little_endian = [] {
    const std::uint64_t one = 1;
    unsigned char first = 0;
    std::memcpy(&first, &one, 1);
    return first == 1;
  }();
  return little_endian;
}

// A slot's k features: k consecutive little-endian doubles, copied as they are on a
// little-endian host.
void decode_features(const unsigned char* p, Eigen::Index k, double* out) {
  if (host_is_little_endian() && k > 0)
    std::memcpy(out, p, static_cast<std::size_t>(8 * k));
  else
    for (Eigen::Index j = 0; j < k; ++j) out[j] = load_f64(p + 8 * j);
}

// The slots' rows appended to `out` (sized for them). A slot's k features are k
// consecutive little-endian doubles: on a little-endian host (x86, wasm) they are copied
// as they are, a row at a time into a row-major block, and the block lands in the
// column-major table in one assignment, so that decoding costs about a copy. `block` is
// the caller's scratch, so that a loop over pages allocates (and faults in) it once.
using RowBlock = RowMajorRows;
void decode_rows(const std::vector<unsigned char>& page, std::uint64_t first_in_page,
                 const std::vector<std::uint64_t>& wanted, std::uint64_t slot_bytes, std::uint64_t k, RowTable& out,
                 RowBlock& block) {
  const auto start = static_cast<Eigen::Index>(out.ids.size());
  const auto features = static_cast<Eigen::Index>(k);
  block.resize(static_cast<Eigen::Index>(wanted.size()), features);
  for (std::size_t r = 0; r < wanted.size(); ++r) {
    const unsigned char* p = &page[static_cast<std::size_t>((wanted[r] - first_in_page) * slot_bytes)];
    const auto row = static_cast<Eigen::Index>(r);
    out.ids.push_back(static_cast<std::int64_t>(load_u64(p + 8)));
    out.y(start + row) = load_f64(p + 16);
    decode_features(p + 24, features, block.row(row).data());
  }
  out.x.middleRows(start, block.rows()) = block;
}

}  // namespace

RowTable ModelStore::read_slots(const std::vector<std::uint64_t>& slots) const {
  std::vector<std::uint64_t> sorted = slots;
  std::sort(sorted.begin(), sorted.end());
  RowTable out;
  const auto k = static_cast<Eigen::Index>(header_.feature_count);
  out.x.resize(static_cast<Eigen::Index>(sorted.size()), k);
  out.y.resize(static_cast<Eigen::Index>(sorted.size()));
  std::vector<unsigned char> bytes;
  RowBlock block;
  std::size_t i = 0;
  while (i < sorted.size()) {
    const std::uint64_t page = sorted[i] / kSlotsPerPage;
    std::vector<std::uint64_t> in_page;
    while (i < sorted.size() && sorted[i] / kSlotsPerPage == page) in_page.push_back(sorted[i++]);
    read_page(page, bytes);
    decode_rows(bytes, page * kSlotsPerPage, in_page, header_.slot_bytes(), header_.feature_count, out, block);
  }
  return out;
}

RowTable ModelStore::read_alive_rows() const {
  RowTable out;
  const auto k = static_cast<Eigen::Index>(header_.feature_count);
  out.x.resize(static_cast<Eigen::Index>(meta_.alive_rows), k);
  out.y.resize(static_cast<Eigen::Index>(meta_.alive_rows));
  const std::uint64_t slot_bytes = header_.slot_bytes();
  std::vector<unsigned char> bytes;
  RowBlock block;
  for (std::uint64_t page = 0; page < meta_.page_checksums.size(); ++page) {
    read_page(page, bytes);
    std::vector<std::uint64_t> alive;
    const std::uint64_t first = page * kSlotsPerPage;
    for (std::uint64_t s = 0; s < bytes.size() / slot_bytes; ++s)
      if (load_u64(&bytes[static_cast<std::size_t>(s * slot_bytes)]) == 1) alive.push_back(first + s);
    if (out.ids.size() + alive.size() > meta_.alive_rows)
      throw FormatError(name_ + ": more rows in training than the metadata counts (corrupted)");
    decode_rows(bytes, first, alive, slot_bytes, header_.feature_count, out, block);
  }
  if (out.ids.size() != meta_.alive_rows)
    throw FormatError(name_ + ": fewer rows in training than the metadata counts (corrupted)");
  return out;
}

void ModelStore::for_each_alive_page(const PageVisitor& visit) const {
  const std::uint64_t slot_bytes = header_.slot_bytes();
  const auto k = static_cast<Eigen::Index>(header_.feature_count);
  std::uint64_t seen = 0;
  std::vector<std::int64_t> ids;
  RowMajorRows x;
  Eigen::VectorXd y;
  std::vector<unsigned char> bytes;
  for (std::uint64_t page = 0; page < meta_.page_checksums.size(); ++page) {
    read_page(page, bytes);
    std::vector<std::uint64_t> alive;
    const std::uint64_t first = page * kSlotsPerPage;
    const std::uint64_t slots = bytes.size() / slot_bytes;
    for (std::uint64_t s = 0; s < slots; ++s)
      if (load_u64(&bytes[static_cast<std::size_t>(s * slot_bytes)]) == 1) alive.push_back(first + s);
    seen += alive.size();
    if (seen > meta_.alive_rows)
      throw FormatError(name_ + ": more rows in training than the metadata counts (corrupted)");
    if (alive.empty()) continue;
    const auto n = static_cast<Eigen::Index>(alive.size());
    ids.resize(alive.size());
    y.resize(n);
    for (Eigen::Index r = 0; r < n; ++r) {
      const unsigned char* p = &bytes[static_cast<std::size_t>((alive[std::size_t(r)] - first) * slot_bytes)];
      ids[std::size_t(r)] = static_cast<std::int64_t>(load_u64(p + 8));
      y(r) = load_f64(p + 16);
    }
    if (alive.size() == slots && host_is_little_endian() && k > 0) {
      // Every slot in training: the features in place, a row every slot_bytes / 8 doubles
      // (slot_bytes = 24 + 8k keeps them 8-byte aligned in the buffer, which operator new
      // aligns to at least 16, and the file's read() wrote them as the bytes of doubles).
      const auto* first_row = reinterpret_cast<const double*>(bytes.data() + 24);
      visit(ids,
            Eigen::Map<const RowMajorRows, 0, Eigen::OuterStride<>>(
                first_row, n, k, Eigen::OuterStride<>(static_cast<Eigen::Index>(slot_bytes / 8))),
            y);
      continue;
    }
    x.resize(n, k);
    for (Eigen::Index r = 0; r < n; ++r)
      decode_features(&bytes[static_cast<std::size_t>((alive[std::size_t(r)] - first) * slot_bytes)] + 24, k,
                      x.row(r).data());
    visit(ids, x, y);
  }
  if (seen != meta_.alive_rows)
    throw FormatError(name_ + ": fewer rows in training than the metadata counts (corrupted)");
}

void ModelStore::verify_pages() const {
  std::vector<unsigned char> bytes;
  for (std::uint64_t page = 0; page < meta_.page_checksums.size(); ++page) read_page(page, bytes);
}

// ------------------------------------------------------------------ commit

void ModelStore::commit(const std::vector<std::uint64_t>& erased_slots, ModelMeta meta) {
  const std::uint64_t slot_bytes = header_.slot_bytes();
  struct Range {
    std::uint64_t offset;
    std::vector<unsigned char> bytes;
  };
  std::vector<Range> writes;

  // Zero the erased slots (the id stays, so that the table stays sorted) and
  // recompute their pages' checksums.
  std::vector<std::uint64_t> sorted = erased_slots;
  std::sort(sorted.begin(), sorted.end());
  meta.page_checksums = meta_.page_checksums;
  std::uint64_t erased_alive = 0;
  std::size_t i = 0;
  while (i < sorted.size()) {
    const std::uint64_t page = sorted[i] / kSlotsPerPage;
    std::vector<unsigned char> bytes = read_page(page);
    const std::uint64_t first = page * kSlotsPerPage;
    for (; i < sorted.size() && sorted[i] / kSlotsPerPage == page; ++i) {
      unsigned char* p = &bytes[static_cast<std::size_t>((sorted[i] - first) * slot_bytes)];
      if (load_u64(p) != 1) fail_argument("ModelStore::commit", "erased_slots", "names a slot not in training");
      ++erased_alive;
      std::memset(p, 0, 8);
      std::memset(p + 16, 0, static_cast<std::size_t>(slot_bytes - 16));
      writes.push_back({kHeaderBytes + sorted[i] * slot_bytes, std::vector<unsigned char>(p, p + slot_bytes)});
    }
    meta.page_checksums[static_cast<std::size_t>(page)] = page_checksum(page, bytes);
  }
  meta.alive_rows = meta_.alive_rows - erased_alive;

  std::vector<unsigned char> meta_bytes = encode_meta(meta);
  ModelHeader next = header_;
  next.format_version = kModelFormatVersion;  // an older file is upgraded by its first commit
  next.generation = header_.generation + 1;
  next.meta_bytes = meta_bytes.size();
  next.meta_checksum = xxh64(meta_bytes.data(), meta_bytes.size());
  next.file_bytes = next.meta_offset + next.meta_bytes;
  const std::vector<unsigned char> header_bytes = encode_header(next);
  writes.push_back({header_.meta_offset, std::move(meta_bytes)});
  writes.push_back({0, header_bytes});

  // 1. The log record, synced: the commit point. Its size is known: one allocation.
  ByteWriter record;
  std::size_t record_bytes = 6 * 8;
  for (const Range& w : writes) record_bytes += 2 * 8 + w.bytes.size();
  record.bytes().reserve(record_bytes);
  record.u64(kRecordMagic);
  record.u64(0);  // length, filled in below
  record.u64(next.generation);
  record.u64(next.file_bytes);
  record.u64(writes.size());
  for (const Range& w : writes) {
    record.u64(w.offset);
    record.u64(w.bytes.size());
    record.raw(w.bytes.data(), w.bytes.size());
  }
  store_u64(record.bytes().data() + 8, record.size() + 8);
  record.u64(xxh64(record.bytes().data(), record.size(), record_seed(header_.uid, log_checkpoint_)));
  log_->write(log_->size(), record.bytes().data(), record.size());
  log_->sync();
  ++log_records_;

  // 2. The same bytes in place.
  for (const Range& w : writes) file_->write(w.offset, w.bytes.data(), w.bytes.size());
  if (file_->size() != next.file_bytes) file_->truncate(next.file_bytes);
  header_ = decode_header(header_bytes.data(), header_bytes.size(), name_);
  meta_ = std::move(meta);

  // 3. Now and then, a checkpoint keeps the log short.
  if (log_records_ >= kCheckpointRecords || log_->size() >= kCheckpointBytes) checkpoint();
}

void ModelStore::checkpoint() {
  file_->sync();
  reset_log(log_checkpoint_ + 1);
}

std::vector<unsigned char> ModelStore::bytes() {
  checkpoint();
  return file_->read_all();
}

}  // namespace lethe
