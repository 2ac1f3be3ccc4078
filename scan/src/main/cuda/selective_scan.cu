// Selective scan (mamba_ssm selective_scan_fn semantics), forward and backward, float32.
// Compiled to PTX by the models build (profile cuda-ptx) and loaded by
// org.medrobust.models.scan.cuda.CudaSelectiveScan through the CUDA driver API (FFM, no JNI).
//
// Work split: one thread block = one batch row b and DB consecutive channels (all in one B/C group); each channel
// is served by S lanes (a power of two <= 32, adjacent lanes of one warp), each lane holding NT consecutive states
// of h in registers, so N = dstate is padded to NP = S * NT. The recurrence runs sequentially over L inside each
// thread (B*D*S independent threads are plenty for the sizes we care about); y = C.h is reduced across the S lanes
// with shuffles. Inputs are staged tile by tile (TL steps) through shared memory with 16-byte loads (round 9: one
// staging phase per tile writes the previous tile's output and stages the next tile's inputs); softplus, dt*u, D*u
// and the silu gate are computed once per element in that phase, not once per state.
//
// Backward: one pass, L parallel inside the block (ssm_bwd1, below).

#define TL 64   // forward tile (steps)
#define LOG2E 1.4426950408889634f

// Programmatic dependent launch (round 13; sm_90+, the compute_90 PTX only: griddepcontrol needs .target sm_90, and
// the compute_80 build compiles both to nothing). A kernel launched with the driver's programmatic stream
// serialization may start while the kernel before it in the stream still runs: pdl_wait blocks until that grid has
// completed and its memory is visible, so every kernel calls it before its first global load or store (before it only
// parameter reads, index arithmetic and shared-memory setup); without the launch attribute it returns at once.
// pdl_launch lets the next such kernel launch once every block of this one has called it (else as they exit): every
// block is resident by then, so the dependent's blocks only take slots the last wave frees. pdl_enter calls it after
// the wait, so a kernel launched after this one starts only once every kernel before this one has completed. The host
// launches so (CudaSelectiveScan.launchesProgrammatically) where the forward is a one-wave kernel (ssm_fwd1*): runs
// A21-1/A21-2, back to back, (8,128,16,256,1) fp16 0.0080 -> 0.0069 ms, (1,384,16,197,1) float32 0.0068 -> 0.0058; at
// the full-grid (64,384,16,197,1) it was 1-2 % slower in 16 bits.
__device__ __forceinline__ void pdl_wait() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}
__device__ __forceinline__ void pdl_launch() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}
__device__ __forceinline__ void pdl_enter() {
    pdl_wait();
    pdl_launch();
}

// Chunks over L (gridDim.y = nchunks, chunk k = steps [k * chunk_len, min(L, (k + 1) * chunk_len))): when B * D
// alone gives too few threads for the GPU (batch 1, small models), each chunk runs in its own block. A first launch
// summarises every chunk from a zero state (hend = its end state, sdt = sum of its dt, so its decay is
// exp(A * sdt)); the main launch starts chunk k from the combination of the summaries before it (the last chunk's
// summary is never needed: the host launches nchunks - 1 summary rows). nchunks = 1: the whole sequence in one block
// row, no summaries. The one-pass backward reads the same summaries for sequences longer than its chunk.
//
// Input types (T): float, __half, __nv_bfloat16 for u, delta, B, C, z, dout and out (loaded into float at once: state
// and accumulation in float32, as mamba_ssm); A, D, delta_bias, last_state and every gradient stay float32.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <type_traits>

template <class T> __device__ __forceinline__ float ld(const void* p, size_t i) { return static_cast<const T*>(p)[i]; }
template <> __device__ __forceinline__ float ld<__half>(const void* p, size_t i) {
    return __half2float(static_cast<const __half*>(p)[i]);
}
template <> __device__ __forceinline__ float ld<__nv_bfloat16>(const void* p, size_t i) {
    return __bfloat162float(static_cast<const __nv_bfloat16*>(p)[i]);
}
template <class T> __device__ __forceinline__ void st(void* p, size_t i, float v) { static_cast<T*>(p)[i] = v; }
template <> __device__ __forceinline__ void st<__half>(void* p, size_t i, float v) {
    static_cast<__half*>(p)[i] = __float2half_rn(v);
}
template <> __device__ __forceinline__ void st<__nv_bfloat16>(void* p, size_t i, float v) {
    static_cast<__nv_bfloat16*>(p)[i] = __float2bfloat16_rn(v);
}

struct ScanParams {
    const void *u, *delta;
    const float* A;
    const void *B, *C;
    const float* D;
    const void* z;
    const float* delta_bias;
    const void* dout;
    void* out;
    float *last_state, *du, *ddelta, *dA, *dB, *dC, *dD, *dz, *ddelta_bias;
    float *hend, *sdt;
    const float* dlast;  // gradient of the last state (backward), may be null
    // forward: zero_words floats (a multiple of 4) to zero, the gradients the next backward adds into (dA, dD,
    // ddelta_bias, dB, dC), so that backward needs no memset launch of its own; null: nothing to zero
    float* zero_slab;
    int batch, dim, dstate, len, groups, softplus, chunk_channels, lanes, chunk_len, nchunks;
    // forward (unsplit v5): also write h at every multiple of save_len steps into hend (save_chunks per row), the
    // chunk-start states of the backward's chunks; backward: states_saved = 1 reads them instead of combining
    // chunk summaries (mamba_ssm's backward likewise reads the states its forward saved)
    int save_len, save_chunks, states_saved;
    // zero_words: see zero_slab; stage: states of B and C the single-launch forward stages per burst (its dynamic
    // shared memory holds 2 * stage * chunk floats); bc_stride: the row stride of B and C where a warp-per-state
    // forward instance reads them padded (pad_rows_*: float32 rows; the `_b2p` instances), else unused (rows of len)
    int zero_words, stage, bc_stride;
};

__device__ __forceinline__ float ex2(float x) {
    float y;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x));
    return y;
}

__device__ __forceinline__ float softplus_f(float x) { return x > 20.f ? x : log1pf(__expf(x)); }

// softplus with the fast intrinsics (MUFU lg2/ex2; log1pf is some 20 instructions): below x = -17 it gives 0 where
// the true value is under 4.2e-8.
__device__ __forceinline__ float softplus_fast(float x) { return x > 20.f ? x : __logf(1.f + __expf(x)); }

// softplus_fast with flush-to-zero MUFU ex2/lg2 (no subnormal range fix-up around __expf; round 9)
__device__ __forceinline__ float softplus_ftz(float x) {
    float l;
    asm("lg2.approx.ftz.f32 %0, %1;" : "=f"(l) : "f"(1.f + ex2(x * LOG2E)));
    return x > 20.f ? x : l * 0.6931471805599453f;
}

// a / b for 0 <= a < 2^22, b > 0 by a float reciprocal and one correction (an integer division is ~25 instructions)
__device__ __forceinline__ int div_small(int a, int b) {
    const int q = __float2int_rz(__int2float_rn(a) * __frcp_rn(__int2float_rn(b))), r = a - q * b;
    return q + (r < 0 ? -1 : r >= b ? 1 : 0);
}

__device__ __forceinline__ float sigmoid_f(float x) { return 1.f / (1.f + __expf(-x)); }
// sigmoid_f with the MUFU reciprocal (__fdividef: no IEEE division and its slow-path call)
__device__ __forceinline__ float sigmoid_fast(float x) { return __fdividef(1.f, 1.f + __expf(-x)); }

// Memory-level parallelism for the staging loops: each thread first issues the loads of U elements (independent,
// predicated), then uses them. A plain grid-stride loop has one load in flight per thread, so every tile paid U
// DRAM latencies in series (measured: 2.3 ms forward at (16,1536,16,4096), about 1000 cycles per step).
struct Vals {
    float v[6];
};

template <int U, class Load, class Use>
__device__ __forceinline__ void batched(int total, Load load, Use use) {
    for (int base = threadIdx.x; base < total; base += U * blockDim.x) {
        Vals r[U];
#pragma unroll
        for (int j = 0; j < U; j++) {
            const int i = base + j * blockDim.x;
            r[j] = load(i < total ? i : total - 1, i < total);
        }
#pragma unroll
        for (int j = 0; j < U; j++) {
            const int i = base + j * blockDim.x;
            if (i < total) use(i, r[j]);
        }
    }
}

#define BATCH 8

// Loads NT consecutive floats from shared memory, 16-byte vectors where NT allows (the address is NT-aligned).
template <int NT>
__device__ __forceinline__ void lds(const float* src, float (&dst)[NT]) {
    if constexpr (NT % 4 == 0) {
#pragma unroll
        for (int k = 0; k < NT; k += 4) {
            const float4 v = *reinterpret_cast<const float4*>(src + k);
            dst[k] = v.x; dst[k + 1] = v.y; dst[k + 2] = v.z; dst[k + 3] = v.w;
        }
    } else if constexpr (NT == 2) {
        const float2 v = *reinterpret_cast<const float2*>(src);
        dst[0] = v.x; dst[1] = v.y;
    } else {
#pragma unroll
        for (int k = 0; k < NT; k++) dst[k] = src[k];
    }
}

// Stores NI consecutive floats to shared memory, 16-byte vectors where NI allows (the address is NI-aligned).
template <int NI>
__device__ __forceinline__ void sts(float* dst, const float (&v)[NI]) {
    if constexpr (NI % 4 == 0) {
#pragma unroll
        for (int k = 0; k < NI; k += 4)
            *reinterpret_cast<float4*>(dst + k) = make_float4(v[k], v[k + 1], v[k + 2], v[k + 3]);
    } else {
#pragma unroll
        for (int k = 0; k < NI; k++) dst[k] = v[k];
    }
}

// Loads of 8 chunk summaries are issued before they are combined (one at a time, the combination loop waited on a
// global load per chunk: ncu, 41.7 us for an 80-step chunk at (1,384,16,3136,4)). A chunk outside [lo, hi) loads as
// sdt = 0, v = 0: exp(0) h + 0 = h, the identity.
template <int NT>
__device__ __forceinline__ void combine_chunks(const ScanParams& p, size_t row, int s, const float (&A2)[NT],
                                               const float* v, int lo, int hi, float (&h)[NT]) {
    for (int i0 = 0; i0 < hi - lo; i0 += 8) {
        float sd[8], vv[8][NT];
#pragma unroll
        for (int i = 0; i < 8; i++) {
            const int j = lo + i0 + i;
            const bool ok = i0 + i < hi - lo;
            sd[i] = ok ? p.sdt[row * p.nchunks + j] : 0.f;
#pragma unroll
            for (int q = 0; q < NT; q++) {
                const int n = s * NT + q;
                vv[i][q] = (ok && n < p.dstate) ? v[(row * p.nchunks + j) * p.dstate + n] : 0.f;
            }
        }
#pragma unroll
        for (int i = 0; i < 8; i++) {
#pragma unroll
            for (int q = 0; q < NT; q++) h[q] = fmaf(ex2(sd[i] * A2[q]), h[q], vv[i][q]);
        }
    }
}

// h at the start of chunk k: the chunk summaries before it, combined in order (h = exp(A sdt_j) h + hend_j).
template <int NT>
__device__ __forceinline__ void chunk_prefix(const ScanParams& p, size_t row, int k, int s, const float (&A2)[NT],
                                             float (&h)[NT]) {
    combine_chunks<NT>(p, row, s, A2, p.hend, 0, k, h);
}

// h of one chunk boundary into hend (the backward's chunk-start states)
template <int NT>
__device__ __forceinline__ void saveState(const ScanParams& p, size_t row, int j, int s, const float (&h)[NT]) {
#pragma unroll
    for (int q = 0; q < NT; q++) {
        const int n = s * NT + q;
        if (n < p.dstate) p.hend[(row * p.save_chunks + j) * p.dstate + n] = h[q];
    }
}

// Forward. The lane count S is a template parameter (NP = S * NT is a constant): strides are immediates, the lane
// reduction is unrolled, per-thread base pointers replace per-step index arithmetic (ncu on the runtime-S version:
// ALU, i.e. integer/logic work, was the busiest pipe at 40 %, issue slots 68 % busy). The step loop runs the tile's
// steps rounded up to 8 (padded steps have dt = 0 and B = C = 0, an identity update), unrolled by 8, so the
// exponentials, shared loads and lane reductions of 8 steps overlap. summary = 1: chunk summaries only (hend, sdt),
// no output. Round 9 (issue 15, 16-bit inputs): the staging (phase, below) was five rounds of element-by-element
// global loads per tile, 80 warp instructions per step and warp at (16,1536,16,4096) (ncu), and slower in 16 bits than
// in float32; now one round of 16-byte loads, 45 instructions per step, B and C kept in the input type in shared
// memory, y stored once per S steps and lane (docs/selective-scan-history.md, "Round 9 (16-bit forward)").
// The forward zeroes the next backward's accumulated gradients (grid-stride float4 stores, a few KB at batch 1), in
// place of the memset launch the backward would need (issue 15: one launch less per training step).
// Round 13: 32-bit indices (zero_words is an int; the stride is capped at the slab, so i + stride stays below 2^32),
// and the blocks past the slab (most of a large grid) leave after one compare.
__device__ __forceinline__ void zero_grads(const ScanParams& p) {
    if (!p.zero_slab) return;
    const unsigned n4 = (unsigned)p.zero_words / 4;
    const unsigned long long first = (unsigned long long)(blockIdx.y * gridDim.x + blockIdx.x) * blockDim.x;
    if (first >= n4) return;
    const unsigned stride = (unsigned)min((unsigned long long)gridDim.x * gridDim.y * blockDim.x, (unsigned long long)n4);
    float4* z4 = reinterpret_cast<float4*>(p.zero_slab);
    for (unsigned i = (unsigned)first + threadIdx.x; i < n4; i += stride) z4[i] = make_float4(0.f, 0.f, 0.f, 0.f);
}

// 16-byte vectors of the input type for the v5 forward's staging (round 9): E = 16 / sizeof(T) consecutive elements.
// ld_vec returns the raw bits of `valid` elements at base + off (the rest 0): one 16-byte load where the address is
// aligned and the vector whole, else element by element (odd L, a sequence's end). The elements are converted to
// float once, where they are staged (vec_at), so a vector in flight costs 4 registers in any type.
// Word w of a 16-byte vector (w a constant after unrolling: no local memory).
__device__ __forceinline__ unsigned vec_word(const uint4& q, int w) { return w == 0 ? q.x : w == 1 ? q.y : w == 2 ? q.z : q.w; }

// The raw bits of element i of T at the low end of a word (16-bit types: the low or high half of word i / 2).
template <class T>
__device__ __forceinline__ unsigned vec_bits(const uint4& q, int i) {
    if constexpr (sizeof(T) == 4) return vec_word(q, i);
    else return (vec_word(q, i >> 1) >> (16 * (i & 1))) & 0xffffu;
}

// The low and high 16-bit element of a 32-bit word as float (exact: fp16 by cvt, bf16 by its bits in the high half).
template <class T> __device__ __forceinline__ float lo16(unsigned w);
template <class T> __device__ __forceinline__ float hi16(unsigned w);
template <> __device__ __forceinline__ float lo16<__half>(unsigned w) {
    return __half2float(__ushort_as_half((unsigned short)(w & 0xffffu)));
}
template <> __device__ __forceinline__ float hi16<__half>(unsigned w) {
    return __half2float(__ushort_as_half((unsigned short)(w >> 16)));
}
template <> __device__ __forceinline__ float lo16<__nv_bfloat16>(unsigned w) { return __uint_as_float(w << 16); }
template <> __device__ __forceinline__ float hi16<__nv_bfloat16>(unsigned w) { return __uint_as_float(w & 0xffff0000u); }

template <class T>
__device__ __forceinline__ float vec_at(const uint4& q, int i) {
    const unsigned v = vec_bits<T>(q, i);
    if constexpr (std::is_same_v<T, float>) return __uint_as_float(v); else return lo16<T>(v);
}

template <class T>
__device__ __forceinline__ unsigned bits_of(float v) {
    if constexpr (std::is_same_v<T, float>) return __float_as_uint(v);
    else if constexpr (std::is_same_v<T, __half>) return __half_as_ushort(__float2half_rn(v));
    else return __bfloat16_as_ushort(__float2bfloat16_rn(v));
}

