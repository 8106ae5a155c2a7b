"""Participation's personal data for "Mijn gegevens" (export) and account deletion (erasure)."""
