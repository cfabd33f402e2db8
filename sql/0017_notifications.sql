-- Issue 27 (docs/adr/0022): the Notifications module's inbox (授权访问消息). A message is written by the
-- module whose change caused it, on that change's own transaction (the `Notifier` contract), so it exists
-- exactly when the change committed. `dedup_key` names the event (`trial_application:<id>:<action>:v<version>`):
-- the same event never makes two messages (INSERT … ON CONFLICT DO NOTHING). Delivery by WeChat and SMS
-- (later slices) reads these rows as its outbox.
CREATE SCHEMA notifications;

CREATE TABLE notifications.messages (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES identity.accounts (id),
    kind        text NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL,
    link_type   text,
    link_id     text,
    dedup_key   text NOT NULL,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    CONSTRAINT messages_dedup_key_unique UNIQUE (dedup_key),
    CONSTRAINT messages_title_length CHECK (char_length(title) BETWEEN 1 AND 64),
    CONSTRAINT messages_body_length CHECK (char_length(body) BETWEEN 1 AND 1000),
    CONSTRAINT messages_link_whole CHECK ((link_type IS NULL) = (link_id IS NULL))
);
-- The inbox, newest first, by keyset.
CREATE INDEX messages_inbox_idx ON notifications.messages (account_id, created_at DESC, id DESC);
-- The unread count.
CREATE INDEX messages_unread_idx ON notifications.messages (account_id) WHERE read_at IS NULL;
