-- TransferLab store, version 4: attempts lost with their worker (a slot that left the cluster, a
-- lab process that died while the trial ran). They count towards limits.maxRetries like failures,
-- so a trial that takes its worker down ends instead of crashing the lab in a loop.
ALTER TABLE trials ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;
