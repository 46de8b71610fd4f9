"""Fault injection: minutebook killed, starved of disk, locked out, or given bad files."""
