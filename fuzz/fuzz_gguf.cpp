// GGUF header reader: read_gguf on the input as a whole file and as the first bytes of a 64 GiB one. It may
// refuse with InputError and nothing else; a "read more" answer must ask for more than it was given and no more
// than the file; what it accepts must add up (every tensor in one group, inside the file). What it accepts then
// goes the way a file opened in the page goes: its summary (gguf_summary, what a share link carries) read back
// as a model (model_from_gguf_summary), which may refuse only with InputError too.
#include "fuzz_common.hpp"

#include "headroom/gguf.hpp"
#include "headroom/headroom.hpp"

namespace {

void check(const headroom::GgufFile& f) {
    using headroom_fuzz::finding;
    const headroom::GgufBytes& b = f.bytes;
    int64_t sum = 0;
    for (const headroom::GgufTensor& t : f.tensors) {
        if (t.bytes < 0 || t.offset + uint64_t(t.bytes) > uint64_t(f.data_bytes)) finding("tensor outside the data section", t.name);
        sum += t.bytes;
    }
    if (sum != b.total) finding("group total is not the tensors' sum", std::to_string(sum));
    if (b.token_embd + b.output + b.attention + b.ffn_dense + b.experts + b.norms + b.other + b.mtp + b.vision != b.total)
        finding("groups do not add up to the total", std::to_string(b.total));
    int64_t layers = 0;
    for (size_t i = 0; i < b.layer.size(); ++i) {
        if (b.layer_experts[i] > b.layer[i]) finding("layer experts exceed the layer", std::to_string(i));
        layers += b.layer[i];
    }
    if (layers > b.total) finding("layers exceed the total", std::to_string(layers));
    if (f.data_offset + f.data_bytes > f.file_bytes + int64_t(f.alignment)) finding("data past the end of the file", "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (int64_t file : {int64_t(size), int64_t(size) + (int64_t(1) << 36)}) {
        try {
            const headroom::GgufRead r = headroom::read_gguf(bytes, file);
            if (!r.complete()) {
                if (r.need_bytes <= int64_t(size) || r.need_bytes > file) headroom_fuzz::finding("bad need_bytes", r.need_message);
                continue;
            }
            check(r.file);
            if (r.file.split_count == 1) check(headroom::combine_gguf_shards({r.file}));
            (void)headroom::model_from_gguf_summary(headroom::gguf_summary(r.file, "fuzz.gguf"));
        } catch (const headroom::InputError& e) {
            if (e.field != "gguf" || e.message.empty()) headroom_fuzz::finding("InputError without field or message", e.message);
        } catch (const std::exception& e) {
            headroom_fuzz::finding("read_gguf threw a non-InputError exception", e.what());
        }
    }
    return 0;
}
