-- TransferLab store, version 6: held-out test metrics. Each finished trial is scored once on the
-- test split nothing selects on (test_accuracy, test_loss, ...; name -> value, JSON). Kept in their
-- own column, apart from the per-epoch metrics table and last_metrics_json that schedulers, search
-- and "best" read, so no selection path can see them.
ALTER TABLE trials ADD COLUMN test_metrics_json TEXT;
