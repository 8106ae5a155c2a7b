"""Posts, reactions, stars and attachments: writing and moderating them, the theme page's "Berichten" tab with its
sorts, facets and keyset cursor, the post page, "Mijn berichten" and "Mijn sterren", site search."""
