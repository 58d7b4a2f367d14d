"""The network channel: mutual-TLS server and client, framed protocol, outbox and relay."""
