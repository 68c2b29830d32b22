// Engines as calibrations (issue 15): each engine's memory rule, speed calibration, launch command, and where it
// refuses to run. Expected figures are worked by hand from the engines' sources (docs/launch.md).
#include <algorithm>
#include <map>
#include <sstream>

#include "support.hpp"

using namespace headroom;

namespace {

constexpr int64_t MiB = int64_t(1) << 20;
constexpr int64_t GiB = int64_t(1) << 30;

Scenario on(const std::string& model, const std::string& gpu, Engine e) {
    Scenario s;
    s.model = model;
    s.gpu = gpu;
    s.engine = e;
    return s;
}

using test_support::has_warning;

std::string param(const Params& ps, const std::string& key) {
    for (const Param& p : ps)
        if (p.name == key) return p.value;
    return "";
}

std::string warning_param(const Report& r, const std::string& code, const std::string& key) {
    for (const Warning& w : r.warnings)
        if (w.code == code) return param(w.params, key);
    return "";
}

// flag -> value (or "" for a bare flag); positional words are skipped.
std::map<std::string, std::string> flags_of(const std::string& command) {
    std::istringstream in(command);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) tok.push_back(t);
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < tok.size(); ++i)
        if (tok[i].rfind("-", 0) == 0) out[tok[i]] = i + 1 < tok.size() && tok[i + 1].rfind("-", 0) != 0 ? tok[i + 1] : "";
    return out;
}

using test_support::refusal;

}  // namespace

TEST_CASE("every engine's name parses back, and the schema lists it") {
    for (const char* name : {"generic", "llama.cpp", "vllm", "transformers", "sglang", "trt-llm", "mlx", "ollama", "ik_llama.cpp", "ktransformers"}) {
        const auto e = parse_engine(name);
        REQUIRE(e);
        CHECK(to_string(*e) == name);
    }
    CHECK(parse_engine("tensorrt-llm") == Engine::trt_llm);
    CHECK(parse_engine("mlx-lm") == Engine::mlx);
    CHECK_FALSE(parse_engine("koboldcpp"));
}

TEST_CASE("SGLang: weights and KV pool in mem_fraction_static of each GPU, its default for the GPU's memory") {
    // server_args.py: 24 GiB = 24576 MiB is under 35 GiB: chunked_prefill_size 2048, cuda_graph_max_bs 24 (tp 1);
    // reserved = 512 + 2048 x 1.5 + 24 x 2 + 1/8 x 1024 = 3760 MiB; (24576 - 3760) / 24576 = 0.847.
    const Report r = evaluate(on("qwen3-8b", "rtx-4090", Engine::sglang));
    CHECK(r.memory.capacity_bytes == int64_t(double(24 * GiB) * 0.847));
    CHECK(r.memory.activations_bytes == 0);   // inside SGLang's reserve
    CHECK(warning_param(r, "sglang_preallocates", "fraction") == "0.847");
    // 80 GiB (H100 SXM), tp 4: chunk 8192, cuda_graph_max_bs 512; reserved = 512 + 12288 + 1024 + 512 = 14336 MiB
    // (above the 10 GiB floor); (81920 - 14336) / 81920 = 0.825.
    Scenario s = on("llama-3.1-70b", "h100-sxm", Engine::sglang);
    s.quant = "fp8";
    s.gpus = 4;
    const Report h = evaluate(s);
    CHECK(h.memory.capacity_bytes == 4 * int64_t(double(80 * GiB) * 0.825));
    CHECK(h.speed.calibration == "sglang/cuda");
    CHECK(has_warning(h, "speed_unvalidated"));
    auto f = flags_of(h.launch.command);
    REQUIRE(h.launch.tool == "sglang");
    CHECK(h.launch.command.rfind("python -m sglang.launch_server --model-path ", 0) == 0);
    CHECK(f["--model-path"] == h.model.hf_repo);
    CHECK(f["--tp-size"] == "4");
    CHECK(f["--context-length"] == std::to_string(s.ctx));
    CHECK(f["--mem-fraction-static"] == "0.825");
    CHECK(f["--quantization"] == "fp8");
    // Same bytes, same borrowed constants as vLLM: the same decode; prefill in 8192-token chunks like vLLM's here.
    s.engine = Engine::vllm;
    const Report v = evaluate(s);
    CHECK(h.speed.decode_tokens_per_s == Approx(v.speed.decode_tokens_per_s));
    CHECK(h.speed.prefill_tokens_per_s == Approx(v.speed.prefill_tokens_per_s));
}

TEST_CASE("TensorRT-LLM: the KV cache gets 0.9 of what the weights and buffers leave") {
    const Report r = evaluate(on("qwen3-8b", "rtx-4090", Engine::trt_llm));
    const MemoryBreakdown& m = r.memory;
    const int64_t rest = m.weights_bytes + m.vision_bytes + m.activations_bytes + m.overhead_bytes;
    CHECK(double(m.capacity_bytes) == Approx(double(24 * GiB) - 0.1 * double(24 * GiB - rest)).margin(2));
    CHECK(has_warning(r, "trtllm_kv_fraction"));
    CHECK(r.speed.calibration == "trt-llm/cuda");
    REQUIRE(r.launch.tool == "trtllm-serve");
    auto f = flags_of(r.launch.command);
    CHECK(r.launch.command.rfind("trtllm-serve " + r.model.hf_repo + " ", 0) == 0);
    CHECK(f["--max_seq_len"] == std::to_string(r.scenario.ctx));
    CHECK(f["--kv_cache_free_gpu_memory_fraction"] == "0.9");
    CHECK(f["--max_batch_size"] == "1");
    CHECK(f.count("--tp_size") == 0);
}

