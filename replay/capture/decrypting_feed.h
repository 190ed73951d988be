// The datagrams of a capture with its DTLS decrypted where it can be: a DTLS datagram whose
// records are application data of a session the key log has the secret of comes out as the CoAP
// datagram(s) it carried, with the captured frame, time and addresses, so the passes after this
// one read a certificate- or PSK-protected capture like a plain one. Every other datagram, and the
// DTLS ones that stay encrypted (handshakes, alerts, sessions without a secret), come out as
// captured: the survey still sees them as DTLS and says why they cannot be replayed.
#pragma once

#include <cstddef>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/dtls_session.h"
#include "capture/tls_keylog.h"

namespace lwm2m::replay {

class DecryptingFeed {
 public:
  // `source` and `keys` must outlive this.
  DecryptingFeed(DatagramFeed source, const TlsKeyLog& keys);

  // The next datagram; a decrypted one's payload is valid until the next call.
  bool next(Datagram& out);
  // next() as a DatagramFeed, bound to this.
  DatagramFeed feed() {
    return [this](Datagram& d) { return next(d); };
  }

  // What the DTLS of the datagrams read so far showed.
  const DtlsSessions& dtls() const { return sessions_; }

 private:
  DatagramFeed source_;
  DtlsSessions sessions_;
  Datagram captured_;
  bool emit_captured_ = false;
  std::vector<DtlsSessions::Plaintext> decrypted_;
  std::size_t next_decrypted_ = 0;
  bool handed_out_ = false;  // something of captured_ was handed out already
};

}  // namespace lwm2m::replay
