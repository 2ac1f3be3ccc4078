// Selective scan (mamba_ssm selective_scan_fn semantics), forward and backward, float32.
// Compiled to PTX by the models build (profile cuda-ptx) and loaded by
// org.medrobust.models.scan.cuda.CudaSelectiveScan through the CUDA driver API (FFM, no JNI).
//
// Work split: one thread block = one batch row b and DB consecutive channels (all in one B/C group); each channel
// is served by S lanes (a power of two <= 32, adjacent lanes of one warp), each lane holding NT consecutive states
// of h in registers, so N = dstate is padded to NP = S * NT. The recurrence runs sequentially over L inside each
// thread (B*D*S independent threads are plenty for the sizes we care about); y = C.h is reduced across the S lanes
// with shuffles. Inputs are staged tile by tile (TL steps) through shared memory with coalesced loads; softplus,
// dt*u, D*u and the silu gate are computed once per element in the staging/epilogue loops, not once per state.
//
// Backward: phase A re-runs the forward and stores h at the start of every TB-step tile (checkpoints, global
// scratch); phase B walks tiles in reverse, recomputes the tile's states into registers (fully unrolled, TB * NT
// registers), then runs the adjoint recurrence. dB/dC are reduced over the block's channels in shared memory and
// written to per-channel-block partial buffers that reduce_parts sums; dA, dD, ddelta_bias are added atomically at
// the end, so the host zeroes those three.

#define TL 64   // forward tile (steps)
#define TB 16   // backward tile (steps) = checkpoint interval
#define LOG2E 1.4426950408889634f

struct ScanParams {
    const float *u, *delta, *A, *B, *C, *D, *z, *delta_bias, *dout;
    float *out, *last_state, *du, *ddelta, *dA, *dB, *dC, *dD, *dz, *ddelta_bias, *ckpt, *dB_part, *dC_part;
    int batch, dim, dstate, len, groups, softplus, chunk_channels, lanes;
};

__device__ __forceinline__ float ex2(float x) {
    float y;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x));
    return y;
}

__device__ __forceinline__ float softplus_f(float x) { return x > 20.f ? x : log1pf(__expf(x)); }

__device__ __forceinline__ float sigmoid_f(float x) { return 1.f / (1.f + __expf(-x)); }

// Sum over the S lanes of one channel. Blocks are a power of two threads: either whole warps or one partial warp.
__device__ __forceinline__ float lane_sum(float v, int S) {
    const unsigned mask = blockDim.x >= 32 ? 0xffffffffu : ((1u << blockDim.x) - 1u);
    for (int o = S >> 1; o > 0; o >>= 1) v += __shfl_xor_sync(mask, v, o);
    return v;
}

// First version (kept for A/B timing in the GPU check): runtime-length step loop, scalar shared loads.
template <int NT>
__device__ __forceinline__ void fwd_v1_impl(const ScanParams& p) {
    extern __shared__ float smem[];
    const int DB = p.chunk_channels, S = p.lanes, NP = S * NT;
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const int dblocks = p.dim / DB;
    const int b = blockIdx.x / dblocks, d0 = (blockIdx.x % dblocks) * DB;
    const int c = tid / S, s = tid % S, d = d0 + c;
    const int g = d0 / (p.dim / p.groups);
    const int RS = TL + 1;
    float* s_dt = smem;
    float* s_x = s_dt + DB * RS;   // dt*u, then y
    float* s_u = s_x + DB * RS;
    float* s_B = s_u + DB * RS;    // [TL][NP]
    float* s_C = s_B + TL * NP;

    float A2[NT], h[NT];
#pragma unroll
    for (int k = 0; k < NT; k++) {
        const int n = s * NT + k;
        A2[k] = n < N ? p.A[d * N + n] * LOG2E : 0.f;
        h[k] = 0.f;
    }
    const size_t rowBase = ((size_t)b * p.dim + d0) * L;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;

    for (int l0 = 0; l0 < L; l0 += TL) {
        for (int i = tid; i < DB * TL; i += nthreads) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            float dt = 0.f, uu = 0.f;
            if (l < L) {
                const size_t o = rowBase + (size_t)cc * L + l;
                uu = p.u[o];
                float v = p.delta[o] + (p.delta_bias ? p.delta_bias[d0 + cc] : 0.f);
                dt = p.softplus ? softplus_f(v) : v;
            }
            s_dt[cc * RS + t] = dt;
            s_x[cc * RS + t] = dt * uu;
            s_u[cc * RS + t] = uu;
        }
        for (int i = tid; i < NP * TL; i += nthreads) {
            const int n = i % NP, t = i / NP, l = l0 + t;
            float bv = 0.f, cv = 0.f;
            if (l < L && n < N) {
                bv = p.B[bcBase + (size_t)n * L + l];
                cv = p.C[bcBase + (size_t)n * L + l];
            }
            s_B[t * NP + n] = bv;
            s_C[t * NP + n] = cv;
        }
        __syncthreads();
        const int tmax = min(TL, L - l0);
        for (int t = 0; t < tmax; t++) {
            const float dt = s_dt[c * RS + t], x = s_x[c * RS + t];
            const float* Bt = s_B + t * NP + s * NT;
            const float* Ct = s_C + t * NP + s * NT;
            float y = 0.f;
#pragma unroll
            for (int k = 0; k < NT; k++) {
                const float a = ex2(dt * A2[k]);
                h[k] = fmaf(a, h[k], x * Bt[k]);
                y = fmaf(Ct[k], h[k], y);
            }
            y = lane_sum(y, S);
            if (s == 0) s_x[c * RS + t] = y;
        }
        __syncthreads();
        for (int i = tid; i < DB * TL; i += nthreads) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            if (l < L) {
                const size_t o = rowBase + (size_t)cc * L + l;
                float y = s_x[cc * RS + t];
                if (p.D) y = fmaf(p.D[d0 + cc], s_u[cc * RS + t], y);
                if (p.z) {
                    const float zz = p.z[o];
                    y *= zz * sigmoid_f(zz);
                }
                p.out[o] = y;
            }
        }
        __syncthreads();
    }
    if (p.last_state) {
#pragma unroll
        for (int k = 0; k < NT; k++) {
            const int n = s * NT + k;
            if (n < N) p.last_state[((size_t)b * p.dim + d) * N + n] = h[k];
        }
    }
}



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

