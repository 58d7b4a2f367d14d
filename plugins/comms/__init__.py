"""Exchange between offices: keys, keyring, sealed packages, file and network transports."""
