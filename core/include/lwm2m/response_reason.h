// What a response to an LwM2M operation means: its outcome, and the reason phrase the seed's
// Table 20 (and, for the operations the seed leaves alone, the TS's) gives its code.
#pragma once

#include <cstdint>
#include <string_view>

#include "lwm2m/operation.h"

namespace lwm2m {

// Both return views of string literals, so their data() is NUL-terminated.

// "success" (2.xx but 2.31), "continue" (2.31, a Block1 block taken), "failure" (4.xx, 5.xx).
std::string_view response_outcome(uint8_t code);

// The reason phrase of `code` as an answer to `operation`, or "" when the tables give none.
std::string_view response_reason(Operation operation, uint8_t code);

}  // namespace lwm2m
