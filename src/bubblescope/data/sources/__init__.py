"""One small module per data source: a pure parser (bytes → pandas) plus, where the source is
online, a fetcher built on :mod:`bubblescope.data.http`.

Parsers never touch the network or the disk; they raise :class:`~bubblescope.errors.DataSourceError`
with a one-line message naming the source when the payload is not what the source publishes.
"""
