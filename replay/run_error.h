// A run that cannot go on: one line for the user and the exit code for it (usage, capture and
// target problems are kExitUsage). main() prints it as "lwm2m-replay: <message>".
#pragma once

#include <stdexcept>
#include <string>

namespace lwm2m::replay {

class RunError : public std::runtime_error {
 public:
  RunError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace lwm2m::replay
