"""The zero-shot bake-off: candidate base models scored on the run's own test split and corpus,
with the run's primary metric and a bootstrap interval, before any training (issue 22).

testset.py builds the evaluator once from the job; prompts.py says which prompts a candidate
uses; measure.py the size and speed numbers; score.py one candidate's row. Ranking, the
"indistinguishable" verdict and the recommendation are the extension's (src/core/bakeoff), so a
local run and one Modal sandbox per candidate are merged the same way."""