// Current forward: every tile runs all TL steps (padded steps have dt = 0 and B = C = 0, an identity update), so the
// step loop has a constant trip count and is unrolled by 8: the exponentials, shared loads and lane reductions of 8
// steps are independent and overlap, instead of one step's latency chain at a time.
template <int NT>
__device__ __forceinline__ void fwd_impl(const ScanParams& p) {
    extern __shared__ float smem[];
    const int DB = p.chunk_channels, S = p.lanes, NP = S * NT;
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x;
    const int dblocks = p.dim / DB;
    const int b = blockIdx.x / dblocks, d0 = (blockIdx.x % dblocks) * DB;
    const int c = tid / S, s = tid % S, d = d0 + c;
    const int g = d0 / (p.dim / p.groups);
    const int RS = TL + 1;
    float* s_dt = smem;
    float* s_x = s_dt + DB * RS;   // dt*u, then y
    float* s_u = s_x + DB * RS;
    float* s_B = smem + ((3 * DB * RS + 3) & ~3);    // [TL][NP], 16-byte aligned
    float* s_C = s_B + TL * NP;

    float A2[NT], h[NT];
#pragma unroll
    for (int k = 0; k < NT; k++) {
        const int n = s * NT + k;
        A2[k] = n < N ? p.A[d * N + n] * LOG2E : 0.f;
        h[k] = 0.f;
    }
    const size_t rowBase = ((size_t)b * p.dim + d0) * L;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;

    for (int l0 = 0; l0 < L; l0 += TL) {
        batched<BATCH>(DB * TL, [&](int i, bool ok) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            const bool in = ok && l < L;
            const size_t o = rowBase + (size_t)cc * L + l;
            Vals r;
            r.v[0] = in ? p.u[o] : 0.f;
            r.v[1] = in ? p.delta[o] : 0.f;
            r.v[2] = (in && p.delta_bias) ? p.delta_bias[d0 + cc] : 0.f;
            r.v[3] = in ? 1.f : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TL, t = i % TL;
            const float v = r.v[1] + r.v[2];
            const float dt = r.v[3] == 0.f ? 0.f : (p.softplus ? softplus_f(v) : v);
            s_dt[cc * RS + t] = dt;
            s_x[cc * RS + t] = dt * r.v[0];
            s_u[cc * RS + t] = r.v[0];
        });
        batched<BATCH>(NP * TL, [&](int i, bool ok) {
            const int n = i % NP, t = i / NP, l = l0 + t;
            const bool in = ok && l < L && n < N;
            const size_t o = bcBase + (size_t)n * L + l;
            Vals r;
            r.v[0] = in ? p.B[o] : 0.f;
            r.v[1] = in ? p.C[o] : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int n = i % NP, t = i / NP;
            s_B[t * NP + n] = r.v[0];
            s_C[t * NP + n] = r.v[1];
        });
        __syncthreads();
#pragma unroll 8
        for (int t = 0; t < TL; t++) {
            const float dt = s_dt[c * RS + t], x = s_x[c * RS + t];
            float bv[NT], cv[NT];
            lds<NT>(s_B + t * NP + s * NT, bv);
            lds<NT>(s_C + t * NP + s * NT, cv);
            float y = 0.f;
#pragma unroll
            for (int k = 0; k < NT; k++) {
                const float a = ex2(dt * A2[k]);
                h[k] = fmaf(a, h[k], x * bv[k]);
                y = fmaf(cv[k], h[k], y);
            }
            y = lane_sum(y, S);
            if (s == 0) s_x[c * RS + t] = y;
        }
        __syncthreads();
        batched<BATCH>(DB * TL, [&](int i, bool ok) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            const bool in = ok && l < L;
            Vals r;
            r.v[0] = (in && p.z) ? p.z[rowBase + (size_t)cc * L + l] : 0.f;
            r.v[1] = (in && p.D) ? p.D[d0 + cc] : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            if (l < L) {
                float y = fmaf(r.v[1], s_u[cc * RS + t], s_x[cc * RS + t]);
                if (p.z) y *= r.v[0] * sigmoid_f(r.v[0]);
                p.out[rowBase + (size_t)cc * L + l] = y;
            }
        });
        __syncthreads();
    }
    if (p.last_state) {
#pragma unroll
        for (int k = 0; k < NT; k++) {
            const int n = s * NT + k;
            if (n < N) p.last_state[((size_t)b * p.dim + d) * N + n] = h[k];
        }
    }
}


