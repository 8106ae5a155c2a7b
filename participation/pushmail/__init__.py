"""Push mail (issue 4 §6): a moderator, or a member where the theme allows it, mails a selection of the theme's
members."""
