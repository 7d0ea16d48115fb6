"""The machinery behind :mod:`nnlib.datasets`, one concern per module.

- :mod:`~nnlib._download.registry`: the datasets and their pinned files, paths, errors, checks;
- :mod:`~nnlib._download.files`: checksums, the verified-stamp file, the folder lock, temporary
  files, and :func:`~nnlib._download.files.read_verified` for the loaders;
- :mod:`~nnlib._download.transfer`: mirror copies and HTTP downloads with size and time limits;
- :mod:`~nnlib._download.fetch`: :func:`~nnlib._download.fetch.fetch` and the command line.
"""