// v5 = v3 with the lane count S a template parameter too (NP = S * NT is a constant): strides become immediates,
// the lane reduction is unrolled, and per-thread base pointers replace per-step index arithmetic (ncu on v3: ALU,
// i.e. integer/logic work, was the busiest pipe at 40%, issue slots 68% busy).
template <int NT, int SL>
__device__ __forceinline__ void fwd_v5_impl(const ScanParams& p) {
    extern __shared__ float smem[];
    const int DB = p.chunk_channels;
    constexpr int S = SL, NP = SL * NT;
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x;
    const int dblocks = p.dim / DB;
    const int b = blockIdx.x / dblocks, d0 = (blockIdx.x % dblocks) * DB;
    const int c = tid / S, s = tid % S, d = d0 + c;
    const int g = d0 / (p.dim / p.groups);
    const int RS = TL + 1;
    float* s_dt = smem;
    float* s_x = s_dt + DB * RS;   // dt*u, then y
    float* s_u = s_x + DB * RS;
    float* s_B = smem + ((3 * DB * RS + 3) & ~3);    // [TL][NP], 16-byte aligned
    float* s_C = s_B + TL * NP;

    float A2[NT], h[NT];
#pragma unroll
    for (int k = 0; k < NT; k++) {
        const int n = s * NT + k;
        A2[k] = n < N ? p.A[d * N + n] * LOG2E : 0.f;
        h[k] = 0.f;
    }
    const size_t rowBase = ((size_t)b * p.dim + d0) * L;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;

    for (int l0 = 0; l0 < L; l0 += TL) {
        batched<BATCH>(DB * TL, [&](int i, bool ok) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            const bool in = ok && l < L;
            const size_t o = rowBase + (size_t)cc * L + l;
            Vals r;
            r.v[0] = in ? p.u[o] : 0.f;
            r.v[1] = in ? p.delta[o] : 0.f;
            r.v[2] = (in && p.delta_bias) ? p.delta_bias[d0 + cc] : 0.f;
            r.v[3] = in ? 1.f : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TL, t = i % TL;
            const float v = r.v[1] + r.v[2];
            const float dt = r.v[3] == 0.f ? 0.f : (p.softplus ? softplus_f(v) : v);
            s_dt[cc * RS + t] = dt;
            s_x[cc * RS + t] = dt * r.v[0];
            s_u[cc * RS + t] = r.v[0];
        });
        batched<BATCH>(NP * TL, [&](int i, bool ok) {
            const int n = i % NP, t = i / NP, l = l0 + t;
            const bool in = ok && l < L && n < N;
            const size_t o = bcBase + (size_t)n * L + l;
            Vals r;
            r.v[0] = in ? p.B[o] : 0.f;
            r.v[1] = in ? p.C[o] : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int n = i % NP, t = i / NP;
            s_B[t * NP + n] = r.v[0];
            s_C[t * NP + n] = r.v[1];
        });
        __syncthreads();
        {
            const float* pdt = s_dt + c * RS;
            float* px = s_x + c * RS;
            const float* pB = s_B + s * NT;
            const float* pC = s_C + s * NT;
#pragma unroll 8
            for (int t = 0; t < TL; t++) {
                const float dt = pdt[t], x = px[t];
                float bv[NT], cv[NT];
                lds<NT>(pB + t * NP, bv);
                lds<NT>(pC + t * NP, cv);
                float y = 0.f;
#pragma unroll
                for (int k = 0; k < NT; k++) {
                    const float a = ex2(dt * A2[k]);
                    h[k] = fmaf(a, h[k], x * bv[k]);
                    y = fmaf(cv[k], h[k], y);
                }
#pragma unroll
                for (int o = S >> 1; o > 0; o >>= 1) y += __shfl_xor_sync(0xffffffffu, y, o);
                if (s == 0) px[t] = y;
            }
        }
        __syncthreads();
        batched<BATCH>(DB * TL, [&](int i, bool ok) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            const bool in = ok && l < L;
            Vals r;
            r.v[0] = (in && p.z) ? p.z[rowBase + (size_t)cc * L + l] : 0.f;
            r.v[1] = (in && p.D) ? p.D[d0 + cc] : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TL, t = i % TL, l = l0 + t;
            if (l < L) {
                float y = fmaf(r.v[1], s_u[cc * RS + t], s_x[cc * RS + t]);
                if (p.z) y *= r.v[0] * sigmoid_f(r.v[0]);
                p.out[rowBase + (size_t)cc * L + l] = y;
            }
        });
        __syncthreads();
    }
    if (p.last_state) {
#pragma unroll
        for (int k = 0; k < NT; k++) {
            const int n = s * NT + k;
            if (n < N) p.last_state[((size_t)b * p.dim + d) * N + n] = h[k];
        }
    }
}



