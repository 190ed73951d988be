#include "capture/capture_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "capture/capture_reader.h"
#include "capture/gunzip_copy.h"

namespace lwm2m::replay {

namespace {

// Whether the file behind `fd` starts with gzip's magic bytes (left at offset 0).
bool file_starts_like_gzip(int fd) {
  unsigned char magic[2] = {};
  const ssize_t length = ::pread(fd, magic, sizeof magic, 0);
  return length > 0 && starts_like_gzip(magic, static_cast<std::size_t>(length));
}

std::string temporary_folder() {
  const char* folder = std::getenv("TMPDIR");
  return folder && *folder ? folder : "/tmp";
}

// A new temporary file, already unlinked: SIGINT and SIGTERM wait while it has a name.
int unlinked_temporary_file(const std::string& folder) {
  std::string name = folder + "/lwm2m-replay-XXXXXX";
  sigset_t block, previous;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigprocmask(SIG_BLOCK, &block, &previous);
  const int fd = ::mkstemp(name.data());
  const int error = errno;
  if (fd >= 0) ::unlink(name.c_str());
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  errno = error;
  return fd;
}

}  // namespace

CaptureInput::CaptureInput(const std::string& argument) : name_(argument), path_(argument) {
  if (argument == "-") {
    name_ = "standard input";
    const int fd = ::dup(STDIN_FILENO);
    if (fd < 0) throw CaptureError(name_ + ": cannot read: " + std::strerror(errno));
    copy_from(fd);
    return;
  }
  const int fd = ::open(argument.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw CaptureError(argument + ": cannot open: " + std::strerror(errno));
  struct stat info {};
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  // A plain file is read in place; a directory too, for libpcap to say what it is.
  if (S_ISDIR(info.st_mode) || (regular && !file_starts_like_gzip(fd))) {
    ::close(fd);
    return;
  }
  copy_from(fd);
}

CaptureInput::~CaptureInput() {
  if (copy_ >= 0) ::close(copy_);
}

void CaptureInput::copy_from(int fd) {
  const std::string folder = temporary_folder();
  copy_ = unlinked_temporary_file(folder);
  if (copy_ < 0) {
    const int error = errno;
    ::close(fd);
    throw CaptureError(name_ + ": cannot make a temporary copy in " + folder + ": " +
                       std::strerror(error));
  }
  const GunzipCopyResult copied = gunzip_copy(fd, copy_);
  ::close(fd);
  switch (copied.failure) {
    case GunzipCopyResult::Failure::kNone:
      break;
    case GunzipCopyResult::Failure::kRead:
      throw CaptureError(name_ + ": cannot read: " + copied.detail);
    case GunzipCopyResult::Failure::kWrite:
      throw CaptureError(name_ + ": cannot write its temporary copy in " + folder + ": " +
                         copied.detail);
    case GunzipCopyResult::Failure::kGzip:
      throw CaptureError(name_ + ": " + copied.detail);
  }
  path_ = "/proc/self/fd/" + std::to_string(copy_);
}

}  // namespace lwm2m::replay