// 16-byte vectors of the input type for the v5 forward's staging (round 9): E = 16 / sizeof(T) consecutive elements.
// ld_vec returns the raw bits of `valid` elements at base + off (the rest 0): one 16-byte load where the address is
// aligned and the vector whole, else element by element (odd L, a sequence's end). The elements are converted to
// float once, where they are staged (vec_at), so a vector in flight costs 4 registers in any type.
template <class T>
__device__ __forceinline__ uint4 ld_vec(const void* base, size_t off, int valid) {
    constexpr int E = 16 / (int)sizeof(T);
    const T* ptr = static_cast<const T*>(base) + off;
    if (valid >= E && (reinterpret_cast<unsigned long long>(ptr) & 15) == 0) return __ldg(reinterpret_cast<const uint4*>(ptr));
    unsigned w[4] = {0u, 0u, 0u, 0u};
    if (valid > 0) {
#pragma unroll
        for (int i = 0; i < E; i++) {
            if (i < valid) {
                if constexpr (sizeof(T) == 4) w[i] = reinterpret_cast<const unsigned*>(ptr)[i];
                else w[i >> 1] |= (unsigned)reinterpret_cast<const unsigned short*>(ptr)[i] << (16 * (i & 1));
            }
        }
    }
    return make_uint4(w[0], w[1], w[2], w[3]);
}

// NT consecutive elements of T from shared memory as floats (T = float: lds; 16-bit: 8-byte or 4-byte loads).
template <class BS, int NT>
__device__ __forceinline__ void lds_in(const BS* src, float (&dst)[NT]) {
    if constexpr (std::is_same_v<BS, float>) {
        lds<NT>(src, dst);
    } else if constexpr (NT % 4 == 0) {
#pragma unroll
        for (int k = 0; k < NT; k += 4) {
            const uint2 q = *reinterpret_cast<const uint2*>(src + k);
            const uint4 w = make_uint4(q.x, q.y, 0u, 0u);
#pragma unroll
            for (int i = 0; i < 4; i++) dst[k + i] = vec_at<BS>(w, i);
        }
    } else if constexpr (NT == 2) {
        const uint4 w = make_uint4(*reinterpret_cast<const unsigned*>(src), 0u, 0u, 0u);
        dst[0] = vec_at<BS>(w, 0);
        dst[1] = vec_at<BS>(w, 1);
    } else {
#pragma unroll
        for (int k = 0; k < NT; k++) dst[k] = static_cast<float>(src[k]);
    }
}

// The first `valid` of E floats to base + off in type T: one 16-byte store where aligned and whole.
template <class T>
__device__ __forceinline__ void st_vec(void* base, size_t off, int valid, const float* v) {
    constexpr int E = 16 / (int)sizeof(T);
    T* ptr = static_cast<T*>(base) + off;
    if (valid >= E && (reinterpret_cast<unsigned long long>(ptr) & 15) == 0) {
        unsigned w[4];
#pragma unroll
        for (int i = 0; i < 4; i++)
            w[i] = sizeof(T) == 4 ? bits_of<T>(v[i]) : bits_of<T>(v[2 * i]) | bits_of<T>(v[2 * i + 1 < E ? 2 * i + 1 : 0]) << 16;
        *reinterpret_cast<uint4*>(ptr) = make_uint4(w[0], w[1], w[2], w[3]);
    } else {
#pragma unroll
        for (int i = 0; i < E; i++)
            if (i < valid) st<T>(ptr, i, v[i]);
    }
}

#define FWD_U 2   // staging vectors in flight per thread and tensor

