"""The pure core: every business rule of the specification, with no I/O.

Only the standard library, ``jpholiday`` and NumPy may be imported here; callers pass "today".
"""
