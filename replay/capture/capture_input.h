// The CAPTURE argument as a file every pass can open: a pcap or pcapng file as given, or a
// gzip-compressed one, a pipe or standard input ("-") read once into a temporary file.
//
// The replay reads the capture several times: the pcapng secrets walk, the survey (the whole
// capture before anything is sent: clients, servers, limits and CN checks need all of it) and the
// exchange pass, which streams so that memory follows what is in flight. A pipe can be read only
// once, and libpcap reads no gzip, so those are copied (decompressed) once into a temporary file:
// holding them in memory would undo the streaming, and doing every pass in one go would mean
// sending before the capture is known. The copy is unlinked as soon as it is made and reopened
// through /proc/self/fd (Linux), so no exit path (SIGINT, SIGKILL, a crash) leaves it behind.
#pragma once

#include <string>

namespace lwm2m::replay {

class CaptureInput {
 public:
  // `argument`: a path, or "-" for standard input. A regular file that is not gzip (or a
  // directory, which libpcap reports) is read in place. Throws CaptureError with one line naming
  // the input: cannot open, broken gzip, the temporary copy not written.
  explicit CaptureInput(const std::string& argument);
  ~CaptureInput();
  CaptureInput(const CaptureInput&) = delete;
  CaptureInput& operator=(const CaptureInput&) = delete;

  // What each pass opens: the argument itself, or /proc/self/fd/N of the copy.
  const std::string& path() const { return path_; }
  // What messages call it: the argument, or "standard input".
  const std::string& name() const { return name_; }
  // Whether it was copied (decompressed, a pipe, standard input).
  bool copied() const { return copy_ >= 0; }

 private:
  // Reads `fd` (gzip or not) into a new unlinked temporary file, copy_.
  void copy_from(int fd);

  std::string name_;
  std::string path_;
  int copy_ = -1;
};

}  // namespace lwm2m::replay
