"""age v1 file encryption (C2SP age specification) on top of `cryptography`."""
