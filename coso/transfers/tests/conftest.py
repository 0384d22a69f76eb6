import pytest

from coso.organizations.models import OrgKind
from coso.testing.factories import make_org


@pytest.fixture
def second_cell(world):
    """A second cell of commune C01 (district D01): the receiving end of transfers within the board's scope."""
    return make_org(
        name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell", code="C01-02"
    )
