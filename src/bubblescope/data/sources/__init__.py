"""One small module per data source: a pure parser (bytes → pandas) and the source's class (a
:class:`~bubblescope.data.source.DataSource`: which symbols it claims, where it downloads, how its
files are found in a data folder), registered in :mod:`bubblescope.data.registry`.

Parsers never touch the network or the disk; they raise :class:`~bubblescope.errors.DataSourceError`
with a one-line message naming the source when the payload is not what the source publishes. The
classes do the I/O through :mod:`bubblescope.data.http` and the data folder.
"""
