-- Issue 27 (docs/adr/0024): delivery of inbox messages beyond the inbox. A message's delivery rows are
-- written by `MessageNotifier` in the same transaction as the message (so they exist exactly when it
-- does), one per channel the message goes by; the delivery worker of each instance claims due rows with
-- FOR UPDATE SKIP LOCKED, leasing them by moving `next_attempt_at` forward, sends outside the
-- transaction, and records the outcome only if its lease (`attempts`) is still the row's.
CREATE TABLE notifications.deliveries (
    message_id       uuid NOT NULL REFERENCES notifications.messages (id) ON DELETE CASCADE,
    channel          text NOT NULL,
    status           text NOT NULL DEFAULT 'pending',
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (message_id, channel),
    CONSTRAINT deliveries_channel CHECK (channel IN ('wechat', 'sms')),
    CONSTRAINT deliveries_status CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    CONSTRAINT deliveries_attempts CHECK (attempts >= 0),
    CONSTRAINT deliveries_sent_at CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CONSTRAINT deliveries_last_error_length CHECK (char_length(last_error) <= 500)
);
-- What the workers take: due pending rows, oldest due first.
CREATE INDEX deliveries_due_idx ON notifications.deliveries (next_attempt_at) WHERE status = 'pending';
-- `notifications retry --failed-since` and the metrics.
CREATE INDEX deliveries_status_idx ON notifications.deliveries (status, updated_at);

-- The WeChat subscribe-message templates an account accepted (wx.requestSubscribeMessage): each
-- acceptance allows one send of that template, as WeChat grants it.
CREATE TABLE notifications.subscriptions (
    account_id   uuid NOT NULL REFERENCES identity.accounts (id),
    template_id  text NOT NULL,
    remaining    integer NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, template_id),
    CONSTRAINT subscriptions_remaining CHECK (remaining BETWEEN 0 AND 10000)
);

-- The kinds an account turned off (channels beyond the inbox); no row: on.
CREATE TABLE notifications.preferences (
    account_id  uuid NOT NULL REFERENCES identity.accounts (id),
    kind        text NOT NULL,
    enabled     boolean NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- The WeChat access token every instance shares (one row), refreshed under an advisory lock by whichever
-- instance finds it near its expiry. Never logged.
CREATE TABLE notifications.wechat_token (
    singleton   boolean PRIMARY KEY DEFAULT true,
    value       text NOT NULL,
    expires_at  timestamptz NOT NULL,
    fetched_at  timestamptz NOT NULL,
    CONSTRAINT wechat_token_singleton CHECK (singleton)
);
