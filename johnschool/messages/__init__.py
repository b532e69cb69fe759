"""Messages: the email outbox and its delivery."""
