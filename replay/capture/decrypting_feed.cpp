#include "capture/decrypting_feed.h"

#include <utility>

namespace lwm2m::replay {

DecryptingFeed::DecryptingFeed(DatagramFeed source, const TlsKeyLog& keys)
    : source_(std::move(source)), sessions_(keys) {}

bool DecryptingFeed::next(Datagram& out) {
  for (;;) {
    // The captured datagram first (when part of it stays encrypted), then its plaintexts.
    if (emit_captured_) {
      emit_captured_ = false;
      out = captured_;
      out.continued = handed_out_;
      handed_out_ = true;
      return true;
    }
    if (next_decrypted_ < decrypted_.size()) {
      const DtlsSessions::Plaintext& plaintext = decrypted_[next_decrypted_++];
      out = captured_;
      out.payload = plaintext.bytes.data();
      out.payload_length = plaintext.bytes.size();
      out.decrypted = true;
      out.dtls_session = plaintext.session;
      out.continued = handed_out_;
      handed_out_ = true;
      return true;
    }
    // Most datagrams are no DTLS: read into `out`, and only a DTLS one is kept.
    if (!source_(out)) return false;
    out.decrypted = false;
    out.continued = false;
    out.dtls_session = SIZE_MAX;
    if (!looks_like_dtls(out.payload, out.payload_length)) return true;
    captured_ = out;
    decrypted_.clear();
    next_decrypted_ = 0;
    handed_out_ = false;
    const bool whole =
        sessions_.read(captured_.frame_number, captured_.source, captured_.destination,
                       captured_.payload, captured_.payload_length, decrypted_);
    emit_captured_ = !whole || decrypted_.empty();
  }
}

}  // namespace lwm2m::replay
