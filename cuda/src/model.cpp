// The forward pass and the ring-buffer scheduler, written once against Backend.
#include "model.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace hrs {

// --- Runner ------------------------------------------------------------------------------------

size_t Runner::device_bytes(const Layout& L, int T) {
    const Shape& s = L.shape;
    size_t n = 2 * size_t(s.n_embd) + 2 * size_t(s.q_dim()) + 2 * size_t(s.n_ff) + size_t(s.n_vocab) +
               2 * size_t(s.n_layer) * size_t(T) * size_t(s.kv_dim()) + size_t(T) * size_t(s.n_embd) +
               size_t(T) * size_t(s.head_dim);
    return n * sizeof(float) + 11 * 4096;   // + allocation rounding
}

float* Runner::alloc(size_t n) {
    void* p = be_.dev_alloc(n * sizeof(float));
    allocs_.push_back(p);
    return static_cast<float*>(p);
}

Runner::Runner(Backend& be, const Layout& L, uint64_t seed, int T) : be_(be), L_(L), n_tokens_(T) {
    const Shape& s = L.shape;
    const size_t kv = size_t(s.n_layer) * size_t(T) * size_t(s.kv_dim());
    logits_host_ = nullptr;
    try {
        x_ = alloc(size_t(s.n_embd));
        xb_ = alloc(size_t(s.n_embd));
        q_ = alloc(size_t(s.q_dim()));
        att_ = alloc(size_t(s.q_dim()));
        g_ = alloc(size_t(s.n_ff));
        u_ = alloc(size_t(s.n_ff));
        logits_ = alloc(size_t(s.n_vocab));
        kc_ = alloc(kv);
        vc_ = alloc(kv);
        emb_ = alloc(size_t(T) * size_t(s.n_embd));
        rope_ = alloc(size_t(T) * size_t(s.head_dim));
        logits_host_ = static_cast<float*>(be.host_alloc_pinned(size_t(T) * size_t(s.n_vocab) * sizeof(float)));
        std::vector<float> e = embedding_rows(s, seed, token_sequence(s, seed, T)), r = rope_table(s, T);
        float* st = static_cast<float*>(be.host_alloc_pinned((e.size() + r.size()) * sizeof(float)));
        std::memcpy(st, e.data(), e.size() * sizeof(float));
        std::memcpy(st + e.size(), r.data(), r.size() * sizeof(float));
        be.copy_h2d(k_compute, emb_, st, e.size() * sizeof(float));
        be.copy_h2d(k_compute, rope_, st + e.size(), r.size() * sizeof(float));
        be.sync();
        be.host_free_pinned(st);
    } catch (...) {
        for (void* p : allocs_) be_.dev_free(p);
        if (logits_host_) be_.host_free_pinned(logits_host_);
        throw;
    }
}

Runner::~Runner() {
    try { be_.sync(); } catch (...) {}
    for (void* p : allocs_) be_.dev_free(p);
    be_.host_free_pinned(logits_host_);
}

void Runner::token_start(int t) {
    const int n = L_.shape.n_embd;
    be_.copy_d2d(k_compute, x_, emb_ + size_t(t) * size_t(n), size_t(n) * sizeof(float));
}

static MatView mat(const uint8_t* w, const MatLayout& m, Quant q) {
    MatView v;
    v.data = w + m.data_off;
    v.scales = q == Quant::f16 ? nullptr : reinterpret_cast<const uint16_t*>(w + m.scale_off);
    v.rows = m.rows;
    v.cols = m.cols;
    v.quant = q;
    return v;
}

