package org.medrobust.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.Arrays;
import java.util.Map;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.host.InputSpec.Declared;

/**
 * What an ONNX image classifier takes and gives: one float32 (N, C, H, W) input and (N, K) float32 logits as its
 * first output. Dynamic dimensions are -1 in ONNX Runtime's metadata.
 *
 * @param fixedBatch the batch size the model was exported with, or 0 when the batch dimension is dynamic
 * @param classes    the logit width, or 0 when the model leaves it dynamic
 */
record OnnxSignature(String source, String inputName, ImageShape imageShape, int fixedBatch, String outputName,
                     int classes) {

    /** Reads and checks the session's metadata; {@code explicitShape} fills (and must agree with) C, H, W. */
    static OnnxSignature read(OrtSession session, String source, Declared<ImageShape> explicitShape) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new InvalidInputException(source + ": the model has " + inputs.size() + " inputs " + inputs.keySet()
                    + "; only single-input image classifiers are supported");
        }
        NodeInfo input = inputs.values().iterator().next();
        TensorInfo in = floatTensor(source, "input", input);
        long[] dims = in.getShape();
        if (dims.length != 4) {
            throw new InvalidInputException(source + ": input '" + input.getName() + "' has shape " + Arrays.toString(dims)
                    + "; expected an image batch (N, C, H, W)");
        }
        ImageShape shape = imageShape(source, input.getName(), dims, explicitShape);

        NodeInfo output = session.getOutputInfo().values().iterator().next();
        long[] out = floatTensor(source, "output", output).getShape();
        if (out.length != 2) {
            throw new InvalidInputException(source + ": output '" + output.getName() + "' has shape "
                    + Arrays.toString(out) + "; expected logits (N, K)");
        }
        return new OnnxSignature(source, input.getName(), shape, (int) Math.max(dims[0], 0), output.getName(),
                (int) Math.max(out[1], 0));
    }

    private static TensorInfo floatTensor(String source, String role, NodeInfo node) {
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor)) {
            throw new InvalidInputException(source + ": " + role + " '" + node.getName() + "' is not a tensor (" + info
                    + ")");
        }
        if (tensor.type != OnnxJavaType.FLOAT) {
            throw new InvalidInputException(source + ": " + role + " '" + node.getName() + "' has element type "
                    + tensor.onnxType + "; only float32 is supported");
        }
        return tensor;
    }

    private static ImageShape imageShape(String source, String name, long[] dims, Declared<ImageShape> declared) {
        boolean dynamic = dims[1] <= 0 || dims[2] <= 0 || dims[3] <= 0;
        if (declared == null) {
            if (dynamic) {
                throw new InvalidInputException(source + ": input '" + name + "' has dynamic image dimensions "
                        + Arrays.toString(dims) + "; give the image shape (C, H, W) explicitly");
            }
            return new ImageShape((int) dims[1], (int) dims[2], (int) dims[3]);
        }
        ImageShape explicit = declared.value();
        long[] given = {explicit.channels(), explicit.height(), explicit.width()};
        for (int i = 0; i < 3; i++) {
            if (dims[i + 1] > 0 && dims[i + 1] != given[i]) {
                throw new InvalidInputException(source + ": " + declared.origin() + " says " + explicit
                        + " but the model's input '" + name + "' is " + dimensions(dims));
            }
        }
        return explicit;
    }

    /** (N,1,28,28): the batch dimension as N when dynamic, other dynamic dimensions as ?. */
    private static String dimensions(long[] dims) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            text.append(i == 0 ? "" : ",").append(dims[i] > 0 ? Long.toString(dims[i]) : i == 0 ? "N" : "?");
        }
        return text.append(')').toString();
    }
}
