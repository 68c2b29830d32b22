// The CPU backend: the reference for every op, and two worker threads standing in for the GPU's
// compute stream and copy engine, with CUDA's event semantics, so the ring scheduler runs
// unchanged. "Device" memory is ordinary host memory.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "half.hpp"
#include "stream.hpp"

namespace hrs {
namespace {

using clock_type = std::chrono::steady_clock;

class Worker {
public:
    Worker() : th_([this] { loop(); }) {}
    ~Worker() {
        {
            std::lock_guard<std::mutex> g(m_);
            stop_ = true;
        }
        cv_.notify_all();
        th_.join();
    }
    void push(std::function<void()> f) {
        {
            std::lock_guard<std::mutex> g(m_);
            q_.push_back(std::move(f));
        }
        cv_.notify_all();
    }
    void drain() {
        std::unique_lock<std::mutex> g(m_);
        idle_cv_.wait(g, [&] { return q_.empty() && !busy_; });
        if (!error_.empty()) {
            std::string e;
            std::swap(e, error_);
            throw std::runtime_error(e);
        }
    }

private:
    void loop() {
        std::unique_lock<std::mutex> g(m_);
        for (;;) {
            cv_.wait(g, [&] { return stop_ || !q_.empty(); });
            if (q_.empty()) return;
            auto f = std::move(q_.front());
            q_.pop_front();
            busy_ = true;
            g.unlock();
            try {
                f();
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> g2(m_);
                if (error_.empty()) error_ = e.what();
            }
            g.lock();
            busy_ = false;
            if (q_.empty()) idle_cv_.notify_all();
        }
    }
    std::mutex m_;
    std::condition_variable cv_, idle_cv_;
    std::deque<std::function<void()>> q_;
    bool stop_ = false, busy_ = false;
    std::string error_;
    std::thread th_;   // last: starts after the members above exist
};

struct Event {
    uint64_t recorded = 0, completed = 0;   // host-side record count; how far the stream got
    clock_type::time_point when{};
};

// --- the reference ops -------------------------------------------------------------------------

void ref_rmsnorm(float* out, const float* x, const uint16_t* w, int n, float eps) {
    double ss = 0;   // double: the reference should not be the noisy one
    for (int i = 0; i < n; ++i) ss += double(x[i]) * double(x[i]);
    float r = float(1.0 / std::sqrt(ss / n + double(eps)));
    for (int i = 0; i < n; ++i) out[i] = x[i] * r * h2f(w[i]);
}

void ref_matvec(float* y, const MatView& w, const float* x, bool accumulate) {
    const int rows = w.rows, cols = w.cols;
#pragma omp parallel for schedule(static)
    for (int r = 0; r < rows; ++r) {
        float acc = 0;
        size_t n0 = size_t(r) * size_t(cols);
        if (w.quant == Quant::f16) {
            const uint16_t* d = static_cast<const uint16_t*>(w.data) + n0;
            for (int c = 0; c < cols; ++c) acc += h2f(d[c]) * x[c];
        } else if (w.quant == Quant::int8) {
            const int8_t* d = static_cast<const int8_t*>(w.data) + n0;
            for (int c = 0; c < cols; ++c) acc += float(d[c]) * x[c];
            acc *= h2f(w.scales[r]);
        } else {
            const uint8_t* d = static_cast<const uint8_t*>(w.data) + n0 / 2;
            const uint16_t* sc = w.scales + n0 / k_int4_group;
            for (int g = 0; g < cols / k_int4_group; ++g) {
                float part = 0;
                for (int j = 0; j < k_int4_group; j += 2) {
                    uint8_t b = d[(g * k_int4_group + j) / 2];
                    part += float(int(b & 15) - 8) * x[g * k_int4_group + j];
                    part += float(int(b >> 4) - 8) * x[g * k_int4_group + j + 1];
                }
                acc += part * h2f(sc[g]);
            }
        }
        y[r] = accumulate ? y[r] + acc : acc;
    }
}

void ref_rope(float* v, int n_heads, int head_dim, const float* cs) {
    const int half = head_dim / 2;
    for (int h = 0; h < n_heads; ++h) {
        float* p = v + size_t(h) * size_t(head_dim);
        for (int i = 0; i < half; ++i) {
            float c = cs[2 * i], s = cs[2 * i + 1], x0 = p[i], x1 = p[i + half];
            p[i] = x0 * c - x1 * s;
            p[i + half] = x0 * s + x1 * c;
        }
    }
}

void ref_attention(float* out, const float* q, const float* kc, const float* vc, int n_pos, int n_head,
                   int n_head_kv, int head_dim) {
    const int kv_dim = n_head_kv * head_dim, group = n_head / n_head_kv;
    const float scale = 1.0f / std::sqrt(float(head_dim));
    std::vector<float> p(static_cast<size_t>(n_pos));
    for (int h = 0; h < n_head; ++h) {
        const float* qh = q + size_t(h) * size_t(head_dim);
        const int kvh = h / group;
        float mx = -INFINITY;
        for (int t = 0; t < n_pos; ++t) {
            const float* k = kc + size_t(t) * size_t(kv_dim) + size_t(kvh) * size_t(head_dim);
            float s = 0;
            for (int d = 0; d < head_dim; ++d) s += qh[d] * k[d];
            p[size_t(t)] = s * scale;
            mx = std::max(mx, p[size_t(t)]);
        }
        float sum = 0;
        for (int t = 0; t < n_pos; ++t) sum += (p[size_t(t)] = std::exp(p[size_t(t)] - mx));
        float* o = out + size_t(h) * size_t(head_dim);
        for (int d = 0; d < head_dim; ++d) {
            float acc = 0;
            for (int t = 0; t < n_pos; ++t) acc += p[size_t(t)] * vc[size_t(t) * size_t(kv_dim) + size_t(kvh) * size_t(head_dim) + size_t(d)];
            o[d] = acc / sum;
        }
    }
}

void ref_swiglu(float* g, const float* u, int n) {
    for (int i = 0; i < n; ++i) g[i] = g[i] / (1.0f + std::exp(-g[i])) * u[i];
}

class CpuBackend final : public Backend {
public:
    std::string name() const override { return "cpu"; }
    DeviceInfo info() const override {
        DeviceInfo d;
        d.name = "cpu (host memory stands in for device memory)";
        d.mem_bytes = int64_t(sysconf(_SC_PHYS_PAGES)) * int64_t(sysconf(_SC_PAGE_SIZE));
        d.sm_count = int(std::thread::hardware_concurrency());
        return d;
    }
    void* dev_alloc(size_t bytes) override { return aligned(bytes); }
    void dev_free(void* p) override { std::free(p); }
    void* host_alloc_pinned(size_t bytes) override { return aligned(bytes); }
    void host_free_pinned(void* p) override { std::free(p); }

