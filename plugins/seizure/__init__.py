"""The seizure and offence database: what was seized, where, how it was hidden and found."""
