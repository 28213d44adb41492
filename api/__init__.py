"""The dataset API under /api/v1/: published datasets, their rows and downloads,
charts and articles; writes for staff with the model permissions.

urls.py        the addresses (app "api"), the schema and the docs page
views.py       datasets (list, detail, versions, rows), charts, articles
downloads.py   data.csv, data.json and datapackage.json, streamed
serializers.py what each resource looks like; uploads through datasets.ingest
filters.py     the dataset list's filters (django-filter)
rows.py        a rows request's filters, sort and columns as a database query
packages.py    Frictionless Table Schema and Data Package descriptors
access.py      who may do what: permission, throttle (what each user may see:
               chartweek.visibility)
http.py        the base view: caching headers, ETag/Last-Modified and 304s
renderers.py   JSON that keeps every digit of a decimal (datasets.exactjson)
errors.py      every error as JSON with a message
schema.py      the OpenAPI generator, told that reads need no credentials
"""
