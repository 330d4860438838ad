"""Hozen: the operating system of a guarantee-factoring company (下請債権保全支援事業)."""
