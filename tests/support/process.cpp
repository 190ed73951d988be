#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace lwm2m::test {

namespace {

pid_t spawn(const std::vector<std::string>& argv, int out_pipe[2], int err_pipe[2]) {
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
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
  return pid;
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, int timeout_seconds) {
  int out_pipe[2];
  int err_pipe[2];
  const pid_t pid = spawn(argv, out_pipe, err_pipe);

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
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  result.max_rss_kib = usage.ru_maxrss;
  if (timed_out) {
    result.exit_code = 128 + SIGKILL;
    result.err += "\n[timed out after " + std::to_string(timeout_seconds) + " s]";
  } else {
    result.exit_code = exit_code_of(status);
  }
  return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  int out_pipe[2];
  int err_pipe[2];
  pid_ = spawn(argv, out_pipe, err_pipe);
  out_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  fcntl(out_, F_SETFL, O_NONBLOCK);
  fcntl(err_fd_, F_SETFL, O_NONBLOCK);
}

BackgroundProcess::~BackgroundProcess() {
  if (!ended_) stop(SIGTERM);
  if (out_ >= 0) close(out_);
  if (err_fd_ >= 0) close(err_fd_);
}

void BackgroundProcess::read_available(int timeout_ms) {
  pollfd fds[2] = {{out_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (poll(fds, 2, timeout_ms) <= 0) return;
  char buffer[65536];
  if (fds[0].revents) {
    const ssize_t n = read(out_, buffer, sizeof buffer);
    if (n > 0) {
      partial_.append(buffer, static_cast<std::size_t>(n));
      std::size_t newline;
      while ((newline = partial_.find('\n')) != std::string::npos) {
        lines_.push_back(partial_.substr(0, newline));
        partial_.erase(0, newline + 1);
      }
    }
  }
  if (fds[1].revents) {
    const ssize_t n = read(err_fd_, buffer, sizeof buffer);
    if (n > 0) err_.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string BackgroundProcess::wait_for_line(const std::function<bool(const std::string&)>& wanted,
                                             std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    while (next_line_ < lines_.size()) {
      const std::string& line = lines_[next_line_++];
      if (wanted(line)) return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || ended_) return "";
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      ended_ = true;
      exit_code_ = exit_code_of(status);
      read_available(0);
      continue;
    }
    read_available(static_cast<int>(std::min<int64_t>(left.count(), 50)));
  }
}

bool BackgroundProcess::wait_for_err(const std::string& text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (err_.find(text) != std::string::npos) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !running()) {
      read_available(0);
      return err_.find(text) != std::string::npos;
    }
    read_available(static_cast<int>(std::min<int64_t>(left.count(), 50)));
  }
}

bool BackgroundProcess::running() {
  if (ended_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    ended_ = true;
    exit_code_ = exit_code_of(status);
  }
  return !ended_;
}

const std::vector<std::string>& BackgroundProcess::lines() {
  read_available(0);
  return lines_;
}

const std::string& BackgroundProcess::err() {
  read_available(0);
  return err_;
}

void BackgroundProcess::signal(int signal) {
  if (!ended_) kill(pid_, signal);
}

int BackgroundProcess::stop(int signal) {
  if (ended_) return exit_code_;
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid_, SIGKILL);
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    read_available(20);
  }
  read_available(0);
  ended_ = true;
  exit_code_ = exit_code_of(status);
  return exit_code_;
}

}  // namespace lwm2m::test
