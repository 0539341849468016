-- TransferLab store, version 7.14: the transferability stage's scores (issue 14). A fine-tune's
-- transferability stage returns one score per candidate frozen depth (JSON list of
-- {frozenLayers, cut, features, examples, score}); kept on its trial so views and a restored plan
-- read the same ranking. Numbered 7.14 so that a version 7 written on a parallel branch keeps its number.
ALTER TABLE trials ADD COLUMN transferability_json TEXT;