void Runner::blob(int b, const uint8_t* w, int t) {
    const Shape& s = L_.shape;
    const Quant qt = L_.quant;
    auto norm = [&](size_t off) { return reinterpret_cast<const uint16_t*>(w + off); };
    if (b == s.n_layer) {   // the head
        be_.rmsnorm(xb_, x_, norm(L_.head.out_norm), s.n_embd, s.norm_eps);
        be_.matvec(logits_, mat(w, L_.head.lm_head, qt), xb_, false);
        be_.copy_d2h(k_compute, logits_host_ + size_t(t) * size_t(s.n_vocab), logits_, size_t(s.n_vocab) * sizeof(float));
        return;
    }
    const LayerLayout& l = L_.layer;
    const size_t kv_dim = size_t(s.kv_dim());
    float* kc = kc_ + size_t(b) * size_t(n_tokens_) * kv_dim;   // this layer's cache [pos][kv_dim]
    float* vc = vc_ + size_t(b) * size_t(n_tokens_) * kv_dim;
    // attention: k and v are written straight into the cache row of position t
    be_.rmsnorm(xb_, x_, norm(l.attn_norm), s.n_embd, s.norm_eps);
    be_.matvec(q_, mat(w, l.wq, qt), xb_, false);
    be_.matvec(kc + size_t(t) * kv_dim, mat(w, l.wk, qt), xb_, false);
    be_.matvec(vc + size_t(t) * kv_dim, mat(w, l.wv, qt), xb_, false);
    be_.rope(q_, s.n_head, kc + size_t(t) * kv_dim, s.n_head_kv, s.head_dim, rope_ + size_t(t) * size_t(s.head_dim));
    be_.attention(att_, q_, kc, vc, t + 1, s.n_head, s.n_head_kv, s.head_dim);
    be_.matvec(x_, mat(w, l.wo, qt), att_, true);           // residual add fused
    // SwiGLU MLP
    be_.rmsnorm(xb_, x_, norm(l.ffn_norm), s.n_embd, s.norm_eps);
    be_.matvec(g_, mat(w, l.w_gate, qt), xb_, false);
    be_.matvec(u_, mat(w, l.w_up, qt), xb_, false);
    be_.swiglu(g_, u_, s.n_ff);
    be_.matvec(x_, mat(w, l.w_down, qt), g_, true);
}

// --- sources -----------------------------------------------------------------------------------

void HostSource::copy(size_t seq, uint8_t* dst) {
    const int b = plan_[seq];
    be_.copy_h2d(k_copy, dst, base_ + size_t(b) * L_.layer_stride, L_.blob_bytes(b));
}

struct DiskSource::Impl {
    Backend& be;
    const Layout& L;
    std::string path;
    int fd = -1;
    std::vector<uint8_t*> staging;
    std::vector<int> staged_ev;
    std::vector<long long> filled;
    std::vector<int> plan;
    size_t issued = 0;
    bool failed = false;
    std::string error;
    std::mutex m;
    std::condition_variable cv;
    std::thread reader;

    Impl(Backend& b, const Layout& l, std::string p) : be(b), L(l), path(std::move(p)) {}

    void read_blob(int b, uint8_t* dst) {
        size_t n = L.blob_bytes(b), off = L.blob_offset(b);
        while (n > 0) {
            ssize_t r = ::pread(fd, dst, n, off_t(off));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) throw std::runtime_error("cannot read " + path + ": " + (r < 0 ? std::strerror(errno) : "short file"));
            dst += r;
            n -= size_t(r);
            off += size_t(r);
        }
    }
    void reader_loop() {
        const size_t n_st = staging.size();
        try {
            for (size_t seq = 0; seq < plan.size(); ++seq) {
                const size_t s = seq % n_st;
                if (seq >= n_st) {
                    {   // the copy out of this staging buffer must have been issued...
                        std::unique_lock<std::mutex> g(m);
                        cv.wait(g, [&] { return issued > seq - n_st || failed; });
                        if (failed) return;
                    }
                    be.host_wait(staged_ev[s]);   // ...and finished
                }
                read_blob(plan[seq], staging[s]);
                std::lock_guard<std::mutex> g(m);
                filled[s] = (long long)seq;
                cv.notify_all();
            }
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> g(m);
            failed = true;
            error = e.what();
            cv.notify_all();
        }
    }
};

