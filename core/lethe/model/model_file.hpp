// The model file (.lethe): one versioned format, the same bytes natively and in
// WebAssembly, and the commit protocol that makes each request whole or absent.
//
// Layout (every integer little-endian, doubles by their IEEE-754 bits):
//   [0, 256)            header: magic 89 'L' 'E' 'T' 'H' 'E' 0D 0A, format version,
//                       the file's uid, generation (requests committed), the row table's
//                       shape, where the metadata is, its checksum, the file's length,
//                       and the header's own checksum (XXH64, last 8 bytes)
//   [256, meta_offset)  the row table: one fixed-width slot per training row, sorted by
//                       id — u64 flags (1 = in training), i64 id, f64 target, f64 x[k].
//                       A forgotten row's slot keeps its id and is zero everywhere else.
//   [meta_offset, end)  metadata: family and options, feature names, residual budget,
//                       a checksum per page of 256 slots, the family's posterior, the
//                       request log.
// Why fixed-width slots overwritten in place: a request of r ids rewrites r slots,
// r page checksums and the metadata — O(r + pages) bytes — never the whole table, so
// that forgetting from a 10⁶-row file stays far cheaper than retraining on it.
//
// Commit protocol (a write-ahead log beside the file, "<name>-wal", which is also the
// lock that serialises writers):
//   1. append one record to the log: every byte range the request changes (the zeroed
//      slots, the metadata, the header), checksummed; sync the log. This is the commit.
//   2. write the same ranges into the file in place (no sync needed: the log has them).
//   3. every so often (checkpoint) sync the file, then empty the log.
// Opening a file replays the log's valid records in order (a torn last record is
// ignored: its request never happened), so after a crash at any step the file is
// exactly the state before the request or after it. The log holds only new bytes —
// zeros where rows were — never an erased value.
//
// Versions: format 2 adds each request's measured residual (certificate.actual) to
// the request log. Format 1 files are read (their requests have no measured
// residual), and a file's first commit writes it as format 2.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/model/family.hpp>
#include <lethe/model/storage.hpp>

namespace lethe {

constexpr std::uint32_t kModelFormatVersion = 2;
constexpr std::uint64_t kSlotsPerPage = 256;

// Training rows as the user gave them, with their ids (sorted ascending, unique).
struct RowTable {
  std::vector<std::int64_t> ids;
  Eigen::MatrixXd x;  // n×k
  Eigen::VectorXd y;  // n
};

// One entry of the request log.
struct RequestRecord {
  std::string request_id;
  std::string kind;       // "forget" or "retrain"
  std::int64_t time = 0;  // seconds since 1970-01-01 UTC
  std::vector<std::int64_t> ids;
  Certificate certificate;
  std::string decision;  // "forgotten", "retrain-recommended", "retrained"
  double seconds = 0.0;  // processor time of the step (forget, or retrain)
};

struct ModelMeta {
  std::string family;
  OptionValues options;
  std::vector<std::string> feature_names;
  std::string target_name;
  double residual_budget = 0.0;
  std::int64_t created = 0;  // seconds since 1970-01-01 UTC
  std::uint64_t alive_rows = 0;
  std::vector<std::uint64_t> page_checksums;
  std::vector<unsigned char> family_state;
  std::vector<RequestRecord> requests;
};

struct ModelHeader {
  std::uint32_t format_version = kModelFormatVersion;
  std::uint64_t uid = 0;
  std::uint64_t generation = 0;
  std::uint64_t slot_count = 0;
  std::uint64_t feature_count = 0;
  std::uint64_t meta_offset = 0;
  std::uint64_t meta_bytes = 0;
  std::uint64_t meta_checksum = 0;
  std::uint64_t file_bytes = 0;
  std::uint64_t checksum = 0;  // of the header: with the page and metadata checksums, of the whole file

