// Where model files live: a Volume (a directory) of Files, with the operations the
// commit protocol of model_file.hpp needs and nothing else — positioned reads and
// writes, truncation, a durability barrier per file (sync) and per directory
// (sync_directory), atomic rename, removal, and an exclusive lock.
//
// Two volumes:
//   PosixVolume   a directory on disk (posix_volume.hpp; native builds only);
//   MemoryVolume  files in memory, for WebAssembly (bytes in, bytes out) and for the
//                 crash tests: it keeps, per file, what a sync made durable and what
//                 is still pending, and crash() drops any subset of the pending
//                 writes, as a power cut may.
//
// Every mutating call is a numbered *write step*. A fault hook sees each step before
// it happens; the tests stop the protocol there (MemoryVolume: an exception, then
// crash(); PosixVolume: LETHE_FAULT_STEP=N in the environment kills the process with
// SIGKILL at step N) to prove a request is applied whole or not at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lethe {

class File {
 public:
  virtual ~File() = default;
  virtual std::uint64_t size() const = 0;
  // Reads exactly `size` bytes at `offset`; a read past the end is a FormatError.
  virtual void read(std::uint64_t offset, void* data, std::size_t size) const = 0;
  virtual void write(std::uint64_t offset, const void* data, std::size_t size) = 0;
  virtual void truncate(std::uint64_t size) = 0;
  // Everything written so far survives a crash once this returns.
  virtual void sync() = 0;

  std::vector<unsigned char> read_all() const;
};

// Held while a writer works on a model; released on destruction.
class VolumeLock {
 public:
  virtual ~VolumeLock() = default;
};

class Volume {
 public:
  using FaultHook = std::function<void(long step, const std::string& what)>;

  virtual ~Volume() = default;
  virtual bool exists(const std::string& name) const = 0;
  // Opens a file for reading and writing; `create` makes an empty one if missing.
  virtual std::unique_ptr<File> open(const std::string& name, bool create) = 0;
  virtual void remove(const std::string& name) = 0;
  // Replaces `to` by `from` atomically.
  virtual void rename(const std::string& from, const std::string& to) = 0;
  // Creations, renames and removals so far survive a crash once this returns.
  virtual void sync_directory() = 0;
  // Blocks until no other process holds the lock `name`, then holds it.
  virtual std::unique_ptr<VolumeLock> lock(const std::string& name) = 0;

  void set_fault_hook(FaultHook hook) { fault_hook_ = std::move(hook); }
  long steps() const { return steps_; }

 protected:
  // Called by every mutating operation before it acts.
  void step(const std::string& what);

 private:
  FaultHook fault_hook_;
  long steps_ = 0;
};

// Thrown by a test's fault hook to stop the protocol at a write step.
struct SimulatedCrash {
  long step;
};

class MemoryVolume : public Volume {
 public:
  MemoryVolume() = default;

  bool exists(const std::string& name) const override;
  std::unique_ptr<File> open(const std::string& name, bool create) override;
  void remove(const std::string& name) override;
  void rename(const std::string& from, const std::string& to) override;
  void sync_directory() override;
  std::unique_ptr<VolumeLock> lock(const std::string& name) override;

  // Puts `bytes` in file `name` as durable content (loading a model given as bytes).
  void put(const std::string& name, std::vector<unsigned char> bytes);
  // The current content of `name` (what a reader sees now).
  const std::vector<unsigned char>& content(const std::string& name) const;
  // A power cut: each write, truncation and directory change not yet synced is kept
  // or lost independently (a write may also be torn: kept up to a random byte),
  // decided by `seed`. Open File objects must not be used afterwards.
  void crash(std::uint64_t seed);

  struct Node;

 private:
  std::map<std::string, std::shared_ptr<Node>> live_, durable_;
  friend class MemoryFile;
};

}  // namespace lethe
