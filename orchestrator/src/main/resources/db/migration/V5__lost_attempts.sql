-- TransferLab store, version 5: what crash loops and a full disk need. Attempts lost with their worker (a slot that left the cluster, a
-- lab process that died while the trial ran). They count towards limits.maxRetries like failures,
-- so a trial that takes its worker down ends instead of crashing the lab in a loop.
ALTER TABLE trials ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;
-- One row that /health rewrites to learn whether the store takes writes now (a full disk does not).
CREATE TABLE store_probe (
    id              INTEGER      PRIMARY KEY,
    at_ms           BIGINT       NOT NULL
);
INSERT INTO store_probe (id, at_ms) VALUES (1, 0);