template <class T, int NT, int SL>
__device__ __forceinline__ void fwd_v5_impl(const ScanParams& p, const int summary) {
    extern __shared__ float smem[];
    constexpr int E = 16 / (int)sizeof(T), TV = TL / E;   // elements per vector, vectors per row and tile
    const int DB = p.chunk_channels;
    constexpr int S = SL, NP = SL * NT;
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x;
    const int dblocks = p.dim / DB;
    const int b = blockIdx.x / dblocks, d0 = (blockIdx.x % dblocks) * DB;
    const int c = tid / S, s = tid % S, d = d0 + c;
    const int g = d0 / (p.dim / p.groups);
    const int k = blockIdx.y, lbeg = k * p.chunk_len, lend = min(L, lbeg + p.chunk_len);
    const unsigned mask = blockDim.x >= 32 ? 0xffffffffu : ((1u << blockDim.x) - 1u);
    constexpr int RS = TL + 4;   // rows 16-byte aligned; 4 channels apart in banks
    float* s_dt = smem;
    float* s_x = s_dt + DB * RS;   // dt*u, then y
    float* s_u = s_x + DB * RS;
    // B and C stay in the input type in shared memory (16-bit: half the bytes the step loop reads; round 9)
    using BS = T;
    BS* s_B = reinterpret_cast<BS*>(s_u + DB * RS);    // [TL][NP]
    BS* s_C = s_B + TL * NP;

    pdl_enter();
    if (!summary) zero_grads(p);
    float A2[NT], h[NT];
#pragma unroll
    for (int q = 0; q < NT; q++) {
        const int n = s * NT + q;
        A2[q] = n < N ? p.A[d * N + n] * LOG2E : 0.f;
        h[q] = 0.f;
    }
    const size_t row = (size_t)b * p.dim + d;
    if (!summary) chunk_prefix<NT>(p, row, k, s, A2, h);
    float sdt = 0.f;
    int saveAt = (!summary && p.save_len > 0) ? p.save_len : -1;
    const size_t rowBase = ((size_t)b * p.dim + d0) * L;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;

    // One staging phase per tile (round 9): the output of tile lk (lk < 0: none) and the inputs of tile ln (ln < 0:
    // none) in one pass, so each tile pays one round of global loads (z of lk with u, delta, B, C of ln) instead of
    // five. Vector v of the sequence tensors is row v / TV, elements (v % TV) E ... + E - 1 of the tile, the same
    // thread for both tiles, so a thread reads y, u of tile lk from the shared slots it then fills with tile ln: no
    // barrier between the two.
    auto phase = [&](int lk, int ln) {
        const int nseq = DB * TV, nbc = NP * TV;
        // FWD_U sequence vectors and UB = 1 B/C vector per thread and round (at 4 lanes both need the same rounds; two
        // B/C vectors per round, the second unused at 16 bits, cost 6-10 % in spills: run 9F-3, docs)
        constexpr int UB = 1;
        for (int sb = tid, bb = tid; sb < nseq || bb < nbc; sb += FWD_U * blockDim.x, bb += UB * blockDim.x) {
            uint4 rz[FWD_U], ru[FWD_U], rd[FWD_U], rb[UB], rc[UB];
#pragma unroll
            for (int j = 0; j < FWD_U; j++) {
                const int v = sb + j * blockDim.x, t0 = (v % TV) * E;
                const size_t o = rowBase + (size_t)(v / TV) * L;
                const bool sv = v < nseq;
                rz[j] = ld_vec<T>(p.z, o + lk + t0, sv && lk >= 0 && p.z ? lend - lk - t0 : 0);
                ru[j] = ld_vec<T>(p.u, o + ln + t0, sv && ln >= 0 ? lend - ln - t0 : 0);
                rd[j] = ld_vec<T>(p.delta, o + ln + t0, sv && ln >= 0 ? lend - ln - t0 : 0);
            }
            // B/C vector v is state v % NP, steps (v / NP) E ...: a warp writes 32 states' slots of one step (2-way
            // bank conflicts; 8 lanes on one state were 8-way)
#pragma unroll
            for (int j = 0; j < UB; j++) {
                const int v = bb + j * blockDim.x, n = v % NP, tb = (v / NP) * E;
                const size_t ob = bcBase + (size_t)n * L + ln + tb;
                const int vb = v < nbc && ln >= 0 && n < N ? lend - ln - tb : 0;
                rb[j] = ld_vec<T>(p.B, ob, vb);
                rc[j] = ld_vec<T>(p.C, ob, vb);
            }
#pragma unroll
            for (int j = 0; j < FWD_U; j++) {
                const int v = sb + j * blockDim.x, t0 = (v % TV) * E, cc = v / TV;
                if (v >= nseq) continue;
                float* px = s_x + cc * RS + t0;
                float* pu = s_u + cc * RS + t0;
                if (lk >= 0) {
                    const float Dv = p.D ? p.D[d0 + cc] : 0.f;
                    float y[E], uk[E];
                    lds<E>(px, y);
                    lds<E>(pu, uk);
#pragma unroll
                    for (int e = 0; e < E; e++) {
                        y[e] = fmaf(Dv, uk[e], y[e]);
                        if (p.z) {
                            const float zz = vec_at<T>(rz[j], e);
                            y[e] *= __fdividef(zz, 1.f + __expf(-zz));
                        }
                    }
                    st_vec<T>(p.out, rowBase + (size_t)cc * L + lk + t0, lend - lk - t0, y);
                }
                if (ln >= 0) {
                    const float bias = p.delta_bias ? p.delta_bias[d0 + cc] : 0.f;
                    float dts[E], xs[E], us[E];
#pragma unroll
                    for (int e = 0; e < E; e++) {
                        const float uu = vec_at<T>(ru[j], e), vv = vec_at<T>(rd[j], e) + bias;
                        const float dt = ln + t0 + e >= lend ? 0.f : (p.softplus ? softplus_fast(vv) : vv);
                        dts[e] = dt;
                        xs[e] = dt * uu;
                        us[e] = uu;
                    }
                    sts<E>(s_dt + cc * RS + t0, dts);
                    sts<E>(px, xs);
                    sts<E>(pu, us);
                }
            }
#pragma unroll
            for (int j = 0; j < UB; j++) {
                const int v = bb + j * blockDim.x, n = v % NP, tb = (v / NP) * E;
                if (v >= nbc || ln < 0) continue;
#pragma unroll
                for (int e = 0; e < E; e++) {
                    if constexpr (sizeof(T) == 2) {   // 16-bit: the raw bits (B and C stay in the input type)
                        reinterpret_cast<unsigned short*>(s_B)[(tb + e) * NP + n] = (unsigned short)vec_bits<T>(rb[j], e);
                        reinterpret_cast<unsigned short*>(s_C)[(tb + e) * NP + n] = (unsigned short)vec_bits<T>(rc[j], e);
                    } else {
                        s_B[(tb + e) * NP + n] = vec_at<T>(rb[j], e);
                        s_C[(tb + e) * NP + n] = vec_at<T>(rc[j], e);
                    }
                }
            }
        }
    };

    phase(-1, lbeg);
    __syncthreads();
    for (int l0 = lbeg; l0 < lend; l0 += TL) {
        {
            const float* pdt = s_dt + c * RS;
            float* px = s_x + c * RS;
            const BS* pB = s_B + s * NT;
            const BS* pC = s_C + s * NT;
            const int steps = min(TL, (lend - l0 + 7) & ~7);
            // every lane has y after the butterfly; lane s keeps the y of steps t = s (mod S) of the 8 and stores them
            // after the 8 steps (round 9: one shared store per S steps and lane instead of one per step and warp)
            constexpr int YW = S <= 8 ? 8 / S : 1;
            for (int t0 = 0; t0 < steps; t0 += 8) {
                float yw[YW];
#pragma unroll
                for (int t = t0; t < t0 + 8; t++) {
                    const float dt = pdt[t], x = px[t];
                    float bv[NT], cv[NT];
                    lds_in<BS, NT>(pB + t * NP, bv);
                    lds_in<BS, NT>(pC + t * NP, cv);
                    float y = 0.f;
                    sdt += dt;
#pragma unroll
                    for (int q = 0; q < NT; q++) {
                        const float a = ex2(dt * A2[q]);
                        h[q] = fmaf(a, h[q], x * bv[q]);
                        y = fmaf(cv[q], h[q], y);
                    }
#pragma unroll
                    for (int o = S >> 1; o > 0; o >>= 1) y += __shfl_xor_sync(mask, y, o);
                    const int i = t - t0;
                    if (i % S == s % S && (S <= 8 || i == s)) yw[S <= 8 ? i / S : 0] = y;
                }
                __syncwarp(mask);
#pragma unroll
                for (int i = 0; i < YW; i++)
                    if (S <= 8 || s < 8) px[t0 + i * S + s] = yw[i];
            }
        }
        __syncthreads();
        if (l0 + TL == saveAt && saveAt < L) {  // a chunk boundary of the backward: save h (rare, off the step loop)
            saveState<NT>(p, row, saveAt / p.save_len - 1, s, h);
            saveAt += p.save_len;
        }
        const int ln = l0 + TL < lend ? l0 + TL : -1;
        if (!summary || ln >= 0) {
            phase(summary ? -1 : l0, ln);
            __syncthreads();
        }
    }
    if (summary) {
#pragma unroll
        for (int q = 0; q < NT; q++) {
            const int n = s * NT + q;
            if (n < N) p.hend[(row * p.nchunks + k) * N + n] = h[q];
        }
        if (s == 0) p.sdt[row * p.nchunks + k] = sdt;
    } else if (p.last_state && k == p.nchunks - 1) {
#pragma unroll
        for (int q = 0; q < NT; q++) {
            const int n = s * NT + q;
            if (n < N) p.last_state[row * N + n] = h[q];
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// One-pass backward (issue 15). One block per (batch, channel) row; NTH threads, each owning NI consecutive steps
// of a chunk of NTH * NI steps (chunks walked last to first; one chunk up to 4096 steps). The states are looped
// in-thread, every thread on the same state n: both recurrences are affine maps x -> P x + Q over a thread's steps
// (forward h_t = a_t h_{t-1} + dt_t u_t B_t; adjoint in the form E_t = a_t dh_t, dh_t = C_t gy_t + E_{t+1}, so a
// thread needs only its own a_t), composed across the warp with shuffles and across warps through shared memory:
// one barrier per state. h and dh are then applied step by step in registers, and dB/dC (summed over channels by
// every row's block) go out as coalesced atomic adds after a per-warp transpose in shared memory. Chunk k > 0
// starts from the forward chunk summaries (hend, sdt of ssm_fsum with chunk_len = NTH * NI); the adjoint carry
// passes between chunks in shared memory, starting from dlast_state. dA, dB, dC, dD, ddelta_bias: zeroed by the
// host, added atomically.
#define MAXN1 256

// NI (even) consecutive 16-bit elements at ptr, aligned to min(16, 2 NI) bytes, as NI / 2 raw words (vector loads).
template <class T, int NI>
__device__ __forceinline__ void load_words_vec(const T* ptr, unsigned (&w)[NI / 2]) {
    constexpr int WV = (NI * 2 >= 16 ? 16 : NI * 2) / 4;  // words per vector load
#pragma unroll
    for (int j = 0; j < NI / 2; j += WV) {
        if constexpr (WV == 4) {
            const uint4 q = *reinterpret_cast<const uint4*>(ptr + 2 * j);
            w[j] = q.x; w[j + 1] = q.y; w[j + 2] = q.z; w[j + 3] = q.w;
        } else if constexpr (WV == 2) {
            const uint2 q = *reinterpret_cast<const uint2*>(ptr + 2 * j);
            w[j] = q.x; w[j + 1] = q.y;
        } else {
            w[j] = *reinterpret_cast<const unsigned*>(ptr + 2 * j);
        }
    }
}

// NI (even) consecutive 16-bit elements at p + off as raw 32-bit words (valid of them inside the sequence, the rest
// 0), 16-byte vectors when aligned. Nothing here uses the loaded words, so several calls keep their loads in flight;
// the conversion to float is the caller's (Staged::to, load_items).
template <class T, int NI>
__device__ __forceinline__ void load_words(const void* base, size_t off, int valid, unsigned (&w)[NI / 2]) {
    static_assert(sizeof(T) == 2 && NI % 2 == 0, "16-bit elements, an even count");
    const T* ptr = static_cast<const T*>(base) + off;
    constexpr int VB = NI * 2 >= 16 ? 16 : NI * 2;  // bytes per vector load
    if (valid >= NI && (reinterpret_cast<unsigned long long>(ptr) % VB) == 0) {
        load_words_vec<T, NI>(ptr, w);
    } else {  // unaligned (rows of odd length) or the sequence's end: element by element
        const unsigned short* h = reinterpret_cast<const unsigned short*>(ptr);
#pragma unroll
        for (int j = 0; j < NI / 2; j++) {
            const unsigned a = 2 * j < valid ? h[2 * j] : 0u, b = 2 * j + 1 < valid ? h[2 * j + 1] : 0u;
            w[j] = a | b << 16;
        }
    }
}

// NI (even) consecutive 16-bit elements at base + off as NI / 2 raw words, as load_words, for a warp whose lane i
// takes elements i NI ... i NI + NI - 1 of a row and uses them only later (round 10, the warp-per-state forward).
// load_words made the words of a row that is not vector-aligned of two 16-bit loads each (an OR of both), so the warp
// waited right there for the loads it had just issued (rows of odd length: 3 of 4 rows at L = 3137). Here a row
// 4-byte aligned takes word loads, and one 2 bytes past a 4-byte boundary (words_odd) the NI / 2 aligned words from
// the lane's element 1 on (elements 1 ... NI; element NI is lane i + 1's first), which join_odd shifts into place
// when the words are used. The sequence's end (valid < NI) still takes load_words.
template <class T, int NI>
__device__ __forceinline__ void load_words_late(const void* base, size_t off, int valid, unsigned (&w)[NI / 2]) {
    const T* const ptr = static_cast<const T*>(base) + off;
    const unsigned long long a = reinterpret_cast<unsigned long long>(ptr);
    if (valid < NI || a % (NI * 2 >= 16 ? 16 : NI * 2) == 0) {
        load_words<T, NI>(base, off, valid, w);
    } else {  // from the pointer, not the integer address (that made them generic loads, LD instead of LDG)
        const unsigned* q = reinterpret_cast<const unsigned*>(ptr + (a & 2 ? 1 : 0));
#pragma unroll
        for (int j = 0; j < NI / 2; j++) w[j] = q[j];
    }
}

template <class T, int NI>
__device__ __forceinline__ bool words_odd(const void* base, size_t off, int valid) {
    return valid >= NI && (reinterpret_cast<unsigned long long>(static_cast<const T*>(base) + off) & 2);
}

// The words of load_words_late where `odd`: element 0 is the high half of lane i - 1's last word (a shuffle; lane 0:
// `edge`, the high half of the previous chunk's lane 31's, or the row's first element), element 2 j + 1 the low half of
// word j. Every lane calls it (the shuffle); lane 31 leaves its last word in `next` for the next chunk's lane 0.
template <int NI>
__device__ __forceinline__ void join_odd(unsigned (&w)[NI / 2], bool odd, int lane, const unsigned* edge,
                                         unsigned* next) {
    unsigned prev = __shfl_up_sync(0xffffffffu, w[NI / 2 - 1], 1);
    if (lane == 0) prev = *edge;
    if (lane == 31) *next = w[NI / 2 - 1];
    if (odd) {
#pragma unroll
        for (int j = NI / 2 - 1; j > 0; j--) w[j] = __funnelshift_r(w[j - 1], w[j], 16);
        w[0] = __funnelshift_r(prev, w[0], 16);
    }
}

template <class T, int NI>
__device__ __forceinline__ void words_to_float(const unsigned (&w)[NI / 2], float (&v)[NI]) {
#pragma unroll
    for (int j = 0; j < NI / 2; j++) {
        v[2 * j] = lo16<T>(w[j]);
        v[2 * j + 1] = hi16<T>(w[j]);
    }
}

// NI consecutive elements at p + off (valid of them inside the sequence, the rest 0), 16-byte vectors when aligned.
template <class T, int NI>
__device__ __forceinline__ void load_items(const void* base, size_t off, int valid, float (&v)[NI]) {
    const T* ptr = static_cast<const T*>(base) + off;
    constexpr int VB = NI * (int)sizeof(T) >= 16 ? 16 : NI * (int)sizeof(T), VE = VB / (int)sizeof(T);
    if (valid >= NI && (reinterpret_cast<unsigned long long>(ptr) % VB) == 0) {
#pragma unroll
        for (int j = 0; j < NI; j += VE) {
            if constexpr (VB == 16) {
                const uint4 q = *reinterpret_cast<const uint4*>(ptr + j);
#pragma unroll
                for (int k = 0; k < VE; k++) v[j + k] = ld<T>(&q, k);
            } else if constexpr (VB == 8) {
                const uint2 q = *reinterpret_cast<const uint2*>(ptr + j);
#pragma unroll
                for (int k = 0; k < VE; k++) v[j + k] = ld<T>(&q, k);
            } else {
#pragma unroll
                for (int k = 0; k < VE; k++) v[j + k] = ld<T>(ptr, j + k);
            }
        }
    } else {
#pragma unroll
        for (int i = 0; i < NI; i++) v[i] = i < valid ? ld<T>(ptr, i) : 0.f;
    }
}

// NI elements loaded into v in two steps, load() then to(), so that a kernel that needs several runs of elements issues
// every load before the first conversion (stop 17). float32 and odd NI: load() is load_items into v, to() nothing (the
// loads have no use before the caller's). 16-bit: load() takes the raw words, to() converts them into v. Converted
// one run at a time (load_items), each 16-bit load was waited for before the next was issued (SASS of
// ssm_bwd1_f16_t32_i4_c1: LDG.E.64, then HADD2.F32 of its result before the next LDG), so u, delta, dout, z of a
// chunk and B, C of each state paid one memory latency each in series where float32 keeps them in flight (ncu at
// (64,768,16,784,4): long-scoreboard stalls 2.09 vs 0.91 per issued instruction, 4.59 vs 3.65 ms).
template <class T, int NI, bool ON = true>
struct Staged {
    static constexpr bool RAW = ON && sizeof(T) == 2 && NI % 2 == 0;
    unsigned w[RAW ? NI / 2 : 1];
    __device__ __forceinline__ void load(const void* base, size_t off, int valid, float (&v)[NI]) {
        if constexpr (RAW) load_words<T, NI>(base, off, valid, w); else load_items<T, NI>(base, off, valid, v);
    }
    __device__ __forceinline__ void to(float (&v)[NI]) const {
        if constexpr (RAW) words_to_float<T, NI>(w, v);
    }
};

// One element kept as loaded until its value is needed (round 9b, the warp-per-state forward): a 16-bit element as its
// raw bits (converted by raw_to where it is used, so no load waits for the one before), float32 as the float itself
// (ld, raw_to nothing: the float32 code is the same as with ld alone).
template <class T> using Raw = std::conditional_t<sizeof(T) == 2, unsigned short, float>;
template <class T> __device__ __forceinline__ Raw<T> ld_raw(const void* p, size_t i) {
    if constexpr (sizeof(T) == 2) return static_cast<const unsigned short*>(p)[i]; else return ld<T>(p, i);
}
template <class T> __device__ __forceinline__ float raw_to(Raw<T> r) {
    if constexpr (sizeof(T) == 2) return lo16<T>(r); else return r;
}

template <int NI>
__device__ __forceinline__ void store_items(float* base, size_t off, int valid, const float (&v)[NI]) {
    float* ptr = base + off;
    if (NI % 4 == 0 && valid >= NI && (reinterpret_cast<unsigned long long>(ptr) % 16) == 0) {
#pragma unroll
        for (int j = 0; j < NI; j += 4)
            *reinterpret_cast<float4*>(ptr + j) = make_float4(v[j], v[j + 1], v[j + 2], v[j + 3]);
    } else {
#pragma unroll
        for (int i = 0; i < NI; i++)
            if (i < valid) ptr[i] = v[i];
    }
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// Asks for the NI elements at base + off to be brought into L1 (first and last byte: they may straddle a line).
template <class T, int NI>
__device__ __forceinline__ void prefetch_l1(const void* base, size_t off) {
    const char* q = reinterpret_cast<const char*>(static_cast<const T*>(base) + off);
    asm volatile("prefetch.global.L1 [%0];" ::"l"(q));
    asm volatile("prefetch.global.L1 [%0];" ::"l"(q + NI * sizeof(T) - 1));
}

template <class T, int NTH, int NI, int CHN, bool STAGE, bool SLIM, bool EARLY, int DEFER, bool TRIM, bool PSCAN>
__device__ __forceinline__ void bwd1_impl(const ScanParams& p) {
    static_assert(SLIM || !EARLY, "the early loads are those of SLIM's loadState");
    constexpr int W = NTH / 32, XS = 32 * (NI + 1);
    static_assert(32 % NI == 0, "a lane's atomics step through s_x by a constant");
    // SLIM (round 10; ncu of round 9's kernel at the issue size: the dB/dC adds were ~190 of the ~610 instructions per
    // state and warp, each add's address and shared index rebuilt in 64-bit arithmetic, each add waiting for its shared
    // load; dA's shared add a compare-and-swap loop): the adds from one base with immediate offsets after all their
    // shared loads, dA of a state summed per warp in its own slot where the warps' slots fit (DW of them; no shared
    // atomics), A and the saved chunk-start state of the next state loaded with its B and C.
    constexpr int DW = SLIM && W <= 4 ? W : 1;
    // EARLY (round 10, 16-bit raw words only): the next state's loads issued at the top of this one (right after its
    // own words were converted) instead of at its end, so a whole state's work hides them
    constexpr bool EARLY_ON = EARLY && Staged<T, NI, STAGE>::RAW;
    // DEFER >= 1, LDA (round 10b): dA of states n < NDA summed per lane across the row's chunks in the lane's own
    // shared slot, one warp sum per state at the end (the per-state warp sum was 5 dependent shuffle + add pairs on
    // each state's path, ~4 % of the stall samples in ncu); where the warps' slots fit (DW == W)
    constexpr int NDA = 16;
    constexpr bool LDA = DEFER >= 1 && DW == W;
    // DEFER == 2, PF (round 10b): the next chunk's u, delta, dout, z and first B, C asked into L1 before this chunk's
    // elementwise gradients (the chunk-level code was 18 % of the samples, much of it waiting on those loads)
    constexpr bool PF = DEFER >= 2;
    // TRIM (round 11; the PTX showed NVVM undoing SLIM's one-base adds: each dB/dC add's 64-bit address rebuilt from
    // per-j offsets held in 14 registers, and x = dt u and sum(dt) recomputed in every state): the dB/dC bases made
    // opaque global pointers (red.global at base + immediate), x and the thread's sum of dt kept as computed, and the
    // chunk-level sigmoids and softplus with the MUFU reciprocal and the ftz softplus (no IEEE division and its
    // slow-path call). PSCAN (round 11): the forward and adjoint warp scans guarded by their shuffles' own in-range
    // predicates, both scans of a level in one asm block (no lane tests, no branches)
    static_assert(!PSCAN || TRIM, "measured only together");
    constexpr unsigned FULL = 0xffffffffu;
    __shared__ float s_tot[2][3][CHN][W];     // per state (alternating): each warp's P, forward Q, adjoint Q
    __shared__ float s_x[W][2][XS];           // per warp: dB, dC of its 32 * NI steps, transposed for the atomics
    __shared__ float s_dA[DW][CHN][MAXN1], s_carry[2][CHN][MAXN1], s_acc[CHN][2];
    __shared__ float s_dAl[LDA ? W : 1][CHN][LDA ? NDA : 1][32];
    pdl_enter();
    const int b = blockIdx.x / (p.dim / CHN), d0 = (blockIdx.x % (p.dim / CHN)) * CHN;
    const int g = d0 / (p.dim / p.groups);
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x, lane = tid & 31, w = tid >> 5, nw = blockDim.x >> 5;
    const int CH = blockDim.x * NI;           // the launch may use fewer than NTH threads (balanced chunks)
    const size_t row0 = (size_t)b * p.dim + d0;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;
    float Dv[CHN], bias[CHN];
#pragma unroll
    for (int c = 0; c < CHN; c++) {
        Dv[c] = p.D ? p.D[d0 + c] : 0.f;
        bias[c] = p.delta_bias ? p.delta_bias[d0 + c] : 0.f;
    }
    const int nch = (L + CH - 1) / CH;
    for (int i = tid; i < CHN * N; i += blockDim.x) {
        const int c = i / N, n = i % N;
#pragma unroll
        for (int j = 0; j < DW; j++) s_dA[j][c][n] = 0.f;
        s_carry[(nch - 1) & 1][c][n] = p.dlast ? p.dlast[(row0 + c) * N + n] : 0.f;
    }
    if (tid < 2 * CHN) s_acc[tid / 2][tid % 2] = 0.f;
    if constexpr (LDA)
        for (int i = tid; i < W * CHN * NDA * 32; i += blockDim.x) (&s_dAl[0][0][0][0])[i] = 0.f;
    float accD[CHN], accBias[CHN];
#pragma unroll
    for (int c = 0; c < CHN; c++) accD[c] = accBias[c] = 0.f;
    // this lane's dB, dC of the current state go straight into its slice of the warp's transpose buffer (no register
    // arrays for them: with those, ptxas spilled 340 bytes per thread at 8 steps)
    float* xb = s_x[w][0] + lane * (NI + 1);
    float* xc = s_x[w][1] + lane * (NI + 1);
    // SLIM: the lane's j-th atomic adds s_x[w][.][xsrc + j * XR] into element 32 j + lane of the warp's steps (idx =
    // 32 j + lane, idx / NI = j * 32 / NI + lane / NI): one base and immediate offsets, not an index per add
    constexpr int XR = (32 / NI) * (NI + 1);
    const int xsrc = (lane / NI) * (NI + 1) + lane % NI;
    int it = 0;
    for (int k = nch - 1; k >= 0; k--) {
        const int l0 = k * CH + tid * NI, valid = L - l0;
        // x = dt * u (u itself is loaded again for the elementwise gradients at the chunk's end)
        float x[CHN][NI], dt[CHN][NI], gy[CHN][NI], dxB[CHN][NI], ddtA[CHN][NI], y[CHN][NI], sdtT[CHN];
#pragma unroll
        for (int c = 0; c < CHN; c++) {
            const size_t off = (row0 + c) * L + l0;
            float u[NI], v[NI], z[NI];
            Staged<T, NI, STAGE> su, sv, sg, sz;  // the four loads issued before the first conversion
            su.load(p.u, off, valid, u);
            sv.load(p.delta, off, valid, v);
            sg.load(p.dout, off, valid, gy[c]);
            if (p.z) sz.load(p.z, off, valid, z);
            su.to(u);
            sv.to(v);
            sg.to(gy[c]);
            if (p.z) sz.to(z);
            sdtT[c] = 0.f;
#pragma unroll
            for (int i = 0; i < NI; i++) {
                const float s = v[i] + bias[c];
                dt[c][i] = i < valid ? (p.softplus ? (TRIM ? softplus_ftz(s) : softplus_f(s)) : s) : 0.f;
                x[c][i] = dt[c][i] * u[i];
                sdtT[c] += dt[c][i];
                if (p.z) gy[c][i] *= z[i] * (TRIM ? sigmoid_fast(z[i]) : sigmoid_f(z[i]));
                dxB[c][i] = ddtA[c][i] = y[c][i] = 0.f;
            }
            if constexpr (TRIM) {  // opaque to NVVM: not recomputed from dt and u in every state
#pragma unroll
                for (int i = 0; i < NI; i++) asm("" : "+f"(x[c][i]));
                asm("" : "+f"(sdtT[c]));
            }
        }
        // B, C of state n: loaded here for n = 0, at the end of state n - 1 for the others (EARLY: at its top), 16-bit
        // converted here. SLIM: A and the saved chunk-start state of state n loaded with them (each had been one L1/L2
        // round trip on the state's chain)
        float Bv[NI], Cv[NI], Anx[CHN], hwx[CHN];
        Staged<T, NI, STAGE> nB, nC;
        const size_t bcOff = bcBase + l0;
        auto loadState = [&](int m) {
            nB.load(p.B, bcOff + (size_t)m * L, valid, Bv);
            nC.load(p.C, bcOff + (size_t)m * L, valid, Cv);
            if constexpr (SLIM) {
#pragma unroll
                for (int c = 0; c < CHN; c++) {
                    Anx[c] = p.A[(d0 + c) * N + m];
                    if (p.states_saved && k > 0) hwx[c] = p.hend[((row0 + c) * p.nchunks + k - 1) * N + m];
                }
            }
        };
        loadState(0);
        for (int n = 0; n < N; n++, it++) {
            const int par = it & 1;
            nB.to(Bv);
            nC.to(Cv);
            float An[CHN], A2[CHN], a[CHN][NI], fP[CHN], fQ[CHN], rP[CHN], rQ[CHN], hw[CHN];
#pragma unroll
            for (int c = 0; c < CHN; c++) {
                An[c] = SLIM ? Anx[c] : p.A[(d0 + c) * N + n];
                hw[c] = SLIM && p.states_saved && k > 0 ? hwx[c] : 0.f;
            }
            if constexpr (EARLY_ON) {
                if (n + 1 < N) loadState(n + 1);  // the raw words are free again: a whole state to arrive
            } else if (n + 1 < N && valid > 0) {
                // B, C of the next state fetched into L1 while this one computes (a prefetch holds no registers: the
                // register copies of round 2 were 16 of the values ptxas spilled)
                prefetch_l1<T, NI>(p.B, bcOff + (size_t)(n + 1) * L);
                prefetch_l1<T, NI>(p.C, bcOff + (size_t)(n + 1) * L);
            }
#pragma unroll
            for (int c = 0; c < CHN; c++) {
                A2[c] = An[c] * LOG2E;
                float Qf = 0.f, Qr = 0.f;
#pragma unroll
                for (int i = 0; i < NI; i++) {
                    a[c][i] = ex2(dt[c][i] * A2[c]);
                    Qf = fmaf(a[c][i], Qf, x[c][i] * Bv[i]);
                }
#pragma unroll
                for (int i = NI - 1; i >= 0; i--) Qr = a[c][i] * fmaf(Cv[i], gy[c][i], Qr);
                fP[c] = rP[c] = ex2(sdtT[c] * A2[c]);  // the product of the thread's a_t
                fQ[c] = Qf;
                rQ[c] = Qr;
            }
            // inclusive scans over the warp: forward from lane 0 up, adjoint from lane 31 down
            if constexpr (PSCAN) {
#pragma unroll
                for (int o = 1; o < 32; o <<= 1)
#pragma unroll
                    for (int c = 0; c < CHN; c++)
                        asm("{\n\t.reg .pred v, w;\n\t.reg .f32 pp, pq, np, nq;\n\t"
                            "shfl.sync.up.b32 pp|v, %0, %4, 0, -1;\n\t"
                            "shfl.sync.up.b32 pq, %1, %4, 0, -1;\n\t"
                            "shfl.sync.down.b32 np|w, %2, %4, 31, -1;\n\t"
                            "shfl.sync.down.b32 nq, %3, %4, 31, -1;\n\t"
                            "@v fma.rn.f32 %1, %0, pq, %1;\n\t"
                            "@v mul.f32 %0, %0, pp;\n\t"
                            "@w fma.rn.f32 %3, %2, nq, %3;\n\t"
                            "@w mul.f32 %2, %2, np;\n\t}"
                            : "+f"(fP[c]), "+f"(fQ[c]), "+f"(rP[c]), "+f"(rQ[c]) : "r"(o));
            } else {
#pragma unroll
                for (int o = 1; o < 32; o <<= 1) {
#pragma unroll
                    for (int c = 0; c < CHN; c++) {
                        const float pP = __shfl_up_sync(FULL, fP[c], o), pQ = __shfl_up_sync(FULL, fQ[c], o);
                        const float nP = __shfl_down_sync(FULL, rP[c], o), nQ = __shfl_down_sync(FULL, rQ[c], o);
                        if (lane >= o) {
                            fQ[c] = fmaf(fP[c], pQ, fQ[c]);
                            fP[c] *= pP;
                        }
                        if (lane + o < 32) {
                            rQ[c] = fmaf(rP[c], nQ, rQ[c]);
                            rP[c] *= nP;
                        }
                    }
                }
            }
#pragma unroll
            for (int c = 0; c < CHN; c++) {
                if (lane == 31) {
                    s_tot[par][0][c][w] = fP[c];
                    s_tot[par][1][c][w] = fQ[c];
                }
                if (lane == 0) s_tot[par][2][c][w] = rQ[c];
            }
            // h at the chunk start: saved by the forward, or the forward chunk summaries before it combined
#pragma unroll
            for (int c = 0; c < CHN; c++) {
                if (p.states_saved) {
                    if (!SLIM && k > 0) hw[c] = p.hend[((row0 + c) * p.nchunks + k - 1) * N + n];
                } else {
                    for (int j = 0; j < k; j++)
                        hw[c] = fmaf(ex2(p.sdt[(row0 + c) * p.nchunks + j] * A2[c]), hw[c],
                                     p.hend[((row0 + c) * p.nchunks + j) * N + n]);
                }
            }
            __syncthreads();
#pragma unroll
            for (int c = 0; c < CHN; c++) {
                float Ew = s_carry[k & 1][c][n];
#pragma unroll
                for (int j = 0; j < W; j++)
                    if (j < w) hw[c] = fmaf(s_tot[par][0][c][j], hw[c], s_tot[par][1][c][j]);
#pragma unroll
                for (int j = W - 1; j >= 0; j--)
                    if (j > w && j < nw) Ew = fmaf(s_tot[par][0][c][j], Ew, s_tot[par][2][c][j]);
                float hin = __shfl_up_sync(FULL, fmaf(fP[c], hw[c], fQ[c]), 1);
                float E = __shfl_down_sync(FULL, fmaf(rP[c], Ew, rQ[c]), 1);
                if (lane == 0) hin = hw[c];
                if (lane == 31) E = Ew;
                float h[NI];
                const float hstart = hin;
#pragma unroll
                for (int i = 0; i < NI; i++) {
                    hin = fmaf(a[c][i], hin, x[c][i] * Bv[i]);
                    h[i] = hin;
                    y[c][i] = fmaf(Cv[i], hin, y[c][i]);
                    xc[i] = c == 0 ? gy[c][i] * hin : fmaf(gy[c][i], hin, xc[i]);
                }
                float dAn = 0.f;
#pragma unroll
                for (int i = NI - 1; i >= 0; i--) {
                    const float dh = fmaf(Cv[i], gy[c][i], E);
                    E = a[c][i] * dh;
                    const float q = E * (i > 0 ? h[i - 1] : hstart);
                    ddtA[c][i] = fmaf(An[c], q, ddtA[c][i]);
                    dAn = fmaf(dt[c][i], q, dAn);
                    dxB[c][i] = fmaf(dh, Bv[i], dxB[c][i]);
                    xb[i] = c == 0 ? dh * x[c][i] : fmaf(dh, x[c][i], xb[i]);
                }
                if (tid == 0) s_carry[(k - 1) & 1][c][n] = E;
                if (LDA && n < NDA) {
                    s_dAl[LDA ? w : 0][c][LDA ? n : 0][lane] += dAn;  // this lane's own slot (LDA)
                } else {
                    dAn = warp_sum(dAn);
                    if (lane == 0) {
                        if constexpr (DW == W) s_dA[w][c][n] += dAn;  // this warp's own slot (SLIM)
                        else atomicAdd(&s_dA[0][c][n], dAn);
                    }
                }
            }
            __syncwarp();
            const int wbeg = k * CH + w * 32 * NI;
            if constexpr (SLIM) {
                const size_t go = bcBase + (size_t)n * L + wbeg + lane;
                float *gB = p.dB + go, *gC = p.dC + go;
                unsigned long long qB = 0, qC = 0;
                if constexpr (TRIM) {  // opaque global bases: the adds' addresses stay base + immediate
                    asm("cvta.to.global.u64 %0, %1;" : "=l"(qB) : "l"(gB));
                    asm("cvta.to.global.u64 %0, %1;" : "=l"(qC) : "l"(gC));
                }
                const float *sb = s_x[w][0] + xsrc, *sc = s_x[w][1] + xsrc;
                const int lim = L - wbeg - lane;
                float vb[NI], vc[NI];  // every shared load before the first add (each add waited for its load)
#pragma unroll
                for (int j = 0; j < NI; j++) {
                    vb[j] = sb[j * XR];
                    vc[j] = sc[j * XR];
                }
#pragma unroll
                for (int j = 0; j < NI; j++) {
                    if (j * 32 < lim) {
                        if constexpr (TRIM) {
                            asm volatile("red.global.add.f32 [%0], %1;" ::"l"(qB + 128 * j), "f"(vb[j]));
                            asm volatile("red.global.add.f32 [%0], %1;" ::"l"(qC + 128 * j), "f"(vc[j]));
                        } else {
                            atomicAdd(gB + j * 32, vb[j]);
                            atomicAdd(gC + j * 32, vc[j]);
                        }
                    }
                }
            } else {
                float* gB = p.dB + bcBase + (size_t)n * L + wbeg;
                float* gC = p.dC + bcBase + (size_t)n * L + wbeg;
#pragma unroll
                for (int j = 0; j < NI; j++) {
                    const int idx = j * 32 + lane, src = (idx / NI) * (NI + 1) + idx % NI;
                    if (wbeg + idx < L) {
                        atomicAdd(gB + idx, s_x[w][0][src]);
                        atomicAdd(gC + idx, s_x[w][1][src]);
                    }
                }
            }
            if (!EARLY_ON && n + 1 < N) loadState(n + 1);
        }
        if constexpr (PF) {
            if (k > 0) {  // chunk k - 1 lies wholly inside the sequence
#pragma unroll
                for (int c = 0; c < CHN; c++) {
                    const size_t off = (row0 + c) * L + l0 - CH;
                    prefetch_l1<T, NI>(p.u, off);
                    prefetch_l1<T, NI>(p.delta, off);
                    prefetch_l1<T, NI>(p.dout, off);
                    if (p.z) prefetch_l1<T, NI>(p.z, off);
                }
                prefetch_l1<T, NI>(p.B, bcOff - CH);
                prefetch_l1<T, NI>(p.C, bcOff - CH);
            }
        }
        // elementwise gradients of the chunk
#pragma unroll
        for (int c = 0; c < CHN; c++) {
            const size_t off = (row0 + c) * L + l0;
            float u[NI], v[NI], z[NI], dout[NI], du[NI], dd[NI], dz[NI];
            Staged<T, NI, STAGE> su, sv, sz, sg;
            su.load(p.u, off, valid, u);
            sv.load(p.delta, off, valid, v);
            if (p.z) {
                sz.load(p.z, off, valid, z);
                sg.load(p.dout, off, valid, dout);
            }
            su.to(u);
            sv.to(v);
            if (p.z) {
                sz.to(z);
                sg.to(dout);
            }
#pragma unroll
            for (int i = 0; i < NI; i++) {
                const float s = v[i] + bias[c];
                const float sg = p.softplus ? (s > 20.f ? 1.f : TRIM ? sigmoid_fast(s) : sigmoid_f(s)) : 1.f;
                du[i] = fmaf(dxB[c][i], dt[c][i], gy[c][i] * Dv[c]);
                dd[i] = fmaf(dxB[c][i], u[i], ddtA[c][i]) * sg;
                if (p.z) {
                    const float sgz = TRIM ? sigmoid_fast(z[i]) : sigmoid_f(z[i]);
                    dz[i] = dout[i] * fmaf(Dv[c], u[i], y[c][i]) * sgz * (1.f + z[i] * (1.f - sgz));
                }
                if (i < valid) {
                    accD[c] = fmaf(gy[c][i], u[i], accD[c]);
                    accBias[c] += dd[i];
                }
            }
            store_items<NI>(p.du, off, valid, du);
            store_items<NI>(p.ddelta, off, valid, dd);
            if (p.z) store_items<NI>(p.dz, off, valid, dz);
        }
    }
#pragma unroll
    for (int c = 0; c < CHN; c++) {
        accD[c] = warp_sum(accD[c]);
        accBias[c] = warp_sum(accBias[c]);
        if (lane == 0) {
            atomicAdd(&s_acc[c][0], accD[c]);
            atomicAdd(&s_acc[c][1], accBias[c]);
        }
    }
    if constexpr (LDA) {
        for (int c = 0; c < CHN; c++)
            for (int n = 0; n < N && n < NDA; n++) {
                const float v = warp_sum(s_dAl[w][c][n][lane]);
                if (lane == 0) s_dA[w][c][n] += v;
            }
    }
    __syncthreads();
    for (int i = tid; i < CHN * N; i += blockDim.x) {
        float v = s_dA[0][i / N][i % N];
#pragma unroll
        for (int j = 1; j < DW; j++) v += s_dA[j][i / N][i % N];  // in warp order
        atomicAdd(p.dA + (d0 + i / N) * N + i % N, v);
    }
    if (tid < CHN) {
        if (p.dD) atomicAdd(p.dD + d0 + tid, s_acc[tid][0]);
        if (p.ddelta_bias) atomicAdd(p.ddelta_bias + d0 + tid, s_acc[tid][1]);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Single-launch forward (issue 15), for problems whose (batch, channel) rows alone do not fill the GPU (batch 1,
// short sequences), where the v5 forward needed a chunk-summary launch and paid several DRAM round trips per 64-step
// tile with nothing to hide them: one block per (batch, channel) row, NTH threads each owning NI consecutive steps of
// a chunk of NTH * NI steps (chunks walked first to last), states looped in-thread. B and C of up to p.stage states
// are loaded in one burst into this thread's own slice of shared memory (all loads in flight at once, no barrier:
// each thread reads only what it wrote). Per state, a thread's steps form an affine map h -> P h + Q, composed over
// the warp with shuffles and over the warps through shared memory (one barrier per state; one warp: none), then
// applied step by step while y_t += C_t h_t accumulates in registers. A chunk's end state passes to the next chunk
// in shared memory. Padded steps (dt = 0, B = 0) are the identity, so the last thread ends with h_L. dstate <= MAXN1.
template <class T, int NI>
__device__ __forceinline__ void store_out(void* base, size_t off, int valid, const float (&v)[NI]) {
    if constexpr (sizeof(T) == 4) {
        store_items<NI>(static_cast<float*>(base), off, valid, v);
    } else {
#pragma unroll
        for (int i = 0; i < NI; i++)
            if (i < valid) st<T>(base, off + i, v[i]);
    }
}

// NI consecutive floats from global memory at an address aligned to min(16, 4 NI) bytes, without checks.
template <int NI>
__device__ __forceinline__ void ldg_whole(const float* src, float (&v)[NI]) {
    if constexpr (NI % 4 == 0) {
#pragma unroll
        for (int i = 0; i < NI; i += 4) {
            const float4 q = *reinterpret_cast<const float4*>(src + i);
            v[i] = q.x; v[i + 1] = q.y; v[i + 2] = q.z; v[i + 3] = q.w;
        }
    } else if constexpr (NI == 2) {
        const float2 q = *reinterpret_cast<const float2*>(src);
        v[0] = q.x; v[1] = q.y;
    } else {
#pragma unroll
        for (int i = 0; i < NI; i++) v[i] = src[i];
    }
}

// Inclusive scan over the warp (lane 0 first) of SP affine maps h -> P h + Q, the SP scans interleaved.
template <int SP>
__device__ __forceinline__ void warp_scan_maps(float (&P)[SP], float (&Q)[SP], int lane) {
#pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
#pragma unroll
        for (int j = 0; j < SP; j++) {
            const float pP = __shfl_up_sync(0xffffffffu, P[j], o), pQ = __shfl_up_sync(0xffffffffu, Q[j], o);
            if (lane >= o) {
                Q[j] = fmaf(P[j], pQ, Q[j]);
                P[j] *= pP;
            }
        }
    }
}

// The same scan with the shuffle's own in-range predicate guarding the combination (inline PTX: shfl.sync.up sets it
// where lane - o >= 0), so no lane test and no branch per level (fp32 warp-per-state forward, round 10).
template <int SP>
__device__ __forceinline__ void warp_scan_maps_pred(float (&P)[SP], float (&Q)[SP]) {
#pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
#pragma unroll
        for (int j = 0; j < SP; j++)
            asm("{\n\t.reg .pred v;\n\t.reg .f32 pp, pq;\n\t"
                "shfl.sync.up.b32 pp|v, %0, %2, 0, -1;\n\t"
                "shfl.sync.up.b32 pq, %1, %2, 0, -1;\n\t"
                "@v fma.rn.f32 %1, %0, pq, %1;\n\t"
                "@v mul.f32 %0, %0, pp;\n\t}"
                : "+f"(P[j]), "+f"(Q[j]) : "r"(o));
    }
}

#define SBC 4096  // floats of B (and as many of C) the single-launch forward stages per block at most: 16 KB each

// B and C are staged p.stage states at a time (host: at most 4096 floats of each, 16 KB, fewer where the rows would
// not fit one wave: round 5, (8,128,16,256) ran 1024 one-warp blocks with 34 KB of static shared memory each, six
// per SM, i.e. two waves), in dynamic shared memory of 2 * stage * NTH * NI floats.
template <class T, int NTH, int NI, int SP>
__device__ __forceinline__ void fwd1_impl(const ScanParams& p) {
    constexpr int W = NTH / 32, CH = NTH * NI, GSMAX = SBC / CH;
    // at most 4 states per burst: the whole buffer, a constant (a runtime count spilled the 128-thread instance)
    const int GS = GSMAX <= 4 ? GSMAX : p.stage;
    constexpr unsigned FULL = 0xffffffffu;
    __shared__ float s_tot[2][2][SP][W];          // per pass (alternating): each warp's P, Q of its SP states
    __shared__ float s_carry[2][MAXN1];           // h at the chunk start, per state (alternating by chunk)
    extern __shared__ float4 fwd1_smem[];         // s_B, then s_C: [state of the burst][this thread's NI steps]
    float* const s_B = reinterpret_cast<float*>(fwd1_smem);
    pdl_enter();
    zero_grads(p);
    const int b = blockIdx.x / p.dim, d = blockIdx.x % p.dim;
    const int g = d / (p.dim / p.groups);
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x, lane = tid & 31, w = tid >> 5;
    const size_t row = (size_t)b * p.dim + d;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;
    const float bias = p.delta_bias ? p.delta_bias[d] : 0.f, Dv = p.D ? p.D[d] : 0.f;
    const int nch = (L + CH - 1) / CH;
    for (int i = tid; i < N; i += NTH) s_carry[0][i] = 0.f;  // read after the first state's barrier
    if constexpr (W == 1) __syncwarp();
    int it = 0;
    for (int k = 0; k < nch; k++) {
        const int l0 = k * CH + tid * NI, valid = L - l0;
        const size_t off = row * L + l0;
        float u[NI], dt[NI], x[NI], y[NI], z[NI];
        {
            float v[NI];
            load_items<T, NI>(p.u, off, valid, u);
            load_items<T, NI>(p.delta, off, valid, v);
            if (p.z) load_items<T, NI>(p.z, off, valid, z);
#pragma unroll
            for (int i = 0; i < NI; i++) {
                const float s = v[i] + bias;
                dt[i] = i < valid ? (p.softplus ? softplus_f(s) : s) : 0.f;
                x[i] = dt[i] * u[i];
                y[i] = 0.f;
            }
        }
        const size_t bcOff = bcBase + l0;
        for (int n0 = 0; n0 < N; n0 += GS) {
            const int gs = min(GS, N - n0);
            float* myB = s_B + tid * NI;
            float* myC = myB + GS * CH;
            for (int s0 = 0; s0 < gs; s0 += 4) {  // 4 states' loads in flight per thread, then stored
                float vb[4][NI], vc[4][NI];
#pragma unroll
                for (int s = 0; s < 4; s++)
                    if (s0 + s < gs) {
                        load_items<T, NI>(p.B, bcOff + (size_t)(n0 + s0 + s) * L, valid, vb[s]);
                        load_items<T, NI>(p.C, bcOff + (size_t)(n0 + s0 + s) * L, valid, vc[s]);
                    }
#pragma unroll
                for (int s = 0; s < 4; s++)
                    if (s0 + s < gs) {
                        sts<NI>(myB + (s0 + s) * CH, vb[s]);
                        sts<NI>(myC + (s0 + s) * CH, vc[s]);
                    }
            }
            for (int s = 0; s < gs; s += SP, it++) {  // SP states per pass: independent chains, one barrier
                const int par = it & 1;
                float a[SP][NI], xb[SP][NI], P[SP], Q[SP];
#pragma unroll
                for (int j = 0; j < SP; j++) {
                    const bool on = SP == 1 || s + j < gs;  // a state past gs: A = 0, B = 0, the identity map
                    float Bv[NI];
                    if (on) {
                        lds<NI>(myB + (s + j) * CH, Bv);
                    } else {
#pragma unroll
                        for (int i = 0; i < NI; i++) Bv[i] = 0.f;
                    }
                    const float A2 = on ? p.A[d * N + n0 + s + j] * LOG2E : 0.f;
                    P[j] = 1.f;
                    Q[j] = 0.f;
#pragma unroll
                    for (int i = 0; i < NI; i++) {
                        a[j][i] = ex2(dt[i] * A2);
                        xb[j][i] = x[i] * Bv[i];
                        Q[j] = fmaf(a[j][i], Q[j], xb[j][i]);
                        P[j] *= a[j][i];
                    }
                }
                warp_scan_maps<SP>(P, Q, lane);
                if constexpr (W > 1) {
                    if (lane == 31) {
#pragma unroll
                        for (int j = 0; j < SP; j++) {
                            s_tot[par][0][j][w] = P[j];
                            s_tot[par][1][j][w] = Q[j];
                        }
                    }
                    __syncthreads();
                }
#pragma unroll
                for (int j = 0; j < SP; j++) {
                    const bool on = SP == 1 || s + j < gs;
                    const int n = n0 + s + j;
                    float hw = on ? s_carry[k & 1][n] : 0.f;
#pragma unroll
                    for (int jw = 0; jw < W - 1; jw++)
                        if (jw < w) hw = fmaf(s_tot[par][0][j][jw], hw, s_tot[par][1][j][jw]);
                    float h = __shfl_up_sync(FULL, fmaf(P[j], hw, Q[j]), 1);
                    if (lane == 0) h = hw;
                    float Cv[NI];
                    if (on) {
                        lds<NI>(myC + (s + j) * CH, Cv);
                    } else {
#pragma unroll
                        for (int i = 0; i < NI; i++) Cv[i] = 0.f;
                    }
#pragma unroll
                    for (int i = 0; i < NI; i++) {
                        h = fmaf(a[j][i], h, xb[j][i]);
                        y[i] = fmaf(Cv[i], h, y[i]);
                    }
                    if (tid == NTH - 1 && on) {
                        s_carry[(k + 1) & 1][n] = h;
                        if (k == nch - 1 && p.last_state) p.last_state[row * N + n] = h;
                    }
                }
            }
        }
        if constexpr (W == 1) __syncwarp();  // the carry written by lane 31, read by every lane in the next chunk
        float o[NI];
#pragma unroll
        for (int i = 0; i < NI; i++) {
            o[i] = fmaf(Dv, u[i], y[i]);
            if (p.z) o[i] *= z[i] * sigmoid_f(z[i]);
        }
        store_out<T, NI>(p.out, off, valid, o);
    }
}

// Single-launch forward instances: (threads, steps per thread[, states per pass]); the launch takes the smallest chunk
// that holds L, up to 1024 steps (longer sequences walk several chunks inside the block). _pSP: SP states per pass,
// float32, 4 steps per thread only (round 6, run 20: SP independent chains per barrier where a batch-1 row has few
// warps per SM to hide the chain's latency; with 8 steps per thread and 128 threads they did not win).
// 128-thread instances capped at 128 registers (4 blocks per SM: a batch-1 model's 512 rows in one wave).
#define FWD1_KERNEL(NAME, NTH, NI, SP, T) \
    extern "C" __global__ void __launch_bounds__(NTH, NTH >= 128 ? 4 : 1) NAME(const ScanParams p) { \
        fwd1_impl<T, NTH, NI, SP>(p); }

#define FWD1(NTH, NI, T, SUF) FWD1_KERNEL(ssm_fwd1##SUF##_t##NTH##_i##NI, NTH, NI, 1, T)
#define FWD1P(NTH, NI, SP, T, SUF) FWD1_KERNEL(ssm_fwd1##SUF##_t##NTH##_i##NI##_p##SP, NTH, NI, SP, T)
#define FWD1_ALL(T, SUF) FWD1(32, 4, T, SUF) FWD1(32, 8, T, SUF) FWD1(64, 4, T, SUF) FWD1(64, 8, T, SUF) \
    FWD1(128, 8, T, SUF)
#define FWD1P_ALL(SP, T, SUF) FWD1P(32, 4, SP, T, SUF) FWD1P(64, 4, SP, T, SUF)
FWD1_ALL(float, )
FWD1_ALL(__half, _f16)
FWD1_ALL(__nv_bfloat16, _bf16)
FWD1P_ALL(2, float, )
FWD1P_ALL(4, float, )

// ---------------------------------------------------------------------------------------------------------------
// Warp-per-state forward (issue 15, rounds 7, 8 and 9), for rows too few to fill the GPU (batch-1 models): one block
// per CPB (batch, channel) rows of one B/C group, one warp per SPW states (W = ceil(N / SPW) warps), each warp walking
// the rows in chunks of 32 * NI steps (lane i owns NI consecutive steps). Per chunk, channel and state the lane's steps
// form an affine map h -> P h + Q, scanned over the warp with shuffles and applied from the state's carry, which stays
// in a register: no barrier per state (ssm_fwd1 takes one per state, and its 4-warp blocks at 3-4 per SM could not hide
// that chain; nor could mamba_ssm's block scan). Each warp writes its states' share of y for the chunk, and after one
// barrier per chunk the block sums the warps' shares in a fixed order (deterministic, no atomics) and writes the output.
// Padded steps (dt = 0, B = 0) are the identity. With save_len > 0 it also writes the state at every multiple of
// save_len steps (a multiple of the chunk) into hend, the chunk-start states of the backward that follows.
// Round 8: a ring of three chunks (dt, dt * u, D * u and the gate of chunk k + 2, made after chunk k's barrier from u,
// delta, z loaded at chunk k's start: no whole-row prologue, 12 instead of 2 L floats of shared memory per channel),
// B and C of chunk k + 1 loaded right after chunk k's apply (they arrive during its barrier and epilogue; round 7
// prefetched them into L1, which doubled the L2 traffic), the fast softplus, and CPB = 2 channels per block where the
// rows are many (each warp's B/C loads then serve both channels). Rows r0 ... r0 + CPB - 1, r0 = b dim + d0 (round 13:
// b = blockIdx.y, d0 = blockIdx.x * CPB).
// Round 9: the lane keeps the maps of its first i + 1 steps (prefix products a and offsets xb), so after the warp scan
// each step's h is one FMA from the lane's start state, independent of the others (round 8 applied the NI steps as a
// chain of dependent FMAs, and summed dt for P); the warps' shares of y are summed as a tree over WMAX = the instance's
// warps (a compile-time count). LEAN (the instances with the register room, ptxas: no spill): blocks of at least 2 E
// threads split the per-step work (threads E ... 2 E - 1 make the ring, 0 ... E - 1 write the output; in round 8
// threads 0 ... E - 1 did both while the others waited at the barrier), the threads' element offsets are computed once,
// a full block writes the output from fixed shared-memory offsets, and softplus flushes to zero.
// Dynamic shared memory: CPB * 12 * CH + 2 * CPB * W * CH floats. T: the input type (stop 16: fp16/bf16 too, the
// output rounded as it is stored; state and sums float32). Round 9b: 16-bit u, delta, z and B, C are loaded as raw
// bits (B, C two per 32-bit register) and converted where they are used, so all of a chunk's loads are in flight at
// once; converted as they were loaded (load_items, ld), each load waited for the one before (run ld16-1: fp16 forward
// back to back 0.0379 -> 0.0316 ms at (1,384,16,3136,4), 0.0258 -> 0.0202 at (1,768,16,784,4)). Round 10 (LATE): rows
// of odd length start 3 of 4 B/C rows off a 32-bit word (L = 3137); load_words built their words of 16-bit loads and an
// OR right after them, so each of a chunk's 2 SPW B/C loads waited there in turn (ncu at (1,192,16,3137,1): 13.3
// cycles per issued instruction, 43 % of them L1TEX scoreboard, against 7.2 in float32); now such a row takes aligned
// word loads and its words are joined after the next barrier (join_odd): fp16 0.0459 -> 0.0355 ms back to back.
// Round 11 (16 bits, OPT per instance, below): the float32 predicated warp scan, chunk 0's B/C loads issued before the
// ring's first produce, whole-chunk B/C vector loads, the output from fixed offsets and the block's row by a float
// reciprocal: fp16 back to back (1,192,16,3137,1) 0.0356 -> 0.0341 ms, (8,128,16,256,1) 0.0085 -> 0.0079, and a 16-bit
// _b3 at (1,768,16,784,4) 0.0194 -> 0.0168 (runs f16-1 ... f16-3).
// 16-bit options of the warp-per-state forward (round 11; bits of fwd1w_impl's OPT)
constexpr int O16_PRED = 1, O16_EARLY = 2, O16_FAST = 4, O16_WHOLE = 8, O16_DIV = 16;

template <class T, int SPW, int NI, int CPB, int WMAX, bool LEAN, bool LATE, bool IDX32 = false, int OPT = 0,
          bool PAD = false>
__device__ __forceinline__ void fwd1w_impl(const ScanParams& p) {
    constexpr int CH = 32 * NI, E = CPB * CH;
    // round 10, float32: the warp scan guarded by the shuffle's predicate where lanes hold 4 or 8 steps (with 2 it was
    // level or slower), and the one-channel instance without LEAN (s2_i8_c1) writes the output from fixed offsets with
    // the ftz softplus, its element offsets taken from rowBase (LEAN's own offsets spilled there)
    constexpr bool F32 = std::is_same_v<T, float>;
    // round 11, 16 bits (OPT, per instance; float32 instances take none): O16_PRED the predicated warp scan,
    // O16_EARLY chunk 0's B/C and A loads issued before the ring's first produce waits for u, delta and z, O16_FAST
    // the output from fixed offsets with the ftz softplus without LEAN, O16_WHOLE whole chunks of vector-aligned B/C
    // rows loaded without per-load tests, O16_DIV the block's group (round 11: also its row) by a float reciprocal
    constexpr bool W16O = sizeof(T) == 2;
    constexpr bool PRED = (F32 || (W16O && (OPT & O16_PRED))) && NI >= 4;
    constexpr bool EARLY = W16O && (OPT & O16_EARLY);
    constexpr bool FAST = W16O && (OPT & O16_FAST);
    constexpr bool WHOLE = W16O && (OPT & O16_WHOLE);
    constexpr bool DIV = W16O && (OPT & O16_DIV);
    constexpr bool LITE = F32 && CPB == 1 && !LEAN;
    // 32-bit element offsets (_b3: its 85-register cap; the host takes it only for rows * L * N far below 2^32)
    using Off = std::conditional_t<IDX32, unsigned, size_t>;
    // 16-bit B/C loads kept as raw words until used (round 9b); PAD (round 11b, float32; round 12, 16 bits): B and C
    // read from float32 rows padded to whole 16-byte vectors (pad_rows_*: converted there), u, delta, z in T
    constexpr bool W16 = sizeof(T) == 2 && !PAD;
    using TB = std::conditional_t<PAD, float, T>;  // the element type of the B/C rows read
    static_assert(!PAD || (!LATE && !(OPT & O16_WHOLE)), "padded rows are float32 rows read as float32's are");
    using R = Raw<T>;
    constexpr unsigned FULL = 0xffffffffu;
    extern __shared__ float4 fwd1w_smem[];
    const int L = p.len, N = p.dstate;
    const int BS = PAD ? p.bc_stride : L;  // B/C row stride (PAD: rows padded to whole 16-byte vectors)
    const int nch = (L + CH - 1) / CH;
    const int W = blockDim.x >> 5;
    float* const s_dt = reinterpret_cast<float*>(fwd1w_smem);  // [CPB][3][CH] each
    float* const s_x = s_dt + 3 * E;
    float* const s_du = s_x + 3 * E;
    float* const s_g = s_du + 3 * E;
    float* const s_y = s_g + 3 * E;  // [2][CPB][W][CH]: each warp's share of y, alternating by chunk
    pdl_launch();
    // round 13: a grid of (channels / CPB, batch) (CudaSelectiveScan.DeviceScan.gridColumns): the block's batch row and
    // first channel without a division; its B/C group by one where the groups are several
    const int b = blockIdx.y, d0 = blockIdx.x * CPB, r0 = b * p.dim + d0;
    int g = 0;
    if (p.groups > 1) g = DIV ? div_small(d0, div_small(p.dim, p.groups)) : d0 / (p.dim / p.groups);
    const int tid = threadIdx.x, lane = tid & 31, w = tid >> 5;
    const Off bcBase = ((Off)b * p.groups + g) * N * BS;
    const Off rowBase = (Off)r0 * L;  // channel c's row at rowBase + c * L of u, delta, z and out
    const bool hasZ = p.z != nullptr;
    // entry e = c * CH + t of the ring: step t of chunk kk of channel c
    auto fetch = [&](int kk, int e, R& uu, R& dd, R& zz) {
        const int c = e / CH, l = kk * CH + e % CH;
        const bool in = l < L;
        const Off i = (Off)c * L + l;
        uu = in ? ld_raw<T>(p.u, rowBase + i) : R(0);
        dd = in ? ld_raw<T>(p.delta, rowBase + i) : R(0);
        zz = in && hasZ ? ld_raw<T>(p.z, rowBase + i) : R(0);
    };
    auto produce = [&](int kk, int e, R ru, R rd, R rz, float bias, float Dv) {
        const float uu = raw_to<T>(ru), dd = raw_to<T>(rd), zz = raw_to<T>(rz);
        const int c = e / CH, t = e % CH, slot = (c * 3 + kk % 3) * CH + t;
        const bool in = kk * CH + t < L;
        const float v = dd + bias;
        const float dt = in ? (p.softplus ? (LEAN || LITE || FAST ? softplus_ftz(v) : softplus_fast(v)) : v) : 0.f;
        s_dt[slot] = dt;
        s_x[slot] = dt * uu;
        s_du[slot] = Dv * uu;
        s_g[slot] = hasZ ? __fdividef(zz, 1.f + ex2(-zz * LOG2E)) : 1.f;
    };
    auto biasOf = [&](int e) { return p.delta_bias ? p.delta_bias[d0 + (unsigned)e / CH] : 0.f; };  // e >= 0
    auto dOf = [&](int e) { return p.D ? p.D[d0 + (unsigned)e / CH] : 0.f; };
    // this thread's ring entry pe (its inputs two chunks ahead in registers): tid, or tid - E where the block splits
    const bool split = LEAN && (int)blockDim.x >= 2 * E;
    const int pe = split ? tid - E : tid;
    const bool mine = pe >= 0 && pe < E;
    // round 13: the previous kernel's grid waited for after the row's index arithmetic; PAD (run only right after
    // pad_rows: the graph's node after it, or, launched programmatically after it, started only once its blocks passed
    // their own wait, i.e. after every earlier kernel): only before the padded rows' first load
    if constexpr (!PAD) pdl_wait();
    zero_grads(p);
    const float myBias = mine ? biasOf(pe) : 0.f, myD = mine ? dOf(pe) : 0.f;
    // LEAN: the element offsets of the thread's ring entry and output entry (tid) in chunk 0 (chunk kk adds kk CH)
    const Off prodOff = rowBase + (Off)(pe / CH) * L + pe % CH, outOff = rowBase + (Off)(tid / CH) * L + tid % CH;
    auto fetchMine = [&](int kk, R& uu, R& dd, R& zz) {
        if constexpr (LEAN) {
            const bool in = kk * CH + pe % CH < L;
            const Off i = prodOff + (Off)kk * CH;
            uu = in ? ld_raw<T>(p.u, i) : R(0);
            dd = in ? ld_raw<T>(p.delta, i) : R(0);
            zz = in && hasZ ? ld_raw<T>(p.z, i) : R(0);
        } else if constexpr (LITE) {  // one channel: the entry's step is pe
            const int l = kk * CH + pe;
            const bool in = l < L;
            const Off i = rowBase + l;
            uu = in ? ld_raw<T>(p.u, i) : R(0);
            dd = in ? ld_raw<T>(p.delta, i) : R(0);
            zz = in && hasZ ? ld_raw<T>(p.z, i) : R(0);
        } else {
            fetch(kk, pe, uu, dd, zz);
        }
    };
    R nu = R(0), nd = R(0), nz = R(0);
    R u1 = R(0), d1 = R(0), z1 = R(0);
    if constexpr (EARLY) {  // u, delta, z of chunks 0 and 1 made into the ring after chunk 0's B/C loads (below)
        if (mine) {
            fetchMine(0, nu, nd, nz);
            fetchMine(1, u1, d1, z1);
        }
    } else {
        if (mine) {
            fetchMine(0, nu, nd, nz);
            fetchMine(1, u1, d1, z1);
            produce(0, pe, nu, nd, nz, myBias, myD);
            produce(1, pe, u1, d1, z1, myBias, myD);
        }
        for (int e = tid + blockDim.x; e < E; e += blockDim.x) {  // blocks narrower than CPB chunks (small dstate)
            for (int kk = 0; kk < 2; kk++) {
                R uu, dd, zz;
                fetch(kk, e, uu, dd, zz);
                produce(kk, e, uu, dd, zz, biasOf(e), dOf(e));
            }
        }
    }
    const bool aligned16 = WHOLE && L % (NI * 2 >= 16 ? 8 : NI) == 0
            && ((reinterpret_cast<unsigned long long>(p.B) | reinterpret_cast<unsigned long long>(p.C)) & 15) == 0;
    const bool aligned = !W16 && BS % 4 == 0
            && ((reinterpret_cast<unsigned long long>(p.B) | reinterpret_cast<unsigned long long>(p.C)) & 15) == 0;
    float A2[CPB][SPW], carry[CPB][SPW];
    int nn[SPW];
#pragma unroll
    for (int j = 0; j < SPW; j++) {
        nn[j] = w * SPW + j;
#pragma unroll
        for (int c = 0; c < CPB; c++) {
            A2[c][j] = nn[j] < N ? p.A[(d0 + c) * N + nn[j]] * LOG2E : 0.f;
            carry[c][j] = 0.f;
        }
    }
    int saveAt = p.save_len > 0 ? p.save_len : -1, saved = 0;
    // 16-bit: B and C of a chunk as raw words, two elements per register (half the registers of floats), converted
    // where the chunk uses them (round 9b: load_items converts in its branch, so each of the 2 SPW loads waited for the
    // one before; converting after the loads as the backward does spilled 60-200 bytes with floats and words both live)
    unsigned Bw[SPW][W16 ? NI / 2 : 1], Cw[SPW][W16 ? NI / 2 : 1];
    // rows 2 bytes past a 4-byte boundary (load_words_late): the word whose high half is element 0 of the chunk, of B
    // and C, per state, by chunk parity (the previous chunk's lane 31 writes it, lane 0 reads it; the row's first
    // chunk: lane 0 writes it first)
    __shared__ unsigned s_edge[W16 && LATE ? 2 * 2 * 32 : 1];
    auto loadBC = [&](int kk, float (&Bv)[SPW][NI], float (&Cv)[SPW][NI]) {
        const int l0 = kk * CH + lane * NI, valid = L - l0;
        const bool whole = aligned && (kk + 1) * CH <= L;
#pragma unroll
        for (int j = 0; j < SPW; j++) {
            if (nn[j] < N) {
                const Off o = bcBase + (Off)nn[j] * BS + l0;
                if constexpr (WHOLE && !LATE) {
                    if (aligned16 && (kk + 1) * CH <= L) {
                        load_words_vec<T, NI>(static_cast<const T*>(p.B) + o, Bw[j]);
                        load_words_vec<T, NI>(static_cast<const T*>(p.C) + o, Cw[j]);
                        continue;
                    }
                }
                if constexpr (W16 && LATE) {
                    load_words_late<T, NI>(p.B, o, valid, Bw[j]);
                    load_words_late<T, NI>(p.C, o, valid, Cw[j]);
                    continue;
                } else if constexpr (W16) {
                    load_words<T, NI>(p.B, o, valid, Bw[j]);
                    load_words<T, NI>(p.C, o, valid, Cw[j]);
                    continue;
                }
                if constexpr (!W16) {
                    if (whole) {
                        ldg_whole<NI>(static_cast<const float*>(p.B) + o, Bv[j]);
                        ldg_whole<NI>(static_cast<const float*>(p.C) + o, Cv[j]);
                        continue;
                    }
                }
                load_items<TB, NI>(p.B, o, valid, Bv[j]);
                load_items<TB, NI>(p.C, o, valid, Cv[j]);
            } else if constexpr (W16) {
#pragma unroll
                for (int i = 0; i < NI / 2; i++) Bw[j][i] = Cw[j][i] = 0u;
            } else {
#pragma unroll
                for (int i = 0; i < NI; i++) Bv[j][i] = Cv[j][i] = 0.f;
            }
        }
    };
    auto bcAt = [&](const float (&v)[SPW][NI], const unsigned (&w)[SPW][W16 ? NI / 2 : 1], int j, int i) {
        if constexpr (W16) return i % 2 ? hi16<T>(w[j][i / 2]) : lo16<T>(w[j][i / 2]); else return v[j][i];
    };
    float Bv[SPW][NI], Cv[SPW][NI];
    // B/C rows 2 bytes past a 4-byte boundary (bit j: B of state j, SPW + j: C), and for those element 0 of the row,
    // the first chunk's lane 0's (join_odd)
    unsigned oddRows = 0;
    if constexpr (W16 && LATE) {
#pragma unroll
        for (int j = 0; j < SPW; j++) {
            const Off o = bcBase + (Off)nn[j] * BS;
            if (nn[j] < N && words_odd<T, NI>(p.B, o, NI)) {
                oddRows |= 1u << j;
                if (lane == 0) s_edge[2 * nn[j]] = (unsigned)static_cast<const unsigned short*>(p.B)[o] << 16;
            }
            if (nn[j] < N && words_odd<T, NI>(p.C, o, NI)) {
                oddRows |= 1u << (SPW + j);
                if (lane == 0) s_edge[2 * nn[j] + 1] = (unsigned)static_cast<const unsigned short*>(p.C)[o] << 16;
            }
        }
    }
    if constexpr (PAD) pdl_wait();
    loadBC(0, Bv, Cv);
    if constexpr (EARLY) {
        if (mine) {
            produce(0, pe, nu, nd, nz, myBias, myD);
            produce(1, pe, u1, d1, z1, myBias, myD);
        }
        for (int e = tid + blockDim.x; e < E; e += blockDim.x) {
            for (int kk = 0; kk < 2; kk++) {
                R uu, dd, zz;
                fetch(kk, e, uu, dd, zz);
                produce(kk, e, uu, dd, zz, biasOf(e), dOf(e));
            }
        }
    }
    // LEAN: a full block with one output entry per thread writes from fixed shared-memory offsets
    const bool fastOut = (LEAN || LITE || FAST) && W == WMAX && (E == (int)blockDim.x || split);
    int k3 = 0;  // k % 3
    __syncthreads();
    for (int k = 0; k < nch; k++, k3 = k3 == 2 ? 0 : k3 + 1) {
        if (mine && k + 2 < nch) fetchMine(k + 2, nu, nd, nz);
        if constexpr (W16 && LATE) {  // chunk k's B/C words, loaded before the last barrier
            if (oddRows) {
                const bool whole = L - (k * CH + lane * NI) >= NI;
#pragma unroll
                for (int j = 0; j < SPW; j++) {
                    unsigned* const e = s_edge + 2 * nn[j];
                    if (oddRows >> j & 1) join_odd<NI>(Bw[j], whole, lane, e + (k & 1) * 64, e + (~k & 1) * 64);
                    if (oddRows >> (SPW + j) & 1)
                        join_odd<NI>(Cw[j], whole, lane, e + (k & 1) * 64 + 1, e + (~k & 1) * 64 + 1);
                }
            }
        }
        const int t0 = lane * NI;
        float* const yk = s_y + (k & 1) * CPB * W * CH;
#pragma unroll
        for (int c = 0; c < CPB; c++) {
            float dt[NI], x[NI];
            const int sl = (c * 3 + k3) * CH + t0;
            lds<NI>(s_dt + sl, dt);
            lds<NI>(s_x + sl, x);
            // the lane's maps of its first i + 1 steps: h -> a[j][i] h + xb[j][i] (prefix products and offsets); xb
            // in place of B with one channel (B is reloaded after the apply; a separate array spilled)
            float a[SPW][NI], P[SPW], Q[SPW];
            float xbuf[SPW][NI];
            float (&xb)[SPW][NI] = CPB > 1 ? xbuf : Bv;
#pragma unroll
            for (int j = 0; j < SPW; j++) {
#pragma unroll
                for (int i = 0; i < NI; i++) {
                    const float ai = ex2(dt[i] * A2[c][j]), bx = bcAt(Bv, Bw, j, i) * x[i];
                    a[j][i] = i == 0 ? ai : a[j][i - 1] * ai;
                    xb[j][i] = i == 0 ? bx : fmaf(ai, xb[j][i - 1], bx);
                }
                P[j] = a[j][NI - 1];
                Q[j] = xb[j][NI - 1];
            }
            if constexpr (PRED) warp_scan_maps_pred<SPW>(P, Q); else warp_scan_maps<SPW>(P, Q, lane);
            float y[NI];
#pragma unroll
            for (int i = 0; i < NI; i++) y[i] = 0.f;
#pragma unroll
            for (int j = 0; j < SPW; j++) {
                float h0 = __shfl_up_sync(FULL, fmaf(P[j], carry[c][j], Q[j]), 1);
                if (lane == 0) h0 = carry[c][j];
                float h = 0.f;
#pragma unroll
                for (int i = 0; i < NI; i++) {
                    h = fmaf(a[j][i], h0, xb[j][i]);
                    y[i] = fmaf(bcAt(Cv, Cw, j, i), h, y[i]);
                }
                carry[c][j] = __shfl_sync(FULL, h, 31);
            }
            sts<NI>(yk + (c * W + w) * CH + t0, y);
        }
        if (k + 1 < nch) loadBC(k + 1, Bv, Cv);
        if ((k + 1) * CH == saveAt) {  // a chunk boundary of the backward after this forward: its chunk-start state
            if (saveAt < L && lane == 0) {
#pragma unroll
                for (int c = 0; c < CPB; c++)
#pragma unroll
                    for (int j = 0; j < SPW; j++)
                        if (nn[j] < N) p.hend[(((size_t)r0 + c) * p.save_chunks + saved) * N + nn[j]] = carry[c][j];
            }
            saved++;
            saveAt += p.save_len;
        }
        __syncthreads();
        // out = (the warps' shares of y summed as a tree, + D u) * gate
        auto sumShares = [&](const float* y0) {
            float v[WMAX];
#pragma unroll
            for (int ww = 0; ww < WMAX; ww++) v[ww] = ww < W ? y0[ww * CH] : 0.f;
#pragma unroll
            for (int s = 1; s < WMAX; s <<= 1)
#pragma unroll
                for (int ww = 0; ww + s < WMAX; ww += 2 * s) v[ww] += v[ww + s];
            return v[0];
        };
        if (fastOut) {
            if (tid < E && k * CH + tid % CH < L) {
                const int c = tid / CH, t = tid % CH, slot = (c * 3 + k3) * CH + t;
                const float ys = sumShares(s_y + ((k & 1) * CPB + c) * WMAX * CH + t);
                st<T>(p.out, LITE ? rowBase + (k * CH + tid) : FAST && !LEAN ? rowBase + (Off)c * L + (k * CH + t)
                        : outOff + (Off)k * CH, (ys + s_du[slot]) * s_g[slot]);
            }
        } else {
            for (int e = tid; e < E && (!split || tid < E); e += blockDim.x) {
                const int c = e / CH, t = e % CH, l = k * CH + t;
                if (l < L) {
                    const float ys = sumShares(yk + c * W * CH + t);
                    const int slot = (c * 3 + k3) * CH + t;
                    st<T>(p.out, rowBase + (Off)c * L + l, (ys + s_du[slot]) * s_g[slot]);
                }
            }
        }
        if (k + 2 < nch) {  // chunk k + 2 into the slot chunk k - 1 used (every reader of it passed this barrier)
            if (mine) produce(k + 2, pe, nu, nd, nz, myBias, myD);
            for (int e = tid + blockDim.x; e < E; e += blockDim.x) {
                R uu, dd, zz;
                fetch(k + 2, e, uu, dd, zz);
                produce(k + 2, e, uu, dd, zz, biasOf(e), dOf(e));
            }
        }
    }
    if (p.last_state && lane == 0) {
#pragma unroll
        for (int c = 0; c < CPB; c++)
#pragma unroll
            for (int j = 0; j < SPW; j++)
                if (nn[j] < N) p.last_state[((size_t)r0 + c) * N + nn[j]] = carry[c][j];
    }
}

// Warp-per-state instances: SPW states per warp, NI steps per lane, CPB channels per block; MINB blocks per SM; LEAN
// where the registers allow it (see above). ptxas sm_90, float32: REGS_FWD1W registers, no spill. _b4: the two-channel
// 2 x 4 instance at 4 blocks per SM (64 registers), for rows that need two waves of the MINB-2 instance (round 9:
// (8,128,16,256,1) in one wave, 0.0093 -> 0.0086 ms back to back; at (1,512,16,784,4), one wave either way, the
// register cap cost 0.0140 -> 0.0149). In float32, fp16 and bf16 (stop 16; round 9b, 16-bit loads raw: ptxas sm_90 the
// same registers as float32 within 1, no spill). LATE (round 10, 16 bits only): B/C rows 2 bytes past a 4-byte boundary
// joined where used (load_words_late, join_odd), in the one-channel 2 x 4 instance only, which in 16 bits runs at B24 = 3
// blocks per SM (80 registers, no spill; at 4, 64 registers, it spilled 24 bytes: (1,192,16,3137,1) fp16 0.0392 against
// 0.0355 ms back to back, run fwd16-2); elsewhere the late join cost ptxas 5-24 registers or up to 164 bytes of spill,
// and no zoo shape gives those instances odd rows over several chunks. _b3 (round 10; 16 bits: round 11): the two-channel 2 x 4
// lean instance at 3 blocks per SM with 32-bit offsets (75 registers), for rows of 5-6 per SM past 256 steps
// ((1,768,16,784,4) in one wave: 0.0188 -> 0.0171 ms back to back, run R10-3). _b2 (round 11, float32 only): the
// one-channel 2 x 4 and 2 x 8 instances at 2 blocks per SM (the same code, 72 and 91 registers instead of 64 and 77),
// for rows of at most 2 per SM past 256 steps (run F32-3, back to back: (1,192,16,3137,1) 0.0320 -> 0.0309 ms,
// (1,256,16,3136,4) 0.0250 -> 0.0241; at (1,256,16,196,4), one chunk, level). The host takes the one whose blocks fit
// the rows in one wave (CudaSelectiveScan.warpStateConfig). Round 11, the 16-bit options (OPT, each measured A/B
// against the instance without it in one run; float32 takes none): one-channel 2 x 4 PRED | EARLY ((1,192,16,3137,1)
// fp16 0.0356 -> 0.0341 ms back to back, bf16 0.0356 -> 0.0344; PRED alone 0.0345, EARLY alone 0.0349, + DIV 0.0342),
// _b4 PRED | FAST | WHOLE | DIV ((8,128,16,256,1) fp16 0.0085 -> 0.0079; PRED alone 0.0087, FAST 0.0085, WHOLE 0.0085,
// DIV 0.0084, the three without PRED 0.0083), and _b3 in 16 bits (new; PRED | WHOLE | DIV) where float32 takes it
// ((1,768,16,784,4) fp16 0.0194 with _b4 -> 0.0168; without options 0.0179, PRED alone 0.0170-0.0171). ptxas sm_90:
// 77, 64 and 75 registers, no spill.
#define FWD1WX(SPW, NI, CPB, NTH, MINB, LEAN, TAG, T, SUF, LATE, IDX32, OPT) \
    extern "C" __global__ void __launch_bounds__(NTH, MINB) \
        ssm_fwd1w##SUF##_s##SPW##_i##NI##_c##CPB##TAG(const ScanParams p) { \
            fwd1w_impl<T, SPW, NI, CPB, NTH / 32, LEAN, LATE, IDX32, OPT>(p); }
#define FWD1W(SPW, NI, CPB, NTH, MINB, LEAN, TAG, T, SUF, LATE) FWD1WX(SPW, NI, CPB, NTH, MINB, LEAN, TAG, T, SUF, LATE, false, 0)
#define FWD1W_ALL(T, SUF, B24, O1, O4) FWD1WX(2, 4, 1, 256, B24, true, , T, SUF, true, false, O1) \
    FWD1W(2, 8, 1, 256, 3, false, , T, SUF, false) FWD1W(4, 4, 1, 128, 6, true, , T, SUF, false) \
    FWD1W(2, 2, 1, 256, 4, true, , T, SUF, false) FWD1W(4, 2, 1, 128, 6, true, , T, SUF, false) \
    FWD1W(2, 4, 2, 256, 2, true, , T, SUF, false) FWD1W(2, 2, 2, 256, 2, true, , T, SUF, false) \
    FWD1W(4, 2, 2, 128, 3, true, , T, SUF, false) FWD1WX(2, 4, 2, 256, 4, false, _b4, T, SUF, false, true, O4)
#define FWD1W_B3(T, SUF, O3) FWD1WX(2, 4, 2, 256, 3, true, _b3, T, SUF, false, true, O3)
FWD1W_ALL(float, , 4, 0, 0)
FWD1W_B3(float, , 0)
FWD1WX(2, 4, 1, 256, 2, true, _b2, float, , false, false, 0)
FWD1WX(2, 8, 1, 256, 2, false, _b2, float, , false, false, 0)
// _b2p (round 11b, float32): _b2's 2 x 4 instance reading B and C from rows padded to whole 16-byte vectors (PAD,
// bc_stride), which pad_rows_f32 writes first where L is not a multiple of 4: at L = 3137 three of four rows start off
// 16 bytes and their loads go element by element (round 11: (1,192,16,3137,1) 0.0309 ms against 0.0248 at L = 3136)
// Round 12 (16 bits): the same for fp16/bf16 rows at any L (_f16_s2_i4_c1_b2p, _bf16_...: u, delta, z in the input
// type, B and C converted to float32 rows by pad_rows_f16 / pad_rows_bf16, so the step loop reads them as float32's _b2p
// does, without the 16-bit words' conversions; ptxas sm_90 72 registers, no spill): run A3, back to back,
// (1,192,16,3137,1) fp16 0.0342 -> 0.0274 ms, bf16 0.0344 -> 0.0273; (1,192,16,3136,1) fp16 0.0291 -> 0.0272. The
// 16-bit LATE instance at 2 blocks per SM (the same code, 75 registers) was level (0.0338 and 0.0289): not kept.
#define FWD1W_B2P(T, SUF, OPT) extern "C" __global__ void __launch_bounds__(256, 2) \
    ssm_fwd1w##SUF##_s2_i4_c1_b2p(const ScanParams p) { fwd1w_impl<T, 2, 4, 1, 8, true, false, false, OPT, true>(p); }
FWD1W_B2P(float, , 0)
FWD1W_B2P(__half, _f16, O16_PRED | O16_EARLY)
FWD1W_B2P(__nv_bfloat16, _bf16, O16_PRED | O16_EARLY)

// B and C ([rows][len] each, of type T) into float32 dst = [2][rows][stride] (stride a multiple of 4, the pad zero),
// one float4 a thread
struct PadRows {
    const void *src0, *src1;
    float* dst;
    int rows, len, stride;
};
template <class T>
__device__ __forceinline__ void pad_rows(const PadRows& q) {
    pdl_enter();
    const long long perArray = (long long)q.rows * (q.stride / 4);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < 2 * perArray;
         i += (long long)gridDim.x * blockDim.x) {
        const bool second = i >= perArray;
        const long long j = second ? i - perArray : i, row = j / (q.stride / 4);
        const int col = (int)(j - row * (q.stride / 4)) * 4;
        const T* src = static_cast<const T*>(second ? q.src1 : q.src0) + row * q.len;
        float4 v;
        v.x = col < q.len ? ld<T>(src, col) : 0.f;
        v.y = col + 1 < q.len ? ld<T>(src, col + 1) : 0.f;
        v.z = col + 2 < q.len ? ld<T>(src, col + 2) : 0.f;
        v.w = col + 3 < q.len ? ld<T>(src, col + 3) : 0.f;
        reinterpret_cast<float4*>(q.dst)[i] = v;
    }
}
extern "C" __global__ void pad_rows_f32(const PadRows q) { pad_rows<float>(q); }
extern "C" __global__ void pad_rows_f16(const PadRows q) { pad_rows<__half>(q); }
extern "C" __global__ void pad_rows_bf16(const PadRows q) { pad_rows<__nv_bfloat16>(q); }
FWD1W_ALL(__half, _f16, 3, O16_PRED | O16_EARLY, O16_PRED | O16_FAST | O16_WHOLE | O16_DIV)
FWD1W_B3(__half, _f16, O16_PRED | O16_WHOLE | O16_DIV)
FWD1W_ALL(__nv_bfloat16, _bf16, 3, O16_PRED | O16_EARLY, O16_PRED | O16_FAST | O16_WHOLE | O16_DIV)
FWD1W_B3(__nv_bfloat16, _bf16, O16_PRED | O16_WHOLE | O16_DIV)

// Forward instances: every (states per thread, lanes) that the launch configuration can ask for (N <= 512; preferred
// states per thread 1, 2 or 4 in float32, 4 for fp16/bf16; more states only where N needs more than 32 lanes).
// Round 9: capped at 80 registers up to 4 states per thread (6 blocks of 128 threads per SM, as before the round;
// ptxas sm_90: 8-32 bytes of spill at 4 states), 128 at 8 states (4 blocks).
#define FWD5_BOUNDS(NT) __launch_bounds__(128, NT <= 4 ? 6 : NT == 8 ? 4 : 1)
#define FWD5(NT, SL, T, SUF) \
    extern "C" __global__ void FWD5_BOUNDS(NT) ssm_fwd##SUF##_nt##NT##_s##SL(const ScanParams p) { \
        fwd_v5_impl<T, NT, SL>(p, 0); \
    } \
    extern "C" __global__ void FWD5_BOUNDS(NT) ssm_fsum##SUF##_nt##NT##_s##SL(const ScanParams p) { \
        fwd_v5_impl<T, NT, SL>(p, 1); \
    }
#define FWD5_ALL_S(NT, T, SUF) FWD5(NT, 1, T, SUF) FWD5(NT, 2, T, SUF) FWD5(NT, 4, T, SUF) FWD5(NT, 8, T, SUF) \
    FWD5(NT, 16, T, SUF) FWD5(NT, 32, T, SUF)
FWD5_ALL_S(1, float, )
FWD5_ALL_S(2, float, )
FWD5_ALL_S(4, float, )
FWD5(8, 32, float, )
FWD5(16, 32, float, )
FWD5_ALL_S(4, __half, _f16)
FWD5_ALL_S(4, __nv_bfloat16, _bf16)
FWD5(8, 32, __half, _f16)
FWD5(16, 32, __half, _f16)
FWD5(8, 32, __nv_bfloat16, _bf16)
FWD5(16, 32, __nv_bfloat16, _bf16)
FWD5(1, 1, __half, _f16)
FWD5(2, 1, __half, _f16)
FWD5(1, 1, __nv_bfloat16, _bf16)
FWD5(2, 1, __nv_bfloat16, _bf16)
// One-pass backward instances: (threads, steps per thread, channels per block); the launch takes the smallest chunk
// that holds L. Two channels per block (one thread serves both: each B/C load and dB/dC atomic add serves two
// channels) only for sequences of at most 256 steps, where it was measured faster (docs/selective-scan.md).
// STAGE (16-bit, stop 17): every load of a chunk's start, and B and C of each state, in flight before the first
// conversion (Staged). Run bwd16-3 (A/B against round 8's loads, fp16, forward + backward back to back): faster at every
// instance but fp16 32 x 4 with two channels, where ptxas spilled 136 bytes and it lost 3-4 % ((64,768,16,49,4) 0.5895
// against 0.5663 ms): that one keeps round 8's loads (S2 = false). bf16's 32 x 4 two-channel instance spills 8 bytes.
// SLIM and EARLY (round 10, bwd1_impl): run R10B-2 (A/B in one run against round 9's kernel and against SLIM alone,
// forward + backward back to back): SLIM faster at every float32 instance but 32 x 4 with two channels ((64,768,16,49,4)
// .4865 against .4813 ms), SLIM + EARLY at every fp16 instance but that one (.5530 against .5457; round 8's loads there,
// so EARLY does nothing) and every bf16 one but the two-channel ones, where SLIM alone won ((64,384,16,197,1) .6110
// against .6463 with EARLY and .6238 before; (64,768,16,49,4) .5283, .5593, .5413). Issue size fp16 8.03 -> 7.29 ms.
// DEFER (round 10b): run R10B-3 (A/B in one run: round 10's kernel, lane dA sums (1), lane dA sums + next-chunk L1
// prefetch (2)), forward + backward back to back: 1 won at the 16-bit 64 x 8 instances (issue size fp16 7.2946 ->
// 7.2495 ms, bf16 7.2891 -> 7.1745; 2 lost there, 7.3933 and 7.2684, and float32 lost with either, 8.6987 -> 8.7321,
// 8.8861), 2 at float32's and bf16's 32 x 4 one ((64,768,16,784,4) 4.0289 -> 3.9926 ms, bf16 3.6545 -> 3.5000; fp16:
// 3.4462 -> 3.5607 with 1, 3.6169 with 2, ptxas spilling 72 bytes there); both lost at the 64 x 4 two-channel instance
// (one chunk: nothing to defer; (64,384,16,196,4) +4-5 % in every type). Not measured elsewhere: 0 there.
// TRIM and PSCAN (round 11, bwd1_impl): runs R11-1 and R11-2 (A/B in one run against round 10b's kernel, forward +
// backward back to back): TRIM at 32 x 4, 32 x 8 and 64 x 8 (one channel) in every type, issue size fp16 7.2354 ->
// 6.4808 ms, bf16 7.1651 -> 6.3429, fp32 8.4972 -> 8.1481, (64,384,16,3136,4) fp16 5.9061 -> 5.2423, fp32 6.4745 ->
// 6.0800, (64,768,16,784,4) fp16 3.4335 -> 3.2484, fp32 3.9861 -> 3.8799; PSCAN on top at the 16-bit 64 x 8 instances
// (R11-2: fp16 6.4694 -> 6.2805, bf16 6.3306 -> 6.2785; float32 level, 8.1477 against 8.1533, so not there). Not
// measured at the other instances: neither there.
#define BWD1(NTH, NI, CHN, T, SUF, STAGE, SLIM, EARLY, DEFER, TRIM, PSCAN) \
    extern "C" __global__ void __launch_bounds__(NTH, 512 / NTH) ssm_bwd1##SUF##_t##NTH##_i##NI##_c##CHN( \
        const ScanParams p) { bwd1_impl<T, NTH, NI, CHN, STAGE, SLIM, EARLY, DEFER, TRIM, PSCAN>(p); }
