-- The profile API's one table. The e-mail address is stored only as a transit ciphertext (vault:v1:...): the
-- database, its backups and anyone reading them never see it; the key never leaves the vault.
CREATE TABLE IF NOT EXISTS profiles (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name             text        NOT NULL,
    email_ciphertext text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
