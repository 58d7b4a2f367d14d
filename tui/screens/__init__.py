"""Full screens of the ncen interface, one per module."""