// S, E: STAGE and EARLY of the one-channel instances (SLIM everywhere); S2, L2, E2: the 32 x 4 two-channel instance's;
// E3: the 64 x 4 two-channel instance's EARLY; D4, D8: DEFER of the 32 x 4 and 64 x 8 one-channel instances; P8: PSCAN
// of the 64 x 8 one
#define BWD1_ALL(T, SUF, S, E, S2, L2, E2, E3, D4, D8, P8) BWD1(32, 4, 1, T, SUF, S, true, E, D4, true, false) \
    BWD1(32, 8, 1, T, SUF, S, true, E, 0, true, false) BWD1(64, 8, 1, T, SUF, S, true, E, D8, true, P8) \
    BWD1(128, 8, 1, T, SUF, S, true, E, 0, false, false) BWD1(256, 8, 1, T, SUF, S, true, E, 0, false, false) \
    BWD1(512, 8, 1, T, SUF, S, true, E, 0, false, false) BWD1(32, 4, 2, T, SUF, S2, L2, E2, 0, false, false) \
    BWD1(64, 4, 2, T, SUF, S, true, E3, 0, false, false) BWD1(64, 4, 1, T, SUF, S, true, E, 0, false, false)
BWD1_ALL(float, , false, false, false, false, false, false, 2, 0, false)
BWD1_ALL(__half, _f16, true, true, false, false, false, true, 0, 1, true)
BWD1_ALL(__nv_bfloat16, _bf16, true, true, true, true, false, false, 2, 1, true)

