"""``nq57check serve``: a local web page for inspectors without a terminal.

Upload a plan (Word/Excel/PDF/YAML, with its reports) or a zip of a commune's or a
province's folder; see what the import read, the findings as in the visit gap list, the
roll-up; download the gap list and the imported plan; mark decisions and download them as
``decisions.yaml``. At the top of the layer order beside cli/: it calls check/, reporters/
and importers/ as the CLI does. Starlette (ASGI), uvicorn and python-multipart, Jinja2
templates rendered on the server, nothing fetched from outside.
"""