// ---------------------------------------------------------------------------------------------------------------
// v4 forward: double-buffered staging with cp.async. While a tile's steps run, the next tile's raw u, delta, z, B, C
// are already on their way into the other shared buffer, so DRAM time overlaps the recurrence instead of adding to
// it (v3 spent a tile's memory time, then its compute time, with barriers in between). TL4 = 32 steps per tile keeps
// the double buffer at ~45 KB per 128-thread block (5 blocks per SM).
#define TL4 32

__device__ __forceinline__ void cp_async4(float* dst, const float* src, bool valid) {
    const unsigned d = static_cast<unsigned>(__cvta_generic_to_shared(dst));
    const int n = valid ? 4 : 0;  // src-size 0: zero-fill
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(d), "l"(src), "r"(n));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
__device__ __forceinline__ void cp_async_wait1() { asm volatile("cp.async.wait_group 1;\n" ::); }

template <int NT>
__device__ __forceinline__ void fwd_v4_impl(const ScanParams& p) {
    extern __shared__ float smem[];
    const int DB = p.chunk_channels, S = p.lanes, NP = S * NT;
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x;
    const int dblocks = p.dim / DB;
    const int b = blockIdx.x / dblocks, d0 = (blockIdx.x % dblocks) * DB;
    const int c = tid / S, s = tid % S, d = d0 + c;
    const int g = d0 / (p.dim / p.groups);
    const int RS = TL4 + 1;
    const bool hasZ = p.z != nullptr;
    // raw buffers, [2][...]: u, delta, z as [DB][TL4], B, C as [N][TL4 + 1] (padded: the transposition pass reads
    // them column-wise, which hit one bank 32 times over without the pad)
    const int BS = TL4 + 1;
    const int rawSize = (hasZ ? 3 : 2) * DB * TL4 + 2 * N * BS;
    float* raw0 = smem;
    float* s_dt = smem + 2 * rawSize;
    float* s_x = s_dt + DB * RS;   // dt*u, then y
    float* s_B = smem + ((2 * rawSize + 2 * DB * RS + 3) & ~3);  // [TL4][NP], 16-byte aligned
    float* s_C = s_B + TL4 * NP;

    float A2[NT], h[NT];
#pragma unroll
    for (int k = 0; k < NT; k++) {
        const int n = s * NT + k;
        A2[k] = n < N ? p.A[d * N + n] * LOG2E : 0.f;
        h[k] = 0.f;
    }
    const size_t rowBase = ((size_t)b * p.dim + d0) * L;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;

    auto prefetch = [&](int l0, float* raw) {
        float* r_u = raw;
        float* r_d = r_u + DB * TL4;
        float* r_z = r_d + DB * TL4;
        float* r_B = r_z + (hasZ ? DB * TL4 : 0);
        float* r_C = r_B + N * BS;
        for (int i = tid; i < DB * TL4; i += blockDim.x) {
            const int cc = i / TL4, t = i % TL4, l = l0 + t;
            const bool ok = l < L;
            const size_t o = ok ? rowBase + (size_t)cc * L + l : 0;
            cp_async4(r_u + i, p.u + o, ok);
            cp_async4(r_d + i, p.delta + o, ok);
            if (hasZ) cp_async4(r_z + i, p.z + o, ok);
        }
        for (int i = tid; i < N * TL4; i += blockDim.x) {
            const int n = i / TL4, t = i % TL4, l = l0 + t;
            const bool ok = l < L;
            const size_t o = ok ? bcBase + (size_t)n * L + l : 0;
            cp_async4(r_B + n * BS + t, p.B + o, ok);
            cp_async4(r_C + n * BS + t, p.C + o, ok);
        }
        cp_async_commit();
    };

    const int tiles = (L + TL4 - 1) / TL4;
    prefetch(0, raw0);
    for (int tile = 0; tile < tiles; tile++) {
        const int l0 = tile * TL4;
        float* raw = raw0 + (tile & 1) * rawSize;
        if (tile + 1 < tiles) {
            prefetch(l0 + TL4, raw0 + ((tile + 1) & 1) * rawSize);
        } else {
            cp_async_commit();  // empty group keeps wait_group 1 meaning "this tile's group is done"
        }
        cp_async_wait1();
        __syncthreads();
        const float* r_u = raw;
        const float* r_d = r_u + DB * TL4;
        const float* r_z = r_d + DB * TL4;
        const float* r_B = r_z + (hasZ ? DB * TL4 : 0);
        const float* r_C = r_B + N * BS;
        for (int i = tid; i < DB * TL4; i += blockDim.x) {
            const int cc = i / TL4, t = i % TL4;
            const bool ok = l0 + t < L;
            const float v = r_d[i] + (p.delta_bias ? p.delta_bias[d0 + cc] : 0.f);
            const float dt = ok ? (p.softplus ? softplus_f(v) : v) : 0.f;
            s_dt[cc * RS + t] = dt;
            s_x[cc * RS + t] = dt * r_u[i];
        }
        for (int i = tid; i < NP * TL4; i += blockDim.x) {
            const int t = i / NP, n = i % NP;
            s_B[i] = n < N ? r_B[n * BS + t] : 0.f;
            s_C[i] = n < N ? r_C[n * BS + t] : 0.f;
        }
        __syncthreads();
#pragma unroll 8
        for (int t = 0; t < TL4; t++) {
            const float dt = s_dt[c * RS + t], x = s_x[c * RS + t];
            float bv[NT], cv[NT];
            lds<NT>(s_B + t * NP + s * NT, bv);
            lds<NT>(s_C + t * NP + s * NT, cv);
            float y = 0.f;
#pragma unroll
            for (int k = 0; k < NT; k++) {
                const float a = ex2(dt * A2[k]);
                h[k] = fmaf(a, h[k], x * bv[k]);
                y = fmaf(cv[k], h[k], y);
            }
            y = lane_sum(y, S);
            if (s == 0) s_x[c * RS + t] = y;
        }
        __syncthreads();
        for (int i = tid; i < DB * TL4; i += blockDim.x) {
            const int cc = i / TL4, t = i % TL4, l = l0 + t;
            if (l < L) {
                float y = s_x[cc * RS + t];
                if (p.D) y = fmaf(p.D[d0 + cc], r_u[i], y);
                if (hasZ) {
                    const float zz = r_z[i];
                    y *= zz * sigmoid_f(zz);
                }
                p.out[rowBase + (size_t)cc * L + l] = y;
            }
        }
        // the next iteration's prefetch targets the buffer this epilogue just read (tile + 2 uses it): wait here
        __syncthreads();
    }
    if (p.last_state) {
#pragma unroll
        for (int k = 0; k < NT; k++) {
            const int n = s * NT + k;
            if (n < N) p.last_state[((size_t)b * p.dim + d) * N + n] = h[k];
        }
    }
}

