#include "tshark_runner.h"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace lwm2m::test {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, int timeout_seconds) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(err_pipe[0]);
    setpgid(0, 0);  // so a timeout can stop the whole process group
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);

  CommandResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  bool timed_out = false;
  while (open_count > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[65536];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) {
    result.exit_code = 128 + SIGKILL;
    result.err += "\n[timed out after " + std::to_string(timeout_seconds) + " s]";
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

CommandResult run_tshark(const std::vector<std::string>& args) {
  setenv("LWM2M_PLUGIN_DIR", LWM2M_PLUGIN_BUILD_DIR, 1);
  std::vector<std::string> argv{std::string(LWM2M_SOURCE_DIR) + "/scripts/lwm2m-tshark"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

std::string sample(const std::string& file_name) {
  return std::string(LWM2M_SOURCE_DIR) + "/samples/" + file_name;
}

std::string shared_capture(const std::string& file_name) {
  std::string path = std::string(LWM2M_SOURCE_DIR) + "/../shared/captures/" + file_name;
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? path : std::string();
}

Rows tshark_fields(const std::string& capture, const std::string& display_filter,
                   const std::vector<std::string>& fields,
                   const std::vector<std::string>& extra_args) {
  std::vector<std::string> args{"-r", capture,        "-T", "fields",
                                "-E", "occurrence=a", "-E", "aggregator=|"};
  if (!display_filter.empty()) {
    args.push_back("-Y");
    args.push_back(display_filter);
  }
  for (const std::string& field : fields) {
    args.push_back("-e");
    args.push_back(field);
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  CommandResult result = run_tshark(args);
  if (result.exit_code != 0) {
    throw std::runtime_error("tshark failed (" + std::to_string(result.exit_code) +
                             "): " + result.err);
  }
  Rows rows;
  for (const std::string& line : split(result.out, '\n')) {
    if (line.empty()) continue;
    rows.push_back(split(line, '\t'));
    rows.back().resize(fields.size());
  }
  return rows;
}

std::vector<std::string> tshark_info(const std::string& capture, const std::string& display_filter,
                                     const std::vector<std::string>& extra_args) {
  std::vector<std::string> info;
  for (auto& row : tshark_fields(capture, display_filter, {"_ws.col.Info"}, extra_args)) {
    info.push_back(row.at(0));
  }
  return info;
}

}  // namespace lwm2m::test
