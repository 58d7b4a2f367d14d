"""The suspect (person) database: identities, documents, alerts and the investigation."""
