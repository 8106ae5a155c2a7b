"""The spaces' part of "Mijn gegevens" (export) and of account deletion (erasure)."""
