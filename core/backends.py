from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AreaModelBackend(ModelBackend):
    """ModelBackend that loads the user's area with the user: every page shows it, every query scopes by it."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("area").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