TEST_CASE("MLX: the Mac's GPU working set, a KV cache in 256-token steps, its own command") {
    Scenario s = on("qwen3-8b", "m4-max-128gb", Engine::mlx);
    s.quant = "bf16";
    s.kv_quant = "bf16";
    s.ctx = 1000;
    const Report a = evaluate(s);
    s.ctx = 1024;
    const Report b = evaluate(s);
    s.ctx = 1025;
    const Report c = evaluate(s);
    CHECK(a.memory.kv_cache_bytes == b.memory.kv_cache_bytes);   // 1000 tokens hold 4 steps of 256
    CHECK(c.memory.kv_cache_bytes > b.memory.kv_cache_bytes);
    Scenario l = s;
    l.engine = Engine::llama_cpp;
    CHECK(a.memory.capacity_bytes == evaluate(l).memory.capacity_bytes);   // Metal's recommended working set, as llama.cpp
    CHECK(a.speed.calibration == "mlx/metal");
    CHECK(warning_param(a, "speed_unvalidated", "basis") == "basis_mlx");
    REQUIRE(a.launch.tool == "mlx_lm");
    CHECK(a.launch.command.rfind("mlx_lm.server --model " + a.model.hf_repo, 0) == 0);
    s.quant = "q4_k_m";   // a 4-bit format: converted with mlx_lm.convert first
    const Report q = evaluate(s);
    auto f = flags_of(q.launch.command);
    CHECK(f["--q-bits"] == "4");
    CHECK(f["--hf-path"] == q.model.hf_repo);
    CHECK(f["--model"] == f["--mlx-path"]);
    CHECK(has_warning(q, "format_engine"));   // MLX does not load GGUF
    CHECK_FALSE(has_warning(q, "mlx_near_limit"));
    Scenario big = on("llama-3.1-70b", "m4-max-128gb", Engine::mlx);   // 141 GB of bf16 against a 96 GiB working set
    big.quant = "bf16";
    CHECK(has_warning(evaluate(big), "mlx_near_limit"));
}

TEST_CASE("Ollama: llama.cpp's memory less its MinimumMemory per GPU, llama.cpp's constants named for Ollama") {
    Scenario s = on("qwen3-8b", "rtx-4090", Engine::ollama);
    Scenario l = s;
    l.engine = Engine::llama_cpp;
    const Report o = evaluate(s), r = evaluate(l);
    CHECK(o.memory.capacity_bytes == r.memory.capacity_bytes - 457 * MiB);   // ml/device.go
    CHECK(o.memory.total_bytes == r.memory.total_bytes);
    CHECK(o.speed.calibration == "ollama/cuda");
    CHECK(warning_param(o, "speed_unvalidated", "basis") == "basis_ollama");
    CHECK(o.speed.decode_tokens_per_s == Approx(r.speed.decode_tokens_per_s));
    REQUIRE(o.launch.tool == "ollama");
    CHECK(o.launch.command == "OLLAMA_CONTEXT_LENGTH=8192 ollama serve");
    CHECK(o.launch.note_code == "launch_ollama_run");
    // server/routes.go: 24 GiB is at least 23: 32768 by default; a 4 GB card 4096; 80 GiB 262144.
    CHECK(param(o.launch.note_params, "default_ctx") == "32768");
    s.gpu = "rtx-3050-laptop-4gb";
    s.model = "qwen3-0.6b";
    CHECK(param(evaluate(s).launch.note_params, "default_ctx") == "4096");
    s.gpu = "h100-sxm";
    s.batch = 4;
    s.kv_quant = "q8_0";
    const Report h = evaluate(s);
    CHECK(param(h.launch.note_params, "default_ctx") == "262144");
    CHECK(h.launch.command == "OLLAMA_CONTEXT_LENGTH=8192 OLLAMA_NUM_PARALLEL=4 OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve");
    // A Mac keeps 512 MiB; a CPU host nothing.
    Scenario m = on("qwen3-8b", "m4-max-128gb", Engine::ollama), ml = m;
    ml.engine = Engine::llama_cpp;
    CHECK(evaluate(m).memory.capacity_bytes == evaluate(ml).memory.capacity_bytes - 512 * MiB);
    Scenario c = on("qwen3-8b", "ryzen-9-9950x-ddr5-5600-2ch-96gb", Engine::ollama), cl = c;
    cl.engine = Engine::llama_cpp;
    CHECK(evaluate(c).memory.capacity_bytes == evaluate(cl).memory.capacity_bytes);
    CHECK(evaluate(c).speed.calibration == "ollama/cpu");
}

TEST_CASE("ik_llama.cpp: llama.cpp's memory rules and command, its own calibration name, cpu-moe accepted") {
    Scenario s = on("qwen3-30b-a3b", "rtx-4090", Engine::ik_llama_cpp);
    Scenario l = s;
    l.engine = Engine::llama_cpp;
    const Report ik = evaluate(s), r = evaluate(l);
    CHECK(ik.memory.total_bytes == r.memory.total_bytes);
    CHECK(ik.memory.capacity_bytes == r.memory.capacity_bytes);
    CHECK(ik.speed.calibration == "ik_llama.cpp/cuda");
    CHECK(warning_param(ik, "speed_unvalidated", "basis") == "basis_ik_llama");
    CHECK(ik.launch.tool == "ik_llama.cpp");
    CHECK(ik.launch.command == r.launch.command);
    s.placement = Placement::cpu_moe;
    s.n_cpu_moe = 10;
    CHECK(refusal(s).empty());
    CHECK(flags_of(evaluate(s).launch.command)["--n-cpu-moe"] == "10");
}

