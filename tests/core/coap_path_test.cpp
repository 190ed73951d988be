// The one spelling of a message's path (lwm2m/coap_path.h).
#include "lwm2m/coap_path.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace lwm2m {
namespace {

using Segments = std::vector<std::string_view>;

TEST(PathSegments, OneSegmentPerOption) {
  EXPECT_EQ(path_segments({"rd", "5a3f"}), (Segments{"rd", "5a3f"}));
}

TEST(PathSegments, SplitsOptionsHoldingSlashes) {
  EXPECT_EQ(path_segments({"rd/5a3f"}), (Segments{"rd", "5a3f"}));
  EXPECT_EQ(path_segments({"lwm2m", "rd/1/x"}), (Segments{"lwm2m", "rd", "1", "x"}));
}

TEST(PathSegments, DropsEmptyPieces) {
  EXPECT_EQ(path_segments({"", "/rd//", "/", "a"}), (Segments{"rd", "a"}));
  EXPECT_EQ(path_segments({}), Segments{});
  EXPECT_EQ(path_segments({"", "/"}), Segments{});
}

TEST(JoinPath, JoinsWithLeadingSlash) {
  EXPECT_EQ(join_path({"rd", "5a3f"}), "/rd/5a3f");
  EXPECT_EQ(join_path({"rd"}), "/rd");
  EXPECT_EQ(join_path({}), "/");
}

TEST(PathText, IsTheSameForEveryWayOfSendingAPath) {
  EXPECT_EQ(path_text({"rd", "5a3f"}), "/rd/5a3f");
  EXPECT_EQ(path_text({"rd/5a3f"}), "/rd/5a3f");
  EXPECT_EQ(path_text({"/rd/5a3f"}), "/rd/5a3f");  // was "//rd/5a3f" in one of three old copies
  EXPECT_EQ(path_text({"/rd", "5a3f/"}), "/rd/5a3f");
  EXPECT_EQ(path_text({}), "/");
  EXPECT_EQ(path_text({""}), "/");
}

TEST(UriPath, IsTheUriPathOptionsOnly) {
  coap::MessageData request;
  request.code = coap::kPost;
  request.add(coap::kUriPath, "rd").add(coap::kUriQuery, "ep=x").add(coap::kUriPath, "5a3f");
  request.add(coap::kLocationPath, "elsewhere");
  EXPECT_EQ(uri_path(request), "/rd/5a3f");
  EXPECT_EQ(uri_path(coap::MessageData{}), "/");
}

TEST(LocationPath, IsEmptyWithoutLocationPathOptions) {
  coap::MessageData response;
  response.code = coap::code(2, 1);
  EXPECT_EQ(location_path(response), "");
  response.add(coap::kUriPath, "not-a-location");
  EXPECT_EQ(location_path(response), "");
  response.add(coap::kLocationPath, "/rd/1");
  EXPECT_EQ(location_path(response), "/rd/1");
  coap::MessageData two_options;
  two_options.location("rd/1");
  EXPECT_EQ(location_path(two_options), "/rd/1");
  EXPECT_EQ(two_options.values(coap::kLocationPath).size(), 2u);
}

}  // namespace
}  // namespace lwm2m
