"""Messages between offices: the nCEN built-in mail, sealed and sent in packages like records."""