TEST_CASE("engines refuse the devices they do not run on, naming the field") {
    CHECK(refusal(on("qwen3-8b", "rtx-4090", Engine::mlx)) == "engine engine_mlx_apple");
    CHECK(refusal(on("qwen3-8b", "m4-max-128gb", Engine::trt_llm)) == "engine engine_trtllm_nvidia");
    CHECK(refusal(on("qwen3-8b", "mi300x", Engine::trt_llm)) == "engine engine_trtllm_nvidia");
    CHECK(refusal(on("qwen3-8b", "m4-max-128gb", Engine::sglang)) == "engine engine_sglang_gpu");
    CHECK(refusal(on("qwen3-8b", "ryzen-9-9950x-ddr5-5600-2ch-96gb", Engine::sglang)) == "engine engine_sglang_gpu");
    Scenario cpu = on("qwen3-8b", "rtx-4090", Engine::trt_llm);
    cpu.placement = Placement::cpu;
    CHECK(refusal(cpu) == "engine engine_trtllm_nvidia");
    CHECK(refusal(on("qwen3-8b", "mi300x", Engine::sglang)).empty());
    CHECK(evaluate(on("qwen3-8b", "mi300x", Engine::sglang)).speed.calibration == "sglang/rocm");
    CHECK(refusal(on("qwen3-8b", "rtx-4090+rtx-3090", Engine::sglang)) == "engine mixed_tensor_parallel");
    CHECK(refusal(on("qwen3-8b", "rtx-4090+rtx-3090", Engine::trt_llm)) == "engine mixed_tensor_parallel");
    CHECK(refusal(on("qwen3-8b", "rtx-4090+rtx-3090", Engine::ollama)).empty());
    Scenario kv = on("qwen3-8b", "rtx-4090", Engine::ollama);
    kv.kv_quant = "q5_0";
    CHECK(refusal(kv) == "kv_quant ollama_kv_type");
    Scenario moe = on("qwen3-30b-a3b", "rtx-4090", Engine::ollama);
    moe.placement = Placement::cpu_moe;
    CHECK(refusal(moe) == "placement cpu_moe_engine");   // Ollama places experts itself
}

// vLLM, SGLang and TensorRT-LLM compute every layer on their GPUs (vLLM also all on a CPU, its CPU backend). offload,
// stream and cpu-moe size llama.cpp's offload and a layer-streaming runtime, which they do not have, and their own weight
// offload (vLLM's and SGLang's --cpu-offload-gb, TensorRT-LLM's weight streaming) is not modelled: refused naming the
// field, the placement, and the placements accepted, which do evaluate (validate.cpp, docs/sizing.md "Placements").
TEST_CASE("the serving engines refuse the placements they do not have, and what they accept evaluates") {
    const Placement all[] = {Placement::auto_, Placement::gpu, Placement::offload, Placement::stream, Placement::cpu_moe, Placement::cpu};
    const struct { Engine engine; const char* code; std::vector<std::string> accepted; } engines[] = {
        {Engine::vllm, "vllm_placement", {"auto", "gpu", "cpu"}},
        {Engine::sglang, "sglang_placement", {"auto", "gpu"}},
        {Engine::trt_llm, "trtllm_placement", {"auto", "gpu"}},
    };
    for (const auto& [engine, code, accepted] : engines)
        for (const char* model : {"llama-3.1-70b", "qwen3-30b-a3b"})   // dense and a mixture of experts (cpu-moe)
            for (Placement p : all) {
                Scenario s = on(model, "rtx-4090", engine);
                s.placement = p;
                const std::string name(to_string(p));
                INFO(to_string(engine) << " " << model << " placement " << name);
                const auto e = validate(s);
                if (p == Placement::offload || p == Placement::stream || p == Placement::cpu_moe) {
                    REQUIRE(e);
                    CHECK(e->field == "placement");
                    CHECK(e->code == code);
                    CHECK(param(e->params, "placement") == name);
                    CHECK(e->params.size() == 1);
                    CHECK(e->message.find("placement " + name + " is llama.cpp's") != std::string::npos);
                    CHECK(e->message.find("is not modelled") != std::string::npos);
                    // The sentence's "accepted:" list is the placements this engine takes here, in schema order.
                    const size_t at = e->message.rfind("accepted: ");
                    REQUIRE(at != std::string::npos);
                    std::string list;
                    for (const std::string& a : accepted) list += (list.empty() ? "" : ", ") + a;
                    CHECK(e->message.substr(at + 10) == list);
                    continue;
                }
                const bool listed = std::find(accepted.begin(), accepted.end(), name) != accepted.end();
                if (!listed) {   // placement cpu: SGLang and TensorRT-LLM are modelled on GPUs (their own messages)
                    REQUIRE(e);
                    CHECK(e->field == "engine");
                    continue;
                }
                REQUIRE_FALSE(e);
                const Report r = evaluate(s);
                CHECK(test_support::first_bad(nlohmann::json::parse(report_to_json(r))).empty());
                // auto stays on the GPUs (engine_gpu_only when they fall short); cpu runs on the host.
                CHECK(r.fit.placement == (p == Placement::cpu ? Placement::cpu : Placement::gpu));
                if (p == Placement::auto_ && !r.fit.fits) CHECK(has_warning(r, "engine_gpu_only"));
            }
    // The brief's line: 70B on a 4090 with vLLM, placement offload, was sized as llama.cpp's offload (37/80 layers).
    Scenario v = on("llama-3.1-70b", "rtx-4090", Engine::vllm);
    v.placement = Placement::offload;
    CHECK(refusal(v) == "placement vllm_placement");
    // The same placements stay open to llama.cpp; --n-cpu-moe with auto still names its own field and the engines.
    v.engine = Engine::llama_cpp;
    CHECK(refusal(v).empty());
    v.placement = Placement::stream;
    CHECK(refusal(v).empty());
    Scenario n = on("qwen3-30b-a3b", "rtx-4090", Engine::sglang);
    n.n_cpu_moe = 10;
    CHECK(refusal(n) == "n_cpu_moe cpu_moe_engine");
    // On a CPU host, or fine-tuning, the earlier refusals still come first.
    Scenario host = on("llama-3.1-8b", "epyc-9654-ddr5-4800-12ch-384gb", Engine::vllm);
    host.placement = Placement::offload;
    CHECK(refusal(host) == "placement cpu_host_placement");
    Scenario lora = on("llama-3.1-8b", "rtx-4090", Engine::vllm);
    lora.mode = Mode::lora;
    lora.placement = Placement::stream;
    CHECK(refusal(lora) == "placement training_placement");
}

