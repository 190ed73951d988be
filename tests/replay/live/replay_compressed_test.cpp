// lwm2m-replay's CAPTURE argument beyond a plain file: gzip-compressed, standard input ("-"), a
// pipe (/dev/stdin). Each is read once into an unlinked temporary file, so every pass (pcapng
// secrets, survey, exchanges) sees the whole capture; --list of each must equal --list of the
// plain file but for its name, and nothing may stay in TMPDIR.
#include <dirent.h>
#include <signal.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// `path` compressed with gzip into `dir`.
std::string gzipped(const TempDir& dir, const std::string& path, const std::string& name) {
  const std::string out = dir.path(name);
  const CommandResult gzip = run_command({"sh", "-c", "gzip -c \"$0\" > \"$1\"", path, out});
  EXPECT_EQ(gzip.exit_code, 0) << gzip.err;
  return out;
}

// lwm2m-replay `args` with standard input from `input`, through a pipe when `pipe`, and TMPDIR
// set to `tmpdir`.
CommandResult replay_with_stdin(const std::vector<std::string>& args, const std::string& input,
                                bool pipe, const std::string& tmpdir) {
  const char* script = pipe ? "in=$1 tmp=$2; shift 2; cat \"$in\" | TMPDIR=\"$tmp\" \"$@\""
                            : "in=$1 tmp=$2; shift 2; TMPDIR=\"$tmp\" exec \"$@\" < \"$in\"";
  std::vector<std::string> argv = {"sh", "-c", script, "sh", input, tmpdir};
  const std::vector<std::string> replay = replay_argv(args);
  argv.insert(argv.end(), replay.begin(), replay.end());
  return run_command(argv);
}

