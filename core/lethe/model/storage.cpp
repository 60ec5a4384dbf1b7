#include <lethe/model/storage.hpp>

#include <cstring>
#include <utility>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

std::vector<unsigned char> File::read_all() const {
  std::vector<unsigned char> out(static_cast<std::size_t>(size()));
  if (!out.empty()) read(0, out.data(), out.size());
  return out;
}

void Volume::step(const std::string& what) {
  ++steps_;
  if (fault_hook_) fault_hook_(steps_, what);
}

// ---------------------------------------------------------------- MemoryVolume

struct MemoryVolume::Node {
  struct Pending {
    bool truncate;  // else a write
    std::uint64_t offset;
    std::vector<unsigned char> bytes;
  };
  std::vector<unsigned char> live, durable;
  std::vector<Pending> pending;  // since the last sync, in order
};

namespace {

void apply_write(std::vector<unsigned char>& content, std::uint64_t offset, const unsigned char* data,
                 std::size_t size) {
  if (content.size() < offset + size) content.resize(static_cast<std::size_t>(offset + size), 0);
  std::memcpy(content.data() + offset, data, size);
}

}  // namespace

class MemoryFile : public File {
 public:
  MemoryFile(MemoryVolume& volume, std::shared_ptr<MemoryVolume::Node> node, std::string name)
      : volume_(volume), node_(std::move(node)), name_(std::move(name)) {}

  std::uint64_t size() const override { return node_->live.size(); }
  void read(std::uint64_t offset, void* data, std::size_t size) const override {
    if (offset > node_->live.size() || size > node_->live.size() - offset)
      throw FormatError(name_ + ": read of " + std::to_string(size) + " bytes at " + std::to_string(offset) +
                        " past the end (" + std::to_string(node_->live.size()) + " bytes; truncated?)");
    if (size) std::memcpy(data, node_->live.data() + offset, size);
  }
  void write(std::uint64_t offset, const void* data, std::size_t size) override {
    volume_.step("write " + name_);
    const auto* p = static_cast<const unsigned char*>(data);
    apply_write(node_->live, offset, p, size);
    node_->pending.push_back({false, offset, std::vector<unsigned char>(p, p + size)});
  }
  void truncate(std::uint64_t size) override {
    volume_.step("truncate " + name_);
    node_->live.resize(static_cast<std::size_t>(size), 0);
    node_->pending.push_back({true, size, {}});
  }
  void sync() override {
    volume_.step("sync " + name_);
    node_->durable = node_->live;
    node_->pending.clear();
  }

 private:
  MemoryVolume& volume_;
  std::shared_ptr<MemoryVolume::Node> node_;
  std::string name_;
};

bool MemoryVolume::exists(const std::string& name) const { return live_.count(name) != 0; }

std::unique_ptr<File> MemoryVolume::open(const std::string& name, bool create) {
  auto it = live_.find(name);
  if (it == live_.end()) {
    if (!create) throw InvalidArgument("open: no file '" + name + "'");
    step("create " + name);
    it = live_.emplace(name, std::make_shared<Node>()).first;
  }
  return std::make_unique<MemoryFile>(*this, it->second, name);
}

void MemoryVolume::remove(const std::string& name) {
  step("remove " + name);
  live_.erase(name);
}

void MemoryVolume::rename(const std::string& from, const std::string& to) {
  step("rename " + from + " " + to);
  auto it = live_.find(from);
  if (it == live_.end()) throw InvalidArgument("rename: no file '" + from + "'");
  live_[to] = it->second;
  live_.erase(from);
}

void MemoryVolume::sync_directory() {
  step("sync directory");
  durable_ = live_;
}

std::unique_ptr<VolumeLock> MemoryVolume::lock(const std::string&) { return std::make_unique<VolumeLock>(); }

void MemoryVolume::put(const std::string& name, std::vector<unsigned char> bytes) {
  auto node = std::make_shared<Node>();
  node->live = std::move(bytes);
  node->durable = node->live;
  live_[name] = node;
  durable_[name] = node;
}

const std::vector<unsigned char>& MemoryVolume::content(const std::string& name) const {
  auto it = live_.find(name);
  if (it == live_.end()) throw InvalidArgument("content: no file '" + name + "'");
  return it->second->live;
}

void MemoryVolume::crash(std::uint64_t seed) {
  Rng rng(seed);
  // Directory changes since the last sync_directory: all kept or all lost.
  if (rng.below(2) == 0) live_ = durable_;
  durable_ = live_;
  for (auto& entry : live_) {
    Node& node = *entry.second;
    std::vector<unsigned char> content = node.durable;
    for (const Node::Pending& op : node.pending) {
      if (rng.below(2) == 0) continue;  // this write never reached the disk
      if (op.truncate) {
        content.resize(static_cast<std::size_t>(op.offset), 0);
      } else {
        // A torn write keeps a prefix of the bytes (at least one).
        std::size_t kept = op.bytes.size();
        if (kept > 1 && rng.below(4) == 0) kept = 1 + static_cast<std::size_t>(rng.below(kept - 1));
        apply_write(content, op.offset, op.bytes.data(), kept);
      }
    }
    node.live = content;
    node.durable = content;
    node.pending.clear();
  }
}

}  // namespace lethe