TEST_CASE("every engine on every device kind: a refusal or a finite report, never a crash") {
    for (const char* gpu : {"rtx-4090", "h100-sxm", "mi300x", "m4-max-128gb", "ryzen-9-9950x-ddr5-5600-2ch-96gb", "rtx-3050-laptop-4gb"})
        for (Engine e : {Engine::generic, Engine::llama_cpp, Engine::vllm, Engine::transformers, Engine::sglang, Engine::trt_llm,
                         Engine::mlx, Engine::ollama, Engine::ik_llama_cpp, Engine::ktransformers}) {
            Scenario s = on("qwen3-30b-a3b", gpu, e);
            INFO(gpu << " " << to_string(e));
            if (validate(s)) continue;
            const Report r = evaluate(s);
            CHECK(test_support::first_bad(nlohmann::json::parse(report_to_json(r))).empty());
            if (r.fit.fits && r.fit.placement != Placement::stream) CHECK_FALSE(r.launch.tool.empty());
        }
}

TEST_CASE("the new engines over the catalog: finite reports, and a command whenever it fits") {
    const std::pair<Engine, const char*> runs[] = {{Engine::sglang, "h100-sxm"}, {Engine::trt_llm, "rtx-4090"}, {Engine::mlx, "m4-max-128gb"},
                                                   {Engine::ollama, "rtx-3090"},  {Engine::ik_llama_cpp, "rtx-4090"},
                                                   {Engine::ktransformers, "rtx-4090"}};
    int checked = 0;
    for (const Model& m : test_support::sweep_models())
        for (const auto& [engine, gpu] : runs) {
            Scenario s = on(m.id, gpu, engine);
            s.gpus = engine == Engine::sglang && m.n_head % 2 == 0 ? 2 : 1;   // TP 2 needs an even head count (tp_heads)
            INFO(m.id << " " << to_string(engine) << " on " << gpu);
            REQUIRE(refusal(s).empty());
            const Report r = evaluate(s);
            CHECK(test_support::first_bad(nlohmann::json::parse(report_to_json(r))).empty());
            CHECK(r.memory.capacity_bytes > 0);
            if (r.fit.fits && r.fit.placement != Placement::stream && !m.encoder_only) {
                CHECK_FALSE(r.launch.command.empty());
                ++checked;
            }
        }
    CHECK(checked > (test_support::kSanitized ? 100 : 400));
}

TEST_CASE("the serving engines run from their GPUs' memory: no offload or streaming sized for them, and a GPU count that divides the heads") {
    // DeepSeek V3 in FP8 on 8 x H100 does not fit vLLM's 90% of each card: said, not sized as layer streaming from disk.
    Scenario s = on("deepseek-v3", "h100-sxm", Engine::vllm);
    s.quant = "fp8";
    s.gpus = 8;
    REQUIRE(refusal(s).empty());
    const Report r = evaluate(s);
    CHECK_FALSE(r.fit.fits);
    CHECK(r.fit.placement == Placement::gpu);
    CHECK(test_support::has_warning(r, "engine_gpu_only"));
    // The fewest H100s vLLM can split its 128 heads across and hold it: 16, not 9.
    CHECK(r.fit.min_gpus == 16);
    s.gpus = 9;
    CHECK(refusal(s) == "gpus tp_heads");
    s.gpus = 16;
    CHECK(evaluate(s).fit.fits);
    // llama.cpp offloads what vLLM cannot hold.
    s.gpus = 8;
    s.engine = Engine::llama_cpp;
    CHECK_FALSE(test_support::has_warning(evaluate(s), "engine_gpu_only"));
}

