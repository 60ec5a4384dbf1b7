// A Volume on a POSIX file system: open/pread/pwrite/fdatasync/rename and flock.
// Native builds only (the WebAssembly module works on MemoryVolume: bytes in and
// out); core/CMakeLists.txt leaves posix_volume.cpp out of the Emscripten build.
#pragma once

#include <lethe/model/storage.hpp>

namespace lethe {

class PosixVolume : public Volume {
 public:
  // `directory`: where the files are; "" is the current directory.
  explicit PosixVolume(std::string directory);

  bool exists(const std::string& name) const override;
  std::unique_ptr<File> open(const std::string& name, bool create) override;
  void remove(const std::string& name) override;
  void rename(const std::string& from, const std::string& to) override;
  void sync_directory() override;
  std::unique_ptr<VolumeLock> lock(const std::string& name) override;

  std::string path(const std::string& name) const;

 private:
  std::string directory_;
  long fault_step_ = 0;  // LETHE_FAULT_STEP, 0: none
};

// Splits a path into the directory a PosixVolume opens and the file name in it.
struct PathParts {
  std::string directory, name;
};
PathParts split_path(const std::string& path);

}  // namespace lethe
