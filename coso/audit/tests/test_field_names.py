"""The admin pages the boards use read in Vietnamese: every registered model's name and every field's.

Django derives a field's name from its attribute when the model gives none ("established on");
coso/audit/field_names.py puts those under gettext. This test finds any name still the same in
Vietnamese as in English, so a new field or model cannot reach the admin in English.
"""

import pytest
from django.contrib import admin
from django.utils import translation

# Names that read the same in Vietnamese, each with its reason.
SAME_IN_VIETNAMESE = {"ID": "an abbreviation Vietnamese uses as is", "API": "idem"}


def _names():
    for model in admin.site._registry:
        yield f"{model._meta.label} (model)", model._meta.verbose_name
        yield f"{model._meta.label} (model, plural)", model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            if hasattr(field, "verbose_name") and not field.auto_created:
                yield f"{model._meta.label}.{field.name}", field.verbose_name


@pytest.mark.parametrize(("where", "name"), list(_names()), ids=lambda value: str(value))
def test_every_admin_name_has_vietnamese(where, name):
    with translation.override("vi"):
        vietnamese = str(name)
    with translation.override("en"):
        english = str(name)
    assert vietnamese != english or english in SAME_IN_VIETNAMESE, f"{where}: “{english}” has no Vietnamese"


def test_the_admin_titles_name_the_product_in_vietnamese():
    with translation.override("vi"):
        assert str(admin.site.site_header) == "Cơ Sở — trang quản trị"
        assert "Django" not in str(admin.site.site_title) + str(admin.site.index_title)
