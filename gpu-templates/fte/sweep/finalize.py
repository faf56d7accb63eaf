"""The end of a sweep (worker 0): best trial, importances, best model, study file, sweep_completed."""
from __future__ import annotations

import os
import shutil

from ..runctx import RunContext
from .storage import STUDY_FILE, sqlite_url
from .study import OUTCOME, counts, sync
from .trial import best_trial, trial_dir

BEST_MODEL = "best-model"


def importances(study, ctx: RunContext) -> dict | None:
    """optuna's default evaluator (PED-ANOVA in optuna 5; fANOVA, which needs scikit-learn, in
    optuna 3), then PED-ANOVA, then mean decrease impurity; a warning when none works."""
    import optuna

    complete = [t for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"]
    if len(complete) < 2:
        ctx.emit("warning", code="importances_skipped", hint=None,
                 message=f"Parameter importances need at least 2 complete trials (this sweep has {len(complete)}).")
        return None
    imp = optuna.importance
    candidates = [None] + [getattr(imp, name) for name in ("PedAnovaImportanceEvaluator",
                                                           "MeanDecreaseImpurityImportanceEvaluator")
                           if hasattr(imp, name)]
    problem = None
    for cls in candidates:
        try:
            found = imp.get_param_importances(study, evaluator=cls() if cls else None)
            return {str(k): float(v) for k, v in found.items()}
        except ImportError as exc:
            problem = exc
        except Exception as exc:  # noqa: BLE001 - e.g. too few distinct values for this evaluator
            problem = exc
    ctx.emit("warning", code="importances_unavailable",
             message=f"Parameter importances could not be computed: {type(problem).__name__}: {problem}",
             hint="Install scikit-learn for optuna < 4, or run more trials.")
    return None


def copy_best_model(run_dir: str, number: int) -> str | None:
    source = os.path.join(trial_dir(run_dir, number), "model")
    if not os.path.isdir(source):
        return None
    target = os.path.join(run_dir, BEST_MODEL)
    staging = target + ".tmp"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(staging, target)
    return target


def export_study(study, storage, run_dir: str) -> str:
    """DIR/study.db, one study, for `optuna-dashboard sqlite:///study.db`."""
    import optuna

    target = os.path.join(run_dir, STUDY_FILE)
    staging = f"{target}.{os.getpid()}.tmp"
    if os.path.exists(staging):
        os.remove(staging)
    optuna.copy_study(from_study_name=study.study_name, from_storage=storage,
                      to_storage=sqlite_url(staging))
    os.replace(staging, target)
    return target


def best_on_test(job, model_path: str, ctx: RunContext) -> dict | None:
    """The chosen trial's test report; a warning (and None) when it cannot be scored."""
    from ..errors import error_fields
    from .testscore import score_best_on_test

    try:
        return score_best_on_test(job, model_path)
    except Exception as exc:  # noqa: BLE001 - the sweep's choice stands; say why its test score is missing
        fields = error_fields(exc, "evaluating")
        ctx.emit("warning", code="sweep_test_failed", message=f"The best trial could not be scored on the test set: "
                 f"{fields['message']}", hint=fields.get("hint"))
        return None


def finalize(study, storage, run_dir: str, ctx: RunContext, job, push=None) -> dict:
    sync(study)
    trials = study.get_trials(deepcopy=False)
    states: dict[str, int] = {}
    for t in trials:
        name = t.user_attrs.get(OUTCOME) or t.state.name.lower()
        states[name] = states.get(name, 0) + 1
    best = best_trial(study)
    model_path = copy_best_model(run_dir, best.number) if best else None
    hub_url = None
    repo = job.output.get("push_to_hub")
    if repo and model_path and push:
        try:
            hub_url = push(model_path, repo, bool(job.output.get("private", True)))
        except Exception as exc:  # noqa: BLE001 - the sweep's results stay on the volume either way
            ctx.emit("warning", code="push_failed", message=f"Could not push the best model to {repo}: {exc}",
                     hint="Check HF_TOKEN's write access; the model is in best-model/ on the volume.")
    found = importances(study, ctx)
    study_path = export_study(study, storage, run_dir)
    test = best_on_test(job, model_path, ctx) if model_path else None
    return ctx.emit("sweep_completed", trials=sum(1 for t in trials if counts(t)), test=test,
                    best_trial=best.number if best else None, best_value=best.value if best else None,
                    best_params=best.params if best else None, importances=found, states=states,
                    best_model_path=model_path, study_path=study_path, hub_url=hub_url)
