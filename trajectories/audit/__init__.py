"""The access log of the spaces (NEN 7513): every read and write, its page, and the account events it shows."""
