#!/usr/bin/env python3
"""Makes the bad-input corpus that BadInputCorpusTest feeds to `medrobust run`.

Run from this folder: python3 make_corpus.py (needs numpy and onnx). Every file is small and
deterministic; the test does not need Python, it reads the files committed beside this script.
"""
import io
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper

rng = np.random.default_rng(20261129)


def save_npz(name, **arrays):
    np.savez(name, **arrays)


def gray(n):
    return rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


# A clean gray 2-class set, for models that take 1x28x28 (the external CNN, the NaN model).
save_npz("gray2.npz", test_images=gray(6), test_labels=np.array([[0], [1], [0], [1], [1], [0]], dtype=np.uint8))

# The same ward re-exported: same labels, other pixels (a content change that is still a valid file).
save_npz("gray2_rescanned.npz", test_images=gray(6),
         test_labels=np.array([[0], [1], [0], [1], [1], [0]], dtype=np.uint8))

# RGB, 5 classes: neither the shape nor the class count of a gray 2-class model.
save_npz("rgb5.npz", test_images=rng.integers(0, 256, size=(5, 28, 28, 3), dtype=np.uint8),
         test_labels=np.arange(5, dtype=np.uint8).reshape(5, 1))

# Gray, labels 0/1 except label 7 at index 3: a 2-class model has no class 7.
save_npz("label7.npz", test_images=gray(6), test_labels=np.array([0, 1, 0, 7, 1, 0], dtype=np.uint8))

# A valid archive cut in the middle of its last member.
buffer = io.BytesIO()
np.savez(buffer, test_images=gray(40), test_labels=np.zeros(40, dtype=np.uint8))
whole = buffer.getvalue()
with open("truncated.npz", "wb") as f:
    f.write(whole[: len(whole) // 2])

# Object arrays are pickles: loading them would run code.
np.savez("pickled.npz", test_images=np.array([gray(1)[0], "x"], dtype=object),
         test_labels=np.zeros(2, dtype=np.uint8))


def npy_member(header_dict, payload):
    header = repr(header_dict).encode("latin1")
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header + payload


# A header that declares 100 million images (78 GB) over 784 bytes of data: must be refused, never allocated.
with zipfile.ZipFile("huge_header.npz", "w") as z:
    z.writestr("test_images.npy", npy_member({"descr": "|u1", "fortran_order": False,
                                              "shape": (100_000_000, 28, 28)}, bytes(784)))
    z.writestr("test_labels.npy", npy_member({"descr": "|u1", "fortran_order": False, "shape": (1,)}, bytes(1)))


def classifier(name, channels, size, classes, nan):
    """(N, C, H, W) -> mean over C, H, W -> (N, 1) -> times a (1, K) row: logits; the row is NaN for nan=True."""
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", channels, size, size])
    y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", classes])
    row = np.full((1, classes), np.nan if nan else 1.0, dtype=np.float32)
    row[0, 0] = np.nan if nan else -1.0
    nodes = [
        helper.make_node("ReduceMean", ["image"], ["mean"], axes=[1, 2, 3], keepdims=0),
        helper.make_node("Unsqueeze", ["mean", "axis"], ["column"]),
        helper.make_node("MatMul", ["column", "row"], ["logits"]),
    ]
    inits = [helper.make_tensor("axis", TensorProto.INT64, [1], [1]),
             helper.make_tensor("row", TensorProto.FLOAT, [1, classes], row.flatten().tolist())]
    graph = helper.make_graph(nodes, name, [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, name + ".onnx")


classifier("nan_logits", 1, 28, 2, nan=True)
classifier("wants_3x64x64", 3, 64, 2, nan=False)

# Configs with a typo'd key and with bad values.
with open("typo.yaml", "w") as f:
    f.write("name: typo\nmodles:\n  - source: builtin:phantom_cnn\n")
with open("bad_value.yaml", "w") as f:
    f.write("name: bad\nbatchSize: -5\n")
