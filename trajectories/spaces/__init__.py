"""The spaces and their people: the space (Trajectory) and its participants, starting one, invitations, regie, the
participants page, "My spaces" and the Overzicht."""