// BB: loads in flight per thread in the staging loops (8 in the first version; fewer leaves registers for occupancy).
template <int NT, int BB>
__device__ __forceinline__ void bwd_impl(const ScanParams& p) {
    extern __shared__ float smem[];
    const int DB = p.chunk_channels, S = p.lanes, NP = S * NT;
    const int L = p.len, N = p.dstate;
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const int dblocks = p.dim / DB;
    const int b = blockIdx.x / dblocks, d0 = (blockIdx.x % dblocks) * DB;
    const int c = tid / S, s = tid % S, d = d0 + c;
    const int g = d0 / (p.dim / p.groups);
    const int RS = TB + 1, PS = DB + 1;
    const int nTiles = (L + TB - 1) / TB;
    float* s_dt = smem;
    float* s_x = s_dt + DB * RS;
    float* s_u = s_x + DB * RS;
    float* s_g = s_u + DB * RS;     // dL/dy (gate applied)
    float* s_y = s_g + DB * RS;     // y without D
    float* s_sig = s_y + DB * RS;   // d dt / d raw
    float* s_ddtu = s_sig + DB * RS;
    float* s_ddt = s_ddtu + DB * RS;
    float* s_B = s_ddt + DB * RS;   // [TB][NP]
    float* s_C = s_B + TB * NP;
    float* s_pB = s_C + TB * NP;    // [TB][NP][PS]
    float* s_pC = s_pB + TB * NP * PS;
    float* s_accD = s_pC + TB * NP * PS;
    float* s_accBias = s_accD + DB;

    float A2[NT], Ak[NT], h[NT], dh[NT], dAacc[NT];
#pragma unroll
    for (int k = 0; k < NT; k++) {
        const int n = s * NT + k;
        Ak[k] = n < N ? p.A[d * N + n] : 0.f;
        A2[k] = Ak[k] * LOG2E;
        h[k] = 0.f;
        dh[k] = 0.f;
        dAacc[k] = 0.f;
    }
    for (int i = tid; i < DB; i += nthreads) {
        s_accD[i] = 0.f;
        s_accBias[i] = 0.f;
    }
    const size_t rowBase = ((size_t)b * p.dim + d0) * L;
    const size_t bcBase = ((size_t)b * p.groups + g) * N * L;
    float* ck = p.ckpt + ((size_t)b * p.dim + d) * nTiles * NP + s * NT;
    const int dpg = (p.dim / p.groups) / DB;  // channel blocks per group
    const size_t partBase = (size_t)((d0 / DB) % dpg) * ((size_t)p.batch * p.groups * N * L);

    // phase A: forward, checkpoint at every tile start
    for (int tile = 0; tile < nTiles; tile++) {
        const int l0 = tile * TB;
#pragma unroll
        for (int k = 0; k < NT; k++) ck[(size_t)tile * NP + k] = h[k];
        batched<BB>(DB * TB, [&](int i, bool ok) {
            const int cc = i / TB, t = i % TB, l = l0 + t;
            const bool in = ok && l < L;
            const size_t o = rowBase + (size_t)cc * L + l;
            Vals r;
            r.v[0] = in ? p.u[o] : 0.f;
            r.v[1] = in ? p.delta[o] : 0.f;
            r.v[2] = (in && p.delta_bias) ? p.delta_bias[d0 + cc] : 0.f;
            r.v[3] = in ? 1.f : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TB, t = i % TB;
            const float v = r.v[1] + r.v[2];
            const float dt = r.v[3] == 0.f ? 0.f : (p.softplus ? softplus_f(v) : v);
            s_dt[cc * RS + t] = dt;
            s_x[cc * RS + t] = dt * r.v[0];
        });
        batched<BB>(NP * TB, [&](int i, bool ok) {
            const int n = i % NP, t = i / NP, l = l0 + t;
            Vals r;
            r.v[0] = (ok && l < L && n < N) ? p.B[bcBase + (size_t)n * L + l] : 0.f;
            return r;
        }, [&](int i, const Vals& r) { s_B[(i / NP) * NP + i % NP] = r.v[0]; });
        __syncthreads();
#pragma unroll
        for (int t = 0; t < TB; t++) {
            const float dt = s_dt[c * RS + t], x = s_x[c * RS + t];
#pragma unroll
            for (int k = 0; k < NT; k++) h[k] = fmaf(ex2(dt * A2[k]), h[k], x * s_B[t * NP + s * NT + k]);
        }
        __syncthreads();
    }

    // phase B: reverse over tiles
    for (int tile = nTiles - 1; tile >= 0; tile--) {
        const int l0 = tile * TB;
        batched<BB>(DB * TB, [&](int i, bool ok) {
            const int cc = i / TB, t = i % TB, l = l0 + t;
            const bool in = ok && l < L;
            const size_t o = rowBase + (size_t)cc * L + l;
            Vals r;
            r.v[0] = in ? p.u[o] : 0.f;
            r.v[1] = in ? p.delta[o] : 0.f;
            r.v[2] = (in && p.delta_bias) ? p.delta_bias[d0 + cc] : 0.f;
            r.v[3] = in ? p.dout[o] : 0.f;
            r.v[4] = (in && p.z) ? p.z[o] : 0.f;
            r.v[5] = in ? 1.f : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TB, t = i % TB;
            float dt = 0.f, gy = 0.f, sg = 1.f;
            if (r.v[5] != 0.f) {
                const float v = r.v[1] + r.v[2];
                if (p.softplus) {
                    dt = softplus_f(v);
                    sg = v > 20.f ? 1.f : sigmoid_f(v);
                } else {
                    dt = v;
                }
                gy = r.v[3];
                if (p.z) gy *= r.v[4] * sigmoid_f(r.v[4]);
            }
            s_dt[cc * RS + t] = dt;
            s_x[cc * RS + t] = dt * r.v[0];
            s_u[cc * RS + t] = r.v[0];
            s_g[cc * RS + t] = gy;
            s_sig[cc * RS + t] = sg;
        });
        batched<BB>(NP * TB, [&](int i, bool ok) {
            const int n = i % NP, t = i / NP, l = l0 + t;
            const bool in = ok && l < L && n < N;
            Vals r;
            r.v[0] = in ? p.B[bcBase + (size_t)n * L + l] : 0.f;
            r.v[1] = in ? p.C[bcBase + (size_t)n * L + l] : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            s_B[i] = r.v[0];
            s_C[i] = r.v[1];
        });
        float h0[NT];
#pragma unroll
        for (int k = 0; k < NT; k++) h0[k] = ck[(size_t)tile * NP + k];
        __syncthreads();

        // recompute the tile's states
        float hist[TB][NT];
#pragma unroll
        for (int t = 0; t < TB; t++) {
            const float dt = s_dt[c * RS + t], x = s_x[c * RS + t];
            float y = 0.f;
#pragma unroll
            for (int k = 0; k < NT; k++) {
                const float prev = t == 0 ? h0[k] : hist[t - 1][k];
                hist[t][k] = fmaf(ex2(dt * A2[k]), prev, x * s_B[t * NP + s * NT + k]);
                y = fmaf(s_C[t * NP + s * NT + k], hist[t][k], y);
            }
            y = lane_sum(y, S);
            if (s == 0) s_y[c * RS + t] = y;
        }
        // adjoint recurrence
#pragma unroll
        for (int t = TB - 1; t >= 0; t--) {
            const float gy = s_g[c * RS + t], dt = s_dt[c * RS + t], x = s_x[c * RS + t];
            float dx = 0.f, ddtA = 0.f;
#pragma unroll
            for (int k = 0; k < NT; k++) {
                const int n = s * NT + k;
                const float Bv = s_B[t * NP + n], Cv = s_C[t * NP + n];
                const float dhk = fmaf(Cv, gy, dh[k]);
                s_pC[(t * NP + n) * PS + c] = gy * hist[t][k];
                s_pB[(t * NP + n) * PS + c] = dhk * x;
                dx = fmaf(dhk, Bv, dx);
                const float prev = t == 0 ? h0[k] : hist[t - 1][k];
                const float a = ex2(dt * A2[k]);
                const float da = dhk * prev * a;
                ddtA = fmaf(da, Ak[k], ddtA);
                dAacc[k] = fmaf(da, dt, dAacc[k]);
                dh[k] = dhk * a;
            }
            dx = lane_sum(dx, S);
            ddtA = lane_sum(ddtA, S);
            if (s == 0) {
                s_ddtu[c * RS + t] = dx;
                s_ddt[c * RS + t] = ddtA;
            }
        }
        __syncthreads();
        // dB, dC: sum over the block's channels into this block's slice of the partial buffers (no atomics: blocks
        // of one group used to collide on the same addresses); reduce_parts sums the slices afterwards.
        for (int i = tid; i < TB * NP; i += nthreads) {
            const int t = i / NP, n = i % NP, l = l0 + t;
            if (l < L && n < N) {
                float sb = 0.f, sc = 0.f;
                for (int cc = 0; cc < DB; cc++) {
                    sb += s_pB[i * PS + cc];
                    sc += s_pC[i * PS + cc];
                }
                const size_t o = partBase + bcBase + (size_t)n * L + l;
                p.dB_part[o] = sb;
                p.dC_part[o] = sc;
            }
        }
        // elementwise gradients
        batched<BB>(DB * TB, [&](int i, bool ok) {
            const int cc = i / TB, t = i % TB, l = l0 + t;
            const bool in = ok && l < L;
            const size_t o = rowBase + (size_t)cc * L + l;
            Vals r;
            r.v[0] = (in && p.z) ? p.z[o] : 0.f;
            r.v[1] = (in && p.z) ? p.dout[o] : 0.f;
            r.v[2] = (in && p.D) ? p.D[d0 + cc] : 0.f;
            return r;
        }, [&](int i, const Vals& r) {
            const int cc = i / TB, t = i % TB, l = l0 + t;
            if (l < L) {
                const size_t o = rowBase + (size_t)cc * L + l;
                const float uu = s_u[cc * RS + t], dt = s_dt[cc * RS + t], gy = s_g[cc * RS + t];
                const float dx = s_ddtu[cc * RS + t];
                const float Dv = r.v[2];
                p.du[o] = fmaf(dx, dt, gy * Dv);
                const float draw = fmaf(dx, uu, s_ddt[cc * RS + t]) * s_sig[cc * RS + t];
                p.ddelta[o] = draw;
                if (p.z) {
                    const float zz = r.v[0], sgz = sigmoid_f(zz);
                    const float pre = fmaf(Dv, uu, s_y[cc * RS + t]);
                    p.dz[o] = r.v[1] * pre * sgz * (1.f + zz * (1.f - sgz));
                }
                if (p.D) atomicAdd(s_accD + cc, gy * uu);
                if (p.ddelta_bias) atomicAdd(s_accBias + cc, draw);
            }
        });
        __syncthreads();
    }
#pragma unroll
    for (int k = 0; k < NT; k++) {
        const int n = s * NT + k;
        if (n < N) atomicAdd(p.dA + d * N + n, dAacc[k]);
    }
    for (int i = tid; i < DB; i += nthreads) {
        if (p.D) atomicAdd(p.dD + d0 + i, s_accD[i]);
        if (p.ddelta_bias) atomicAdd(p.ddelta_bias + d0 + i, s_accBias[i]);
    }
}

