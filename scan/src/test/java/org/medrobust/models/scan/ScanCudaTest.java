package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.ScanTestSupport.Golden;
import org.medrobust.models.scan.cuda.CudaSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/**
 * CUDA backend. Without a driver (CI) the parity tests skip with the backend's reason; the PTX shipping and the
 * clean fallback are checked everywhere. On a GPU machine scripts/gpu-scan-check.sh runs the same parity checks
 * without Maven.
 */
class ScanCudaTest {

    private final CudaSelectiveScan cuda = new CudaSelectiveScan();

    private void assumeGpu() {
        var a = cuda.availability();
        if (!a.available()) {
            System.out.println("CUDA backend unavailable, GPU parity skipped: " + a.reason());
        }
        Assumptions.assumeTrue(a.available(), "CUDA backend unavailable, GPU parity skipped: " + a.reason());
    }

    /**
     * The shipped PTX is the CUDA source's: its first line records the SHA-256 of the .cu it was built from
     * (src/main/cuda/build-ptx.sh writes it). Fails after an edit of the .cu whose PTX was not regenerated
     * (build with nvcc installed, the cuda-ptx profile, and commit both).
     */
    @Test
    void shippedPtxIsBuiltFromTheCurrentCudaSource() throws Exception {
        byte[] source = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/main/cuda/selective_scan.cu"));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(source));
        for (String resource : new String[] {CudaSelectiveScan.PTX_RESOURCE, CudaSelectiveScan.PTX_SM90_RESOURCE}) {
            String first = new String(CudaSelectiveScan.ptx(resource), StandardCharsets.US_ASCII).lines().findFirst()
                    .orElse("");
            assertThat(first).as("first line of " + resource + ": regenerate it from the changed selective_scan.cu")
                    .isEqualTo("// medrobust: generated from selective_scan.cu sha256 " + sha);
        }
    }

    /**
     * Round 13: the compute_90 module (sm_90+) has the compute_80 module's kernels, and only it the programmatic
     * launch's griddepcontrol; the scans launched programmatically are those whose forward is a one-wave kernel.
     */
    @Test
    void sm90PtxHasTheSameKernelsAndTheProgrammaticLaunch() {
        String ptx80 = new String(CudaSelectiveScan.ptx(), StandardCharsets.US_ASCII);
        String ptx90 = new String(CudaSelectiveScan.ptx(CudaSelectiveScan.PTX_SM90_RESOURCE), StandardCharsets.US_ASCII);
        java.util.function.Function<String, java.util.Set<String>> entries = ptx -> {
            java.util.Set<String> e = new java.util.TreeSet<>();
            var m = java.util.regex.Pattern.compile("\\.entry (\\w+)\\(").matcher(ptx);
            while (m.find()) {
                e.add(m.group(1));
            }
            return e;
        };
        assertThat(entries.apply(ptx90)).isEqualTo(entries.apply(ptx80)).hasSizeGreaterThan(100);
        assertThat(ptx80).contains(".target sm_80").doesNotContain("griddepcontrol");
        assertThat(ptx90).contains(".target sm_90", "griddepcontrol.wait", "griddepcontrol.launch_dependents");
        // the rule: programmatic forward launches where the forward is a one-wave kernel (ssm_fwd1*), not on the full
        // grids
        CudaSelectiveScan scan = new CudaSelectiveScan();
        for (var type : CudaSelectiveScan.InputType.values()) {
            for (ScanShape s : new ScanShape[] {new ScanShape(8, 128, 16, 256, 1), new ScanShape(1, 384, 16, 197, 1),
                    new ScanShape(1, 192, 16, 50, 1), new ScanShape(1, 192, 16, 3137, 1),
                    new ScanShape(1, 512, 16, 784, 4), new ScanShape(1, 256, 16, 196, 4)}) {
                assertThat(scan.launchesProgrammatically(s, type)).as("%s %s", s, type).isTrue();
            }
            // round 14: with the blocks per SM capped, the 16-bit one-channel 2 x 8 forward past 2048 steps too (plain in
            // round 13, run V1); the cap everywhere but float32 rows past 2048 steps (run Z1)
            for (ScanShape s : new ScanShape[] {new ScanShape(1, 256, 16, 3136, 4), new ScanShape(1, 384, 16, 3136, 4)}) {
                assertThat(scan.launchesProgrammatically(s, type)).as("%s %s", s, type).isTrue();
                assertThat(scan.capsBlocksPerSm(s, type)).as("%s %s", s, type)
                        .isEqualTo(type != CudaSelectiveScan.InputType.F32);
                assertThat(scan.capsBlocksPerSm(new ScanShape(1, 256, 16, 2048, 4), type)).isTrue();
                assertThat(new CudaSelectiveScan().cappedLaunches(false).capsBlocksPerSm(s, type)).isFalse();
            }
            for (ScanShape s : new ScanShape[] {new ScanShape(64, 384, 16, 197, 1), new ScanShape(16, 1536, 16, 4096, 1),
                    new ScanShape(64, 192, 16, 3137, 1), new ScanShape(64, 512, 16, 49, 4)}) {
                assertThat(scan.launchesProgrammatically(s, type)).as("%s %s", s, type).isFalse();
            }
        }
        // the padded-rows forward (launched right after pad_rows) is among them
        assertThat(scan.forwardConfig(new ScanShape(1, 192, 16, 3137, 1), CudaSelectiveScan.InputType.F16).kernel())
                .isEqualTo("ssm_fwd1w_f16_s2_i4_c1_b2p");
    }

    /**
     * The blocks-per-SM cap of programmatic launches (round 14): k = ceil(blocks / SMs) blocks fit an SM's shared
     * memory with the capped amount and the KB each block reserves, k + 1 do not; a kernel's own larger need is kept;
     * from 4 blocks per SM no cap.
     */
    @Test
    void cappedSharedMemoryLetsExactlyTheRoundedUpShareOfBlocksFitAnSm() {
        int sms = 132, perSm = 228 * 1024; // an H100/H200
        assertThat(CudaSelectiveScan.cappedShared(14 * 1024, 192, sms, perSm)).isEqualTo(76 * 1024); // (1,192,16,3137,1)
        for (int k = 1; k <= 3; k++) {
            int blocks = k * sms - 5;
            int shared = CudaSelectiveScan.cappedShared(0, blocks, sms, perSm);
            assertThat(shared % 1024).isZero();
            assertThat(k * (shared + 1024)).as("k = %d", k).isLessThanOrEqualTo(perSm);
            assertThat((k + 1) * (shared + 1024)).as("k = %d", k).isGreaterThan(perSm);
        }
        assertThat(CudaSelectiveScan.cappedShared(100 * 1024, 192, sms, perSm)).isEqualTo(100 * 1024);
        assertThat(CudaSelectiveScan.cappedShared(4096, 4 * sms - 4, sms, perSm)).isEqualTo(4096); // (8,128,16,256,1)
    }

