#include "lwm2m/registrations.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace lwm2m {
namespace {

// The book keeps views of its texts: these live as long as the test program.
std::string_view kept(std::string text) {
  static std::set<std::string> texts;
  return *texts.insert(std::move(text)).first;
}

constexpr PeerId kServer = 1;
constexpr PeerId kOtherServer = 2;
constexpr PeerId kClientA = 10;
constexpr PeerId kClientB = 11;
constexpr PeerId kClientC = 12;

Registration registration(PeerId client, std::optional<uint8_t> ept, std::string ep,
                          std::string location, uint64_t frame, double time,
                          uint32_t lifetime = 60) {
  Registration r;
  r.server = kServer;
  r.client = client;
  r.client_name = kept("client-" + std::to_string(client));
  r.ept = ept;
  r.ep = kept(std::move(ep));
  r.location = kept(std::move(location));
  r.register_frame = frame;
  r.lifetime = lifetime;
  r.refreshed_at = time;
  return r;
}

TEST(RegistrationBook, UpdateFindsTheRegistrationByLocationAndRefreshesIt) {
  RegistrationBook book;
  book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0));
  Lookup found = book.find(kServer, "/rd/1", 30.0);
  ASSERT_NE(found.registration, nullptr);
  EXPECT_EQ(found.registration->ep, "urn:imei:490154203237518");
  EXPECT_FALSE(found.expired_for);
  EXPECT_FALSE(found.ended);
  EXPECT_EQ(found.registration->expires_at(), 60.0);  // finding it changes nothing
  EXPECT_EQ(book.accept_update(*found.registration, 30.0, 120), std::nullopt);
  EXPECT_EQ(found.registration->expires_at(), 150.0);  // refreshed at 30 with lifetime 120
}

TEST(RegistrationBook, UnknownLocationAndOtherServerFindNothing) {
  RegistrationBook book;
  book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0));
  EXPECT_EQ(book.find(kServer, "/rd/2", 1.0).registration, nullptr);
  EXPECT_EQ(book.find(kOtherServer, "/rd/1", 1.0).registration, nullptr);
}

TEST(RegistrationBook, UpdateAfterTheLifetimeSaysHowLongAgoItExpired) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  book.accept_update(stored, 30.0, std::nullopt);  // alive until 90
  Lookup late = book.find(kServer, "/rd/1", 200.0);
  ASSERT_EQ(late.registration, &stored);
  ASSERT_TRUE(late.expired_for);
  EXPECT_DOUBLE_EQ(*late.expired_for, 110.0);
  EXPECT_EQ(late.registration->expires_at(), 90.0);  // finding it does not revive it
}

// A caller that knows the name is canonical (check_endpoint_pair's verdict) finds what the book
// finds by working the form out itself.
TEST(RegistrationBook, ACanonicalNameIsFoundAsTheBookWouldFindIt) {
  RegistrationBook book;
  const Registration& first =
      *book.add(registration(kClientA, 2, "URN:IMEI:490154203237518", "/rd/1", 7, 2.0))
           .registration;
  EXPECT_EQ(
      book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 10.0, true).duplicate,
      &first);
  EXPECT_EQ(
      book.check_register(kServer, kClientB, 2, "urn:imei:490154203237519", 10.0, true).duplicate,
      nullptr);
  EXPECT_EQ(
      book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 10.0, false).duplicate,
      &first);
}

TEST(RegistrationBook, SameNameAndTypeFromAnotherClientIsADuplicateWhileAlive) {
  RegistrationBook book;
  const Registration& first =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 7, 2.0))
           .registration;
  NameClash clash = book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 10.0);
  EXPECT_EQ(clash.duplicate, &first);
  EXPECT_EQ(clash.other_type, nullptr);
  // The same client registering again is not a duplicate: it replaces its registration.
  EXPECT_EQ(book.check_register(kServer, kClientA, 2, "urn:imei:490154203237518", 10.0).duplicate,
            nullptr);
  // Another server keeps its own names.
  EXPECT_EQ(
      book.check_register(kOtherServer, kClientB, 2, "urn:imei:490154203237518", 10.0).duplicate,
      nullptr);
}

