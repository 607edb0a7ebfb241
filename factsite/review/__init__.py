"""The review of a change in git: its digest for a pull request, and the checks `check` asks of git.

git.py reads the base commit's files, snapshot.py loads a site's cards through the
pipeline, digest.py (with markdown.py) writes the digest, checks.py serves `check --staged`
and `check --base`.
"""
