"""The training pipeline. Imported only after the package check, so heavy imports are fine."""
from __future__ import annotations

import os
import subprocess

from . import distributed, reporting, resume
from .collapse import chance_level, is_collapsed
from .evaluation.corpus import corpus_texts, has_corpus, load_extra
from .envinfo import gpu_info, library_versions
from .evaldata import positive_rate
from .jobspec import JobSpec
from .evaluation.keys import evaluated_corpus_size, primary_key, require, short_name
from .runctx import RunContext
from .sampling import evaluation_interval, logging_steps, total_steps


def run(job: JobSpec, ctx: RunContext, run_dir: str, script: str, argv: list[str]) -> int:
    cache = resume.cache_dir(run_dir, dict(os.environ))
    # Must be set before huggingface_hub is imported anywhere; cache_dir already honours HF_HOME.
    os.environ["HF_HOME"] = cache
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch

    nproc = distributed.processes_to_launch(int(job.compute.get("gpu_count") or 1), torch.cuda.device_count())
    if nproc:
        return _launch(ctx, script, argv, nproc)
    return _train(job, ctx, run_dir, cache)


def _launch(ctx: RunContext, script: str, argv: list[str], nproc: int) -> int:
    """Parent of a torchrun job: children (rank 0) emit the events; we only fill gaps."""
    code = subprocess.call(distributed.torchrun_command(script, argv, nproc))
    emitter = ctx.emitter
    if emitter.path:
        from .events import last_seq

        emitter.seq = last_seq(emitter.path)
    if code != 0 and not _last_event_is_error(emitter.path):
        ctx.emit("error", category="internal", phase=None, traceback_tail=[],
                 message=f"torchrun exited with code {code} before reporting an error.",
                 hint="See the container log above; a worker may have been killed (e.g. host out of memory).")
    return code


def _last_event_is_error(path: str | None) -> bool:
    import json

    if not path or not os.path.exists(path):
        return False
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh.read().splitlines() if ln.strip()]
    try:
        return bool(lines) and json.loads(lines[-1]).get("type") == "error"
    except ValueError:
        return False


