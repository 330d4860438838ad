"""The contract: the shapes that cross Hozen's boundary (SPEC §14).

Request and response models shared by the API, the pages and the command line, and the one
translation of validation errors into coded Japanese and English messages (:mod:`.errors`).
Services accept and return these or domain values. This package imports no entrypoint and no service.
"""