TEST(RegistrationBook, NoDuplicateAfterExpiryOrDeregister) {
  RegistrationBook book;
  book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0));
  EXPECT_EQ(book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 61.0).duplicate,
            nullptr);  // expired at 60
  book.add(registration(kClientA, 1, "00A0C9-SN1", "/rd/2", 2, 100.0));
  Lookup gone = book.find(kServer, "/rd/2", 110.0);
  ASSERT_NE(gone.registration, nullptr);
  EXPECT_FALSE(gone.ended);  // it was alive when de-registered
  book.end(*gone.registration, Registration::End::kDeregistered, 3);
  EXPECT_EQ(book.check_register(kServer, kClientB, 1, "00A0C9-SN1", 120.0).duplicate, nullptr);
  Lookup again = book.find(kServer, "/rd/2", 130.0);
  EXPECT_TRUE(again.ended);
  EXPECT_EQ(again.registration->end, Registration::End::kDeregistered);
  EXPECT_EQ(again.registration->end_frame, 3u);
}

TEST(RegistrationBook, SameNameUnderAnotherTypeIsOnlyNoted) {
  RegistrationBook book;
  const Registration& oui =
      *book.add(registration(kClientA, 1, "00A0C9-SN1", "/rd/1", 1, 0.0)).registration;
  NameClash clash = book.check_register(kServer, kClientB, 101, "00A0C9-SN1", 10.0);
  EXPECT_EQ(clash.duplicate, nullptr);
  EXPECT_EQ(clash.other_type, &oui);
  // A missing ept is a type of its own.
  EXPECT_EQ(book.check_register(kServer, kClientB, std::nullopt, "00A0C9-SN1", 10.0).other_type,
            &oui);
  // The client's own registration under another type is replaced, not noted.
  EXPECT_EQ(book.check_register(kServer, kClientA, 101, "00A0C9-SN1", 10.0).other_type, nullptr);
}

TEST(RegistrationBook, ANewRegisterFromTheSameClientReplacesTheOldOne) {
  RegistrationBook book;
  book.add(registration(kClientA, 101, "00A0C9-SN1", "/rd/4", 11, 230.0, 300));
  const Added added = book.add(registration(kClientA, 1, "00A0C9-SN1", "/rd/5", 17, 260.0, 300));
  const Registration* replaced = added.replaced;
  const Registration& fresh = *added.registration;
  ASSERT_NE(replaced, nullptr);
  EXPECT_EQ(replaced->register_frame, 11u);
  EXPECT_EQ(replaced->end, Registration::End::kReplaced);
  EXPECT_EQ(replaced->end_frame, 17u);
  EXPECT_EQ(fresh.location, "/rd/5");
  Lookup old = book.find(kServer, "/rd/4", 270.0);
  EXPECT_TRUE(old.ended);
  EXPECT_EQ(book.size(), 2u);
}

TEST(RegistrationBook, ALocationHandedOutAgainFindsTheNewestRegistration) {
  RegistrationBook book;
  const Registration& first =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  book.end(first, Registration::End::kDeregistered, 2);
  const Added again =
      book.add(registration(kClientB, 2, "urn:imei:356938035643809", "/rd/1", 3, 20.0));
  EXPECT_EQ(again.location_in_use, nullptr);  // the first one had ended
  Lookup found = book.find(kServer, "/rd/1", 30.0);
  ASSERT_NE(found.registration, nullptr);
  EXPECT_EQ(found.registration->ep, "urn:imei:356938035643809");
  EXPECT_FALSE(found.ended);
}

TEST(RegistrationBook, OnlyAnAcceptedUpdateRefreshesAndALateOneRevives) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  // t=100: 40 s after the lifetime ran out, the server accepted an Update.
  const std::optional<double> late = book.accept_update(stored, 100.0, std::nullopt);
  ASSERT_TRUE(late);
  EXPECT_DOUBLE_EQ(*late, 40.0);
  EXPECT_TRUE(stored.alive_at(150.0));
  EXPECT_EQ(book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 120.0).duplicate,
            &stored);
}

TEST(RegistrationBook, ANotFoundEndsItAndEndingTwiceKeepsTheFirstCause) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  book.end(stored, Registration::End::kNotFound, 4);
  EXPECT_EQ(stored.end, Registration::End::kNotFound);
  book.end(stored, Registration::End::kReplaced, 9);
  EXPECT_EQ(stored.end, Registration::End::kNotFound);
  EXPECT_EQ(stored.end_frame, 4u);
  EXPECT_EQ(book.accept_update(stored, 10.0, 600), std::nullopt);  // ended stays ended
  EXPECT_EQ(stored.lifetime, 60u);
  EXPECT_EQ(book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 20.0).duplicate,
            nullptr);
}

