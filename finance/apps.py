from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .invitations import notice_on_login

        user_logged_in.connect(notice_on_login, dispatch_uid="finance.reset_notice_on_login")
