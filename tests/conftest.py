"""Shared personas: the apparatus of a small district with one user per role, and an outsider."""

from types import SimpleNamespace

import pytest

from akimat.models import OrgUnit, Supervision
from akimat.roles import Role
from tests.factories import make_person, make_unit


@pytest.fixture
def org(db):
    """Units of a small apparatus: leadership, general and finance departments, an external body."""
    apparatus = make_unit("Apparatus", kind=OrgUnit.Kind.APPARATUS)
    return SimpleNamespace(
        apparatus=apparatus,
        leadership=make_unit("Leadership", kind=OrgUnit.Kind.LEADERSHIP, parent=apparatus),
        general=make_unit("General department", parent=apparatus, function=OrgUnit.Function.GENERAL, index="01-12"),
        finance=make_unit("Finance department", parent=apparatus, function=OrgUnit.Function.FINANCE, index="01-15"),
        external=make_unit("Rural akim of Aksu", kind=OrgUnit.Kind.RURAL_AKIM),
    )


@pytest.fixture
def registrar(org):
    return make_person("registrar", unit=org.general, roles=(Role.REGISTRAR,)).user


@pytest.fixture
def akim(org):
    return make_person("akim", unit=org.leadership, roles=(Role.AKIM,)).user


@pytest.fixture
def deputy(org):
    person = make_person("deputy", unit=org.leadership, roles=(Role.DEPUTY_AKIM,))
    Supervision.objects.create(supervisor=person, unit=org.finance)
    return person.user


@pytest.fixture
def head_of_apparatus(org):
    return make_person("head_of_apparatus", unit=org.leadership, roles=(Role.HEAD_OF_APPARATUS,)).user


@pytest.fixture
def department_head(org):
    person = make_person("department_head", unit=org.finance, roles=(Role.DEPARTMENT_HEAD,))
    org.finance.head = person
    org.finance.save(update_fields=["head"])
    return person.user


@pytest.fixture
def general_head(org):
    """The head of the general department, the controlling unit of 003 §12.4(2): a department head by role."""
    person = make_person("general_head", unit=org.general, roles=(Role.DEPARTMENT_HEAD,))
    org.general.head = person
    org.general.save(update_fields=["head"])
    return person.user


@pytest.fixture
def executor(org):
    return make_person("executor", unit=org.finance, roles=(Role.EXECUTOR,)).user


@pytest.fixture
def auditor(org):
    return make_person("auditor", unit=org.apparatus, roles=(Role.AUDITOR,)).user


@pytest.fixture
def outsider(org):
    """Signed in, but belongs to an external body and holds no role in the apparatus."""
    return make_person("outsider", unit=org.external).user


@pytest.fixture(scope="session", autouse=True)
def _no_task_left_queued():
    """Tasks published with no worker to run them (after-commit e-mails and the like) go to this run's own queue
    (tests/settings.py); it is deleted at the end, so a run against an external Redis leaves nothing queued."""
    yield
    from django.conf import settings

    from tests.worker import delete_queue

    delete_queue(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.fixture(autouse=True)
def _fresh_shared_caches():
    """The calendar version and the regulation rules live in Redis, which a test's rollback does not undo.

    The active language is thread-local: a request through LocaleMiddleware leaves it set, so it is reset too.
    """
    from django.utils import translation

    from akimat import reglament, workdays

    workdays.bump_version()
    workdays.forget_snapshot()
    reglament.invalidate_cache()
    yield
    translation.deactivate()
    workdays.bump_version()
    workdays.forget_snapshot()
    reglament.invalidate_cache()


#: the longest tests, run first: with pytest-xdist each goes to its own worker at the start and the short tests
#: fill the rest, rather than a long one starting last and running alone (a 10-minute run became ~7)
LONGEST_FIRST = (
    "tests/test_bad_input.py::test_issue11_p6_no_page_answers_500_or_writes_on_bad_input",
    "tests/test_access_matrix.py::test_issue11_p8_no_role_sees_counts_or_acts_on_what_it_may_not",
)


def pytest_collection_modifyitems(config, items):
    rank = {nodeid: index for index, nodeid in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))  # stable: the others keep their order
