#include "capture/capture_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "capture/capture_reader.h"

namespace lwm2m::replay {

namespace {

constexpr std::size_t kCopyChunk = 256 * 1024;

// Whether the file behind `fd` starts with gzip's magic bytes (left at offset 0).
bool starts_like_gzip(int fd) {
  unsigned char magic[2] = {};
  const ssize_t length = ::pread(fd, magic, sizeof magic, 0);
  return length == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
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

bool write_all(int fd, const char* data, std::size_t length) {
  while (length > 0) {
    const ssize_t written = ::write(fd, data, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    length -= static_cast<std::size_t>(written);
  }
  return true;
}

// zlib's error after a failed read, in words.
std::string gzip_problem(gzFile gz, int status) {
  int code = status;
  const char* message = gz ? gzerror(gz, &code) : "";
  if (code == Z_ERRNO) return std::string("cannot read: ") + std::strerror(errno);
  if (code == Z_BUF_ERROR) return "the gzip data is cut short";
  if (code == Z_MEM_ERROR) return "out of memory while decompressing";
  // zlib names the stream "<fd:3>: ", which says nothing to the user.
  std::string text = message;
  if (text.rfind("<fd:", 0) == 0 && text.find(": ") != std::string::npos)
    text.erase(0, text.find(": ") + 2);
  return "broken gzip data: " + text;
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
  if (S_ISDIR(info.st_mode) || (regular && !starts_like_gzip(fd))) {
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
  // gzdopen reads data that is not gzip as it is: one loop for pipes, gzip or not.
  gzFile gz = gzdopen(fd, "rb");
  if (!gz) {
    ::close(fd);
    throw CaptureError(name_ + ": " + gzip_problem(nullptr, Z_MEM_ERROR));
  }
  gzbuffer(gz, kCopyChunk);
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    const int length = gzread(gz, chunk.data(), chunk.size());
    if (length < 0) {
      const std::string problem = gzip_problem(gz, length);
      gzclose_r(gz);
      throw CaptureError(name_ + ": " + problem);
    }
    if (length == 0) break;
    if (!write_all(copy_, chunk.data(), static_cast<std::size_t>(length))) {
      const int error = errno;
      gzclose_r(gz);
      throw CaptureError(name_ + ": cannot write its temporary copy in " + folder + ": " +
                         std::strerror(error));
    }
  }
  // A cut gzip stream shows at the end (Z_BUF_ERROR), after the data before the cut.
  int code = Z_OK;
  gzerror(gz, &code);
  const std::string problem = code == Z_OK ? "" : gzip_problem(gz, code);
  const int closed = gzclose_r(gz);
  if (!problem.empty()) throw CaptureError(name_ + ": " + problem);
  if (closed != Z_OK) throw CaptureError(name_ + ": " + gzip_problem(nullptr, closed));
  path_ = "/proc/self/fd/" + std::to_string(copy_);
}

}  // namespace lwm2m::replay
