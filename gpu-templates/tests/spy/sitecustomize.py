"""Test-only instrumentation for the torchrun test (put on PYTHONPATH by test_multigpu.py): each
process appends what it did to $FTE_TEST_SPY_DIR/rank-$RANK.jsonl: the shape of every score matrix
MultipleNegativesRankingLoss computes, each mine_hard_negatives call, each evaluator call."""
import json
import os

_DIR = os.environ.get("FTE_TEST_SPY_DIR")


def _log(**record):
    with open(os.path.join(_DIR, f"rank-{os.environ.get('RANK', '0')}.jsonl"), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def _install():
    from sentence_transformers.sentence_transformer import evaluation
    from sentence_transformers.sentence_transformer.losses import multiple_negatives_ranking as mnrl
    from sentence_transformers.util import hard_negatives

    import functools

    init = mnrl.MultipleNegativesRankingLoss.__init__

    @functools.wraps(init)  # keeps the signature the template inspects for gather_across_devices
    def spied_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        fct = self.similarity_fct

        def similarity(a, b):
            _log(kind="scores", shape=[int(a.shape[0]), int(b.shape[0])], gather=bool(self.gather_across_devices))
            return fct(a, b)
        self.similarity_fct = similarity

    mnrl.MultipleNegativesRankingLoss.__init__ = spied_init
    mine = hard_negatives.mine_hard_negatives

    def spied_mine(*args, **kwargs):
        _log(kind="mine")
        return mine(*args, **kwargs)
    hard_negatives.mine_hard_negatives = spied_mine
    import sentence_transformers.util as util
    util.mine_hard_negatives = spied_mine

    ir = evaluation.InformationRetrievalEvaluator
    call = ir.__call__

    def spied_call(self, model, output_path=None, epoch=-1, steps=-1, *args, **kwargs):
        _log(kind="eval", epoch=epoch, steps=steps)
        return call(self, model, output_path, epoch, steps, *args, **kwargs)
    ir.__call__ = spied_call


if _DIR:
    try:
        _install()
    except ImportError:  # the launcher process itself need not import the ML stack
        pass
