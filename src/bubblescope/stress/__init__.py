"""stress"""