  std::uint64_t slot_bytes() const { return 8 * (3 + feature_count); }
};

// A row's place in the table.
struct SlotInfo {
  std::uint64_t index;
  bool alive;
};

class ModelStore {
 public:
  // Writes a new model file `name` (replacing any there): a temporary file, synced,
  // renamed over `name`, the directory synced, the log emptied. `meta.page_checksums`
  // and `alive_rows` are filled in here.
  static void create(Volume& volume, const std::string& name, const RowTable& rows, ModelMeta meta, std::uint64_t uid);

  // Opens `name` for reading and writing: takes the lock, replays the log. A missing,
  // corrupted, truncated or newer-version file is a FormatError (InvalidArgument when
  // the file does not exist); nothing is written then.
  ModelStore(Volume& volume, std::string name);
  ~ModelStore();
  ModelStore(const ModelStore&) = delete;
  ModelStore& operator=(const ModelStore&) = delete;

  const ModelHeader& header() const { return header_; }
  const ModelMeta& meta() const { return meta_; }
  const std::string& name() const { return name_; }
  // Records replayed from the log when opening (0 after a clean close).
  int replayed() const { return replayed_; }

  // Binary search of the sorted ids: the slot of `id`, if the table has it.
  bool find(std::int64_t id, SlotInfo& slot) const;
  // The rows in the given (alive) slots, their pages' checksums verified.
  RowTable read_slots(const std::vector<std::uint64_t>& slots) const;
  // Every row still in training; verifies every page.
  RowTable read_alive_rows() const;
  // The same rows a page at a time (at most 256 rows, in id order, row-major as the file
  // holds them), every page verified: a pass over the rows held without a copy of them
  // all. The table's storage serves every page: `visit` must not keep it.
  // A page all in training is viewed in place (x strided over its slots), else its rows
  // in training are copied out.
  using PageVisitor =
      std::function<void(const std::vector<std::int64_t>& ids, const RowsRef& x, const Eigen::VectorXd& y)>;
  void for_each_alive_page(const PageVisitor& visit) const;
  // Verifies every page checksum (the metadata and header were verified on open).
  void verify_pages() const;

  // Commits one request: the given slots' rows are erased (zeroed in place) and the
  // metadata replaced by `meta` (its page checksums and alive count are updated here).
  void commit(const std::vector<std::uint64_t>& erased_slots, ModelMeta meta);
  // Makes the file self-contained: syncs it and empties the log.
  void checkpoint();
  // The file's bytes after a checkpoint (for save() in JavaScript).
  std::vector<unsigned char> bytes();

  // The log's name for a model named `name`.
  static std::string log_name(const std::string& name) { return name + "-wal"; }

 private:
  void recover();
  void load();
  std::vector<unsigned char> read_page(std::uint64_t page) const;
  // The same into `bytes`, whose storage a loop over pages reuses.
  void read_page(std::uint64_t page, std::vector<unsigned char>& bytes) const;
  std::uint64_t page_checksum(std::uint64_t page, const std::vector<unsigned char>& bytes) const;
  void reset_log(std::uint64_t checkpoint);

  Volume& volume_;
  std::string name_;
  std::unique_ptr<VolumeLock> lock_;
  std::unique_ptr<File> file_, log_;
  ModelHeader header_;
  ModelMeta meta_;
  std::uint64_t log_checkpoint_ = 0;
  std::uint64_t log_records_ = 0;
  int replayed_ = 0;
};

// Encodings, exposed for the format tests.
std::vector<unsigned char> encode_header(const ModelHeader& header);
ModelHeader decode_header(const unsigned char* bytes, std::size_t size, const std::string& source);
std::vector<unsigned char> encode_meta(const ModelMeta& meta);
// `version`: the format the bytes were written in (format 1 has no certificate.actual).
ModelMeta decode_meta(const std::vector<unsigned char>& bytes, const std::string& source,
                      std::uint32_t version = kModelFormatVersion);

}  // namespace lethe
