-- TransferLab store, version 3: what multi-stage plans, pause/resume and restore need.
-- The artifacts a trial consumed and published (role -> id, JSON), the searcher proposal it runs,
-- how many times it failed (retries survive a restart), and the paused time of an experiment
-- (the wall-clock budget does not run while paused).
ALTER TABLE trials ADD COLUMN inputs_json TEXT;
ALTER TABLE trials ADD COLUMN outputs_json TEXT;
ALTER TABLE trials ADD COLUMN configuration INTEGER;
ALTER TABLE trials ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE experiments ADD COLUMN paused_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE experiments ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;