// vLLM's CPU backend (placement cpu beside a GPU, or a CPU host) takes its KV cache from VLLM_CPU_KVCACHE_SPACE, whole GiB
// (vllm docs/getting_started/installation/cpu.md; vllm/envs.py, platforms/cpu.py), not --gpu-memory-utilization of a GPU:
// the host's usable RAM is its capacity, the note names the variable, and the command sets it (docs/launch.md).
TEST_CASE("vLLM on a CPU: no GPU memory-utilization share, and VLLM_CPU_KVCACHE_SPACE in the command") {
    Scenario v = on("llama-3.1-8b", "rtx-4090", Engine::vllm);
    v.placement = Placement::cpu;
    Scenario l = v;
    l.engine = Engine::llama_cpp;
    const Report rv = evaluate(v), rl = evaluate(l);
    REQUIRE(rv.fit.placement == Placement::cpu);
    CHECK(rv.device.vendor == Vendor::cpu);
    // The same host RAM as llama.cpp's placement cpu (before: 0.9 of it, vLLM's GPU share, 48.28 GiB of 53.64).
    CHECK(rv.memory.capacity_bytes == rl.memory.capacity_bytes);
    CHECK_FALSE(has_warning(rv, "vllm_preallocates"));
    REQUIRE(has_warning(rv, "vllm_cpu_kv_space"));
    const int64_t space = (rv.memory.kv_cache_bytes + GiB - 1) / GiB;   // 8192 tokens of Llama 3.1 8B in f16: 1 GiB
    CHECK(space == 1);
    CHECK(warning_param(rv, "vllm_cpu_kv_space", "space") == std::to_string(space));
    const std::string& c = rv.launch.command;
    CHECK(c.rfind("VLLM_CPU_KVCACHE_SPACE=" + std::to_string(space) + " vllm serve meta-llama/Llama-3.1-8B ", 0) == 0);
    CHECK(flags_of(c).count("--gpu-memory-utilization") == 0);
    CHECK(flags_of(c).count("--device") == 0);
    CHECK(flags_of(c)["--max-model-len"] == "8192");
    // 4 sequences in bf16 on a catalog CPU host: 4 x 8192 tokens x 128 KiB = 4 GiB, bfloat16 as vLLM's CPU page advises.
    Scenario h = on("llama-3.1-8b", "ryzen-7-5800x-ddr4-3200-2ch-64gb", Engine::vllm);
    h.quant = "bf16";
    h.batch = 4;
    const Report rh = evaluate(h);
    CHECK(rh.memory.kv_cache_bytes == 4 * GiB);
    CHECK(rh.launch.command.rfind("VLLM_CPU_KVCACHE_SPACE=4 vllm serve", 0) == 0);
    CHECK(flags_of(rh.launch.command)["--dtype"] == "bfloat16");
    CHECK(flags_of(rh.launch.command)["--max-num-seqs"] == "4");
    // Its CPU backend keeps the KV cache 16-bit ("doesn't support KV cache quantization"): a quantized type is refused
    // there, not sized at half the bytes; on the GPU fp8 stays accepted.
    Scenario q = v;
    q.kv_quant = "fp8";
    CHECK(refusal(q) == "kv_quant vllm_cpu_kv_type");
    q.kv_quant = "bf16";
    CHECK(refusal(q).empty());
    q = h;
    q.kv_quant = "q8_0";
    CHECK(refusal(q) == "kv_quant vllm_cpu_kv_type");
    q = on("llama-3.1-8b", "rtx-4090", Engine::vllm);
    q.kv_quant = "fp8";
    CHECK(refusal(q).empty());
    CHECK(flags_of(evaluate(q).launch.command)["--kv-cache-dtype"] == "fp8");
    // On a GPU, unchanged: 90% of it, the flag that says so, no environment variable.
    Scenario g = on("llama-3.1-8b", "rtx-4090", Engine::vllm);
    Scenario gl = g;
    gl.engine = Engine::llama_cpp;
    const Report rg = evaluate(g);
    CHECK(rg.memory.capacity_bytes == static_cast<int64_t>(double(evaluate(gl).memory.capacity_bytes) * 0.90));
    CHECK(has_warning(rg, "vllm_preallocates"));
    CHECK_FALSE(has_warning(rg, "vllm_cpu_kv_space"));
    CHECK(flags_of(rg.launch.command)["--gpu-memory-utilization"] == "0.90");
    CHECK(rg.launch.command.rfind("vllm serve", 0) == 0);
}

// TensorRT-LLM's refusal suggests engines: each one it names must run on that device (SGLang is modelled on NVIDIA and
// AMD GPUs only, so it is named for an AMD GPU, not for placement cpu or a CPU host), through the {@alternatives}
// fragment the Chinese page renders too (validate.cpp, messages.cpp).
TEST_CASE("TensorRT-LLM's refusal names only engines that run there") {
    const std::map<std::string, std::vector<Engine>> named = {
        {"alt_vllm_sglang_llama", {Engine::vllm, Engine::sglang, Engine::llama_cpp}},
        {"alt_vllm_llama", {Engine::vllm, Engine::llama_cpp}},
        {"alt_vllm_cpu_llama", {Engine::vllm, Engine::llama_cpp}},
        {"alt_mlx_llama", {Engine::mlx, Engine::llama_cpp}},
    };
    const struct { const char* gpu; bool cpu; const char* alternatives; } cases[] = {
        {"rtx-4090", true, "alt_vllm_cpu_llama"},   // the brief's case: "use vLLM, SGLang..." where SGLang is refused
        {"ryzen-7-5800x-ddr4-3200-2ch-64gb", false, "alt_vllm_cpu_llama"},
        {"mi300x", false, "alt_vllm_sglang_llama"},
        {"rx-7900-xtx", false, "alt_vllm_sglang_llama"},
        {"m1-8gb", false, "alt_mlx_llama"},
        {"arc-a770-16gb", false, "alt_vllm_llama"},
        {"atlas-300i-duo-96gb", false, "alt_vllm_llama"},
        {"mtt-s80", false, "alt_vllm_llama"},
    };
    for (const auto& [gpu, cpu, alternatives] : cases) {
        Scenario s = on("qwen3-8b", gpu, Engine::trt_llm);
        if (cpu) s.placement = Placement::cpu;
        INFO(gpu << (cpu ? " placement cpu" : ""));
        const auto e = validate(s);
        REQUIRE(e);
        CHECK(e->code == "engine_trtllm_nvidia");
        CHECK(param(e->params, "alternatives") == alternatives);
        CHECK(e->message.find("use " + render_message(alternatives, {})) != std::string::npos);
        CHECK(e->message.find("{") == std::string::npos);
        for (Engine other : named.at(alternatives)) {
            s.engine = other;
            INFO(to_string(other));
            CHECK(refusal(s).empty());
        }
        // SGLang is named only where it runs.
        s.engine = Engine::sglang;
        CHECK(refusal(s).empty() == (std::string(alternatives) == "alt_vllm_sglang_llama"));
    }
}