// The names in `folder` but . and ..
std::vector<std::string> entries(const std::string& folder) {
  std::vector<std::string> names;
  if (DIR* dir = opendir(folder.c_str())) {
    while (const dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(dir);
  }
  return names;
}

// --list's output with the capture's name replaced by `name`.
std::string listing_named(const std::string& listing, const std::string& from,
                          const std::string& name) {
  std::string text = listing;
  const std::string head = "capture " + from + ":";
  EXPECT_EQ(text.rfind(head, 0), 0u) << text;
  return text.replace(0, head.size(), "capture " + name + ":");
}

TEST(ReplayCompressed, AGzipCaptureListsLikeThePlainOne) {
  TempDir dir;
  for (const std::string sample : {"real-node-lifecycle.pcapng", "cert-match.pcapng"}) {
    const std::string plain = sample_capture(sample);
    const std::string gz = gzipped(dir, plain, std::string(sample) + ".gz");
    const CommandResult expected = run_replay({"--list", plain});
    ASSERT_EQ(expected.exit_code, 0) << expected.err;
    const CommandResult run = run_replay({"--list", gz});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    // cert-match's DTLS is decrypted with the secrets the pcapng embeds: the walk reads the copy.
    EXPECT_EQ(run.out, listing_named(expected.out, plain, gz)) << sample;
  }
}

TEST(ReplayCompressed, StandardInputAndAPipeListLikeTheFile) {
  TempDir dir;
  const std::string plain = sample_capture("cert-match.pcapng");
  const std::string gz = gzipped(dir, plain, "cert-match.pcapng.gz");
  const CommandResult expected = run_replay({"--list", plain});
  ASSERT_EQ(expected.exit_code, 0) << expected.err;
  for (const std::string& input : {plain, gz}) {
    for (const bool pipe : {false, true}) {
      const CommandResult dash = replay_with_stdin({"--list", "-"}, input, pipe, dir.path(""));
      EXPECT_EQ(dash.exit_code, 0) << dash.err;
      EXPECT_EQ(dash.out, listing_named(expected.out, plain, "standard input")) << input << pipe;
      // A pipe by its path: every pass used to read what the first had left ("the file is
      // empty").
      const CommandResult dev =
          replay_with_stdin({"--list", "/dev/stdin"}, input, pipe, dir.path(""));
      EXPECT_EQ(dev.exit_code, 0) << dev.err;
      EXPECT_EQ(dev.out, listing_named(expected.out, plain, "/dev/stdin")) << input << pipe;
    }
  }
  EXPECT_EQ(entries(dir.path("")), std::vector<std::string>({"cert-match.pcapng.gz"}));
}

TEST(ReplayCompressed, TheFilterAppliesToAGzipCapture) {
  TempDir dir;
  const std::string gz = gzipped(dir, sample_capture("real-node-lifecycle.pcapng"), "l.pcapng.gz");
  const CommandResult run = run_replay({gz, "--target", "127.0.0.1:9", "--filter", "udp port 9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "lwm2m-replay: no LwM2M client in " + gz +
                         " (12 frames, 0 UDP datagrams (0 CoAP, 0 DTLS, 0 other); 12 skipped: 12 "
                         "filtered out): no Register, Update, De-register or Bootstrap-Request "
                         "over CoAP/UDP\n");
  const CommandResult kept = run_replay({"--list", gz, "--filter", "udp port 5683"});
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.out.find("capture " + gz + ": 12 frames, 12 UDP datagrams"), std::string::npos)
      << kept.out;
}

TEST(ReplayCompressed, AGzipCaptureReplays) {
  NodeServer server({"--read", "/3/0/0"});
  TempDir dir;
  const std::string gz = gzipped(dir, sample_capture("real-node-sll2.pcapng"), "sll2.pcapng.gz");
  const CommandResult run = run_replay({gz, "--target", server.target(), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer; 1 server "
                         "request (1 answered from the capture, 0 with 4.04); 1 client;"),
            std::string::npos)
      << run.out;
}

// Broken gzip: one line naming the file and what is wrong, exit 2, nothing sent.
TEST(ReplayCompressed, BrokenGzipIsOneLineAndExitTwo) {
  TempDir dir;
  const std::string gz = gzipped(dir, sample_capture("real-node-lifecycle.pcapng"), "l.pcapng.gz");
  const std::string bytes = read_file(gz);
  write_file(dir.path("cut.pcapng.gz"), bytes.substr(0, bytes.size() / 2));
  // A gzip header, then a deflate block of the reserved type 3.
  write_file(dir.path("corrupt.pcapng.gz"),
             std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff", 13));
  write_file(dir.path("bad-method.pcapng.gz"), std::string("\x1f\x8b\x07\x00", 4) + "garbage");
  const struct {
    std::string file, message;
  } cases[] = {
      {"cut.pcapng.gz", "the gzip data is cut short"},
      {"corrupt.pcapng.gz", "broken gzip data: invalid block type"},
      {"bad-method.pcapng.gz", "broken gzip data: unknown compression method"},
  };
  for (const auto& c : cases) {
    const std::string path = dir.path(c.file);
    const CommandResult run = run_replay({path, "--target", "127.0.0.1:9"});
    EXPECT_EQ(run.exit_code, 2) << c.file;
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "lwm2m-replay: " + path + ": " + c.message + "\n");
  }
  const CommandResult empty = replay_with_stdin({"--list", "-"}, "/dev/null", true, dir.path(""));
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err, "lwm2m-replay: standard input: the file is empty\n");
}

// The copy is unlinked as soon as it is made: TMPDIR stays empty while the replay runs and after
// it is killed.
TEST(ReplayCompressed, TheTemporaryCopyNeverShowsInTmpdir) {
  TempDir dir;
  const std::string tmpdir = dir.path("tmp");
  ASSERT_EQ(run_command({"mkdir", tmpdir}).exit_code, 0);
  const std::string gz = gzipped(dir, sample_capture("real-node-lifecycle.pcapng"), "l.pcapng.gz");
  // A target that never answers: the replay waits in its first exchange.
  const int port = free_udp_port();
  UdpListener silent("127.0.0.1", port);
  std::vector<std::string> argv = {"env", "TMPDIR=" + tmpdir};
  for (const std::string& arg :
       replay_argv({gz, "--target", "127.0.0.1:" + std::to_string(port), "--no-progress"}))
    argv.push_back(arg);
  BackgroundProcess replay(argv);
  // The run's first line ("lwm2m-replay 0.1.0: <capture> (...) -> <target>"): the table's
  // column titles wait for a first row, which a silent target never gives.
  ASSERT_NE(replay.wait_for_line(
                [](const std::string& line) {
                  return line.rfind("lwm2m-replay ", 0) == 0 &&
                         line.find(" -> ") != std::string::npos;
                },
                std::chrono::seconds(30)),
            "");
  EXPECT_EQ(entries(tmpdir), std::vector<std::string>());
  EXPECT_EQ(replay.stop(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(entries(tmpdir), std::vector<std::string>());
}

}  // namespace
}  // namespace lwm2m::test
