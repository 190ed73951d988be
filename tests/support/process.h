// Child processes for the end-to-end tests: a command run to its end, or a server kept running in
// the background while a test talks to it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace lwm2m::test {

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal when the process was killed
  std::string out;
  std::string err;
  long max_rss_kib = 0;  // the process's peak resident memory (getrusage's ru_maxrss)
};

// Runs `argv` (argv[0] is looked up in PATH), waiting at most `timeout_seconds`.
CommandResult run_command(const std::vector<std::string>& argv, int timeout_seconds = 300);

// A process running while the test goes on: its standard output is read line by line, standard
// error is kept. Stopped (SIGTERM, then SIGKILL) when destroyed.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads output until a line satisfies `wanted` (returned) or `timeout` passes or the process
  // ends ("" then).
  std::string wait_for_line(const std::function<bool(const std::string&)>& wanted,
                            std::chrono::milliseconds timeout);
  // Reads until standard error holds `text` (true) or `timeout` passes or the process ends.
  bool wait_for_err(const std::string& text, std::chrono::milliseconds timeout);
  // Every line printed so far (reading what is ready now).
  const std::vector<std::string>& lines();
  // Sends `signal` and waits for the process to end; returns its exit code (128 + signal).
  int stop(int signal = 15);
  void signal(int signal);
  // Whether the process has ended (checked now).
  bool running();
  pid_t pid() const { return pid_; }
  const std::string& err();

 private:
  void read_available(int timeout_ms);

  pid_t pid_ = -1;
  int out_ = -1, err_fd_ = -1;
  std::string partial_, err_;
  std::vector<std::string> lines_;
  std::size_t next_line_ = 0;
  bool ended_ = false;
  int exit_code_ = -1;
};

}  // namespace lwm2m::test