// engine_gpu_only names the engine's own weight offload, not vLLM's for every engine: vLLM's and SGLang's
// --cpu-offload-gb, TensorRT-LLM's weight streaming (--gpu_weights_percent) (docs/sizing.md, "Placements").
TEST_CASE("engine_gpu_only names each serving engine's own offload feature") {
    const struct { Engine engine; const char* offload; const char* says; const char* not_says; } cases[] = {
        {Engine::vllm, "offload_vllm", "(vLLM's --cpu-offload-gb, ", "--gpu_weights_percent"},
        {Engine::sglang, "offload_sglang", "(SGLang's --cpu-offload-gb, ", "vLLM"},
        {Engine::trt_llm, "offload_trtllm", "(TensorRT-LLM's --gpu_weights_percent weight streaming, ", "--cpu-offload-gb"},
    };
    for (const auto& [engine, offload, says, not_says] : cases) {
        const Report r = evaluate(on("llama-3.1-70b", "rtx-4090", engine));   // 70B in q4_k_m does not fit 24 GiB
        INFO(to_string(engine));
        REQUIRE(has_warning(r, "engine_gpu_only"));
        CHECK(warning_param(r, "engine_gpu_only", "offload") == offload);
        for (const Warning& w : r.warnings)
            if (w.code == "engine_gpu_only") {
                CHECK(w.message.find(says) != std::string::npos);
                CHECK(w.message.find(not_says) == std::string::npos);
            }
    }
}

// transformers' offload is accelerate's device_map="auto": the host layers' weights are put on the GPU before each
// forward pass, without prefetch, and the GPU computes them (accelerate docs/source/concept_guides/big_model_inference.md).
// Decode then carries those weights over PCIe every token, unlike llama.cpp's offload, whose CPU computes them in host
// RAM (speed.cpp, docs/sizing.md "Placements").
TEST_CASE("transformers' offload: the host layers' weights cross PCIe every token, and the report says so") {
    auto step_s = [](Engine e, double pcie_gbps) {
        Scenario s = on("llama-3.1-70b", "rtx-4090", e);
        s.placement = Placement::offload;
        s.host.pcie_gbps = pcie_gbps;
        return evaluate(s);
    };
    const Report hf = step_s(Engine::transformers, 25), hf2 = step_s(Engine::transformers, 50), hf4 = step_s(Engine::transformers, 100);
    REQUIRE(hf.fit.placement == Placement::offload);
    const int host_layers = hf.fit.total_layers - hf.fit.gpu_layers;
    REQUIRE(host_layers > 0);
    CHECK(hf.speed.decode_bound == Bound::pcie);
    // Only the copy depends on the link: doubling it halves that term, t(25) - t(50) = C/50 = 2 (t(50) - t(100)).
    const double t1 = 1 / hf.speed.decode_tokens_per_s, t2 = 1 / hf2.speed.decode_tokens_per_s, t4 = 1 / hf4.speed.decode_tokens_per_s;
    CHECK_THAT(t1 - t2, Catch::Matchers::WithinRel(2 * (t2 - t4), 1e-9));
    // C: the host layers' weights and the head, about host_layers / n_layer of the weights (the head adds ~2.5% here).
    const double copied = (t1 - t2) * 50e9;
    CHECK_THAT(copied, Catch::Matchers::WithinRel(double(hf.memory.weights_bytes) * host_layers / hf.fit.total_layers, 0.05));
    CHECK(hf.speed.host_bytes_per_token == 0);   // no layer is computed by the CPU
    REQUIRE(has_warning(hf, "transformers_offload"));
    CHECK(warning_param(hf, "transformers_offload", "layers") == std::to_string(host_layers));
    CHECK(warning_param(hf, "transformers_offload", "pcie") == "25");
    // Memory: accelerate fills the GPU from the first layers, keeps the last ones (and the head) in host RAM and runs
    // them on the first GPU, where their KV cache stays, beside room for one copied layer (evaluate.cpp). Against
    // llama.cpp at the same -ngl, whose host RAM holds its (first) host layers' KV and the input embedding too:
    // llama.cpp's host - transformers' host = those layers' KV + the embedding, and transformers' GPU holds those and
    // one layer more.
    Scenario ht = on("llama-3.1-70b", "rtx-4090", Engine::transformers);
    ht.placement = Placement::offload;
    ht.gpu_layers = hf.fit.gpu_layers;
    Scenario lt = ht;
    lt.engine = Engine::llama_cpp;
    const Report th = evaluate(ht), lc = evaluate(lt);
    REQUIRE(lc.fit.gpu_layers == th.fit.gpu_layers);
    REQUIRE(th.memory.kv_cache_bytes == lc.memory.kv_cache_bytes);
    const int L = th.fit.total_layers;
    const int64_t kv_host = th.memory.kv_cache_bytes / L * host_layers;   // Llama: every layer's KV the same
    const int64_t embd = lc.memory.host_bytes - th.memory.host_bytes - kv_host;
    CHECK(embd > 0);
    CHECK(embd < th.memory.weights_bytes / 40);   // the input embedding: ~1.3% of Llama 3.1 70B
    auto own = [](const Report& r) { return r.memory.per_device[0].used_bytes - r.memory.activations_bytes - r.memory.overhead_bytes; };
    const int64_t copy = own(th) - own(lc) - kv_host - embd;
    // The largest module on the host, here the head: n_vocab x n_embd in q6_k (210 bytes per 256) and the final norm in
    // f32, 0.86 GB, more than a layer (0.53 GB on average).
    CHECK(copy == int64_t(128256) * 8192 / 256 * 210 + 8192 * 4);
    CHECK(copy > th.memory.weights_bytes / L);
    // Found by the search: 38 of 80 on the GPU (43 before the KV and the copy were counted there).
    CHECK(hf.fit.gpu_layers == 38);
    // llama.cpp's offload computes the host layers on the CPU: its decode does not depend on the link.
    const Report l = step_s(Engine::llama_cpp, 25), l2 = step_s(Engine::llama_cpp, 50);
    CHECK(l.speed.decode_tokens_per_s == l2.speed.decode_tokens_per_s);
    CHECK(l.speed.decode_bound == Bound::host_memory);
    CHECK_FALSE(has_warning(l, "transformers_offload"));
    // Placement auto that offloads is the same, and eager dispatch still names the launches' time alone (the copy is not
    // Python's): the same per-layer figure as the model all on a GPU.
    Scenario a = on("qwen3-30b-a3b", "rtx-3060-12gb", Engine::transformers);
    const Report ra = evaluate(a);
    REQUIRE(ra.fit.placement == Placement::offload);
    CHECK(has_warning(ra, "transformers_offload"));
    const Report rg = evaluate(on("qwen3-30b-a3b", "h100-sxm", Engine::transformers));
    REQUIRE(rg.fit.placement == Placement::gpu);
    REQUIRE(has_warning(ra, "eager_dispatch"));
    CHECK(warning_param(ra, "eager_dispatch", "layer_us") == warning_param(rg, "eager_dispatch", "layer_us"));
}