    int event_create() override {
        std::lock_guard<std::mutex> g(em_);
        events_.emplace_back();
        return int(events_.size() - 1);
    }
    void record(int stream, int ev) override {
        uint64_t target;
        {
            std::lock_guard<std::mutex> g(em_);
            target = ++events_[size_t(ev)].recorded;
        }
        w(stream).push([this, ev, target] {
            {
                std::lock_guard<std::mutex> g(em_);
                Event& e = events_[size_t(ev)];
                e.completed = std::max(e.completed, target);
                e.when = clock_type::now();
            }
            ecv_.notify_all();
        });
    }
    void wait(int stream, int ev) override {
        uint64_t target;
        {
            std::lock_guard<std::mutex> g(em_);
            target = events_[size_t(ev)].recorded;
        }
        if (target == 0) return;
        w(stream).push([this, ev, target] { wait_for(ev, target); });
    }
    void host_wait(int ev) override {
        uint64_t target;
        {
            std::lock_guard<std::mutex> g(em_);
            target = events_[size_t(ev)].recorded;
        }
        wait_for(ev, target);
    }
    bool query(int ev) override {
        std::lock_guard<std::mutex> g(em_);
        return events_[size_t(ev)].completed >= events_[size_t(ev)].recorded;
    }
    double elapsed_s(int a, int b) override {
        std::lock_guard<std::mutex> g(em_);
        return std::chrono::duration<double>(events_[size_t(b)].when - events_[size_t(a)].when).count();
    }
    void sync() override {
        copy_.drain();
        compute_.drain();
    }
    void copy_h2d(int stream, void* dst, const void* src, size_t n) override { memcpy_on(stream, dst, src, n); }
    void copy_d2h(int stream, void* dst, const void* src, size_t n) override { memcpy_on(stream, dst, src, n); }
    void copy_d2d(int stream, void* dst, const void* src, size_t n) override { memcpy_on(stream, dst, src, n); }

    void rmsnorm(float* out, const float* x, const uint16_t* wt, int n, float eps) override {
        compute_.push([=] { ref_rmsnorm(out, x, wt, n, eps); });
    }
    void matvec(float* y, const MatView& m, const float* x, bool accumulate) override {
        compute_.push([=] { ref_matvec(y, m, x, accumulate); });
    }
    void rope(float* q, int n_head, float* k, int n_head_kv, int head_dim, const float* cs) override {
        compute_.push([=] {
            ref_rope(q, n_head, head_dim, cs);
            ref_rope(k, n_head_kv, head_dim, cs);
        });
    }
    void attention(float* out, const float* q, const float* kc, const float* vc, int n_pos, int n_head,
                   int n_head_kv, int head_dim) override {
        compute_.push([=] { ref_attention(out, q, kc, vc, n_pos, n_head, n_head_kv, head_dim); });
    }
    void swiglu(float* g, const float* u, int n) override {
        compute_.push([=] { ref_swiglu(g, u, n); });
    }

private:
    static void* aligned(size_t bytes) {
        void* p = std::aligned_alloc(4096, (std::max<size_t>(bytes, 1) + 4095) / 4096 * 4096);
        if (!p) throw std::runtime_error("out of host memory allocating " + std::to_string(bytes) + " bytes");
        return p;
    }
    Worker& w(int stream) { return stream == k_copy ? copy_ : compute_; }
    void memcpy_on(int stream, void* dst, const void* src, size_t n) {
        w(stream).push([=] { std::memcpy(dst, src, n); });
    }
    void wait_for(int ev, uint64_t target) {
        std::unique_lock<std::mutex> g(em_);
        ecv_.wait(g, [&] { return events_[size_t(ev)].completed >= target; });
    }
    std::mutex em_;
    std::condition_variable ecv_;
    std::deque<Event> events_;   // deque: references stay valid as it grows
    Worker compute_, copy_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend() { return std::make_unique<CpuBackend>(); }

}  // namespace hrs
