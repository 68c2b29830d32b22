// The speed model against published measurements (tests/data/speed_measurements.json, every row sourced):
// issue 15's floors hold on the out-of-sample errors (each source predicted by constants fitted without it),
// and docs/accuracy.md publishes exactly what headroom-accuracy computes.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "validation.hpp"

using namespace headroom::validation;

namespace {
std::vector<Row>& rows_with_oos() {
    static std::vector<Row> rows = [] {
        auto r = evaluate_file(HEADROOM_TEST_DATA "/speed_measurements.json");
        leave_one_source_out(r);
        return r;
    }();
    return rows;
}
}  // namespace

// One test case, so that one process evaluates the rows and their leave-one-source-out predictions once.
TEST_CASE("speed against published measurements: rows, refits, issue 15's floors, docs/accuracy.md") {
    {   // the measurement set is large, sourced and mostly evaluated
        const auto& rows = rows_with_oos();
        CHECK(rows.size() >= 500);
        int evaluated = 0;
        for (const Row& r : rows) {
            INFO(r.id);
            CHECK(!r.source.empty());
            if (!r.skip.empty()) continue;
            ++evaluated;
            CHECK(r.predicted > 0);
            CHECK(std::isfinite(r.predicted));
        }
        CHECK(evaluated >= 500);
    }
    {   // re-evaluating a row with its own constants reproduces its prediction
        // The out-of-sample figures re-evaluate rows with refitted constants; with the shipped ones they must give back
        // the shipped prediction exactly, or the refit would measure something else.
        for (const Row& r : rows_with_oos()) {
            if (!r.skip.empty()) continue;
            INFO(r.id);
            CHECK(predict(r, r.cal) == Approx(r.predicted).epsilon(1e-9));
        }
    }
    {   // leave-one-source-out: a source's rows are predicted without its own constants
        const auto& rows = rows_with_oos();
        // The source key: a thread, or a repository's files, or a page.
        CHECK(source_key("https://github.com/ggml-org/llama.cpp/discussions/4167 (summary table)") == "github.com/ggml-org/llama.cpp/discussions/4167");
        CHECK(source_key("https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference/blob/00dd2bd/README.md (x)") ==
              "github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference");
        CHECK(source_key("https://www.amd.com/en/developer/x.html#table") == "amd.com/en/developer/x.html");
        // Leaving a fitted source out changes the constants it is predicted with.
        std::string src;
        for (const Row& r : rows)
            if (r.skip.empty() && r.calibration == "llama.cpp/metal" && r.group == "dense_decode") src = r.source_key;
        REQUIRE(!src.empty());
        const auto all = fit(rows), without = fit(rows, src);
        auto metal = [](const std::vector<Fitted>& f) {
            for (const Fitted& x : f)
                if (x.calibration == "llama.cpp/metal") return x;
            return Fitted{};
        };
        CHECK(metal(all).decode);
        CHECK((metal(without).bw_eff != metal(all).bw_eff || metal(without).layer_us != metal(all).layer_us ||
               metal(without).prefill_util != metal(all).prefill_util));
        // Every evaluated row either has an out-of-sample prediction or says why not.
        for (const Row& r : rows) {
            if (!r.skip.empty()) continue;
            INFO(r.id);
            CHECK((r.oos > 0) != !r.oos_skip.empty());
        }
    }
    {   // the dense prefill share is fitted on dense rows only, and held-out rows stay out of every fit
        // (PR #4406's Mixtral rows carry the hand-written group "prefill" and ran a Metal build without grouped expert GEMMs)
        const auto& rows = rows_with_oos();
        int metal_dense = 0, held_out = 0;
        for (const Row& r : rows) {
            if (!r.skip.empty() || r.calibration != "llama.cpp/metal" || r.metric != "prefill_tokens_per_s") continue;
            if (r.holdout) ++held_out;
            else if (!r.moe && r.group == "prefill" && r.depth == 0 && r.batch == 1) ++metal_dense;
        }
        CHECK(held_out >= 5);
        for (const Fitted& f : fit(rows))
            if (f.calibration == "llama.cpp/metal") CHECK(f.n_prefill == metal_dense);
    }
    {   // BF16 weights on Vulkan (AMD, no BF16 cooperative matrices) are referred to the FP32 rate (docs/speed.md)
        headroom::Scenario s;
        s.model = "qwen3-30b-a3b";
        s.gpu = "ryzen-ai-max-395-128gb";
        s.backend = headroom::Backend::vulkan;
        s.quant = "bf16";
        const headroom::Device& d = *headroom::catalog().find_device(s.gpu);
        REQUIRE(d.fp32_tflops > 0);
        REQUIRE(d.fp16_tflops > d.fp32_tflops);
        CHECK(headroom::speed_calibration(s, d).gemm_flops == Approx(d.fp32_tflops * 1e12));
        const double bf16 = headroom::evaluate(s).speed.prefill_tokens_per_s;
        s.quant = "f16";
        CHECK(headroom::speed_calibration(s, d).gemm_flops == Approx(d.fp16_tflops * 1e12));
        const double f16 = headroom::evaluate(s).speed.prefill_tokens_per_s;
        CHECK(bf16 < 0.7 * f16);   // the same bytes and FLOPs, at the vector rate
        s.backend = headroom::Backend::auto_;   // ROCm's BF16 GEMMs use the matrix units
        s.quant = "bf16";
        CHECK(headroom::speed_calibration(s, d).gemm_flops == Approx(d.fp16_tflops * 1e12));
    }
    {   // out-of-sample errors meet issue 15's floors
        // Groups whose floor is not met yet (docs/accuracy.md says so): a guard at today's figure, so that it cannot
        // silently get worse; the floor replaces it once met. Issue 15 stays open while one is listed here.
        // Prefill on one GPU met its 25% floor on 2026-11-30 (27.1% -> 23.7%; docs/accuracy.md) and left this list.
        const std::map<std::string, double> not_yet = {};
        for (const Category& c : summarize_categories(rows_with_oos())) {
            INFO(c.label << ": " << c.n_oos << " of " << c.n << " rows predicted out of sample, median error " << c.oos_median);
            if (c.floor <= 0) continue;
            CHECK(c.n_oos >= kMinRowsForFigure);
            const auto guard = not_yet.find(c.id);
            if (guard == not_yet.end()) CHECK(c.oos_median < c.floor);
            else CHECK(c.oos_median < guard->second);
            if (c.id == "llama_dense_decode") CHECK(c.oos_median < c.peer_median);   // ahead of the flat-efficiency formula
        }
    }
    {   // docs/accuracy.md carries headroom-accuracy's output
        std::ifstream f(HEADROOM_SOURCE_DIR "/docs/accuracy.md");
        std::stringstream ss;
        ss << f.rdbuf();
        const std::string doc = ss.str();
        const auto b = doc.find(kDocBegin), e = doc.find(kDocEnd);
        REQUIRE(b != std::string::npos);
        REQUIRE(e != std::string::npos);
        const std::string inside = doc.substr(b + std::string(kDocBegin).size() + 1, e - b - std::string(kDocBegin).size() - 1);
        // scripts/approve-golden rewrites it after a change to the speed model or the rows
        CHECK(inside == accuracy_markdown(rows_with_oos()));
    }
}