TEST(RegistrationBook, ADeregisterRefusedOtherwiseThanNotFoundLeavesItAlive) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 1, "00A0C9-SN1", "/rd/1", 1, 0.0)).registration;
  book.end(stored, Registration::End::kDeregistered, 3);
  EXPECT_EQ(book.check_register(kServer, kClientB, 1, "00A0C9-SN1", 5.0).duplicate, nullptr);
  book.reopen(stored, 2);  // another De-register's refusal changes nothing
  EXPECT_EQ(stored.end, Registration::End::kDeregistered);
  book.reopen(stored, 3);  // answered 4.00
  EXPECT_EQ(stored.end, Registration::End::kNone);
  EXPECT_EQ(book.check_register(kServer, kClientB, 1, "00A0C9-SN1", 6.0).duplicate, &stored);
  // A De-register answered 4.04 says why it found nothing; a later 4.04 to something else
  // does not rewrite how it ended.
  book.end(stored, Registration::End::kDeregistered, 7);
  book.end(stored, Registration::End::kNotFound, 9, 8);
  EXPECT_EQ(stored.end, Registration::End::kDeregistered);
  book.end(stored, Registration::End::kNotFound, 8, 7);
  EXPECT_EQ(stored.end, Registration::End::kNotFound);
  EXPECT_EQ(stored.end_frame, 7u);
}

TEST(RegistrationBook, ARefusedDeregisterDoesNotReviveWhatTheClientReplaced) {
  RegistrationBook book;
  const Registration& first =
      *book.add(registration(kClientA, 1, "00A0C9-SN1", "/rd/1", 1, 0.0)).registration;
  book.end(first, Registration::End::kDeregistered, 3);
  const Registration& second =
      *book.add(registration(kClientA, 1, "00A0C9-SN1", "/rd/2", 5, 2.0)).registration;
  book.reopen(first, 3);  // the De-register's late 5.03
  EXPECT_EQ(first.end, Registration::End::kDeregistered);
  EXPECT_EQ(book.of_client(kServer, kClientA, 3.0), &second);
}

TEST(RegistrationBook, ARefreshedRegistrationIsFoundAfterACheckThoughtItDead) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  // B's Register at 60.5 finds A's registration expired (lifetime 60)...
  EXPECT_EQ(book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 60.5).duplicate,
            nullptr);
  // ... then the 2.04 to A's Update sent at 59.9 refreshes it: not late, alive again.
  EXPECT_EQ(book.accept_update(stored, 59.9, std::nullopt), std::nullopt);
  EXPECT_EQ(book.check_register(kServer, kClientC, 2, "urn:imei:490154203237518", 70.0).duplicate,
            &stored);
}

TEST(RegistrationBook, AnAcceptedUpdateNeverMovesTheRefreshBack) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 10.0))
           .registration;
  book.accept_update(stored, 5.0, std::nullopt);  // answered out of order
  EXPECT_EQ(stored.expires_at(), 70.0);
}

TEST(RegistrationBook, ARenamedRegistrationIsFoundByItsNewName) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  book.rename(stored, 2, "2", "urn:imei:356938035643809", true);
  EXPECT_EQ(stored.ep, "urn:imei:356938035643809");
  EXPECT_EQ(book.check_register(kServer, kClientB, 2, "urn:imei:490154203237518", 5.0).duplicate,
            nullptr);
  EXPECT_EQ(book.check_register(kServer, kClientB, 2, "urn:imei:356938035643809", 5.0).duplicate,
            &stored);
}

TEST(RegistrationBook, TwoNamesWithoutAUsableTypeClash) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, std::nullopt, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  EXPECT_EQ(book.check_register(kServer, kClientB, std::nullopt, "urn:imei:490154203237518", 5.0)
                .duplicate,
            &stored);
}

TEST(RegistrationBook, NamesCompareInCanonicalForm) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "URN:UUID:1111AAAA-2222-3333-4444-555566667777", "/rd/1",
                             1, 0.0))
           .registration;
  EXPECT_EQ(book.check_register(kServer, kClientB, 2,
                                "urn:uuid:1111aaaa-2222-3333-4444-555566667777", 5.0)
                .duplicate,
            &stored);
  EXPECT_EQ(book.check_register(kServer, kClientB, 1, "00a0c9-SN1", 5.0).duplicate, nullptr);
}

TEST(RegistrationBook, AClientsLiveRegistrationIsFoundByItsAddresses) {
  RegistrationBook book;
  const Registration& stored =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/1", 1, 0.0))
           .registration;
  EXPECT_EQ(book.of_client(kServer, kClientA, 30.0), &stored);
  EXPECT_EQ(book.of_client(kServer, kClientB, 30.0), nullptr);
  EXPECT_EQ(book.of_client(kOtherServer, kClientA, 30.0), nullptr);
  EXPECT_EQ(book.of_client(kServer, kClientA, 61.0), nullptr);  // expired
}

