-- TransferLab store, version 4: token ids no longer carry any part of the secret, and the
-- orchestrator's own (local) token is marked, so that a new one revokes the previous ones.
-- Ids of existing rows are replaced with random ones right after this script, by the Java
-- migration 4.1 (RandomTokenIds): SQL has no random function common to H2 and PostgreSQL.
ALTER TABLE api_tokens ADD COLUMN local_admin BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE api_tokens SET local_admin = TRUE WHERE id LIKE 'tok-local-%';
