"""gauges"""
