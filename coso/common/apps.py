from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "coso.common"
    label = "common"
