"""Model, loss and evaluator construction (sentence-transformers imported lazily)."""
from __future__ import annotations

import importlib

from .columns import ordered_columns, text_targets, value_target
from .errors import ConfigError
from .evaldata import ir_data, paraphrase_data
from .jobspec import JobSpec


def st_module(name: str):
    """sentence-transformers 6 moved `losses`/`evaluation` under `sentence_transformer`; the old
    paths still import, with a deprecation warning. Prefer the new one."""
    try:
        return importlib.import_module(f"sentence_transformers.sentence_transformer.{name}")
    except ImportError:
        return importlib.import_module(f"sentence_transformers.{name}")


def load_model(name: str, job: JobSpec, cache_dir: str, with_prompts: bool = True):
    """`with_prompts`: put the run's prompts on the model (fte/prompts), so the baseline, every
    evaluator, mining and Try it encode as training does; not for a GIST guide model."""
    from sentence_transformers import SentenceTransformer

    from .loading.options import load_kwargs, needs_remote_code, remote_code_error
    from .models import resolve_model

    try:
        model = SentenceTransformer(resolve_model(name), cache_folder=cache_dir, **load_kwargs(job, name))
    except ValueError as exc:
        if needs_remote_code(exc):
            raise remote_code_error(name) from None
        raise
    max_len = job.training.get("max_seq_length")
    if max_len:
        model.max_seq_length = int(max_len)
    if with_prompts:
        from .prompts.apply import apply, resolve_for

        apply(model, resolve_for(model, job.raw.get("prompts")))
    return model


def _loss_args(args: dict) -> dict:
    """Loss arguments arrive as JSON; a few must become library objects."""
    from sentence_transformers import util

    losses = st_module("losses")
    out = dict(args)
    metric = out.get("distance_metric")
    if isinstance(metric, str):
        for holder in (getattr(losses, "SiameseDistanceMetric", None), getattr(losses, "TripletDistanceMetric", None)):
            if holder is not None and hasattr(holder, metric.upper()):
                out["distance_metric"] = getattr(holder, metric.upper())
                break
        else:
            raise ConfigError(f"Unknown distance_metric {metric!r} in loss.args.")
    fct = out.get("similarity_fct")
    if isinstance(fct, str):
        if not hasattr(util, fct):
            raise ConfigError(f"Unknown similarity_fct {fct!r} in loss.args (e.g. cos_sim, dot_score).")
        out["similarity_fct"] = getattr(util, fct)
    return out


def build_loss(job: JobSpec, model, cache_dir: str):
    losses = st_module("losses")
    name = job.loss["name"]
    cls = getattr(losses, name, None)
    if cls is None:
        raise ConfigError(f"sentence-transformers has no loss named {name!r}.",
                          "Pick a loss from the task's pairings (`finetune-embeddings pairings`).")
    args = _loss_args(job.loss.get("args") or {})
    from .distributed import world_size
    from .multigpu.negatives import gathers

    if gathers(cls, job.loss.get("family", ""), world_size()):
        args.setdefault("gather_across_devices", True)  # every process's texts are negatives (hardware_guide.md)
    if job.loss.get("guide_model"):
        args["guide"] = load_model(job.loss["guide_model"], job, cache_dir, with_prompts=False)
    try:
        loss = cls(model, **args)
    except TypeError as exc:
        raise ConfigError(f"{name} rejected loss.args: {exc}", "Check the argument names in loss.args.") from None
    if job.matryoshka:
        loss = losses.MatryoshkaLoss(model, loss, matryoshka_dims=list(job.matryoshka))
    return loss


def build_evaluator(job: JobSpec, eval_ds, corpus: list[str] | None = None, batch_size: int = 32, **extra):
    """One evaluator per name in evaluator.eval_names (one per Matryoshka dimension), logged as
    `eval_<name>_<metric>`; the metric names follow the model's similarity function, so the
    primary key is read from the evaluator after its first call (fte/primary.py). `corpus`: the
    whole retrieval corpus (fte/corpus.py) the IR evaluator searches besides eval_ds's documents.
    `extra` goes to the IR evaluator only (write_predictions for the per-query scores)."""
    ev = st_module("evaluation")
    cols = ordered_columns(job.columns)
    texts, value = text_targets(cols), value_target(cols)
    kind = job.evaluator["name"]
    names = job.evaluator["eval_names"]
    dims = list(job.matryoshka) if job.matryoshka else [None] * len(names)
    if len(dims) != len(names):
        raise ConfigError(f"evaluator.eval_names has {len(names)} names for {len(dims)} Matryoshka dimensions.")
    col = {t: list(eval_ds[t]) for t in texts}
    made = []
    for name, dim in zip(names, dims):
        kw = {"name": name, "truncate_dim": dim, "batch_size": batch_size}
        if kind == "BinaryClassificationEvaluator":
            made.append(ev.BinaryClassificationEvaluator(col[texts[0]], col[texts[1]], list(eval_ds[value]), **kw))
        elif kind == "EmbeddingSimilarityEvaluator":
            made.append(ev.EmbeddingSimilarityEvaluator(col[texts[0]], col[texts[1]], list(eval_ds[value]), **kw))
        elif kind == "TripletEvaluator":
            made.append(ev.TripletEvaluator(col[texts[0]], col[texts[1]], col[texts[2]], **kw))
        elif kind == "InformationRetrievalEvaluator":
            negatives = col[texts[2]] if len(texts) > 2 else None
            queries, docs, relevant = ir_data(col[texts[0]], col[texts[1]], negatives, corpus)
            made.append(ev.InformationRetrievalEvaluator(queries, docs, relevant, **kw, **extra))
        elif kind == "ParaphraseMiningEvaluator":
            sentences, pairs = paraphrase_data(col[texts[0]], col[texts[1]])
            made.append(ev.ParaphraseMiningEvaluator(sentences, duplicates_list=pairs, **kw))
        else:
            raise ConfigError(f"Unsupported evaluator {kind!r}.")
    if len(made) == 1:
        return made[0]
    return ev.SequentialEvaluator(made, main_score_function=lambda scores: scores[0])
