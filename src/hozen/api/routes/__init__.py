"""The API's routes, one module per resource; :func:`hozen.api.install` mounts them.

A route parses the request, calls one service and returns a contract model. Shared dependencies
(the caller, units of work, the business date, the company's policy) live in :mod:`hozen.api.deps`,
the documented problem responses in :mod:`hozen.api.responses`; no route module imports another.

Every endpoint except the calculators needs an authenticated user; the services check the role and,
for customer users, that the object belongs to their own company (otherwise 404).
"""