// ---------------------------------------------------------------------------------------------------------------
// Warp-per-state backward (issue 15, round 8), after a warp-per-state forward that saved the state at every chunk
// boundary (save_len = 32 * NI): one block per (batch, channel) row, warp w owning states SPW * w ... SPW * w + SPW - 1,
// walking the row's chunks of 32 * NI steps from last to first (lane i owns NI consecutive steps). Per chunk and state
// both recurrences are affine maps over the lane's steps (as in ssm_bwd1), scanned over the warp with shuffles (forward
// up, adjoint down) and applied from the saved chunk-start state and the adjoint carry, which stays in a register: no
// barrier per state (ssm_bwd1 takes one per state and chunk). dt, dt * u and the gated dout of a chunk are computed
// once into shared memory by the block (one step per thread), each warp writes its states' shares of sum_n dh B,
// sum_n A E h_prev and y = sum_n C h for the chunk, and after a barrier the block sums them in a fixed warp order and
// writes du, ddelta, dz; a second barrier per chunk guards the shared buffers. dA and dD / ddelta_bias are summed in a
// fixed order inside the block (one atomic add per element and block); dB / dC are summed over channels by coalesced
// atomic adds after a per-warp transpose, as in ssm_bwd1. T: the input type (stop 17: fp16/bf16 too, each element
// converted as it is loaded; sums and gradients float32). dstate <= W * SPW, L any (hend holds
// ceil(L / (32 NI)) - 1 states per row and state). Dynamic shared memory: (3 + 3 W) * 32 NI + W * 64 * (NI + 1) floats.
// The state work of one chunk (bwd1w_impl, below) for this warp's states, NI steps per lane: a short last chunk
// (at most 32, 64 or 128 steps inside the sequence) runs with fewer steps per lane than the instance, so its padding
// costs no full chunk (L = 784 walked as 256-step chunks: the fourth had 16 steps, a quarter of the work on padding).
// Writes the warp's shares of the per-step sums into s_part and adds dB, dC.
template <class T, int SPW, int NI, int W>
__device__ __forceinline__ void bwd1w_chunk(const ScanParams& p, int k, int CH, size_t row, int d, size_t bcBase,
                                            const float* s_dt, const float* s_x, const float* s_gy, float* s_part,
                                            float* s_trw, float* s_E, float (*s_dA)[32]) {
    constexpr unsigned FULL = 0xffffffffu;
    constexpr int XS = 32 * (NI + 1);
    const int L = p.len, N = p.dstate, lane = threadIdx.x & 31, w = threadIdx.x >> 5;
    float* const xb = s_trw + lane * (NI + 1);
    float* const xc = xb + XS;
    const int t0 = lane * NI, l0 = k * CH + t0, valid = L - l0;
    float dxB[NI], ddtA[NI], y[NI];
#pragma unroll
    for (int i = 0; i < NI; i++) dxB[i] = ddtA[i] = y[i] = 0.f;
    // one state at a time (unrolled over the states, ptxas held every state's B, C and maps at once: 177
    // registers for 2 states x 8 steps); dt, dt * u and gy are read again from shared memory where used
#pragma unroll 1
    for (int j = 0; j < SPW; j++) {
        const int n = w * SPW + j;
        if (n >= N) break;  // warp-uniform
        const float An = p.A[d * N + n], A2 = An * LOG2E;
        float dt[NI], x[NI], gy[NI];
        lds<NI>(s_dt + t0, dt);
        lds<NI>(s_x + t0, x);
        lds<NI>(s_gy + t0, gy);
        float sdt = 0.f;
#pragma unroll
        for (int i = 0; i < NI; i++) sdt += dt[i];
        const size_t o = bcBase + (size_t)n * L + l0;
        float Bv[NI], Cv[NI];
        Staged<T, NI> sB, sC;  // both loads in flight before either is converted
        sB.load(p.B, o, valid, Bv);
        sC.load(p.C, o, valid, Cv);
        sB.to(Bv);
        sC.to(Cv);
        if (k > 0) {  // the previous chunk's B, C into L1 while this one computes
            prefetch_l1<T, NI>(p.B, o - CH);
            prefetch_l1<T, NI>(p.C, o - CH);
        }
        const float hw = k > 0 ? p.hend[(row * p.nchunks + k - 1) * N + n] : 0.f;
        float a[NI], fQ = 0.f, rQ = 0.f;
#pragma unroll
        for (int i = 0; i < NI; i++) {
            a[i] = ex2(dt[i] * A2);
            fQ = fmaf(a[i], fQ, x[i] * Bv[i]);
        }
#pragma unroll
        for (int i = NI - 1; i >= 0; i--) rQ = a[i] * fmaf(Cv[i], gy[i], rQ);
        float fP = ex2(sdt * A2), rP = fP;
#pragma unroll
        for (int off = 1; off < 32; off <<= 1) {
            const float pP = __shfl_up_sync(FULL, fP, off), pQ = __shfl_up_sync(FULL, fQ, off);
            const float nP = __shfl_down_sync(FULL, rP, off), nQ = __shfl_down_sync(FULL, rQ, off);
            if (lane >= off) {
                fQ = fmaf(fP, pQ, fQ);
                fP *= pP;
            }
            if (lane + off < 32) {
                rQ = fmaf(rP, nQ, rQ);
                rP *= nP;
            }
        }
        float hin = __shfl_up_sync(FULL, fmaf(fP, hw, fQ), 1);
        const float Ec = s_E[n];
        float E = __shfl_down_sync(FULL, fmaf(rP, Ec, rQ), 1);
        if (lane == 0) hin = hw;
        if (lane == 31) E = Ec;
        float h[NI];
        const float hstart = hin;
#pragma unroll
        for (int i = 0; i < NI; i++) {
            hin = fmaf(a[i], hin, x[i] * Bv[i]);
            h[i] = hin;
            y[i] = fmaf(Cv[i], hin, y[i]);
            xc[i] = gy[i] * hin;
        }
        lds<NI>(s_dt + t0, dt);  // again after the stores above: not held across the forward pass
        lds<NI>(s_x + t0, x);
        lds<NI>(s_gy + t0, gy);
        float dAl = s_dA[n][lane];
#pragma unroll
        for (int i = NI - 1; i >= 0; i--) {
            const float dh = fmaf(Cv[i], gy[i], E);
            E = a[i] * dh;
            const float q = E * (i > 0 ? h[i - 1] : hstart);
            ddtA[i] = fmaf(An, q, ddtA[i]);
            dAl = fmaf(dt[i], q, dAl);
            dxB[i] = fmaf(dh, Bv[i], dxB[i]);
            xb[i] = dh * x[i];
        }
        s_dA[n][lane] = dAl;
        E = __shfl_sync(FULL, E, 0);
        if (lane == 0) s_E[n] = E;
        __syncwarp();
        float* const gB = p.dB + bcBase + (size_t)n * L + k * CH;
        float* const gC = p.dC + bcBase + (size_t)n * L + k * CH;
#pragma unroll 2
        for (int jj = 0; jj < NI; jj++) {
            const int idx = jj * 32 + lane, src = (idx / NI) * (NI + 1) + idx % NI;
            if (k * CH + idx < L) {
                atomicAdd(gB + idx, s_trw[src]);
                atomicAdd(gC + idx, s_trw[XS + src]);
            }
        }
        __syncwarp();
    }
    sts<NI>(s_part + (0 * W + w) * CH + t0, dxB);
    sts<NI>(s_part + (1 * W + w) * CH + t0, ddtA);
    sts<NI>(s_part + (2 * W + w) * CH + t0, y);
}