def _warmup(args_cls, ratio: float) -> dict:
    """transformers 5 folds warmup_ratio into warmup_steps (a float < 1 is a ratio)."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(args_cls)}
    return {"warmup_ratio": ratio} if "warmup_ratio" in names else {"warmup_steps": ratio}


def _checkpointing(args_cls, on: bool) -> dict:
    """transformers 5.2x renamed gradient_checkpointing to activation_checkpointing (the old name warns)."""
    import dataclasses

    if not on:
        return {}
    names = {f.name for f in dataclasses.fields(args_cls)}
    return {"activation_checkpointing": True} if "activation_checkpointing" in names else {"gradient_checkpointing": True}


def _train(job: JobSpec, ctx: RunContext, run_dir: str, cache: str) -> int:
    train_job(job, ctx, run_dir, cache)
    return 0


def train_job(job: JobSpec, ctx: RunContext, run_dir: str, cache: str, reporter=None, score_test: bool = True) -> dict:
    """Train one job in this process. `reporter` (a sweep trial) gets every evaluation's metrics
    via `reporter.report(step, metrics)`, which may raise optuna.TrialPruned to stop training.
    Returns {metrics, baseline, model_path, collapsed, test}: metrics and baseline are validation
    (what a sweep chooses by; metrics empty on non-zero ranks), test the report of the test set.
    score_test=False (a sweep's trials): the test set is not touched; the sweep scores only its
    chosen trial on it (fte/sweep/testscore.py), and the trial's completed event reports validation."""
    import torch
    import transformers
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    from .build import build_evaluator, build_loss, load_model
    from .callback import make_callback
    from .data import load_raw, prepare, seed_of
    from .evaluation.items import item_count
    from .evaluation.also import also_reports, build_also, score_all
    from .evaluation.scoring import test_report, validation_report
    from .evaluation.scoring import score_test as score_on_test
    from .hardware.precision import detect
    from .loading.router import router_mapping
    from .memory.advice import is_oom, oom_hint
    from .memory.seqlen import cap_long_context
    from .prompts.apply import applied
    from .prompts.resolve import training_prompts
    from .runsetup.event import negatives_setup, training_setup

    transformers.logging.set_verbosity_warning()
    _check_push_token(job)  # before any GPU minute is spent, not after training
    world = distributed.world_size()
    latest = resume.latest_checkpoint(run_dir)
    ev = job.evaluator
    predicted = ev["primary_metric"]  # the job's guess; the evaluator names the real key after the baseline
    precision = detect(str(job.training.get("precision", "auto")))  # a bf16-on-Turing error before any cost
    reporting.run_started(ctx, job_name=job.name, task=job.task, model=job.model, libraries=library_versions(),
                          gpu=gpu_info(), world_size=world, resume_step=latest[0] if latest else None,
                          primary_metric=predicted, greater_is_better=bool(ev.get("greater_is_better", True)),
                          precision=precision.name)

    tr = job.training
    ctx.set_phase("preparing_data")
    parts = prepare(job, load_raw(job))
    train_ds, val_ds = parts.train, parts.validation
    # Before mining adds negatives: the corpus is the user's documents, not the mined copies.
    corpus = corpus_texts(job, [parts.train, val_ds, parts.test], load_extra(job)) if has_corpus(job) else None
    reporting.dataset(ctx, parts.info)
    labels = list(val_ds["label"]) if "label" in val_ds.column_names else []
    pos_rate = positive_rate(labels)

    ctx.set_phase("loading_model")
    model = load_model(job.model, job, cache)
    cap_long_context(job, model, train_ds, ctx)  # before mining, which encodes with it
    if tr.get("hard_negatives"):
        from .hard_negatives import mine

        from .multigpu.once import shared_dataset

        ctx.set_phase("mining")  # with the base model, before any training step changes it
        base_ds = train_ds
        # Once, on rank 0; the other processes load what it saved (and a resume reuses it).
        train_ds, mined = shared_dataset(run_dir, "mined", lambda: mine(job, model, base_ds, ctx))
        reporting.hard_negatives(ctx, mined)
    if tr.get("lora"):
        from .lora.adapter import add as add_adapter

        add_adapter(model, tr["lora"])  # after mining (the base model's view), before the baseline
    loss = build_loss(job, model, cache)
    batch, accum = int(tr["batch_size"]), int(tr.get("gradient_accumulation_steps") or 1)
    lead = distributed.rank() == 0
    evaluator = build_evaluator(job, val_ds, corpus, batch_size=batch)  # validation: chooses the checkpoint
    # The test set is scored by rank 0 only (the other processes report nothing), and never by a sweep's trial.
    score_test = score_test and lead
    test_evaluator = build_evaluator(job, parts.test, corpus, batch_size=batch, write_predictions=True) if score_test else None
    greater = bool(ev.get("greater_is_better", True))
    prompts = applied(model)
    col_prompts = training_prompts(job.columns, prompts, list(train_ds.column_names))
    routes = router_mapping(model, job, list(train_ds.column_names))  # before the baseline is paid for
    training_setup(ctx, model=model, prompts=prompts, column_prompts=col_prompts, precision=precision,
                   **negatives_setup(job, loss, world, list(train_ds.column_names)))

    ctx.set_phase("baseline")
    # Every process: the primary key is named by the evaluator's first call, and each needs it for
    # metric_for_best_model. Only rank 0 reports it and scores the test set.
    baseline = reporting.evaluator_metrics(evaluator(model))
    primary = primary_key(evaluator, baseline)  # named after the model's similarity (cosine, dot, ...)
    primary_name = short_name(evaluator, primary)
    corpus_size = evaluated_corpus_size(evaluator)
    # The test set's first of two scorings (a sweep trial: none).
    base_test = score_on_test(test_evaluator, model, primary, primary_name) if score_test else None
    also = build_also(job, batch) if score_test else []
    also_before = score_all(also, model, primary, primary_name)  # the forgetting check, base model
    reporting.baseline(ctx, baseline, primary, corpus_size=corpus_size, n=item_count(evaluator))

    steps = total_steps(len(train_ds), batch, float(tr["epochs"]), world, accum)
    eval_steps = evaluation_interval(float(tr["eval_steps"]), steps)
    if reporter is not None and getattr(reporter, "base_samples_per_step", None):
        from .pruning.progress import samples_per_step, trial_eval_steps

        # A sweep trial evaluates after as many samples as the sweep's job would (a fair pruner).
        eval_steps = trial_eval_steps(reporter.base_eval_steps, reporter.base_samples_per_step, samples_per_step(tr))
    args = SentenceTransformerTrainingArguments(
        output_dir=resume.checkpoints_dir(run_dir),
        num_train_epochs=float(tr["epochs"]), per_device_train_batch_size=batch,
        per_device_eval_batch_size=batch, gradient_accumulation_steps=accum,
        learning_rate=float(tr.get("learning_rate", 2e-5)),
        **_warmup(SentenceTransformerTrainingArguments, float(tr.get("warmup_ratio", 0.1))),
        weight_decay=float(tr.get("weight_decay", 0.0)), seed=int(tr.get("seed", 42)),
        batch_sampler=str(tr.get("batch_sampler", "batch_sampler")),  # BatchSamplers' string values
        eval_strategy="steps", eval_steps=eval_steps, save_strategy="steps", save_steps=eval_steps,
        save_total_limit=int(tr.get("save_total_limit", 2)), load_best_model_at_end=True,
        metric_for_best_model=primary, greater_is_better=greater,
        logging_steps=logging_steps(steps, eval_steps), report_to="none", disable_tqdm=True,
        **precision.training_args(),
        # Per training column (anchor -> query prompt, positive/negative -> document prompt), as the
        # maintainers' prompts_and_instructions.md "Per-column prompts" shape; None when there are none.
        prompts=col_prompts or None,
        router_mapping=routes or None,
        **_checkpointing(SentenceTransformerTrainingArguments, bool(tr.get("gradient_checkpointing"))),
        # Several processes without CUDA (torchrun on CPU, gloo): accelerate sets up multi-CPU DDP only
        # when told to use the CPU; otherwise each process would train alone and only rank 0 evaluate.
        **({"use_cpu": True} if world > 1 and not torch.cuda.is_available() else {}),
    )
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=train_ds, eval_dataset=val_ds,
                                         loss=loss, evaluator=evaluator)
    # Their stdout printing would interleave with events; our callback reports instead.
    trainer.remove_callback(PrinterCallback)
    trainer.remove_callback(ProgressCallback)
    trainer.add_callback(make_callback(ctx, primary, primary_name, baseline, pos_rate,
                                       batch * world * accum, reporter=reporter, train_rows=len(train_ds)))
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    ctx.set_phase("training", total_steps=steps)
    try:
        trainer.train(resume_from_checkpoint=latest[1] if latest else None)
    except Exception as exc:
        if is_oom(exc):
            from .errors import FteError

            raise FteError(f"The GPU ran out of memory while training: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                           oom_hint(job.loss["name"], job.loss.get("family", ""), model.max_seq_length),
                           "out_of_memory") from None
        raise
    best = trainer.state.best_model_checkpoint

    if not lead:
        return {"metrics": {}, "baseline": baseline, "model_path": None, "collapsed": False, "test": None}
    ctx.set_phase("evaluating")
    chosen = reporting.evaluator_metrics(evaluator(model))  # the chosen checkpoint on validation (a sweep's choice)
    require(primary, chosen, "the chosen model's validation")
    if score_test:  # the test set's second and last scoring
        tuned_test = score_on_test(test_evaluator, model, primary, primary_name)
        report = test_report(base_test, tuned_test, primary, greater, corpus_size, seed_of(job))
        report["also"] = also_reports(also_before, score_all(also, model, primary, primary_name), primary, greater,
                                      seed_of(job))
        reported = (base_test.metrics, tuned_test.metrics)
    else:
        report = validation_report(baseline, chosen, primary, corpus_size, item_count(evaluator))
        reported = (baseline, chosen)
    ctx.set_phase("saving")
    model_path = resume.model_dir(run_dir)
    if tr.get("lora"):
        from .lora.adapter import save as save_adapter

        adapter = save_adapter(model, run_dir)  # then `model` is the merged model
        ctx.emit("adapter_saved", adapter_path=adapter, merged_model_path=model_path)
    model.save_pretrained(model_path)
    hub_url = _push(job, ctx, model) if job.output.get("push_to_hub") else None
    peak = round(torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else None
    reporting.completed(ctx, baseline_metrics=reported[0], final_metrics=reported[1], primary=primary,
                        report=report, model_path=model_path, best_checkpoint=best, hub_url=hub_url,
                        peak_gpu_memory_mb=peak)
    chance = chance_level(primary_name, pos_rate)
    collapsed = is_collapsed(chosen.get(primary), chance, baseline.get(primary))
    return {"metrics": chosen, "baseline": baseline, "model_path": model_path, "collapsed": collapsed,
            "test": report, "primary": primary}


def _check_push_token(job: JobSpec) -> None:
    from .errors import FteError

    repo = job.output.get("push_to_hub")
    if repo and not os.environ.get("HF_TOKEN"):
        raise FteError(f"Cannot push to {repo}: no HF_TOKEN in the environment.",
                       "Name a secret holding HF_TOKEN (with write access) in output.hf_secret.", "auth")


def _push(job: JobSpec, ctx: RunContext, model) -> str:
    repo = job.output["push_to_hub"]
    token = os.environ["HF_TOKEN"]
    ctx.set_phase("pushing")
    # The evaluators already stored their metrics in model.model_card_data, so the card shows them.
    model.push_to_hub(repo, token=token, private=bool(job.output.get("private", True)), exist_ok=True)
    return f"https://huggingface.co/{repo}"
