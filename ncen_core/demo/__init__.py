"""Synthetic demo data: ``ncen demo`` fills an empty installation with consistent seizures.

A newcomer should see a populated system at once, and what they see should look like the
work of a real customs administration: routes and commodities that go together, a
concealment that fits the conveyance, people and companies that recur across seizures so
link analysis finds networks, and photos of the concealments. Everything is drawn from one
seeded random generator, so the same seed gives the same content.

:mod:`~ncen_core.demo.plan` decides the content without touching a database;
:mod:`~ncen_core.demo.generator` writes it through the record service, as a user.
"""