template <class T, int SPW, int NI, int NTH>
__device__ __forceinline__ void bwd1w_impl(const ScanParams& p) {
    constexpr int CH = 32 * NI, W = NTH / 32, EP = (CH + NTH - 1) / NTH, XS = 32 * (NI + 1);
    extern __shared__ float4 bwd1w_smem[];
    float* const s_dt = reinterpret_cast<float*>(bwd1w_smem);
    float* const s_x = s_dt + CH;
    float* const s_gy = s_x + CH;
    float* const s_part = s_gy + CH;            // [3][W][CH]: each warp's shares of dh B, A E h_prev, C h per step
    float* const s_tr = s_part + 3 * W * CH;    // [W][2][XS]: dB, dC of one state, transposed for the atomic adds
    __shared__ float s_acc[2][W];
    pdl_enter();
    const int L = p.len, N = p.dstate;
    const int b = blockIdx.x / p.dim, d = blockIdx.x % p.dim;
    const int g = d / (p.dim / p.groups);
    const int tid = threadIdx.x, lane = tid & 31, w = tid >> 5;
    const size_t row = (size_t)b * p.dim + d;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;
    const float bias = p.delta_bias ? p.delta_bias[d] : 0.f, Dv = p.D ? p.D[d] : 0.f;
    const void *const U = p.u, *const V = p.delta, *const Z = p.z, *const G = p.dout;
    const int nch = (L + CH - 1) / CH;
    // per state of this warp: the adjoint carry between chunks and each lane's share of dA (one state at a time in
    // the loop below, so they sit in shared memory, not in register arrays indexed by the state)
    __shared__ float s_E[W * SPW], s_dA[W * SPW][32];
    for (int j = 0; j < SPW; j++) {
        const int n = w * SPW + j;
        if (lane == 0) s_E[n] = (n < N && p.dlast) ? p.dlast[row * N + n] : 0.f;
        s_dA[n][lane] = 0.f;
    }
    // elementwise inputs of this thread's steps (t = tid + e * NTH) of a chunk: loaded one chunk ahead
    float cu[EP], cz[EP], cg[EP], cdt[EP], csg[EP], cgy[EP];
    float nu[EP], nv[EP], nz[EP], ng[EP];
    auto fetch = [&](int k) {
#pragma unroll
        for (int e = 0; e < EP; e++) {
            const int t = tid + e * NTH, l = k * CH + t;
            const bool in = t < CH && l < L;
            nu[e] = in ? ld<T>(U, row * L + l) : 0.f;
            nv[e] = in ? ld<T>(V, row * L + l) : 0.f;
            nz[e] = in && p.z ? ld<T>(Z, row * L + l) : 0.f;
            ng[e] = in ? ld<T>(G, row * L + l) : 0.f;
        }
    };
    auto prologue = [&](int k) {
#pragma unroll
        for (int e = 0; e < EP; e++) {
            const int t = tid + e * NTH, l = k * CH + t;
            const float s = nv[e] + bias;
            const float dt = l < L ? (p.softplus ? softplus_f(s) : s) : 0.f;
            cu[e] = nu[e];
            cz[e] = nz[e];
            cg[e] = ng[e];
            cdt[e] = dt;
            csg[e] = p.softplus ? (s > 20.f ? 1.f : sigmoid_f(s)) : 1.f;
            cgy[e] = p.z ? ng[e] * nz[e] * sigmoid_f(nz[e]) : ng[e];
            if (t < CH) {
                s_dt[t] = dt;
                s_x[t] = dt * nu[e];
                s_gy[t] = cgy[e];
            }
        }
    };
    float accD = 0.f, accBias = 0.f;
    fetch(nch - 1);
    prologue(nch - 1);
    __syncthreads();
    for (int k = nch - 1; k >= 0; k--) {
        if (k > 0) fetch(k - 1);  // consumed after this chunk's first barrier
        // the last chunk may hold fewer steps than 32 * NI: fewer steps per lane there (block-uniform branch)
        const int tail = L - k * CH;
        float* const s_trw = s_tr + w * 2 * XS;
        if (NI > 1 && tail <= 32) {
            bwd1w_chunk<T, SPW, 1, W>(p, k, CH, row, d, bcBase, s_dt, s_x, s_gy, s_part, s_trw, s_E, s_dA);
        } else if (NI > 2 && tail <= 64) {
            bwd1w_chunk<T, SPW, 2, W>(p, k, CH, row, d, bcBase, s_dt, s_x, s_gy, s_part, s_trw, s_E, s_dA);
        } else if (NI > 4 && tail <= 128) {
            bwd1w_chunk<T, SPW, 4, W>(p, k, CH, row, d, bcBase, s_dt, s_x, s_gy, s_part, s_trw, s_E, s_dA);
        } else {
            bwd1w_chunk<T, SPW, NI, W>(p, k, CH, row, d, bcBase, s_dt, s_x, s_gy, s_part, s_trw, s_E, s_dA);
        }
        __syncthreads();
        // elementwise gradients of the chunk, the warps' shares summed in a fixed order
#pragma unroll
        for (int e = 0; e < EP; e++) {
            const int t = tid + e * NTH, l = k * CH + t;
            if (t < CH && l < L) {
                float sB = 0.f, sA = 0.f, sy = 0.f;
#pragma unroll
                for (int ww = 0; ww < W; ww++) {
                    sB += s_part[(0 * W + ww) * CH + t];
                    sA += s_part[(1 * W + ww) * CH + t];
                    sy += s_part[(2 * W + ww) * CH + t];
                }
                const float du = fmaf(sB, cdt[e], cgy[e] * Dv);
                const float dd = fmaf(sB, cu[e], sA) * csg[e];
                p.du[row * L + l] = du;
                p.ddelta[row * L + l] = dd;
                if (p.z) {
                    const float sgz = sigmoid_f(cz[e]);
                    p.dz[row * L + l] = cg[e] * fmaf(Dv, cu[e], sy) * sgz * (1.f + cz[e] * (1.f - sgz));
                }
                accD = fmaf(cgy[e], cu[e], accD);
                accBias += dd;
            }
        }
        if (k > 0) prologue(k - 1);
        __syncthreads();
    }
    // dA of this warp's states; dD and ddelta_bias summed over the warps in a fixed order
    for (int j = 0; j < SPW; j++) {
        const int n = w * SPW + j;
        const float v = warp_sum(s_dA[n][lane]);
        if (n < N && lane == 0) atomicAdd(p.dA + d * N + n, v);
    }
    accD = warp_sum(accD);
    accBias = warp_sum(accBias);
    if (lane == 0) {
        s_acc[0][w] = accD;
        s_acc[1][w] = accBias;
    }
    __syncthreads();
    if (tid == 0) {
        float sD = 0.f, sBias = 0.f;
        for (int ww = 0; ww < W; ww++) {
            sD += s_acc[0][ww];
            sBias += s_acc[1][ww];
        }
        if (p.dD) atomicAdd(p.dD + d, sD);
        if (p.ddelta_bias) atomicAdd(p.ddelta_bias + d, sBias);
    }
}

