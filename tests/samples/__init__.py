"""The sample harness: runs the content's code samples against a local mock API.

- ``collect``: every code sample (shared and one-off fixes) and fenced code block.
- ``mock``: a small HTTP server per check that answers as the check says.
- ``boot.py`` / ``preload.mjs`` + ``entry.mjs``: run one Python / Node.js sample as the
  reader copied it, with the SDKs' transport pointed at the mock and sleeps skipped.
- ``run``: runs every check in a process of its own (a Python one forked from a zygote that
  has imported the SDKs), compares with ``expect``, reports.

``make samples`` (``python -m tests.samples``) runs them all.
"""
