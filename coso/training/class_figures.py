"""Classes held and students per kind, organizer and mode; cadres sent to study (issue 10)."""