#define FWD(NT) extern "C" __global__ void ssm_fwd_nt##NT(const ScanParams p) { fwd_impl<NT>(p); }
extern "C" __global__ void ssm_fwd_v1_nt4(const ScanParams p) { fwd_v1_impl<4>(p); }
// v5 instances: dstate 16 split 4x4, 8x2, 2x8, and dstate 8/32/64 common splits. Blocks of these are whole warps.
#define FWD5(NT, SL) extern "C" __global__ void ssm_fwd_v5_nt##NT##_s##SL(const ScanParams p) { fwd_v5_impl<NT, SL>(p); }
FWD5(4, 4)
FWD5(8, 2)
FWD5(2, 8)
FWD5(16, 1)
FWD5(4, 2)
FWD5(4, 8)
FWD5(4, 16)
FWD5(1, 16)
#define FWD4(NT) extern "C" __global__ void ssm_fwd_v4_nt##NT(const ScanParams p) { fwd_v4_impl<NT>(p); }
FWD4(2)
FWD4(4)
FWD4(8)
#define BWD(NT) extern "C" __global__ void ssm_bwd_nt##NT(const ScanParams p) { bwd_impl<NT, BATCH>(p); }
// Register-capped backward instances (at most 128 threads per block, MB blocks per SM): ptxas gave the plain ones
// 140-168 registers (12.5 % occupancy with the shared memory); these trade a few spills for occupancy.
#define BWDM(NT, BB, MB) extern "C" __global__ void __launch_bounds__(128, MB) \
    ssm_bwd_nt##NT##_m##MB(const ScanParams p) { bwd_impl<NT, BB>(p); }
BWDM(1, 4, 4)
BWDM(2, 4, 4)
BWDM(4, 4, 4)
BWDM(1, 4, 6)
BWDM(1, 2, 8)
FWD(1)
FWD(2)
FWD(4)
FWD(8)
FWD(16)
BWD(1)
BWD(2)
BWD(4)

// out[i] = sum over parts of part[j * n + i] (dB/dC partials of the backward kernel).
extern "C" __global__ void reduce_parts(const float* __restrict__ part, float* __restrict__ out, int parts,
                                        long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float acc = 0.f;
        for (int j = 0; j < parts; j++) acc += part[(size_t)j * n + i];
        out[i] = acc;
    }
}

// Plain copy kernel, for comparing a kernel-driven copy with cuMemcpyDtoD in the benchmark.
extern "C" __global__ void copy_f4(const float4* __restrict__ src, float4* __restrict__ dst, size_t n4) {
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n4; i += (size_t)gridDim.x * blockDim.x)
        dst[i] = src[i];
}
