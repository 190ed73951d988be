// The TLS session secrets a pcapng file carries in Decryption Secrets Blocks (block type 0x0A,
// secrets type 0x544c534b "TLSK": an NSS key log), as `editcap --inject-secrets tls,keys.log`
// writes them. With them a DTLS capture decrypts with no --keylog.
#pragma once

#include <cstddef>
#include <string>

#include "capture/tls_keylog.h"

namespace lwm2m::replay {

// Adds the key logs of `path`'s Decryption Secrets Blocks to `keys`; returns how many
// CLIENT_RANDOM lines they held. A pcap file, or a file that is no capture, has none. Never
// throws: a broken file stops the walk, and libpcap reports it when the capture is read.
std::size_t read_pcapng_secrets(const std::string& path, TlsKeyLog& keys);

}  // namespace lwm2m::replay
