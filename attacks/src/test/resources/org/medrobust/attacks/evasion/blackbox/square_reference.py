#!/usr/bin/python3
"""A run of the reference Square Attack for SquareReferenceRunTest: square_attack_linf and square_attack_l2 of
max-andr/square-attack (Andriushchenko et al. 2020), executed as published, on a fixed 3-class affine numpy model.

The reference code is not copied: this script reads attack.py, models.py (only its `Model` class, whose `loss` is
the margin loss) and utils.py from a git mirror of the repository at a pinned commit and executes them. It wraps
numpy's np.random.randint, np.random.rand and np.random.choice so that every random draw the reference makes is
written out in order; SquareReferenceRunTest replays exactly those draws into the Java attack (through the per-image
RandomGenerator every medrobust attack takes) and compares every query's margin, the query count and the returned
image. Each image is attacked alone (x of shape (1, C, H, W)), because the reference draws one window position per
batch while medrobust draws per image.

Output format (whitespace-separated tokens; '#' lines are comments):
  model C H W K            then K lines 'w' + C*H*W weights and one line 'b' + K biases (float32 values)
  case ATTACK EPS N_ITERS P_INIT LABEL
  x    C*H*W pixel grey levels k (the image is float32(k / 255))
  draws  i:BOUND:VALUE (randint(0, BOUND)), d:VALUE (rand()), b:1|0 (choice of the positive/negative element)
  trace  the margin of every query of the reference (the initial point first)
  cancelled  (L2) the queries whose fresh window cancelled the old one exactly (see cancelled()): not compared
  queries  the reference's n_queries (it does not count the clean check)
  adv  the returned image x_best
Usage: /usr/bin/python3 square_reference.py MIRROR_GIT_DIR > square_reference.txt
"""
import ast
import contextlib
import io
import subprocess
import sys
import tempfile
import types

import numpy as np

COMMIT = "ea95eebb5aca62ec790a927b5aa985ba4e87245c"
C, H, W, K = 2, 16, 16, 3


