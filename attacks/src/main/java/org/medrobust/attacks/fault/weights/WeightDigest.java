package org.medrobust.attacks.fault.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/** SHA-256 over every weight tensor (name, then raw little-endian float32 bits, in tensor order): the golden hash. */
public final class WeightDigest {

    private WeightDigest() {
    }

    public static String sha256(WritableWeights weights) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (WeightTensor tensor : weights.tensors()) {
            digest.update(tensor.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            float[] values = weights.read(tensor.name());
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                bytes.putInt(Float.floatToRawIntBits(v)); // raw: two NaNs with different payloads differ
            }
            digest.update(bytes.array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
