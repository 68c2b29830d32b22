// The decoder's forward pass (shared by both backends) and the ring-buffer scheduler.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stream.hpp"

namespace hrs {

// Device-side state of one decode run: activations, KV cache, embeddings, rope table, logits.
class Runner {
public:
    Runner(Backend& be, const Layout& L, uint64_t seed, int n_tokens);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    static size_t device_bytes(const Layout& L, int n_tokens);   // all but the weights

    // Enqueue on the compute stream: x <- embedding of token t.
    void token_start(int t);
    // Enqueue blob b (a layer, or the head) of token t reading weights at `w` (device memory).
    // The head also copies the logits to host_logits()[t].
    void blob(int b, const uint8_t* w, int t);

    const float* host_logits() const { return logits_host_; }   // [n_tokens][n_vocab], after sync
    const Layout& layout() const { return L_; }
    int n_tokens() const { return n_tokens_; }

private:
    Backend& be_;
    const Layout& L_;
    int n_tokens_;
    std::vector<void*> allocs_;
    float *x_, *xb_, *q_, *att_, *g_, *u_, *logits_, *kc_, *vc_, *emb_, *rope_;
    float* logits_host_;
    float* alloc(size_t n_floats);
};

// Where blobs come from when they are copied into a ring slot.
class BlobSource {
public:
    virtual ~BlobSource() = default;
    // The blobs this run will copy, in order; then copy(seq, dst) for seq = 0, 1, ...
    virtual void begin(std::vector<int> plan) { plan_ = std::move(plan); }
    // Enqueue on the copy stream the copy of blob plan[seq] into dst.
    virtual void copy(size_t seq, uint8_t* dst) = 0;
    virtual void end() {}

protected:
    std::vector<int> plan_;
};

// Host memory (pinned or pageable): one cudaMemcpyAsync per blob.
class HostSource final : public BlobSource {
public:
    HostSource(Backend& be, const Layout& L, const uint8_t* base) : be_(be), L_(L), base_(base) {}
    void copy(size_t seq, uint8_t* dst) override;

private:
    Backend& be_;
    const Layout& L_;
    const uint8_t* base_;
};

// The weights file: a reader thread fills pinned staging buffers (O_DIRECT when the file system
// allows it), and each filled buffer is copied to its slot on the copy stream.
class DiskSource final : public BlobSource {
public:
    DiskSource(Backend& be, const Layout& L, const std::string& path, int n_staging);
    ~DiskSource() override;
    void begin(std::vector<int> plan) override;
    void copy(size_t seq, uint8_t* dst) override;
    void end() override;
    const char* method() const { return direct_ ? "o_direct" : "buffered_after_fadvise_dontneed"; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool direct_ = false;
};

struct RingTiming {
    double s_per_token = 0;        // end to end, measured between the first and last token
    double total_s = 0;
};

// A ring of n_slots device buffers of slot_bytes each, with copy-done/compute-done events.
class Ring {
public:
    Ring(Backend& be, const Layout& L, int n_slots);
    ~Ring();
    int n_slots() const { return int(slots_.size()); }
    uint8_t* slot(int i) const { return slots_[size_t(i)]; }

    // Decode runner.n_tokens() tokens, every blob of every token through the ring: blob i+n_slots
    // is copied as soon as compute of blob i (same slot) is done. n_slots == 1: no overlap.
    RingTiming run(Runner& r, BlobSource& src, const std::function<void(int)>& progress);
    // The copies alone (no compute, no waits), per token.
    RingTiming copy_only(const Layout& L, BlobSource& src, int n_tokens);
    // The compute alone: slot 0 holds layer 0 (used for every layer), slot 1 the head.
    RingTiming compute_only(Runner& r, BlobSource& src);

private:
    Backend& be_;
    std::vector<uint8_t*> slots_;
    std::vector<int> copy_done_, compute_done_;
};

// Everything on the device: the weights uploaded once.
RingTiming run_resident(Backend& be, Runner& r, const uint8_t* dev_weights,
                        const std::function<void(int)>& progress);

// Timing from token-end events recorded on one stream: per token (between the first and last token
// end, or start to first end for one token) and in all.
RingTiming ring_timing(Backend& be, const std::vector<int>& token_end, int ev_start);

}  // namespace hrs
