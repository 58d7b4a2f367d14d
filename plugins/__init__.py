"""Built-in ncen plugins: each database and the exchange channel is an ordinary pluggy plugin."""