// vLLM on a Mac runs on its CPU backend ("On macOS the VLLM_TARGET_DEVICE is automatically set to cpu, which is
// currently the only supported device", vllm docs/getting_started/installation/cpu.apple.inc.md); Metal is the
// vllm-metal plugin, which computes with MLX. headroom used to size it on the Mac's GPU at vLLM's 90% share: now refused,
// and every way out the message names validates (docs/sizing.md, "Placements").
TEST_CASE("vLLM on a Mac: refused on its GPU, naming what runs there") {
    for (const char* mac : {"m4-max-128gb", "m1-8gb"})
        for (Placement p : {Placement::auto_, Placement::gpu}) {
            Scenario s = on("llama-3.1-8b", mac, Engine::vllm);
            s.placement = p;
            INFO(mac << " placement " << to_string(p));
            const auto e = validate(s);
            REQUIRE(e);
            CHECK(e->field == "engine");
            CHECK(e->code == "engine_vllm_apple");
            CHECK(e->message.find(catalog().find_device(mac)->name + "'s GPU") != std::string::npos);
            CHECK(e->message.find("use MLX or llama.cpp") != std::string::npos);
            CHECK(e->message.find("{") == std::string::npos);
            for (Engine other : {Engine::mlx, Engine::llama_cpp}) {
                s.engine = other;
                CHECK(refusal(s).empty());
            }
            // placement cpu: vLLM's CPU backend on the host CPU, sized by VLLM_CPU_KVCACHE_SPACE, not the GPU share.
            s.engine = Engine::vllm;
            s.placement = Placement::cpu;
            REQUIRE(refusal(s).empty());
            const Report r = evaluate(s);
            CHECK(r.device.vendor == Vendor::cpu);
            CHECK_FALSE(has_warning(r, "vllm_preallocates"));
            CHECK(has_warning(r, "vllm_cpu_kv_space"));
            CHECK(r.launch.command.rfind("VLLM_CPU_KVCACHE_SPACE=", 0) == 0);
            // Its macOS CPU backend takes FP32 and FP16, not the bfloat16 the Linux CPU page advises.
            s.quant = "bf16";
            CHECK(flags_of(evaluate(s).launch.command)["--dtype"] == "float16");
        }
    // Other GPUs are unchanged.
    CHECK(refusal(on("llama-3.1-8b", "rtx-4090", Engine::vllm)).empty());
    CHECK(refusal(on("llama-3.1-8b", "mi300x", Engine::vllm)).empty());
}

