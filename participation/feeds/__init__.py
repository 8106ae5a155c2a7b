"""What a theme shows outside the site: its Atom feed and the embeddable widget (seed 001)."""
