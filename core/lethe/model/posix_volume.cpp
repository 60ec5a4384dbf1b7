#include <lethe/model/posix_volume.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lethe/base/errors.hpp>

namespace lethe {

namespace {

[[noreturn]] void fail_io(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno));
}

class PosixFile : public File {
 public:
  PosixFile(PosixVolume& volume, int fd, std::string path, std::function<void(const std::string&)> step)
      : fd_(fd), path_(std::move(path)), step_(std::move(step)) {
    (void)volume;
  }
  ~PosixFile() override { ::close(fd_); }

  std::uint64_t size() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) fail_io("cannot stat", path_);
    return static_cast<std::uint64_t>(st.st_size);
  }
  void read(std::uint64_t offset, void* data, std::size_t size) const override {
    auto* p = static_cast<unsigned char*>(data);
    while (size > 0) {
      const ssize_t n = ::pread(fd_, p, size, static_cast<off_t>(offset));
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_io("cannot read", path_);
      }
      if (n == 0) throw FormatError(path_ + ": read past the end at byte " + std::to_string(offset) + " (truncated?)");
      p += n;
      size -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
  }
  void write(std::uint64_t offset, const void* data, std::size_t size) override {
    step_("write " + path_);
    const auto* p = static_cast<const unsigned char*>(data);
    while (size > 0) {
      const ssize_t n = ::pwrite(fd_, p, size, static_cast<off_t>(offset));
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_io("cannot write", path_);
      }
      p += n;
      size -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
  }
  void truncate(std::uint64_t size) override {
    step_("truncate " + path_);
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) fail_io("cannot truncate", path_);
  }
  void sync() override {
    step_("sync " + path_);
    if (::fdatasync(fd_) != 0) fail_io("cannot sync", path_);
  }

 private:
  int fd_;
  std::string path_;
  std::function<void(const std::string&)> step_;
};

class PosixLock : public VolumeLock {
 public:
  explicit PosixLock(int fd) : fd_(fd) {}
  ~PosixLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

}  // namespace

PosixVolume::PosixVolume(std::string directory) : directory_(std::move(directory)) {
  if (const char* fault = std::getenv("LETHE_FAULT_STEP")) {
    fault_step_ = std::strtol(fault, nullptr, 10);
    // The process dies the way a kill -9 or a crash kills it: no destructor, no flush.
    set_fault_hook([this](long step, const std::string&) {
      if (step == fault_step_) ::raise(SIGKILL);
    });
  }
}

std::string PosixVolume::path(const std::string& name) const {
  return directory_.empty() ? name : directory_ + "/" + name;
}

bool PosixVolume::exists(const std::string& name) const {
  struct stat st;
  return ::stat(path(name).c_str(), &st) == 0;
}

std::unique_ptr<File> PosixVolume::open(const std::string& name, bool create) {
  const std::string p = path(name);
  if (create && !exists(name)) step("create " + p);
  const int fd = ::open(p.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
  if (fd < 0) fail_io("cannot open", p);
  return std::make_unique<PosixFile>(*this, fd, p, [this](const std::string& what) { step(what); });
}

void PosixVolume::remove(const std::string& name) {
  step("remove " + path(name));
  if (::unlink(path(name).c_str()) != 0 && errno != ENOENT) fail_io("cannot remove", path(name));
}

void PosixVolume::rename(const std::string& from, const std::string& to) {
  step("rename " + path(from));
  if (::rename(path(from).c_str(), path(to).c_str()) != 0) fail_io("cannot rename", path(from));
}

void PosixVolume::sync_directory() {
  step("sync directory " + directory_);
  const std::string dir = directory_.empty() ? "." : directory_;
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail_io("cannot open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail_io("cannot sync directory", dir);
}

std::unique_ptr<VolumeLock> PosixVolume::lock(const std::string& name) {
  const std::string p = path(name);
  const int fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail_io("cannot open lock file", p);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      ::close(fd);
      fail_io("cannot lock", p);
    }
  }
  return std::make_unique<PosixLock>(fd);
}

PathParts split_path(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return {"", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

}  // namespace lethe
