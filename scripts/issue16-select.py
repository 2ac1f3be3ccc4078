#!/usr/bin/env python3
# Issue 16 (docs/model-zoo.md): usage  issue16-select.py <zoo resources dir> <dir with the round's *.card.json>
# Selection, fixed before any test score is read: per model the run with the largest validation margin
# min(val acc - 0.82, val AUC - 0.85), the shipped model included; a tie keeps the shipped model.
# Prints validation scores of every run, then the test score of the selected run only (once).
import json, glob, sys, os
zoo = sys.argv[1]; cards = sys.argv[2]
def margin(c):
    v = c['metrics']['val']; return min(v['accuracy'] - 0.82, v['auc'] - 0.85), v
for model in ('vim_breast', 'vmamba_breast'):
    shipped = json.load(open(f'{zoo}/{model}.card.json'))
    best_id, best = 'shipped', shipped; bm, v = margin(shipped)
    print(f'{model} shipped: val {v["correct"]}/{v["samples"]}={v["accuracy"]:.3f} AUC {v["auc"]:.4f} margin {bm:+.4f}')
    for f in sorted(glob.glob(f'{cards}/{model}_*.card.json')):
        c = json.load(open(f)); m, v = margin(c); t = c['training']
        print(f'{model} {c["id"]}: val {v["correct"]}/{v["samples"]}={v["accuracy"]:.3f} AUC {v["auc"]:.4f} margin {m:+.4f}'
              f' (epochs {t["epochsRun"]}/{t["maxEpochs"]}, best {t["bestEpoch"]}, {t["seconds"]} s)')
        if m > bm: best_id, best, bm = c['id'], c, m
    print(f'{model}: selected {best_id} (margin {bm:+.4f})')
    if best_id != 'shipped':
        t = best['metrics']['test']
        print(f'{model} {best_id} TEST: {t["correct"]}/{t["samples"]}={t["accuracy"]:.4f} AUC {t["auc"]:.4f}')
