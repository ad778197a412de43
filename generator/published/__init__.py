"""What went out: each published week's numbers kept in ``content/published/``, and revisions."""