// Warp-per-state backward instances: SPW states per warp, NI steps per lane, NTH threads, MINB blocks per SM, in float32,
// fp16 and bf16 (stop 17); the host takes them after a warp-per-state forward (of the same input type) that saved the
// states at every 32 * NI steps (CudaSelectiveScan.warpBackwardInstance).
#define BWD1W(SPW, NI, NTH, MINB, T, SUF) \
    extern "C" __global__ void __launch_bounds__(NTH, MINB) ssm_bwd1w##SUF##_s##SPW##_i##NI(const ScanParams p) { \
        bwd1w_impl<T, SPW, NI, NTH>(p); }
#define BWD1W_ALL(T, SUF) BWD1W(2, 8, 256, 2, T, SUF) BWD1W(2, 4, 256, 3, T, SUF) BWD1W(4, 4, 128, 6, T, SUF) \
    BWD1W(4, 8, 128, 4, T, SUF)
BWD1W_ALL(float, )
BWD1W_ALL(__half, _f16)
BWD1W_ALL(__nv_bfloat16, _bf16)

// Plain copy kernel, for comparing a kernel-driven copy with cuMemcpyDtoD in the benchmark.
extern "C" __global__ void copy_f4(const float4* __restrict__ src, float4* __restrict__ dst, size_t n4) {
    pdl_enter();
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n4; i += (size_t)gridDim.x * blockDim.x)
        dst[i] = src[i];
}
