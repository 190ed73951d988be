#include "report/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace lwm2m::replay {

namespace {
constexpr int kBarWidth = 30;
constexpr std::chrono::milliseconds kRedrawEvery{100};
}  // namespace

ProgressBar::ProgressBar(std::FILE* out, uint64_t total)
    : out_(out),
      enabled_(isatty(fileno(out)) == 1),
      total_(std::max<uint64_t>(total, 1)),
      started_(std::chrono::steady_clock::now()) {}

void ProgressBar::on_start() {
  started_ = std::chrono::steady_clock::now();
}

void ProgressBar::on_exchange(const ExchangeResult& result) {
  ++done_;
  if (result.outcome != Outcome::kMatched) ++differ_;
  draw(false);
}

void ProgressBar::on_finish(const ReplaySummary&) {
  clear();
}

void ProgressBar::clear() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\x1b[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

void ProgressBar::draw(bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  const double share = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
  const int filled = static_cast<int>(share * kBarWidth);
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0.0;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
  std::fprintf(out_, "\r\x1b[K[%s] %llu/%llu exchanges, %llu not matched, %.0f/s", bar.c_str(),
               static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
               static_cast<unsigned long long>(differ_), rate);
  std::fflush(out_);
  drawn_ = true;
}

}  // namespace lwm2m::replay
