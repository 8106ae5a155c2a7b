"""Print the demo log-ins that `seed_demo` created (`make run` shows them before serving)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.models import RoleAssignment, User
from themes.management.commands.seed_demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print a table of the demo log-ins: role, e-mail, password and what to try."

    def handle(self, *args, **options):
        users = {user.email: user for user in User.objects.filter(email__in=[spec["email"] for spec in DEMO_USERS])}
        if not users:
            self.stdout.write("No demo log-ins yet: run `manage.py seed_demo` first.")
            return
        scopes = {}
        for assignment in RoleAssignment.objects.filter(user__in=users.values()).select_related("page"):
            scopes[(assignment.user_id, assignment.role)] = assignment.page.title if assignment.page else "whole site"
        rows = [("Role", "E-mail", "Password", "What to try")]
        for spec in DEMO_USERS:
            user = users.get(spec["email"])
            if user is None:
                continue
            if spec["role"] is None:
                role = "Member (no role)"
            else:
                role = f"{spec['role'].label} · {scopes.get((user.pk, spec['role']), '—')}"
            rows.append((str(role), user.email, settings.DEMO_PASSWORD, spec["try"]))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+-" + "-" * 20
        self.stdout.write("Demo log-ins (log in at /account/login/; the admin is at /admin/):")
        self.stdout.write(line)
        for index, row in enumerate(rows):
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            self.stdout.write("| " + " | ".join(cells) + " | " + row[3])
            if index == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write("Mail sent by the site lands in var/mail/ (unless EMAIL_HOST is set).")