def reference_source(git_dir, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def load_reference(git_dir):
    utils = types.ModuleType("utils")
    exec(compile(reference_source(git_dir, "utils.py"), "utils.py", "exec"), utils.__dict__)
    # models.py imports torch and tensorflow at the top; only its Model class (the margin loss) is needed
    tree = ast.parse(reference_source(git_dir, "models.py"))
    model_class = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Model")
    models = types.ModuleType("models")
    models.np = np
    models.utils = utils
    exec(compile(ast.Module(body=[model_class], type_ignores=[]), "models.py", "exec"), models.__dict__)
    sys.modules.update({"utils": utils, "models": models, "data": types.ModuleType("data")})
    attack = types.ModuleType("reference_attack")
    exec(compile(reference_source(git_dir, "attack.py"), "attack.py", "exec"), attack.__dict__)
    attack.log = types.SimpleNamespace(print=lambda message: None)  # the reference's progress log
    return attack, models.Model


class Recorder:
    """Wraps numpy's global random functions the reference calls and records every draw."""

    def __init__(self):
        self.draws = []
        self.randint, self.rand, self.choice = np.random.randint, np.random.rand, np.random.choice

    def __enter__(self):
        def randint(low, high=None, size=None):
            assert low == 0 and size is None
            value = self.randint(low, high)
            self.draws.append(f"i:{high}:{value}")
            return value

        def rand(*shape):
            value = self.rand(*shape)
            for v in np.ravel(value):
                self.draws.append(f"d:{float(v)!r}")
            return value

        def choice(options, size=None):
            value = self.choice(options, size=size)
            for v in np.ravel(value):
                self.draws.append("b:1" if v > 0 else "b:0")
            return value

        np.random.randint, np.random.rand, np.random.choice = randint, rand, choice
        return self

    def __exit__(self, *exc):
        np.random.randint, np.random.rand, np.random.choice = self.randint, self.rand, self.choice


def near_ties(margins, queried, what):
    """
    Fails when a query's margin is within 1e-5 of the best so far on a different image: such a decision could go
    either way in float32. (The same image again, e.g. a change clipped away entirely, ties exactly on both sides.)
    """
    best, best_x = margins[0], queried[0]
    for q, (m, x) in enumerate(zip(margins[1:], queried[1:]), 1):
        if abs(m - best) < 1e-5 and not np.array_equal(x, best_x):
            raise SystemExit(f"{what}: query {q} nearly ties the best margin ({m!r} vs {best!r}); choose another seed")
        if m < best:
            best, best_x = m, x


def cancelled(attack, x, margins, queried, drawn, draws):
    """
    The L2 queries whose window 1 cancelled exactly: the fresh bump sign * b plus the window's old content
    normalised, old / ||old||, is zero in exact arithmetic when the old content is -sign * b (an earlier accepted
    step put the same bump there). The reference then normalises float64 rounding noise, so that candidate is
    rounding noise on either side; the test does not compare its margin (it must be rejected on both sides).
    """
    found = []
    best, best_x = margins[0], queried[0]
    for q in range(1, len(margins)):
        it = draws[drawn[q] - (5 + C):drawn[q]]  # randint x 4, rand (transposition), choice per channel
        s = H - int(it[0].split(":")[1])
        h1, w1 = (int(t.split(":")[2]) for t in it[:2])
        bump = np.zeros([s, s])
        bump[:s // 2] = attack.pseudo_gaussian_pert_rectangles(s // 2, s)
        bump[s // 2:] = -attack.pseudo_gaussian_pert_rectangles(s - s // 2, s)
        bump /= np.sqrt(np.sum(bump ** 2))
        if float(it[4].split(":")[1]) > 0.5:
            bump = bump.T
        old = (best_x - x[0])[:, h1:h1 + s, w1:w1 + s]
        for ch in range(C):
            sign = 1 if it[5 + ch] == "b:1" else -1
            fresh = sign * bump + old[ch] / (1e-10 + np.sqrt(np.sum(old[ch] ** 2)))
            if np.sqrt(np.sum(fresh ** 2)) < 1e-6:
                if margins[q] < best:
                    raise SystemExit(f"a cancelled candidate was accepted (query {q}); choose another seed")
                found.append(q)
                break
        if margins[q] < best:
            best, best_x = margins[q], queried[q]
    return found


def main():
    attack, model_base = load_reference(sys.argv[1])
    rng = np.random.RandomState(20261130)
    # continuous float32 weights: equal weights of two classes at a pixel would make a candidate's margin tie the
    # best one's, and a tie is decided by float rounding (float64 there, float32 logits in medrobust)
    weights = rng.standard_normal(size=(K, C * H * W)).astype(np.float32).astype(np.float64)
    bias = rng.standard_normal(size=K).astype(np.float32).astype(np.float64)

    class Affine(model_base):
        def __init__(self):
            super().__init__(batch_size=1, gpu_memory=0)

        def predict(self, x):
            logits = x.reshape(len(x), -1) @ weights.T + bias
            return logits

    print(f"# square-attack {COMMIT} (attack.py square_attack_linf / square_attack_l2), numpy {np.__version__}")
    print(f"model {C} {H} {W} {K}")
    for row in weights:
        print("w " + " ".join(map(repr, row.tolist())))
    print("b " + " ".join(map(repr, bias.tolist())))
    grey = rng.randint(0, 256, size=(8, C * H * W))
    cases = [("square_linf", np.float32(8 / 255), 200, 0.8), ("square_l2", np.float32(1.0), 200, 0.8)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, eps, n_iters, p_init in cases:
            for index, image in enumerate(grey):
                x = (image / 255.0).astype(np.float32).astype(np.float64).reshape(1, C, H, W)
                model = Affine()
                label = int(model.predict(x).argmax(1)[0])
                y = np.zeros((1, K), dtype=bool)
                y[0, label] = True
                original = model.predict
                margins, queried, drawn = [], [], []
                recorder = Recorder()

                def predict(z, original=original, margins=margins, queried=queried, drawn=drawn, label=label,
                            model=model, recorder=recorder):
                    logits = original(z)
                    queried.extend(z.copy())
                    drawn.append(len(recorder.draws))
                    margins.extend(model.loss(np.eye(K, dtype=bool)[[label] * len(z)], logits).tolist())
                    return logits

                model.predict = predict
                run = attack.square_attack_linf if name == "square_linf" else attack.square_attack_l2
                with recorder, contextlib.redirect_stdout(io.StringIO()):
                    n_queries, x_best = run(model, x, y, np.array([True]), float(eps), n_iters, p_init,
                                            f"{tmp}/metrics", False, "margin_loss")
                near_ties(margins, queried, f"{name} image {index}")
                skip = cancelled(attack, x, margins, queried, drawn, recorder.draws) if name == "square_l2" else []
                print(f"case {name} {float(eps)!r} {n_iters} {p_init} {label}")
                print("x " + " ".join(map(str, image)))
                print("draws " + " ".join(recorder.draws))
                print("trace " + " ".join(f"{m!r}" for m in margins))
                print("cancelled " + " ".join(map(str, skip)))
                print(f"queries {int(n_queries[0])}")
                print("adv " + " ".join(f"{v:.10g}" for v in x_best.ravel()))


if __name__ == "__main__":
    main()
