#!/usr/bin/env python3
"""Writes the scoring fixture of Tests/RelationExtractionTests (IEScoringTests).

Gold: the first 60 lines of data/ie/dev.jsonl. Predictions: the dictionary baseline of the data's
README (every train triple whose subject and object both occur in the sentence), with a few lines
changed to cover the accepted forms: [s, p, o] list items, a repeated triple, a line without
"text", an empty spo_list and an invented predicate. The expected scores are what the data's own
eval_ie.py prints for these files, with and without --per-predicate.

    python3 benchmarks/compare/ie_eval_fixture.py --eval-ie PATH/eval_ie.py   (the data's own scorer)
"""
import argparse
import importlib.util
import json
import os
from collections import defaultdict

ap = argparse.ArgumentParser()
ap.add_argument("--eval-ie", required=True, help="eval_ie.py of the pd199801-IE data")
args = ap.parse_args()
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
spec = importlib.util.spec_from_file_location("eval_ie", args.eval_ie)
eval_ie = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_ie)

train = eval_ie.read_jsonl(os.path.join(root, "data/ie/train.jsonl"))
gold = eval_ie.read_jsonl(os.path.join(root, "data/ie/dev.jsonl"))[:60]
by_subject = defaultdict(set)
for obj in train:
    for s, p, o in eval_ie.triples(obj):
        by_subject[s].add((p, o))
pred = []
for obj in gold:
    text = obj["text"]
    spo = sorted({(s, p, o) for s in sorted(by_subject) if s in text for p, o in by_subject[s] if o in text})
    pred.append({"text": text, "spo_list": [{"subject": s, "predicate": p, "object": o} for s, p, o in spo]})
first = next(i for i in range(len(pred)) if pred[i]["spo_list"])
pred[first]["spo_list"] = [[t["subject"], t["predicate"], t["object"]] for t in pred[first]["spo_list"]]
for i in range(len(pred)):
    if pred[i]["spo_list"] and i > first and isinstance(pred[i]["spo_list"][0], dict):
        pred[i]["spo_list"].append(dict(pred[i]["spo_list"][0]))   # a repeated triple counts once
        break
del pred[6]["text"]
pred[8]["spo_list"] = []
pred[9]["spo_list"].append({"subject": "新华社", "predicate": "总部", "object": "北京"})

fixtures = os.path.join(root, "Tests/RelationExtractionTests/Fixtures")
os.makedirs(fixtures, exist_ok=True)
for name, rows in (("eval_gold.jsonl", gold), ("eval_pred.jsonl", pred)):
    with open(os.path.join(fixtures, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
g = eval_ie.read_jsonl(os.path.join(fixtures, "eval_gold.jsonl"))
p = eval_ie.read_jsonl(os.path.join(fixtures, "eval_pred.jsonl"))
with open(os.path.join(fixtures, "eval_expected.json"), "w", encoding="utf-8") as f:
    f.write(json.dumps(eval_ie.evaluate(g, p), ensure_ascii=False) + "\n")
with open(os.path.join(fixtures, "eval_expected_per_predicate.json"), "w", encoding="utf-8") as f:
    f.write(json.dumps(eval_ie.evaluate(g, p, True), ensure_ascii=False, indent=1) + "\n")
print(open(os.path.join(fixtures, "eval_expected.json")).read())
