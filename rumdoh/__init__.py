"""Rumdoh: national counter-trafficking case management and data system."""
