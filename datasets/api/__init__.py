"""The dataset API under /api/v1/: published datasets, their rows and downloads,
charts and articles; writes for staff with the model permissions.

access.py   who may do what (permission, throttle, what each user may see)
errors.py   every error as JSON with a message
http.py     the base view: caching headers, ETag/Last-Modified and 304s
rows.py     a rows request's filters, sort and columns as a database query
packages.py Frictionless Table Schema and Data Package descriptors
"""