    /**
     * The host writes ScanParams and PadRows as all their pointers, then all their ints: the .cu's structs must declare
     * them so, in those counts.
     */
    @Test
    void kernelParameterLayoutsMatchTheHost() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/cuda/selective_scan.cu"));
        assertThat(pointersThenInts(source, "ScanParams"))
                .containsExactly(CudaSelectiveScan.PARAM_POINTERS, CudaSelectiveScan.PARAM_INTS);
        assertThat(pointersThenInts(source, "PadRows"))
                .containsExactly(CudaSelectiveScan.PAD_PARAM_POINTERS, CudaSelectiveScan.PAD_PARAM_INTS);
    }

    /** Pointer and int fields of {@code struct name} in the .cu, failing where a pointer follows an int. */
    private static int[] pointersThenInts(String source, String name) {
        int start = source.indexOf("struct " + name + " {");
        assertThat(start).as("struct " + name).isNotNegative();
        String body = source.substring(start, source.indexOf("};", start))
                .replaceAll("//[^\n]*", "").substring(("struct " + name + " {").length());
        int pointers = 0, ints = 0;
        for (String decl : body.split(";")) {
            decl = decl.strip();
            if (decl.isEmpty()) {
                continue;
            }
            int names = decl.split(",").length;
            if (decl.contains("*")) {
                assertThat(ints).as("pointer after an int: " + decl).isZero();
                pointers += names;
            } else {
                assertThat(decl).startsWith("int ");
                ints += names;
            }
        }
        return new int[] {pointers, ints};
    }

    @Test
    void ptxHasEveryKernelALaunchConfigurationCanAskFor() throws Exception {
        try (InputStream in = CudaSelectiveScan.class.getResourceAsStream(CudaSelectiveScan.PTX_RESOURCE)) {
            assertThat(in).as("PTX resource in the jar").isNotNull();
            String ptx = new String(CudaSelectiveScan.ptx(), StandardCharsets.US_ASCII);
            java.util.Set<String> entries = new java.util.HashSet<>();
            var m = java.util.regex.Pattern.compile("\\.entry (\\w+)\\(").matcher(ptx);
            while (m.find()) {
                entries.add(m.group(1));
            }
            assertThat(entries).contains("copy_f4", "pad_rows_f32", "pad_rows_f16", "pad_rows_bf16");
            for (var type : CudaSelectiveScan.InputType.values()) {
                // the warp-per-state forward at 6 rows per SM (_b3: round 10 in float32, round 11 in 16 bits), one
                // channel forced
                for (int len : new int[] {200, 784, 4096}) {
                    ScanShape s = new ScanShape(1, 768, 16, len, 4);
                    assertThat(entries).contains(new CudaSelectiveScan().forwardConfig(s, type).kernel(),
                            new CudaSelectiveScan().warpChannels(0).forwardConfig(s, type).kernel());
                }
                for (int nt : new int[] {1, 2, 4}) {
                    for (int bchunk : new int[] {128, 4096}) {
                        var k = new CudaSelectiveScan(nt, 128, 528, bchunk);
                        for (int n = 1; n <= 512; n++) {
                            ScanShape s = new ScanShape(1, 8, n, 300, 1); // batch 1: split into chunks
                            var f = k.singleLaunch(0, 128).forwardConfig(s, type);
                            assertThat(entries).as("N=%d nt=%d %s", n, nt, type).contains(f.kernel(), f.summaryKernel());
                            for (int len : new int[] {1, 128, 129, 300, 2048, 5000}) { // the single-launch forward
                                for (int threads : new int[] {32, 64, 128}) {
                                    var f1 = k.singleLaunch(2, threads).forwardConfig(
                                            new ScanShape(1, 8, n, len, 1), type);
                                    assertThat(entries).as("N=%d L=%d", n, len).contains(f1.kernel());
                                }
                            }
                            for (int sp : new int[] {1, 2, 4}) { // states per pass, forced
                                for (int len : new int[] {100, 200}) {
                                    var fp = new CudaSelectiveScan().statesPerPass(sp).forwardConfig(
                                            new ScanShape(1, 8, n, len, 1), type);
                                    assertThat(entries).as("N=%d L=%d sp=%d", n, len, sp).contains(fp.kernel());
                                }
                            }
                            for (int mode : new int[] {1, 22, 24, 28, 42, 44}) { // warp-per-state: rule, forced
                                // one, the rule, two; 3: two + /o1; 4: the rule + /o2; 5: /o2 + padded rows always
                                for (int channels : new int[] {0, 1, 2, 3, 4, 5}) {
                                    for (int len : new int[] {1, 50, 100, 300, 3137, 4096}) {
                                        // 8 rows, and 1024: 7.8 per SM, two channels by the rule up to 256 steps
                                        for (int batch : new int[] {1, 128}) {
                                            var fw = new CudaSelectiveScan().warpForward(mode)
                                                    .warpChannels(channels >= 4 ? 1 : Math.min(channels, 2))
                                                    .warpBlocksPerSm(channels == 3 ? 4 : channels >= 4 ? 2 : 0)
                                                    .warpPaddedRows(channels == 5 ? 2 : 1)
                                                    .forwardConfig(new ScanShape(batch, 8, n, len, 1), type);
                                            assertThat(entries).as("N=%d L=%d B=%d x%d n%d", n, len, batch, mode,
                                                    channels).contains(fw.kernel());
                                        }
                                    }
                                }
                            }
                            k.singleLaunch(1, 128);
                            if (n <= 256) {
                                for (int len : new int[] {1, 129, 200, 300, 4096, 5000}) {
                                    // 256 x 8 rows: a full grid; 512 x 8: two channels per block up to 256 steps
                                    for (int batch : new int[] {1, 256, 512}) {
                                        // 6 channels in 2 groups: an odd group width, one channel per block
                                        var b = k.backwardConfig(new ScanShape(batch, len % 2 == 0 ? 8 : 6, n, len,
                                                len % 2 == 0 ? 1 : 2), type);
                                        assertThat(entries).contains(b.kernel());
                                        assertThat(entries).contains(k.backwardConfigAfterForward(
                                                new ScanShape(batch, len % 2 == 0 ? 8 : 6, n, len, len % 2 == 0 ? 1 : 2),
                                                type).kernel());
                                        if (b.chunks() > 1) {
                                            assertThat(entries).contains(b.summaryKernel());
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void sixteenBitRoundingIsNearestEven() {
        var bf = CudaSelectiveScan.InputType.BF16;
        assertThat(bf.round(1f + 0x1p-8f)).isEqualTo(1f);                  // tie -> even (1.0)
        assertThat(bf.round(1f + 3 * 0x1p-8f)).isEqualTo(1f + 0x1p-6f);    // tie -> even (upward)
        assertThat(bf.round(1f + 0x1p-8f + 0x1p-20f)).isEqualTo(1f + 0x1p-7f);
        assertThat(Float.isNaN(bf.round(Float.NaN))).isTrue();
        assertThat(bf.round(-2.5f)).isEqualTo(-2.5f);
        var h = CudaSelectiveScan.InputType.F16;
        assertThat(h.round(1f + 0x1p-11f)).isEqualTo(1f);
        assertThat(h.round(65520f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(CudaSelectiveScan.InputType.F32.round(0.1f)).isEqualTo(0.1f);
    }

    @Test
    void theLSplitCoversEverySequenceInTileMultiples() {
        var k = new CudaSelectiveScan(4, 128, 528).singleLaunch(0, 128);
        for (int len : new int[] {1, 15, 16, 17, 49, 50, 196, 197, 784, 3136, 3137, 4096, 20000}) {
            for (int batch : new int[] {1, 8, 64}) {
                ScanShape s = new ScanShape(batch, 384, 16, len, 4);
                assertThat(k.backwardConfig(s).threads() % 32).as("backward: whole warps").isZero();
                for (var c : new CudaSelectiveScan.LaunchConfig[] {k.forwardConfig(s), k.backwardConfig(s)}) {
                    assertThat((long) c.chunks() * c.chunkLength()).as("covers L=%d", len).isGreaterThanOrEqualTo(len);
                    assertThat((long) (c.chunks() - 1) * c.chunkLength()).as("no empty chunk").isLessThan(len);
                    if (c.chunks() > 1) {
                        assertThat(c.chunkLength() % 16).isZero();
                        assertThat(c.chunkLength()).as("prefix loop no longer than a chunk")
                                .isGreaterThanOrEqualTo(c.chunks());
                        assertThat(c.summaryKernel()).isNotNull();
                    } else {
                        assertThat(c.summaryKernel()).isNull();
                    }
                }
            }
        }
        // batch 64 of a 256-channel model already fills the GPU: no split; a sequence of one tile: no forward split
        assertThat(k.forwardConfig(new ScanShape(64, 256, 16, 3136, 4)).chunks()).isEqualTo(1);
        assertThat(k.forwardConfig(new ScanShape(1, 768, 16, 49, 4)).chunks()).isEqualTo(1);
        assertThat(k.backwardConfig(new ScanShape(1, 768, 16, 49, 4)).chunks()).isEqualTo(1); // one block walks it
        assertThat(k.forwardConfig(new ScanShape(1, 384, 16, 3136, 4)).chunks()).isGreaterThan(1);
        // the default's small-problem forward (single launch off): short sequences of a batch-1 model, 1 state per
        // thread, more chunks
        var small = new CudaSelectiveScan().singleLaunch(0, 128).forwardConfig(new ScanShape(1, 384, 16, 196, 4));
        assertThat(small.statesPerThread()).isEqualTo(1);
        assertThat(small.chunks()).isGreaterThan(1);
        assertThat(new CudaSelectiveScan().forwardConfig(new ScanShape(64, 384, 16, 196, 4)).statesPerThread())
                .isEqualTo(4);
        // the default past 256 steps where the rows do not fill the GPU: one launch of the warp-per-state forward
        // (round 7); without it (/x0) a single launch up to 1024 steps, the L-split v5 beyond and at 768 rows
        var one = new CudaSelectiveScan().warpForward(0).forwardConfig(new ScanShape(1, 512, 16, 784, 4));
        assertThat(one.kernel()).isEqualTo("ssm_fwd1_t128_i8");
        assertThat(one.summaryKernel()).isNull();
        assertThat(one.chunks()).isEqualTo(1);
        assertThat(new CudaSelectiveScan().warpForward(0).forwardConfig(new ScanShape(1, 384, 16, 3136, 4)).kernel())
                .startsWith("ssm_fwd_nt"); // longer: the v5 forward with the L split
        assertThat(new CudaSelectiveScan().warpForward(0).forwardConfig(new ScanShape(1, 768, 16, 784, 4)).kernel())
                .startsWith("ssm_fwd_nt"); // 768 rows of 128 threads: more than one wave
        for (var s : new ScanShape[] {new ScanShape(1, 512, 16, 784, 4), new ScanShape(1, 384, 16, 3136, 4),
            new ScanShape(1, 768, 16, 784, 4)}) {
            assertThat(new CudaSelectiveScan().forwardConfig(s).kernel()).startsWith("ssm_fwd1w_");
            assertThat(new CudaSelectiveScan().forwardConfig(s).summaryKernel()).isNull();
        }
        var walked = new CudaSelectiveScan().singleLaunch(2, 64).forwardConfig(new ScanShape(1, 384, 16, 3136, 4));
        assertThat(walked.kernel()).isEqualTo("ssm_fwd1_t64_i8");
        assertThat(walked.chunks()).isEqualTo(7); // 512-step chunks walked by one block
        // round 7's rules up to 256 steps (round 8 takes the warp-per-state forward there: /r0 turns that off)
        var r7 = new CudaSelectiveScan().shortWarpForward(false);
        assertThat(r7.forwardConfig(new ScanShape(1, 768, 16, 49, 4)).kernel())
                .isEqualTo("ssm_fwd1_t32_i4_p4"); // 768 one-warp rows: 5.8 warps per SM, 4 states per pass
        // up to one 64-step tile v5's 1-state kernel is one launch too: the single launch only from 264 one-warp rows
        assertThat(r7.forwardConfig(new ScanShape(1, 192, 16, 50, 1)).kernel())
                .isEqualTo("ssm_fwd_nt1_s16");
        assertThat(r7.forwardConfig(new ScanShape(1, 512, 16, 49, 4)).kernel())
                .isEqualTo("ssm_fwd1_t32_i4_p4");
        // 129-256 steps: 4 per thread, 64 threads (round 5); 1024 two-warp rows, 15.5 warps per SM: 2 states per pass
        assertThat(r7.forwardConfig(new ScanShape(8, 128, 16, 256, 1)).kernel())
                .isEqualTo("ssm_fwd1_t64_i4_p2");
        assertThat(new CudaSelectiveScan().forwardConfig(new ScanShape(64, 192, 16, 50, 1)).kernel())
                .startsWith("ssm_fwd_");
        assertThat(new CudaSelectiveScan().forwardConfig(new ScanShape(1, 8, 257, 300, 1)).kernel())
                .startsWith("ssm_fwd_"); // dstate > 256: v5
        assertThat(new CudaSelectiveScan(4, 128, 0).forwardConfig(new ScanShape(1, 384, 16, 3136, 4)).chunks())
                .isEqualTo(1);
    }

    @Test
    void singleLaunchStatesPerPassRule() {
        var f32 = CudaSelectiveScan.InputType.F32;
        var k = new CudaSelectiveScan().shortWarpForward(false); // round 8 takes the warp-per-state forward here
        // 4 steps per thread, float32: 4 states per pass up to 8 warps per SM of 132 (1056 warps), else 2 (run 20)
        assertThat(k.forwardConfig(ScanShape.of(1, 384, 16, 197), f32).kernel()).isEqualTo("ssm_fwd1_t64_i4_p4");
        assertThat(f32Kernel(k, 1, 512, 16, 200, 1)).isEqualTo("ssm_fwd1_t64_i4_p4");
        assertThat(f32Kernel(k, 1, 544, 16, 200, 1)).isEqualTo("ssm_fwd1_t64_i4_p2");
        assertThat(f32Kernel(k, 1, 1056, 16, 100, 1)).isEqualTo("ssm_fwd1_t32_i4_p4");
        assertThat(k.forwardConfig(new ScanShape(1, 1056, 16, 100, 1), f32).threads()).isEqualTo(32);
        // 8 steps per thread (chunks past 256 steps) and 16-bit inputs: one state per pass (no such instances)
        assertThat(k.warpForward(0).forwardConfig(new ScanShape(1, 512, 16, 784, 4), f32).kernel())
                .isEqualTo("ssm_fwd1_t128_i8");
        assertThat(k.forwardConfig(ScanShape.of(1, 384, 16, 197), CudaSelectiveScan.InputType.F16).kernel())
                .isEqualTo("ssm_fwd1_f16_t64_i4");
        assertThat(k.statesPerPass(ScanShape.of(1, 384, 16, 197), 64, 8, f32)).isEqualTo(1);
        // forced (the check's /pN), still only where the instances exist
        ScanShape s = ScanShape.of(1, 384, 16, 197);
        assertThat(new CudaSelectiveScan().shortWarpForward(false).statesPerPass(1).forwardConfig(s, f32).kernel())
                .isEqualTo("ssm_fwd1_t64_i4");
        assertThat(new CudaSelectiveScan().shortWarpForward(false).statesPerPass(2).forwardConfig(s, f32).kernel())
                .isEqualTo("ssm_fwd1_t64_i4_p2");
        assertThat(new CudaSelectiveScan().statesPerPass(4).singleLaunch(2, 128)
                .forwardConfig(new ScanShape(1, 384, 16, 3136, 4), f32).kernel()).isEqualTo("ssm_fwd1_t128_i8");
        assertThatThrownBy(() -> new CudaSelectiveScan().statesPerPass(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutADriverTheBackendSaysWhyAndAutoFallsBackToCpu() {
        var a = cuda.availability();
        assertThat(a.reason()).isNotBlank();
        if (!a.available()) {
            assertThat(ScanBackends.auto().name()).isIn("cpu", "reference", "djl");
            assertThatThrownBy(() -> ScanBackends.select("cuda")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(a.reason());
            ScanInputs in = ScanTestSupport.toFloat(ScanTestSupport.random(ScanTestSupport.randomCases().get(0), 1));
            assertThatThrownBy(() -> cuda.forward(in, false)).hasMessageContaining("unavailable");
        } else {
            assertThat(ScanBackends.auto().name()).isEqualTo("cuda");
        }
    }

    /**
     * Round 7's warp-per-state forward: taken by default where the single-launch rule applies (float32, the rows do
     * not fill the GPU) past 256 steps up to 4096, one launch, with the instance whose blocks fit the rows in one wave
     * (2 states x 8 steps from 12 warps per SM, 2 x 4 up to 4 blocks per SM, 4 x 4 up to 6: run 22's fastest at each
     * batch-1 zoo shape); its threads are a warp per 2 (4) states, its dynamic shared memory dt and dt * u of the row
     * padded to whole chunks plus two chunks of y per warp.
     */
    @Test
    void warpStateForwardRule() {
        var f32 = CudaSelectiveScan.InputType.F32;
        var k = new CudaSelectiveScan();
        var w = k.forwardConfig(new ScanShape(1, 384, 16, 3136, 4), f32); // 2.9 rows per SM, 23 warps
        assertThat(w.kernel()).isEqualTo("ssm_fwd1w_s2_i8_c1");
        assertThat(w.threads()).isEqualTo(256); // 16 states, 2 per warp
        assertThat(w.blocks()).isEqualTo(384);
        assertThat(w.chunkLength()).isEqualTo(256);
        assertThat(w.chunks()).isEqualTo(13);
        // round 8: a ring of 3 chunks of dt, dt * u, D * u and the gate, two chunks of y per warp (round 7 held dt and
        // dt * u of the whole row: 4 * (2 * 13 * 256 + 2 * 8 * 256) bytes)
        assertThat(w.sharedBytes()).isEqualTo(4 * (4 * 3 * 256 + 2 * 8 * 256));
        // round 11: at most 2 rows per SM past 256 steps, float32, one channel: at 2 blocks per SM (_b2)
        assertThat(f32Kernel(k, 1, 256, 16, 3136, 4)).isEqualTo("ssm_fwd1w_s2_i8_c1_b2");
        // 192 rows: 11.6 warps per SM, too few for the 8-step chains: 4 steps per lane; L not a multiple of 4: B and C
        // padded into whole 16-byte rows first (round 11b), at L = 3136 read in place
        assertThat(k.forwardLaunches(new ScanShape(1, 192, 16, 3137, 1), f32))
                .containsExactly("pad_rows_f32", "ssm_fwd1w_s2_i4_c1_b2p");
        assertThat(k.forwardLaunches(new ScanShape(1, 192, 16, 3136, 1), f32)).containsExactly("ssm_fwd1w_s2_i4_c1_b2");
        assertThat(f32Kernel(new CudaSelectiveScan().warpPaddedRows(0), 1, 192, 16, 3137, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c1_b2");
        assertThat(f32Kernel(new CudaSelectiveScan().warpPaddedRows(2), 1, 192, 16, 3136, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c1_b2p");
        // only the 2 x 4 instance at 2 blocks per SM pads (8 steps per lane, the other instances: in place)
        assertThat(f32Kernel(new CudaSelectiveScan().warpPaddedRows(2), 1, 198, 16, 3137, 1))
                .isEqualTo("ssm_fwd1w_s2_i8_c1_b2");
        // round 12: 16 bits too, B and C converted to float32 rows as they are padded, at any L (run A3, (1,192,16,3136,1)
        // fp16: padded 0.0272 ms back to back, the 16-bit rows in place at 2 blocks per SM 0.0289, at 3: 0.0291); without
        // padding (/a0) the 16-bit 2 x 4 keeps its 3-blocks-per-SM instance; the 16-bit 2 x 8 has no _b2
        var f16 = CudaSelectiveScan.InputType.F16;
        var bf16 = CudaSelectiveScan.InputType.BF16;
        assertThat(k.forwardLaunches(new ScanShape(1, 192, 16, 3137, 1), f16))
                .containsExactly("pad_rows_f16", "ssm_fwd1w_f16_s2_i4_c1_b2p");
        assertThat(k.forwardLaunches(new ScanShape(1, 192, 16, 3137, 1), bf16))
                .containsExactly("pad_rows_bf16", "ssm_fwd1w_bf16_s2_i4_c1_b2p");
        assertThat(k.forwardLaunches(new ScanShape(1, 192, 16, 3136, 1), f16))
                .containsExactly("pad_rows_f16", "ssm_fwd1w_f16_s2_i4_c1_b2p");
        assertThat(kernel(new CudaSelectiveScan().warpPaddedRows(0), bf16, 1, 192, 16, 3137, 1))
                .isEqualTo("ssm_fwd1w_bf16_s2_i4_c1");
        assertThat(kernel(new CudaSelectiveScan().warpBlocksPerSm(2), bf16, 1, 192, 16, 196, 1))
                .isEqualTo("ssm_fwd1w_bf16_s2_i4_c1_b2p");
        assertThat(kernel(k, f16, 1, 256, 16, 3136, 4)).isEqualTo("ssm_fwd1w_f16_s2_i8_c1");
        assertThat(kernel(new CudaSelectiveScan().warpBlocksPerSm(4), f16, 1, 192, 16, 3137, 1))
                .isEqualTo("ssm_fwd1w_f16_s2_i4_c1");
        assertThatThrownBy(() -> new CudaSelectiveScan().warpPaddedRows(3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(f32Kernel(k, 1, 198, 16, 3137, 1)).isEqualTo("ssm_fwd1w_s2_i8_c1_b2");
        assertThat(f32Kernel(k, 1, 192, 16, 256, 1)).isEqualTo("ssm_fwd1w_s2_i4_c1");
        assertThat(kernel(k, f16, 1, 192, 16, 256, 1)).isEqualTo("ssm_fwd1w_f16_s2_i4_c1");
        // /o2 forces _b2 wherever the float32 one-channel 2 x 4 or 2 x 8 instance runs
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(2), 1, 384, 16, 3136, 4))
                .isEqualTo("ssm_fwd1w_s2_i8_c1_b2");
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(2), 1, 192, 16, 196, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c1_b2");
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(2), 1, 192, 16, 197, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c1_b2p");
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(2), 1, 512, 16, 784, 4))
                .isEqualTo("ssm_fwd1w_s2_i4_c2");
        // 512 rows: 4 per SM, past the 3 blocks of the 80-register instance, two channels per block (round 8); 768
        // rows: 6 per SM, 4 warps each, one channel
        var w24 = k.forwardConfig(new ScanShape(1, 512, 16, 784, 4), f32);
        assertThat(w24.kernel()).isEqualTo("ssm_fwd1w_s2_i4_c2");
        assertThat(w24.blocks()).isEqualTo(256);
        assertThat(w24.channels()).isEqualTo(2);
        assertThat(w24.sharedBytes()).isEqualTo(4 * (2 * 12 * 128 + 2 * 2 * 8 * 128));
        assertThat(f32Kernel(new CudaSelectiveScan().warpChannels(0), 1, 512, 16, 784, 4))
                .isEqualTo("ssm_fwd1w_s2_i4_c1");
        // forced two channels (/n2) only where an instance exists and the group's channels are even
        assertThat(f32Kernel(new CudaSelectiveScan().warpChannels(2), 1, 192, 16, 3137, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c2");
        assertThat(f32Kernel(new CudaSelectiveScan().warpChannels(2), 1, 384, 16, 3136, 4))
                .isEqualTo("ssm_fwd1w_s2_i8_c1");
        assertThat(new CudaSelectiveScan().warpForward(24).warpChannels(2)
                .forwardConfig(new ScanShape(1, 510, 16, 784, 2), f32).kernel())
                .isEqualTo("ssm_fwd1w_s2_i4_c1"); // 255 channels per group
        assertThatThrownBy(() -> new CudaSelectiveScan().warpChannels(3)).isInstanceOf(IllegalArgumentException.class);
        // round 10: 768 rows past 256 steps (6 per SM), float32: 2 x 4 with two channels at 3 blocks per SM, one wave
        var w3 = k.forwardConfig(new ScanShape(1, 768, 16, 784, 4), f32);
        assertThat(w3.kernel()).isEqualTo("ssm_fwd1w_s2_i4_c2_b3");
        assertThat(w3.threads()).isEqualTo(256);
        assertThat(w3.blocks()).isEqualTo(384);
        assertThat(w3.channels()).isEqualTo(2);
        assertThat(w3.chunks()).isEqualTo(7);
        assertThat(k.backwardConfigAfterForward(new ScanShape(1, 768, 16, 784, 4), f32).kernel())
                .isEqualTo("ssm_bwd1w_s4_i4");
        // 4 x 4 with one channel where _b3 does not apply: one channel forced (/n0), up to 256 steps (16 bits take _b4
        // there: asserted with the 16-bit rules below)
        for (var w44 : new CudaSelectiveScan.LaunchConfig[] {
            new CudaSelectiveScan().warpChannels(0).forwardConfig(new ScanShape(1, 768, 16, 784, 4), f32),
            k.forwardConfig(new ScanShape(1, 768, 16, 256, 4), f32)}) {
            assertThat(w44.kernel()).endsWith("_s4_i4_c1");
            assertThat(w44.threads()).isEqualTo(128);
        }
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(4), 1, 768, 16, 784, 4))
                .isEqualTo("ssm_fwd1w_s2_i4_c2_b4");
        assertThat(k.forwardConfig(new ScanShape(1, 8, 16, 4096, 1), f32).sharedBytes()).isEqualTo(4 * (12 * 128 + 2 * 8 * 128));

        // not taken: up to 256 steps with round 7's rule (/r0: the 4-steps-per-thread single launch), past one wave of
        // 4 x 4 (7 rows per SM), full grids, past 4096 steps, 16-bit inputs with /u0, more than 16 states, forced single
        // launch or v5
        assertThat(new CudaSelectiveScan().shortWarpForward(false).forwardConfig(ScanShape.of(1, 384, 16, 197), f32)
                .kernel())
                .isEqualTo("ssm_fwd1_t64_i4_p4");
        assertThat(f32Kernel(k, 1, 800, 16, 784, 4)).startsWith("ssm_fwd_nt");
        assertThat(f32Kernel(k, 64, 384, 16, 3136, 4)).startsWith("ssm_fwd_nt");
        assertThat(f32Kernel(k, 1, 384, 16, 4097, 4)).startsWith("ssm_fwd_nt");
        assertThat(new CudaSelectiveScan().warpSixteenBit(false).forwardConfig(new ScanShape(1, 384, 16, 3136, 4),
                CudaSelectiveScan.InputType.F16).kernel()).startsWith("ssm_fwd_f16_nt");
        // 16-bit inputs (stop 16): the float32 instance and launch, in the input type's kernel
        for (var t : new CudaSelectiveScan.InputType[] {CudaSelectiveScan.InputType.F16, CudaSelectiveScan.InputType.BF16}) {
            String suffix = t == CudaSelectiveScan.InputType.F16 ? "_f16" : "_bf16";
            var w16 = k.forwardConfig(new ScanShape(1, 384, 16, 3136, 4), t);
            var w32 = k.forwardConfig(new ScanShape(1, 384, 16, 3136, 4), f32);
            assertThat(w16.kernel()).isEqualTo(w32.kernel().replace("ssm_fwd1w_", "ssm_fwd1w" + suffix + "_"))
                    .isEqualTo("ssm_fwd1w" + suffix + "_s2_i8_c1");
            assertThat(w16.blocks()).isEqualTo(w32.blocks());
            assertThat(w16.sharedBytes()).isEqualTo(w32.sharedBytes());
            // stop 17: its backward is the warp-per-state backward of the input type, the float32 instance and launch
            var b16 = k.backwardConfigAfterForward(new ScanShape(1, 384, 16, 3136, 4), t);
            var b32 = k.backwardConfigAfterForward(new ScanShape(1, 384, 16, 3136, 4), f32);
            assertThat(b16.kernel()).isEqualTo(b32.kernel().replace("ssm_bwd1w_", "ssm_bwd1w" + suffix + "_"))
                    .isEqualTo("ssm_bwd1w" + suffix + "_s4_i8");
            assertThat(b16).usingRecursiveComparison().ignoringFields("kernel").isEqualTo(b32);
            assertThat(k.backwardLaunches(new ScanShape(1, 384, 16, 3136, 4), t, true)).containsExactly(b16.kernel());
            assertThat(k.backwardConfig(new ScanShape(1, 384, 16, 3136, 4), t).chunks()).isEqualTo(1); // alone
            // past 256 steps with too few rows for 8 steps per lane (192 rows: 11.6 warps per SM) stop 16 kept the
            // L-split v5; stop 17: the float32 instance, then the warp-per-state backward
            // (round 12: its B and C padded into float32 rows first, pad_rows_f16 / pad_rows_bf16)
            assertThat(k.forwardConfig(new ScanShape(1, 192, 16, 3137, 1), t).kernel())
                    .isEqualTo("ssm_fwd1w" + suffix + "_s2_i4_c1_b2p");
            assertThat(f32Kernel(k, 1, 192, 16, 3137, 1)).startsWith("ssm_fwd1w_s2_i4");
            assertThat(k.backwardLaunches(new ScanShape(1, 192, 16, 3137, 1), t, true))
                    .containsExactly("ssm_bwd1w" + suffix + "_s2_i8");
            assertThat(k.forwardConfig(new ScanShape(1, 192, 16, 50, 1), t).kernel()).startsWith("ssm_fwd1w" + suffix);
            // round 10: 129-256 steps at 5-6 rows per SM the two-channel 2 x 4 instance at 4 blocks per SM, one wave,
            // where the group's channels are even; round 11: past 256 steps _b3 as float32; /n0 and up to 128 steps keep
            // 4 x 4
            assertThat(k.forwardConfig(new ScanShape(1, 768, 16, 256, 4), t).kernel())
                    .isEqualTo("ssm_fwd1w" + suffix + "_s2_i4_c2_b4");
            var w768 = k.forwardConfig(new ScanShape(1, 768, 16, 784, 4), t);
            assertThat(w768.kernel()).isEqualTo("ssm_fwd1w" + suffix + "_s2_i4_c2_b3");
            assertThat(w768.blocks()).isEqualTo(384);
            assertThat(w768.channels()).isEqualTo(2);
            assertThat(w768.chunkLength()).isEqualTo(k.forwardConfig(new ScanShape(1, 768, 16, 784, 4), f32).chunkLength());
            assertThat(k.backwardLaunches(new ScanShape(1, 768, 16, 784, 4), t, true)).containsExactly("ssm_bwd1w" + suffix
                    + "_s4_i4");
            assertThat(new CudaSelectiveScan().warpChannels(0).forwardConfig(new ScanShape(1, 768, 16, 784, 4), t)
                    .kernel()).isEqualTo("ssm_fwd1w" + suffix + "_s4_i4_c1");
            assertThat(k.forwardConfig(new ScanShape(1, 768, 16, 128, 4), t).kernel())
                    .isEqualTo("ssm_fwd1w" + suffix + "_s4_i4_c1");
        }
        assertThat(f32Kernel(k, 1, 768, 16, 784, 4)).isEqualTo("ssm_fwd1w_s2_i4_c2_b3");
        assertThat(f32Kernel(k, 1, 384, 17, 3136, 4)).startsWith("ssm_fwd_nt");
        assertThat(new CudaSelectiveScan().singleLaunch(2, 128).forwardConfig(new ScanShape(1, 384, 16, 3136, 4), f32)
                .kernel()).isEqualTo("ssm_fwd1_t128_i8");
        assertThat(new CudaSelectiveScan().singleLaunch(0, 128).forwardConfig(new ScanShape(1, 384, 16, 3136, 4), f32)
                .kernel()).startsWith("ssm_fwd_nt");
        // forced instances (the check's /xN) wherever they fit, also short sequences and full grids
        var forced = new CudaSelectiveScan().warpForward(44).forwardConfig(new ScanShape(64, 384, 16, 100, 4), f32);
        assertThat(forced.kernel()).isEqualTo("ssm_fwd1w_s4_i4_c1");
        assertThat(forced.threads()).isEqualTo(128);
        assertThat(forced.chunks()).isEqualTo(1);
        assertThat(new CudaSelectiveScan().warpForward(28).forwardConfig(new ScanShape(1, 8, 5, 300, 1), f32)
                .threads()).isEqualTo(96); // 3 warps of 2 states hold 5
        // 5 warps: more than the instance's 128 threads
        assertThat(f32Kernel(new CudaSelectiveScan().warpForward(44), 1, 8, 17, 300, 1)).startsWith("ssm_fwd1_");
        assertThatThrownBy(() -> new CudaSelectiveScan().warpForward(18)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Round 8: the warp-per-state forward also for batch-1 sequences of at most 256 steps (run 5 of round 8: 0.0044-0.0066
     * against 0.0090-0.0103 ms back to back at the zoo's batch-1 L = 49/50/196/197 shapes), one chunk where L allows: 2
     * steps per lane up to 64 steps, 4 up to 128, round 7's choice beyond; 8 warps of 2 states up to 4 rows per SM, 4
     * warps of 4 states up to 6; more rows keep round 6's single launch.
     */
    @Test
    void shortWarpStateForwardRule() {
        var f32 = CudaSelectiveScan.InputType.F32;
        var k = new CudaSelectiveScan();
        var w = k.forwardConfig(new ScanShape(1, 192, 16, 50, 1), f32); // 1.5 rows per SM
        assertThat(w.kernel()).isEqualTo("ssm_fwd1w_s2_i2_c1");
        assertThat(w.threads()).isEqualTo(256);
        assertThat(w.blocks()).isEqualTo(192);
        assertThat(w.chunks()).isEqualTo(1);
        assertThat(w.chunkLength()).isEqualTo(64);
        assertThat(w.sharedBytes()).isEqualTo(4 * (12 * 64 + 2 * 8 * 64));
        // from 4 rows per SM two channels per block (half the blocks)
        var w22 = k.forwardConfig(new ScanShape(1, 512, 16, 49, 4), f32); // 3.9 rows per SM
        assertThat(w22.kernel()).isEqualTo("ssm_fwd1w_s2_i2_c2");
        assertThat(w22.blocks()).isEqualTo(256);
        var w42 = k.forwardConfig(new ScanShape(1, 768, 16, 49, 4), f32); // 5.8 rows per SM
        assertThat(w42.kernel()).isEqualTo("ssm_fwd1w_s4_i2_c2");
        assertThat(w42.threads()).isEqualTo(128);
        assertThat(f32Kernel(new CudaSelectiveScan().warpChannels(0), 1, 768, 16, 49, 4))
                .isEqualTo("ssm_fwd1w_s4_i2_c1");
        assertThat(f32Kernel(k, 1, 512, 16, 100, 1)).isEqualTo("ssm_fwd1w_s2_i4_c2");
        assertThat(f32Kernel(k, 1, 384, 16, 100, 1)).isEqualTo("ssm_fwd1w_s2_i4_c1");
        assertThat(f32Kernel(k, 1, 768, 16, 128, 1)).isEqualTo("ssm_fwd1w_s4_i4_c1");
        assertThat(k.forwardConfig(new ScanShape(1, 768, 16, 128, 1), f32).chunks()).isEqualTo(1);
        // 129-256 steps: round 7's choice (8 steps per lane from 12 warps per SM up to 3 rows per SM)
        assertThat(k.forwardConfig(ScanShape.of(1, 384, 16, 197), f32).kernel()).isEqualTo("ssm_fwd1w_s2_i8_c1");
        assertThat(f32Kernel(k, 1, 256, 16, 196, 4)).isEqualTo("ssm_fwd1w_s2_i8_c1");
        assertThat(f32Kernel(k, 1, 192, 16, 196, 1)).isEqualTo("ssm_fwd1w_s2_i4_c1");
        assertThat(f32Kernel(k, 1, 512, 16, 200, 1)).isEqualTo("ssm_fwd1w_s2_i4_c2");
        // 7-8 rows per SM up to 256 steps: 2 states x 4 steps, two channels, two waves
        // round 9: at 4 blocks per SM (`_b4`, 64 registers), so the 512 blocks run in one wave
        var mid = k.forwardConfig(new ScanShape(8, 128, 16, 256, 1), f32);
        assertThat(mid.kernel()).isEqualTo("ssm_fwd1w_s2_i4_c2_b4");
        assertThat(mid.blocks()).isEqualTo(512);
        assertThat(mid.chunks()).isEqualTo(2);
        assertThat(mid.threads()).isEqualTo(256);
        assertThat(mid.sharedBytes()).isEqualTo(4 * (2 * 12 * 128 + 2 * 2 * 8 * 128));
        assertThat(k.forwardConfig(new ScanShape(8, 128, 16, 256, 1), CudaSelectiveScan.InputType.F16).kernel())
                .isEqualTo("ssm_fwd1w_f16_s2_i4_c2_b4");
        // one wave at 2 blocks per SM keeps the 2-blocks instance; /o1 forces the 4-blocks one wherever it runs
        assertThat(f32Kernel(k, 1, 512, 16, 784, 4)).isEqualTo("ssm_fwd1w_s2_i4_c2");
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(4), 1, 512, 16, 784, 4))
                .isEqualTo("ssm_fwd1w_s2_i4_c2_b4");
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(4), 1, 192, 16, 3137, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c1");
        // /o3 forces _b3 wherever the two-channel 2 x 4 instance runs (round 11: in 16 bits too)
        assertThat(f32Kernel(new CudaSelectiveScan().warpBlocksPerSm(3), 1, 512, 16, 784, 4))
                .isEqualTo("ssm_fwd1w_s2_i4_c2_b3");
        assertThat(new CudaSelectiveScan().warpBlocksPerSm(3).forwardConfig(new ScanShape(1, 512, 16, 784, 4),
                CudaSelectiveScan.InputType.F16).kernel()).isEqualTo("ssm_fwd1w_f16_s2_i4_c2_b3");
        // round 11: the 16-bit _b4 and _b3 divide by a float reciprocal, exact below 2^22 channels (round 13: the
        // block's row comes from the grid, only its group is divided; 2^22 rows take them now): past that, forced, the
        // 2-blocks-per-SM instance (their 32-bit offsets, round 13: _b4's too, always fit a ScanShape's int indexing)
        var wide = new ScanShape(1, 1 << 22, 16, 2, 1);
        var huge = new ScanShape(4096, 1024, 16, 2, 1);
        for (int bps : new int[] {3, 4}) {
            var forced = new CudaSelectiveScan().warpForward(24).warpChannels(2).warpBlocksPerSm(bps);
            var bf16 = CudaSelectiveScan.InputType.BF16;
            assertThat(forced.forwardConfig(wide, bf16).kernel()).isEqualTo("ssm_fwd1w_bf16_s2_i4_c2");
            assertThat(forced.forwardConfig(wide, f32).kernel()).isEqualTo("ssm_fwd1w_s2_i4_c2_b" + bps);
            assertThat(forced.forwardConfig(huge, bf16).kernel()).isEqualTo("ssm_fwd1w_bf16_s2_i4_c2_b" + bps);
        }
        // round 13: the grid's second dimension is the batch, at most 65535: past that no warp-per-state forward
        assertThat(new CudaSelectiveScan().warpForward(24).forwardConfig(new ScanShape(65536, 2, 16, 2, 1), f32)
                .kernel()).doesNotStartWith("ssm_fwd1w");
        assertThat(new CudaSelectiveScan().warpForward(24).forwardConfig(new ScanShape(65535, 2, 16, 2, 1), f32)
                .kernel()).isEqualTo("ssm_fwd1w_s2_i4_c2");
        assertThatThrownBy(() -> new CudaSelectiveScan().warpBlocksPerSm(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(f32Kernel(new CudaSelectiveScan().warpChannels(0), 8, 128, 16, 256, 1))
                .isEqualTo("ssm_fwd1w_s2_i4_c1");
        // not taken: more than 8 rows per SM (or 7-8 past 256 steps), full grids, 16-bit inputs with /u0, more than 16
        // states; /r0 (round 7's rule)
        assertThat(f32Kernel(k, 9, 128, 16, 256, 1)).doesNotStartWith("ssm_fwd1w");
        assertThat(f32Kernel(k, 1, 1000, 16, 784, 4)).startsWith("ssm_fwd_nt");
        assertThat(f32Kernel(k, 64, 192, 16, 50, 1)).startsWith("ssm_fwd_");
        assertThat(new CudaSelectiveScan().warpSixteenBit(false).forwardConfig(new ScanShape(1, 512, 16, 49, 4),
                CudaSelectiveScan.InputType.BF16).kernel()).startsWith("ssm_fwd1_bf16_");
        assertThat(k.forwardConfig(new ScanShape(1, 512, 16, 49, 4), CudaSelectiveScan.InputType.BF16).kernel())
                .isEqualTo(f32Kernel(k, 1, 512, 16, 49, 4)
                        .replace("ssm_fwd1w_", "ssm_fwd1w_bf16_"));
        assertThat(f32Kernel(k, 1, 512, 17, 49, 4)).startsWith("ssm_fwd1_t32");
        assertThat(new CudaSelectiveScan().shortWarpForward(false).forwardConfig(new ScanShape(1, 512, 16, 49, 4), f32)
                .kernel()).isEqualTo("ssm_fwd1_t32_i4_p4");
        // forced 2-steps-per-lane instances (the check's /x22, /x42) walk longer rows in 64-step chunks
        var forced = new CudaSelectiveScan().warpForward(22).forwardConfig(new ScanShape(64, 384, 16, 100, 4), f32);
        assertThat(forced.kernel()).isEqualTo("ssm_fwd1w_s2_i2_c1");
        assertThat(forced.chunks()).isEqualTo(2);
    }

    /**
     * Round 7: after the warp-per-state forward (which then saves the chunk-start states) the batch-1 backward walks
     * the longest chunks whose blocks hold the rows in one wave (128 registers: 512 / threads blocks per SM), the
     * fastest of 512 ... 4096 at each of run 26's five shapes; without a forward (or with /h0) its 4096-step chunk.
     */
    @Test
    void batch1BackwardChunksAfterTheWarpStateForward() {
        var f32 = CudaSelectiveScan.InputType.F32;
        var k = new CudaSelectiveScan().warpBackward(0); // round 7's chunks (round 8's warp-per-state backward off)
        Object[][] cases = { // shape, instance after the forward, chunks, launched threads
            {new ScanShape(1, 192, 16, 3137, 1), "ssm_bwd1_t256_i8_c1", 2, 224}, // 2 per SM: 264 >= 192 rows
            {new ScanShape(1, 384, 16, 3136, 4), "ssm_bwd1_t128_i8_c1", 4, 128}, // 2048 would be two waves
            {new ScanShape(1, 256, 16, 3136, 4), "ssm_bwd1_t256_i8_c1", 2, 224},
            {new ScanShape(1, 768, 16, 784, 4), "ssm_bwd1_t64_i8_c1", 2, 64}, // 8 per SM: 1056 >= 768
        };
        for (Object[] c : cases) {
            ScanShape s = (ScanShape) c[0];
            var after = k.backwardConfigAfterForward(s, f32);
            assertThat(after.kernel()).as("%s", s).isEqualTo(c[1]);
            assertThat(after.chunks()).as("%s", s).isEqualTo(c[2]);
            assertThat(after.threads()).as("%s", s).isEqualTo(c[3]);
            assertThat(after.chunkLength() % k.forwardConfig(s, f32).chunkLength()).as("boundaries on the forward's chunks")
                    .isZero();
            assertThat(k.backwardLaunches(s, f32, true)).containsExactly(after.kernel()); // no summary launch
            assertThat(k.backwardConfig(s, f32).chunks()).isEqualTo(1); // alone: one chunk, no states to start from
            assertThat(new CudaSelectiveScan().savedBatch1Chunk(0).backwardConfigAfterForward(s, f32))
                    .isEqualTo(k.backwardConfig(s, f32));
        }
        // 512 rows of 784 steps: one 1024-step chunk already fits one wave (4 per SM); nothing saved
        ScanShape one = new ScanShape(1, 512, 16, 784, 4);
        assertThat(k.backwardConfigAfterForward(one, f32)).isEqualTo(k.backwardConfig(one, f32));
        // forced (the check's /hN); refused values
        assertThat(new CudaSelectiveScan().warpBackward(0).savedBatch1Chunk(512).backwardConfigAfterForward(one, f32)
                .chunks())
                .isEqualTo(2);
        assertThatThrownBy(() -> new CudaSelectiveScan().savedBatch1Chunk(256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Round 8: after the warp-per-state forward the batch-1 backward is the warp-per-state backward (ssm_bwd1w), the
     * widest instance whose blocks hold the rows in one wave and whose chunk is a multiple of the forward's (the
     * forward saves its state at every backward chunk start): run B of round 8, fwd+bwd back to back, each the
     * fastest of the four instances and of round 7's chunks at its shape.
     */
    @Test
    void warpStateBackwardRule() {
        var f32 = CudaSelectiveScan.InputType.F32;
        var k = new CudaSelectiveScan();
        Object[][] cases = { // shape, instance, threads, chunks
            {new ScanShape(1, 192, 16, 3137, 1), "ssm_bwd1w_s2_i8", 256, 13}, // 2 rows per SM: 8 warps each
            {new ScanShape(1, 256, 16, 3136, 4), "ssm_bwd1w_s2_i8", 256, 13},
            // 3 rows per SM: past 2 x 8's two blocks; 2 x 4's 128-step chunk is not a multiple of the forward's 256
            {new ScanShape(1, 384, 16, 3136, 4), "ssm_bwd1w_s4_i8", 128, 13},
            {new ScanShape(1, 512, 16, 784, 4), "ssm_bwd1w_s4_i8", 128, 4}, // 4 rows per SM
            {new ScanShape(1, 768, 16, 784, 4), "ssm_bwd1w_s4_i4", 128, 7}, // 6 rows per SM
        };
        for (Object[] c : cases) {
            ScanShape s = (ScanShape) c[0];
            var after = k.backwardConfigAfterForward(s, f32);
            assertThat(after.kernel()).as("%s", s).isEqualTo(c[1]);
            assertThat(after.threads()).as("%s", s).isEqualTo(c[2]);
            assertThat(after.chunks()).as("%s", s).isEqualTo(c[3]);
            assertThat(after.blocks()).isEqualTo(s.dim());
            assertThat(after.chunkLength() % k.forwardConfig(s, f32).chunkLength()).as("boundaries on the forward's chunks")
                    .isZero();
            int warps = after.threads() / 32, chunk = after.chunkLength();
            assertThat(after.sharedBytes()).isEqualTo(4 * ((3 + 3 * warps) * chunk + warps * 64 * (chunk / 32 + 1)));
            assertThat(k.backwardLaunches(s, f32, true)).containsExactly(after.kernel()); // one launch, no summaries
            assertThat(k.backwardConfig(s, f32).kernel()).startsWith("ssm_bwd1_"); // alone: no saved states
            // /j0: round 7's one-wave chunks
            assertThat(new CudaSelectiveScan().warpBackward(0).backwardConfigAfterForward(s, f32).kernel())
                    .startsWith("ssm_bwd1_t");
        }
        // fewer states than the instance's warps hold: the same instance, its spare warps idle in the state loop
        assertThat(k.backwardConfigAfterForward(new ScanShape(1, 8, 5, 300, 1), f32).kernel()).isEqualTo("ssm_bwd1w_s2_i8");
        // forced (the check's /jN) wherever its chunk is a multiple of the forward's, else round 7's chunks
        var j24 = new CudaSelectiveScan().warpBackward(24);
        assertThat(j24.backwardConfigAfterForward(new ScanShape(1, 192, 16, 3137, 1), f32).kernel())
                .isEqualTo("ssm_bwd1w_s2_i4");
        assertThat(j24.backwardConfigAfterForward(new ScanShape(1, 192, 16, 3137, 1), f32).chunks()).isEqualTo(25);
        assertThat(j24.backwardConfigAfterForward(new ScanShape(1, 384, 16, 3136, 4), f32).kernel())
                .isEqualTo("ssm_bwd1_t128_i8_c1"); // its forward's chunk is 256 steps
        // stop 17: fp16/bf16 too, after the warp-per-state forward of that type
        assertThat(k.backwardConfigAfterForward(new ScanShape(1, 384, 16, 3136, 4), CudaSelectiveScan.InputType.F16)
                .kernel()).isEqualTo("ssm_bwd1w_f16_s4_i8");
        assertThat(k.backwardConfigAfterForward(new ScanShape(1, 768, 16, 784, 4), CudaSelectiveScan.InputType.BF16)
                .kernel()).isEqualTo("ssm_bwd1w_bf16_s4_i4");
        // not taken without the warp-per-state forward: more than 16 states, 16-bit with /u0, full grids, 7 rows per SM
        assertThat(k.backwardConfigAfterForward(new ScanShape(1, 384, 17, 3136, 4), f32).kernel()).startsWith("ssm_bwd1_");
        assertThat(new CudaSelectiveScan().warpSixteenBit(false).backwardConfigAfterForward(
                new ScanShape(1, 384, 16, 3136, 4), CudaSelectiveScan.InputType.F16).kernel()).startsWith("ssm_bwd1_f16_");
        assertThat(k.backwardConfigAfterForward(new ScanShape(64, 384, 16, 3136, 4), f32).kernel())
                .startsWith("ssm_bwd1_");
        assertThat(k.backwardConfigAfterForward(new ScanShape(1, 800, 16, 784, 4), f32).kernel()).startsWith("ssm_bwd1_");
        assertThatThrownBy(() -> new CudaSelectiveScan().warpBackward(18)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void launchConfigurationsCoverOddSizes() {
        var c = new CudaSelectiveScan().singleLaunch(0, 128)
                .forwardConfig(new ScanShape(2, 6, 5, 10, 2)); // 3 channels per group, N = 5
        assertThat(c.statesPerThread() * c.lanes()).isGreaterThanOrEqualTo(5);
        assertThat(3 % c.channels()).isZero();
        var big = cuda.forwardConfig(ScanShape.of(16, 1536, 16, 4096));
        assertThat(big.threads()).isEqualTo(128);
        // v5 (round 9): dt, dt*u, u in float rows of 64 + 4 steps for 32 channels, B and C (fp16: in 2 of the 4 bytes)
        assertThat(big.kernel()).isEqualTo("ssm_fwd_nt4_s4");
        assertThat(big.sharedBytes()).isEqualTo(4 * (3 * 32 * 68 + 2 * 64 * 16));
        var big16 = cuda.forwardConfig(ScanShape.of(16, 1536, 16, 4096), CudaSelectiveScan.InputType.F16);
        assertThat(big16.kernel()).isEqualTo("ssm_fwd_f16_nt4_s4");
        assertThat(big16.sharedBytes()).isEqualTo(big.sharedBytes());
        assertThat(big16.blocks()).isEqualTo(big.blocks());
        // one-pass backward: the smallest chunk that holds L, one block per (batch, channel) row
        assertThat(cuda.backwardConfig(ScanShape.of(1, 4, 16, 49)).kernel()).isEqualTo("ssm_bwd1_t32_i4_c1");
        // 129-256 steps: 4 steps per thread, 64 threads (twice the warps of 32 x 8; round 5)
        assertThat(cuda.backwardConfig(ScanShape.of(1, 384, 16, 196)).kernel()).isEqualTo("ssm_bwd1_t64_i4_c1");
        assertThat(cuda.backwardConfig(ScanShape.of(1, 384, 16, 300)).kernel()).isEqualTo("ssm_bwd1_t64_i8_c1");
        // 1024 rows: one channel per block (two only from 4096 rows; round 5)
        assertThat(cuda.backwardConfig(ScanShape.of(8, 128, 16, 256)).kernel()).isEqualTo("ssm_bwd1_t64_i4_c1");
        assertThat(cuda.backwardConfig(ScanShape.of(32, 128, 16, 256)).kernel()).isEqualTo("ssm_bwd1_t64_i4_c2");
        var whole = cuda.backwardConfig(ScanShape.of(1, 384, 16, 4096)); // batch 1: one 4096-step chunk
        assertThat(whole.kernel()).isEqualTo("ssm_bwd1_t512_i8_c1");
        assertThat(whole.chunks()).isEqualTo(1);
        assertThat(whole.blocks()).isEqualTo(384);
        // a full grid: two channels per block up to 256 steps (not for an odd group width), 2048-step chunks beyond
        assertThat(cuda.backwardConfig(ScanShape.of(64, 384, 16, 49)).kernel()).isEqualTo("ssm_bwd1_t32_i4_c2");
        var two = cuda.backwardConfig(ScanShape.of(64, 384, 16, 196));
        assertThat(two.kernel()).isEqualTo("ssm_bwd1_t64_i4_c2");
        assertThat(two.blocks()).isEqualTo(64 * 384 / 2);
        assertThat(cuda.backwardConfig(new ScanShape(64, 384, 16, 196, 128)).kernel()).isEqualTo("ssm_bwd1_t64_i4_c1");
        var large = cuda.backwardConfig(ScanShape.of(16, 1536, 16, 4096));
        assertThat(large.kernel()).isEqualTo("ssm_bwd1_t256_i8_c1");
        assertThat(large.chunks()).isEqualTo(2);
        assertThat(large.summaryKernel()).startsWith("ssm_fsum");
        // balanced chunks: as few whole warps as hold L / chunks steps (not a power-of-two chunk)
        var bal1 = cuda.backwardConfig(new ScanShape(1, 384, 16, 3136, 4));
        assertThat(bal1.kernel()).isEqualTo("ssm_bwd1_t512_i8_c1");
        assertThat(bal1.threads()).isEqualTo(416); // 13 warps x 8 steps = 3328, not 4096
        assertThat(bal1.chunkLength()).isEqualTo(3328);
        var bal64 = cuda.backwardConfig(new ScanShape(64, 384, 16, 3136, 4));
        assertThat(bal64.kernel()).isEqualTo("ssm_bwd1_t256_i8_c1");
        assertThat(bal64.chunks()).isEqualTo(2);
        assertThat(bal64.threads()).isEqualTo(224); // 2 x 1792, not 2 x 2048
        assertThat(bal64.chunkLength()).isEqualTo(1792);
        assertThat(large.threads()).isEqualTo(256);
        // after a forward that saved the chunk-start states, full grids take short chunks: the least padded work
        // weighted by the per-step cost of 512-, 256- and 128-step chunks (run 15)
        var after = cuda.backwardConfigAfterForward(ScanShape.of(16, 1536, 16, 4096), CudaSelectiveScan.InputType.F32);
        assertThat(after.kernel()).isEqualTo("ssm_bwd1_t64_i8_c1");
        assertThat(after.chunks()).isEqualTo(8);
        var after3136 = cuda.backwardConfigAfterForward(new ScanShape(64, 384, 16, 3136, 4),
                CudaSelectiveScan.InputType.F32);
        assertThat(after3136.kernel()).isEqualTo("ssm_bwd1_t32_i8_c1");
        assertThat(after3136.chunks()).isEqualTo(13);
        var after784 = cuda.backwardConfigAfterForward(new ScanShape(64, 768, 16, 784, 4),
                CudaSelectiveScan.InputType.F32);
        assertThat(after784.kernel()).isEqualTo("ssm_bwd1_t32_i4_c1");
        assertThat(after784.chunks()).isEqualTo(7);
        assertThat(after784.chunkLength()).isEqualTo(128);
        // two channels per block and batch 1 keep the rule without saved states
        assertThat(cuda.backwardConfigAfterForward(ScanShape.of(64, 384, 16, 196), CudaSelectiveScan.InputType.F32))
                .isEqualTo(two);
        assertThat(new CudaSelectiveScan().savedBatch1Chunk(0).backwardConfigAfterForward(
                new ScanShape(1, 384, 16, 3136, 4), CudaSelectiveScan.InputType.F32)).isEqualTo(bal1);
        var longer = cuda.backwardConfig(ScanShape.of(1, 4, 16, 5000));
        assertThat(longer.chunks()).isEqualTo(2);
        assertThat(longer.summaryKernel()).startsWith("ssm_fsum");
        assertThat(cuda.backwardConfig(ScanShape.of(1, 4, 256, 8)).kernel()).isEqualTo("ssm_bwd1_t32_i4_c1");
        assertThatThrownBy(() -> cuda.backwardConfig(ScanShape.of(1, 4, 257, 8)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * Round 5's host-path rules: a forward that a backward follows zeroes that backward's gradients (where they are
     * at most 4 MiB), so the backward after a forward is one launch at every batch-1 zoo shape (a memset + the kernel without the forward before it);
     * a batch-1 forward is one launch (round 7: also past 1024 steps and at (1,768,16,784,4), the warp-per-state forward); the single-launch forward stages fewer B/C states where
     * its rows would not fit one wave by shared memory ((8,128,16,256): 8 states, 16 KB, instead of 16 and 32 KB).
     * The GPU check counts the driver calls of each call and flags any that differ from these lists.
     */
    @Test
    void launchesPerCallAndTheSingleLaunchForwardStaging() {
        var f32 = CudaSelectiveScan.InputType.F32;
        int[][] batch1 = {{1, 192, 16, 50, 1}, {1, 384, 16, 196, 4}, {1, 768, 16, 49, 4}, {1, 256, 16, 196, 4},
            {1, 512, 16, 49, 4}, {1, 192, 16, 3137, 1}, {1, 384, 16, 3136, 4}, {1, 768, 16, 784, 4},
            {1, 256, 16, 3136, 4}, {1, 512, 16, 784, 4}, {1, 384, 16, 197, 1}, {8, 128, 16, 256, 1}};
        for (int[] b : batch1) {
            ScanShape s = new ScanShape(b[0], b[1], b[2], b[3], b[4]);
            var bwd = cuda.backwardConfig(s, f32);
            assertThat(cuda.backwardLaunches(s, f32, true)).as("%s after a forward", s)
                    .containsExactly(cuda.backwardConfigAfterForward(s, f32).kernel());
            assertThat(cuda.backwardLaunches(s, f32, false)).as("%s alone", s).containsExactly("memset", bwd.kernel());
            var fwd = cuda.forwardConfig(s, f32);
            // every batch-1 forward is one launch (round 7: past 256 steps the warp-per-state forward), but for the
            // B/C padding kernel before the float32 `_b2p` at odd L (round 11b: (1,192,16,3137,1)); the two are one
            // graph launch (round 12), counted as their two kernels
            assertThat(cuda.forwardLaunches(s, f32)).as("%s", s)
                    .hasSize(fwd.kernel().endsWith("_b2p") ? 2 : 1);
            if (fwd.kernel().startsWith("ssm_fwd1_")) {
                // one wave: the SM's share of the rows fits 228 KB of shared memory with the block's fixed part
                long perSm = (s.batch() * s.dim() + 131) / 132;
                assertThat(perSm * (fwd.sharedBytes() + 4 * (64 + 512) + 1024)).as("%s", s).isLessThanOrEqualTo(
                        228 * 1024);
                assertThat(fwd.sharedBytes()).isEqualTo(8 * fwd.stagedStates() * fwd.chunkLength());
                assertThat(fwd.stagedStates()).isBetween(Math.min(4, s.dstate()), s.dstate());
            }
        }
        var mid = new CudaSelectiveScan().shortWarpForward(false).forwardConfig(ScanShape.of(8, 128, 16, 256), f32);
        assertThat(mid.kernel()).isEqualTo("ssm_fwd1_t64_i4_p2");
        assertThat(mid.stagedStates()).isEqualTo(8); // 16 would be 34 KB a block, six per SM: two waves
        assertThat(new CudaSelectiveScan().shortWarpForward(false).forwardConfig(ScanShape.of(1, 384, 16, 197), f32)
                .stagedStates()).isEqualTo(16);
        assertThat(new CudaSelectiveScan().warpForward(0).forwardConfig(new ScanShape(1, 512, 16, 784, 4), f32)
                .stagedStates()).isEqualTo(4);
        // full grids: after a forward that saved the chunk-start states no summary launch; gradients of more than
        // 4 MiB keep their memset (zeroing them in the forward cost the forward 2.6 % at (64,256,16,3136,4), run 18)
        ScanShape large = ScanShape.of(16, 1536, 16, 4096);
        assertThat(cuda.backwardLaunches(large, f32, true))
                .containsExactly("memset", cuda.backwardConfigAfterForward(large, f32).kernel());
        ScanShape short64 = ScanShape.of(64, 384, 16, 197); // 0.4 M floats of accumulated gradients
        assertThat(cuda.backwardLaunches(short64, f32, true))
                .containsExactly(cuda.backwardConfigAfterForward(short64, f32).kernel());
        assertThat(cuda.backwardLaunches(large, f32, false)).containsExactly("memset",
                cuda.backwardConfig(large, f32).summaryKernel(), cuda.backwardConfig(large, f32).kernel());
    }

    @Test
    void matchesGolden() {
        assumeGpu();
        for (Golden g : ScanTestSupport.goldenCases()) {
            ScanTestSupport.checkForward(cuda, g.floats(), g.out(), g.lastState(), "cuda " + g);
            ScanTestSupport.checkBackward(cuda, g.floats(), g.upstream(), g.grads(), "cuda " + g);
        }
    }

    @Test
    void matchesReferenceOnFreshRandomInputs() {
        assumeGpu();
        long seed = ScanTestSupport.seed();
        for (Case c : ScanTestSupport.randomCases()) {
            Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
            var ref = ReferenceSelectiveScan.forward64(in);
            double[] w = ScanTestSupport.randomUpstream(in.shape(), seed);
            Gradients64 grads = ReferenceSelectiveScan.backward64(in, w);
            ScanTestSupport.checkForward(cuda, ScanTestSupport.toFloat(in), ref.out(), ref.lastState(), "cuda " + c);
            ScanTestSupport.checkBackward(cuda, ScanTestSupport.toFloat(in), w, grads, "cuda " + c);
        }
    }

    /** The kernel of the float32 forward that {@code scan}'s rule takes for the shape (B, D, N, L, G). */
    private static String f32Kernel(CudaSelectiveScan scan, int batch, int dim, int dstate, int length, int groups) {
        return kernel(scan, CudaSelectiveScan.InputType.F32, batch, dim, dstate, length, groups);
    }

    /** The kernel of the forward with {@code type} inputs that {@code scan}'s rule takes for the shape (B, D, N, L, G). */
    private static String kernel(CudaSelectiveScan scan, CudaSelectiveScan.InputType type, int batch, int dim,
                                 int dstate, int length, int groups) {
        return scan.forwardConfig(new ScanShape(batch, dim, dstate, length, groups), type).kernel();
    }
}
