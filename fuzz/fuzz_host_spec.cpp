// --host specs: parse_host_spec, then offload and streaming (the paths that read the host's rates).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    headroom::HostSpec h;
    try {
        h = headroom::parse_host_spec(text);
    } catch (const headroom::InputError&) {
        return 0;
    } catch (const std::exception& e) {
        headroom_fuzz::finding("parse_host_spec threw a non-InputError exception", e.what());
    }
    headroom::Scenario s;
    s.host = h;
    s.model = "llama-3.1-70b";
    for (auto p : {headroom::Placement::auto_, headroom::Placement::offload, headroom::Placement::stream}) {
        s.placement = p;
        headroom_fuzz::evaluate_checked(s);
    }
    s.quant = "f16";
    s.gpu = "rtx-3050-laptop-4gb";
    s.placement = headroom::Placement::stream;
    headroom_fuzz::evaluate_checked(s);
    return 0;
}