// On a GPU, vLLM, SGLang and TensorRT-LLM keep the KV cache in the model's 16-bit type or FP8 (vLLM's CacheDType,
// SGLang's --kv-cache-dtype choices, TensorRT-LLM's kv_cache_config dtype); llama.cpp's block types (q8_0, q4_0, ...)
// are not theirs. They used to be sized at their llama.cpp bytes beside a launch line without them (vLLM: no
// --kv-cache-dtype, a 16-bit cache): now refused naming kv_quant and the types taken, which evaluate.
TEST_CASE("the serving engines refuse llama.cpp's KV cache types, naming kv_quant and what they take") {
    const struct { Engine engine; const char* gpu; const char* name; const char* option; const char* fp8_flag; } engines[] = {
        {Engine::vllm, "rtx-4090", "vLLM", "--kv-cache-dtype", "fp8"},
        {Engine::sglang, "h100-sxm", "SGLang", "--kv-cache-dtype", "fp8_e4m3"},
        {Engine::trt_llm, "rtx-4090", "TensorRT-LLM", "kv_cache_config: dtype", nullptr},
    };
    size_t refused = 0;
    for (const auto& [engine, gpu, name, option, fp8_flag] : engines)
        for (const KvFormat& k : catalog().kv_formats) {
            Scenario s = on("llama-3.1-8b", gpu, engine);
            s.kv_quant = k.id;
            INFO(name << " kv " << k.id);
            const auto e = validate(s);
            if (k.id == "f16" || k.id == "bf16" || k.id == "fp8") {
                REQUIRE_FALSE(e);
                const Report r = evaluate(s);
                CHECK(r.fit.fits);
                if (k.id == "fp8" && fp8_flag) CHECK(flags_of(r.launch.command)["--kv-cache-dtype"] == fp8_flag);
                continue;
            }
            REQUIRE(e);
            ++refused;
            CHECK(e->field == "kv_quant");
            CHECK(e->code == "serving_kv_type");
            CHECK(param(e->params, "engine") == name);
            CHECK(param(e->params, "kv_quant") == k.id);
            CHECK(param(e->params, "option") == option);
            CHECK(e->message.rfind(std::string(name) + " has no " + k.id + " KV cache", 0) == 0);
            const std::string tail = "accepted with " + std::string(name) + " on a GPU: f16, bf16, fp8";
            CHECK(e->message.substr(e->message.size() - tail.size()) == tail);
            // llama.cpp has them.
            s.engine = Engine::llama_cpp;
            CHECK(refusal(s).empty());
        }
    CHECK(refused == 3 * (catalog().kv_formats.size() - 3));
    // On a CPU, vLLM's own refusal (its CPU backend's 16-bit cache) still comes first.
    Scenario c = on("llama-3.1-8b", "rtx-4090", Engine::vllm);
    c.placement = Placement::cpu;
    c.kv_quant = "q8_0";
    CHECK(refusal(c) == "kv_quant vllm_cpu_kv_type");
}

TEST_CASE("the ladder lists only the KV formats the engine takes there", "[engines][ladder]") {
    Scenario s;
    s.model = "llama-3.1-8b";
    s.gpu = "rtx-4090";
    s.engine = Engine::vllm;
    s.placement = Placement::cpu;   // vLLM's CPU backend: a 16-bit cache only (vllm_cpu_kv_type)
    const Ladder cpu = quant_ladder(s);
    REQUIRE(!cpu.kv.empty());
    for (const auto& r : cpu.kv) {
        Scenario k = s;
        k.kv_quant = r.quant;
        CHECK(!validate(k));   // every rung listed is one validate takes
    }
    s.placement = Placement::auto_;   // on the GPU fp8 is vLLM's too
    bool fp8 = false;
    for (const auto& r : quant_ladder(s).kv) fp8 |= r.quant == "fp8";
    CHECK(fp8);
}

// The serving engines' lowest CUDA compute capability (validate.cpp; docs/devices.md, "Compute capability"): vLLM 7.0,
// SGLang 7.5, TensorRT-LLM 8.0, vLLM's MXFP4 weights 8.0. llama.cpp runs every NVIDIA card of the catalog.
TEST_CASE("engines refused below their CUDA compute capability, and llama.cpp runs there") {
    for (const Device& d : catalog().devices())
        if (d.vendor == Vendor::nvidia) {
            INFO(d.id);
            CHECK(d.cuda_cc >= 5.0);   // every NVIDIA device carries its compute capability
        }
    struct Case { const char* gpu; Engine engine; const char* quant; const char* code; };
    const Case cases[] = {
        {"tesla-p40", Engine::vllm, "q4_k_m", "engine_cuda_cc"},   {"v100-sxm2", Engine::vllm, "fp8", ""},
        {"v100-sxm2", Engine::sglang, "fp8", "engine_cuda_cc"},    {"rtx-2080-ti", Engine::sglang, "fp8", ""},
        {"rtx-2080-ti", Engine::trt_llm, "fp8", "engine_cuda_cc"}, {"a100-80gb-sxm", Engine::trt_llm, "fp8", ""},
        {"rtx-2080-ti", Engine::vllm, "mxfp4", "quant_cuda_cc"},   {"rtx-3090", Engine::vllm, "mxfp4", ""},
    };
    for (const Case& c : cases) {
        INFO(c.gpu << " " << to_string(c.engine) << " " << c.quant);
        REQUIRE(catalog().find_device(c.gpu));
        Scenario s = on("llama-3.1-8b", c.gpu, c.engine);
        s.quant = c.quant;
        const auto e = validate(s);
        if (*c.code) {
            REQUIRE(e);
            CHECK(e->code == c.code);
            CHECK(e->message.find("compute capability") != std::string::npos);
            CHECK(e->message.find("{") == std::string::npos);
            s.engine = Engine::llama_cpp;
            s.quant = "q4_k_m";
            CHECK(refusal(s).empty());
        } else {
            CHECK_FALSE(e);
        }
    }
}
