"""Use cases: one function each, called alike by the API, the web pages and the CLI."""