TEST(RegistrationBook, ALocationStillHeldByAnotherClientIsReported) {
  RegistrationBook book;
  const Registration& first =
      *book.add(registration(kClientA, 2, "urn:imei:490154203237518", "/rd/7", 1, 0.0))
           .registration;
  const Added second =
      book.add(registration(kClientB, 2, "urn:imei:356938035643809", "/rd/7", 3, 10.0));
  EXPECT_EQ(second.location_in_use, &first);
}

}  // namespace
}  // namespace lwm2m

namespace lwm2m {
namespace {

// A device that registers again and again, and a server that hands out one location over and
// over, keep every operation's work bounded (a chain walk here was quadratic; ctest's timeout
// turns that into a failure).
TEST(RegistrationBook, AFleetSharingOneNameStaysCheap) {
  // 100 000 clients register one name, all alive: each Register finds the newest other one
  // without walking the others (a walk of the whole list was quadratic; ctest's timeout turns
  // that into a failure).
  RegistrationBook book;
  const std::size_t count = 100000;
  for (std::size_t i = 0; i < count; ++i) {
    const double time = static_cast<double>(i) / 1000.0;
    NameClash clash = book.check_register(kServer, 1000 + i, 2, "urn:imei:490154203237518", time);
    if (i > 0) {
      ASSERT_NE(clash.duplicate, nullptr) << i;
      EXPECT_EQ(clash.duplicate->register_frame, i - 1);
    }
    book.add(registration(1000 + i, 2, "urn:imei:490154203237518", "/rd/" + std::to_string(i), i,
                          time, 86400));
  }
  EXPECT_EQ(book.size(), count);
}

// The indexes share one table, which grows many times here: every registration stays found by
// its location, its client and its name, and one name under several types finds both kinds.
TEST(RegistrationBook, ManyNamesLocationsAndTypesAreAllFound) {
  RegistrationBook book;
  const std::size_t count = 5000;
  for (std::size_t i = 0; i < count; ++i) {
    book.add(registration(1000 + i, i % 3 == 0 ? std::nullopt : std::optional<uint8_t>(i % 3),
                          "name-" + std::to_string(i), "/rd/" + std::to_string(i), i, 0.0));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const Lookup found = book.find(kServer, "/rd/" + std::to_string(i), 1.0);
    ASSERT_NE(found.registration, nullptr) << i;
    EXPECT_EQ(found.registration->register_frame, i);
    EXPECT_EQ(book.of_client(kServer, 1000 + i, 1.0), found.registration);
    const NameClash clash = book.check_register(kServer, kClientA, found.registration->ept,
                                                "name-" + std::to_string(i), 1.0);
    EXPECT_EQ(clash.duplicate, found.registration) << i;
    EXPECT_EQ(clash.other_type, nullptr) << i;
  }
  // One name under three types, twice each: the newest of each kind is found.
  for (uint64_t frame = 1; frame <= 6; ++frame) {
    const std::optional<uint8_t> type =
        frame % 3 == 0 ? std::nullopt : std::optional<uint8_t>(frame % 3);
    book.add(
        registration(100 + frame, type, "shared", "/rd/s" + std::to_string(frame), frame, 0.0));
  }
  const NameClash clash = book.check_register(kServer, kClientA, 1, "shared", 1.0);
  ASSERT_NE(clash.duplicate, nullptr);
  EXPECT_EQ(clash.duplicate->register_frame, 4u);
  ASSERT_NE(clash.other_type, nullptr);
  EXPECT_EQ(clash.other_type->register_frame, 6u);
}

TEST(RegistrationBook, ManyRegistrationsOfOneNameStayCheap) {
  RegistrationBook book;
  const std::size_t count = 200000;
  for (std::size_t i = 0; i < count; ++i) {
    const double time = static_cast<double>(i);
    NameClash clash =
        book.check_register(kServer, kClientA + (i % 2), 2, "urn:imei:490154203237518", time);
    if (i > 0) {
      ASSERT_NE(clash.duplicate, nullptr) << i;  // the other client's registration is alive
      EXPECT_EQ(clash.duplicate->register_frame, i - 1);
    }
    book.add(
        registration(kClientA + (i % 2), 2, "urn:imei:490154203237518", "/rd/1", i, time, 86400));
  }
  EXPECT_EQ(book.size(), count);
  Lookup newest = book.find(kServer, "/rd/1", static_cast<double>(count));
  ASSERT_NE(newest.registration, nullptr);
  EXPECT_EQ(newest.registration->register_frame, count - 1);
}

}  // namespace
}  // namespace lwm2m