DiskSource::DiskSource(Backend& be, const Layout& L, const std::string& path, int n_staging)
    : impl_(std::make_unique<Impl>(be, L, path)) {
    for (int i = 0; i < n_staging; ++i) {
        impl_->staging.push_back(static_cast<uint8_t*>(be.host_alloc_pinned(L.slot_bytes())));
        impl_->staged_ev.push_back(be.event_create());
    }
    // O_DIRECT bypasses the page cache, so the file just written is really read from the disk.
    impl_->fd = ::open(path.c_str(), O_RDONLY | O_DIRECT);
    if (impl_->fd >= 0) {
        direct_ = ::pread(impl_->fd, impl_->staging[0], k_blob_align, 0) == ssize_t(k_blob_align);
        if (!direct_) ::close(impl_->fd);
    }
    if (!direct_) {
        impl_->fd = ::open(path.c_str(), O_RDONLY);
        if (impl_->fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    }
}

DiskSource::~DiskSource() {
    end();
    if (impl_->fd >= 0) ::close(impl_->fd);
    try { impl_->be.sync(); } catch (...) {}
    for (uint8_t* p : impl_->staging) impl_->be.host_free_pinned(p);
}

void DiskSource::begin(std::vector<int> plan) {
    end();
    Impl& I = *impl_;
    if (!direct_) ::posix_fadvise(I.fd, 0, 0, POSIX_FADV_DONTNEED);   // drops clean cached pages
    I.plan = std::move(plan);
    I.filled.assign(I.staging.size(), -1);
    I.issued = 0;
    I.failed = false;
    I.error.clear();
    I.reader = std::thread([&I] { I.reader_loop(); });
}

void DiskSource::copy(size_t seq, uint8_t* dst) {
    Impl& I = *impl_;
    const size_t s = seq % I.staging.size();
    {
        std::unique_lock<std::mutex> g(I.m);
        I.cv.wait(g, [&] { return I.filled[s] == (long long)seq || I.failed; });
        if (I.failed) throw std::runtime_error(I.error);
    }
    I.be.copy_h2d(k_copy, dst, I.staging[s], I.L.blob_bytes(I.plan[seq]));
    I.be.record(k_copy, I.staged_ev[s]);
    std::lock_guard<std::mutex> g(I.m);
    I.issued = seq + 1;
    I.cv.notify_all();
}

void DiskSource::end() {
    Impl& I = *impl_;
    if (I.reader.joinable()) {
        {
            std::lock_guard<std::mutex> g(I.m);
            if (I.issued < I.plan.size()) I.failed = true;   // stop a reader that is ahead of an aborted run
            if (I.error.empty()) I.error = "disk source stopped";
        }
        I.cv.notify_all();
        I.reader.join();
    }
}

// --- the ring ----------------------------------------------------------------------------------

Ring::Ring(Backend& be, const Layout& L, int n_slots) : be_(be) {
    try {
        for (int i = 0; i < n_slots; ++i) {
            slots_.push_back(static_cast<uint8_t*>(be.dev_alloc(L.slot_bytes())));
            copy_done_.push_back(be.event_create());
            compute_done_.push_back(be.event_create());
        }
    } catch (...) {
        for (uint8_t* p : slots_) be.dev_free(p);
        throw;
    }
}

Ring::~Ring() {
    try { be_.sync(); } catch (...) {}
    for (uint8_t* p : slots_) be_.dev_free(p);
}

static std::vector<int> make_events(Backend& be, int n) {
    std::vector<int> e(static_cast<size_t>(n));
    for (int& x : e) x = be.event_create();
    return e;
}

RingTiming ring_timing(Backend& be, const std::vector<int>& token_end, int ev_start) {
    const size_t n = token_end.size();
    RingTiming rt;
    rt.s_per_token = n >= 2 ? be.elapsed_s(token_end[0], token_end[n - 1]) / double(n - 1) : be.elapsed_s(ev_start, token_end[0]);
    rt.total_s = be.elapsed_s(ev_start, token_end.back());
    return rt;
}

static std::vector<int> all_blobs_plan(const Layout& L, int T) {
    std::vector<int> p(size_t(T) * size_t(L.n_blobs()));
    for (size_t i = 0; i < p.size(); ++i) p[i] = int(i % size_t(L.n_blobs()));
    return p;
}

RingTiming Ring::run(Runner& r, BlobSource& src, const std::function<void(int)>& progress) {
    const Layout& L = r.layout();
    const int T = r.n_tokens(), nb = L.n_blobs(), n = n_slots();
    const size_t N = size_t(T) * size_t(nb);
    std::vector<int> tok = make_events(be_, T);
    int ev_start = be_.event_create();
    src.begin(all_blobs_plan(L, T));
    auto issue = [&](size_t j) {   // copy blob j into its slot once the slot's last compute is done
        const int s = int(j % size_t(n));
        be_.wait(k_copy, compute_done_[size_t(s)]);
        src.copy(j, slots_[size_t(s)]);
        be_.record(k_copy, copy_done_[size_t(s)]);
    };
    be_.record(k_compute, ev_start);
    for (size_t j = 0; j < std::min(size_t(n), N); ++j) issue(j);
    for (size_t i = 0; i < N; ++i) {
        const int b = int(i % size_t(nb)), t = int(i / size_t(nb)), s = int(i % size_t(n));
        if (b == 0) r.token_start(t);
        be_.wait(k_compute, copy_done_[size_t(s)]);
        r.blob(b, slots_[size_t(s)], t);
        be_.record(k_compute, compute_done_[size_t(s)]);
        if (b == nb - 1) {
            be_.record(k_compute, tok[size_t(t)]);
            if (progress) progress(t + 1);
        }
        if (i + size_t(n) < N) issue(i + size_t(n));
    }
    be_.sync();
    src.end();
    return ring_timing(be_, tok, ev_start);
}

RingTiming Ring::copy_only(const Layout& L, BlobSource& src, int T) {
    const int nb = L.n_blobs(), n = n_slots();
    std::vector<int> tok = make_events(be_, T);
    int ev_start = be_.event_create();
    std::vector<int> plan = all_blobs_plan(L, T);
    const size_t N = plan.size();
    src.begin(std::move(plan));
    be_.record(k_copy, ev_start);
    for (size_t j = 0; j < N; ++j) {
        src.copy(j, slots_[j % size_t(n)]);
        if (int(j % size_t(nb)) == nb - 1) be_.record(k_copy, tok[j / size_t(nb)]);
    }
    be_.sync();
    src.end();
    return ring_timing(be_, tok, ev_start);
}

RingTiming Ring::compute_only(Runner& r, BlobSource& src) {
    const Layout& L = r.layout();
    if (n_slots() < 2) throw std::runtime_error("compute_only needs two slots");
    src.begin({0, L.shape.n_layer});
    src.copy(0, slots_[0]);
    src.copy(1, slots_[1]);
    be_.sync();
    src.end();
    const int T = r.n_tokens();
    std::vector<int> tok = make_events(be_, T);
    int ev_start = be_.event_create();
    be_.record(k_compute, ev_start);
    for (int t = 0; t < T; ++t) {
        r.token_start(t);
        for (int b = 0; b < L.n_blobs(); ++b) r.blob(b, b < L.shape.n_layer ? slots_[0] : slots_[1], t);
        be_.record(k_compute, tok[size_t(t)]);
    }
    be_.sync();
    return ring_timing(be_, tok, ev_start);
}

RingTiming run_resident(Backend& be, Runner& r, const uint8_t* w, const std::function<void(int)>& progress) {
    const Layout& L = r.layout();
    const int T = r.n_tokens();
    std::vector<int> tok = make_events(be, T);
    int ev_start = be.event_create();
    be.record(k_compute, ev_start);
    for (int t = 0; t < T; ++t) {
        r.token_start(t);
        for (int b = 0; b < L.n_blobs(); ++b) r.blob(b, w + size_t(b) * L.layer_stride, t);
        be.record(k_compute, tok[size_t(t)]);
        if (progress) progress(t + 1);
    }
    be.sync();
    return ring_timing(be, tok, ev_start);
}

}  // namespace hrs
