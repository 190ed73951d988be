// Seed Change 7 (section 7.1.3): the client certificate's Subject CN is "<ept>:<ep>" and must
// name what the client's Register names. This file shows a handshake's client certificate, the
// server's alert that refused one, and the certificate check of a Register or Bootstrap-Request
// and of the server's answer to it.
#include <optional>
#include <string>

#include "dissect.h"
#include "expert_items.h"
#include "handshake_facts.h"
#include "lwm2m/certificate_cn.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"
#include "lwm2m/response_code.h"
#include "lwm2m_protocol.h"
#include "name_text.h"
#include "net/x509_certificate.h"
#include "vendor_type_table.h"

namespace lwm2m::plugin {
namespace {

// Whether the sender of the frame is the session's client.
bool sent_by_client(const packet_info* pinfo, std::optional<EndpointId> client) {
  if (client) return *client == source_of(pinfo);
  // Neither a ClientHello nor a Certificate Request in the capture: LwM2M's ports tell.
  return sender_by_ports(static_cast<uint16_t>(pinfo->srcport),
                         static_cast<uint16_t>(pinfo->destport)) == Sender::kClient;
}

ClientCertificate* remember_certificate(packet_info* pinfo, ConversationId conversation,
                                        CaptureState& state, const field_info* item) {
  ClientCertificate* certificate = state.add_client_certificate(pinfo, conversation);
  const gint length = tvb_captured_length_remaining(item->ds_tvb, item->start);
  if (length < item->length) {
    certificate->read_error = CaptureState::keep("the capture cut the certificate short");
    return certificate;
  }
  const auto* der = tvb_get_ptr(item->ds_tvb, item->start, item->length);
  const net::CertificateSubject subject =
      net::read_certificate_subject(der, static_cast<std::size_t>(item->length));
  if (!subject.ok) {
    certificate->read_error = CaptureState::keep(subject.error);
    return certificate;
  }
  certificate->cn = CaptureState::keep(subject.cn);
  certificate->cn_count = subject.cn_count;
  return certificate;
}

// First pass: what the frame's handshake changes in its session.
void remember_handshake(packet_info* pinfo, ConversationId conversation, CaptureState& state,
                        const HandshakeFacts& facts) {
  if (facts.client_hello) state.start_tls_session(conversation, source_of(pinfo));
  if (facts.certificate_request)
    state.note_certificate_request(conversation, destination_of(pinfo));
  const std::optional<EndpointId> client = state.tls_client(conversation);
  if (facts.certificate && sent_by_client(pinfo, client)) {
    remember_certificate(pinfo, conversation, state, facts.certificate);
  }
  if (facts.fatal_alert && !sent_by_client(pinfo, client)) {
    ClientCertificate* certificate = state.client_certificate(conversation);
    // Refused in the handshake: before any CoAP message went through the session.
    if (certificate && !certificate->refused_in && !certificate->coap_seen) {
      certificate->refused_in = pinfo->num;
      certificate->alert = facts.alert;
      if (facts.alert_name) certificate->alert_name = CaptureState::keep(facts.alert_name);
      CaptureState::set_refusal(pinfo, certificate);
    }
  }
}

std::string alert_text(const ClientCertificate& certificate) {
  std::string text = std::to_string(certificate.alert);
  if (!certificate.alert_name.empty()) text.append(" (").append(certificate.alert_name).append(")");
  return text;
}

void add_generated_uint(proto_tree* tree, int field, tvbuff_t* tvb, uint32_t value) {
  proto_item_set_generated(proto_tree_add_uint(tree, field, tvb, 0, 0, value));
}

void add_generated_string(proto_tree* tree, int field, tvbuff_t* tvb, const std::string& value) {
  proto_item_set_generated(proto_tree_add_string(tree, field, tvb, 0, 0, value.c_str()));
}

// The CN's parts: lwm2m.cert.ept and lwm2m.cert.ep, when the CN has them.
void add_cn_parts(proto_tree* tree, tvbuff_t* tvb, const CertificateCn& cn) {
  if (cn.ept) add_generated_uint(tree, hf.cert_ept, tvb, *cn.ept);
  if (!cn.name.empty()) add_generated_string(tree, hf.cert_ep, tvb, printable(cn.name));
}

// The handshake frame's view of the client certificate it carries.
void add_certificate(packet_info* pinfo, proto_tree* tree, tvbuff_t* tvb, const field_info* item,
                     const ClientCertificate& certificate, std::string* info) {
  tvbuff_t* source = item ? item->ds_tvb : tvb;
  const gint start = item ? item->start : 0;
  const gint length = item ? item->length : 0;
  proto_item* root = proto_tree_add_item(tree, proto_lwm2m, source, start, length, ENC_NA);
  proto_tree* subtree = proto_item_add_subtree(root, ett.cert);
  if (!certificate.read_error.empty()) {
    proto_item_append_text(root, ", client certificate (not read)");
    add_expert(pinfo, root, &ei.undecoded, "The client certificate could not be read: %s",
               std::string(certificate.read_error).c_str());
    return;
  }
  const std::string shown = printable(certificate.cn);
  proto_item_append_text(root, ", client certificate, CN=%s", shown.c_str());
  proto_tree_add_string(subtree, hf.cert_cn, source, start, length, shown.c_str());
  const CertificateCn cn = parse_certificate_cn(certificate.cn, &vendor_types());
  add_cn_parts(subtree, source, cn);
  proto_item_set_generated(proto_tree_add_boolean(subtree, hf.cert_valid, source, 0, 0,
                                                  cn.valid() && certificate.cn_count == 1));
  if (certificate.refused_in) {
    add_generated_uint(subtree, hf.cert_refused_in, source, certificate.refused_in);
  }
  std::vector<std::string> format_problems = cn.format_problems;
  if (certificate.cn_count > 1) {
    format_problems.push_back("the Subject has " + std::to_string(certificate.cn_count) +
                              " Common Names; the first, '" + shown +
                              "', is read: the seed wants one CN '<ept>:<ep>'");
  }
  for (const std::string& problem : format_problems) {
    add_generated_string(subtree, hf.cert_problem, source, problem);
    add_expert(pinfo, root, &ei.cert_cn_format, "Client certificate: %s", problem.c_str());
  }
  for (const std::string& problem : cn.name_check.problems) {
    add_generated_string(subtree, hf.cert_problem, source, problem);
    add_expert(pinfo, root, &ei.cert_ep_invalid,
               "Invalid Endpoint Client Name in the client certificate's CN: %s", problem.c_str());
  }
  if (info) {
    info->append(" [LwM2M client certificate CN=").append(column_text(certificate.cn));
    if (!format_problems.empty() || !cn.name_check.valid()) info->append(", INVALID");
    info->append("]");
  }
}

// The alert frame's view of the certificate its alert refused.
void add_refusal(packet_info* pinfo, proto_tree* tree, tvbuff_t* tvb,
                 const ClientCertificate& certificate, std::string* info) {
  proto_item* root = proto_tree_add_item(tree, proto_lwm2m, tvb, 0, 0, ENC_NA);
  proto_item_append_text(root, ", client certificate refused");
  proto_tree* subtree = proto_item_add_subtree(root, ett.cert);
  add_generated_uint(subtree, hf.cert_in, tvb, certificate.frame);
  const std::string shown = printable(certificate.cn);
  if (certificate.read_error.empty()) add_generated_string(subtree, hf.cert_cn, tvb, shown);
  proto_item_set_generated(proto_tree_add_boolean(subtree, hf.cert_enforced, tvb, 0, 0, TRUE));
  const std::string alert = alert_text(certificate);
  add_generated_string(subtree, hf.cert_alert, tvb, alert);
  add_expert(pinfo, root, &ei.cert_refused,
             "The server ended the handshake after the client certificate of frame %u (CN '%s') "
             "with the fatal alert %s: no Register can be sent in this session",
             static_cast<unsigned>(certificate.frame), shown.c_str(), alert.c_str());
  if (info) {
    info->append(" [LwM2M: the server refused the client certificate of frame ")
        .append(std::to_string(certificate.frame))
        .append("]");
  }
}

}  // namespace

bool dissect_handshake(packet_info* pinfo, proto_tree* tree, proto_tree* into, tvbuff_t* tvb,
                       const FrameConversation& conversation, CaptureState& state,
                       std::string* info) {
  const bool first_pass = !PINFO_FD_VISITED(pinfo);
  const field_info* item = nullptr;
  const ClientCertificate* certificate = nullptr;
  const ClientCertificate* refused = nullptr;
  if (first_pass) {
    if (!carries_tls(pinfo)) return false;
    const HandshakeFacts facts = read_handshake(tree, false);
    if (!facts.any()) return false;
    remember_handshake(pinfo, conversation.id(), state, facts);
    item = facts.certificate;
    certificate = CaptureState::certificate_in(pinfo);
    refused = CaptureState::refusal_in(pinfo);
  } else {
    certificate = CaptureState::certificate_in(pinfo);
    refused = CaptureState::refusal_in(pinfo);
    if (!certificate && !refused) return false;
    // The certificate's bytes, to point the items at: this pass's tree has new ones.
    if (certificate) item = read_handshake(tree, true).certificate;
  }
  if (certificate) add_certificate(pinfo, into, tvb, item, *certificate, info);
  if (refused) add_refusal(pinfo, into, tvb, *refused, info);
  return certificate || refused;
}

void note_secured_message(ConversationId conversation, CaptureState& state) {
  if (ClientCertificate* certificate = state.client_certificate(conversation)) {
    certificate->coap_seen = true;
  }
}

void check_request_certificate(const CoapMessageView& view, const FrameConversation& conversation,
                               CaptureState& state, MessageRecord& record) {
  if (!view.secured) return;
  if (record.operation != Operation::kRegister &&
      record.operation != Operation::kBootstrapRequest) {
    return;
  }
  const ClientCertificate* certificate = state.client_certificate(conversation.id());
  if (!certificate || !certificate->read_error.empty()) return;
  record.set_extra().certificate = certificate;
  const CertificateCn cn = parse_certificate_cn(certificate->cn, &vendor_types());
  record.certificate_matches =
      !cn_mismatch(cn, record.ept_text, record.ep.value_or(std::string_view()),
                   operation_name(record.operation));
}

void add_request_certificate(packet_info* pinfo, proto_tree* tree, tvbuff_t* tvb,
                             const MessageRecord& record, std::string* info) {
  const ClientCertificate* certificate = record.extra().certificate;
  if (!certificate) return;
  const std::string shown = printable(certificate->cn);
  proto_item* item = proto_tree_add_uint(tree, hf.cert_in, tvb, 0, 0, certificate->frame);
  proto_item_set_generated(item);
  proto_tree* subtree = proto_item_add_subtree(item, ett.cert);
  add_generated_string(subtree, hf.cert_cn, tvb, shown);
  const CertificateCn cn = parse_certificate_cn(certificate->cn, &vendor_types());
  add_cn_parts(subtree, tvb, cn);
  proto_item_set_generated(
      proto_tree_add_boolean(subtree, hf.cert_match, tvb, 0, 0, record.certificate_matches));
  if (record.certificate_matches) return;
  const std::optional<std::string> mismatch =
      cn_mismatch(cn, record.ept_text, record.ep.value_or(std::string_view()),
                  operation_name(record.operation));
  add_expert(pinfo, item, &ei.cert_mismatch,
             "The client certificate of frame %u does not name what this %s names: %s",
             static_cast<unsigned>(certificate->frame),
             std::string(operation_name(record.operation)).c_str(),
             mismatch ? mismatch->c_str() : "");
  if (info) {
    info->append(" [CN MISMATCH: ")
        .append(column_text(certificate->cn))
        .append(", frame ")
        .append(std::to_string(certificate->frame))
        .append("]");
  }
}

void add_answer_certificate(packet_info* pinfo, proto_tree* tree, proto_item* root, tvbuff_t* tvb,
                            const MessageRecord& record, std::string* info) {
  const MessageRecord& request = *record.request;
  if (!request.extra().certificate || request.certificate_matches || record.copy) return;
  const int code_class = record.reset ? 0 : coap::code_class(record.code);
  if (code_class != 2 && code_class != 4) return;
  const bool rejected = code_class == 4;
  proto_item_set_generated(proto_tree_add_boolean(tree, hf.cert_enforced, tvb, 0, 0, rejected));
  const std::string shown = printable(request.extra().certificate->cn);
  const std::string operation(operation_name(record.operation));
  if (rejected) {
    add_expert(pinfo, root, &ei.cert_mismatch_rejected,
               "The server rejected (%s) the %s whose client certificate (frame %u, CN '%s') "
               "does not match it, as seed 7.1.3 asks",
               record.response_text().c_str(), operation.c_str(),
               static_cast<unsigned>(request.extra().certificate->frame), shown.c_str());
    if (info) info->append(" [CN mismatch rejected]");
  } else {
    add_expert(pinfo, root, &ei.cert_mismatch_accepted,
               "The server accepted (%s) the %s whose client certificate (frame %u, CN '%s') "
               "does not match it: seed 7.1.3 says it MUST reject it",
               record.response_text().c_str(), operation.c_str(),
               static_cast<unsigned>(request.extra().certificate->frame), shown.c_str());
    if (info) info->append(" [CN mismatch accepted]");
  }
}

}  // namespace lwm2m::plugin
