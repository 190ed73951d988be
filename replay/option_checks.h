// The checks of lwm2m-replay's option values, with errors in plain words: CLI11's own ranges
// print the limits of a double (309 digits for --speed 0) and call a word "not in range".
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace lwm2m::replay {

// A number greater than 0 ("--speed: '0' is not a number greater than 0").
CLI::Validator positive_number();
// A number from `low` to `high`, both included.
CLI::Validator number_from(double low, double high);
// A whole number from `low` to `high`, both included.
CLI::Validator whole_number_from(long long low, long long high);
// One of `words` ("--respond: 'all' is not captured or none").
CLI::Validator one_of(const std::vector<std::string>& words);

}  // namespace lwm2m::replay
