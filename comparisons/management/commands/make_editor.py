"""Make an existing user a catalog editor: staff (so the admin lets them in) and a member of
the "Catalog editors" group (so it shows them the catalog and nothing else)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from comparisons.editing.roles import CATALOG_EDITORS


class Command(BaseCommand):
    help = "Let a user edit the catalog in the admin (staff + the 'Catalog editors' group)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(
                f"No user named {username!r}. They sign up first (Sign up on the site), "
                "or create one with `manage.py createsuperuser`."
            ) from None
        try:
            group = Group.objects.get(name=CATALOG_EDITORS)
        except Group.DoesNotExist:
            raise CommandError("The editors group is missing: run `manage.py migrate`.") from None
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        admin = reverse("admin:index")
        self.stdout.write(f"{username} is a catalog editor: they sign in at {admin}")
