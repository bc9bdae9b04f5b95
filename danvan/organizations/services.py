"""Domain rules for organisations. The web UI, the API, the importer and the CLI all call these."""
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError, NotInScope
from danvan.core.counting import count_keeper
from danvan.core.services import create_record, require_editable, save_versioned
from danvan.organizations.models import Organization


def _check_placement(org: Organization) -> None:
    if org.unit_id is None:
        raise DomainError(_("Cần chọn đơn vị hành chính."), field="unit")
    if org.unit.historic:
        raise DomainError(
            _("Chỉ đặt tổ chức vào đơn vị hành chính hiện hành (sau 01/07/2025), không vào đơn vị cũ."), field="unit",
        )
    parent = org.parent
    seen = set()
    while parent is not None and parent.pk not in seen:
        if org.pk and parent.pk == org.pk:
            raise DomainError(
                _("Tổ chức cấp trên không được là chính nó hoặc tổ chức cấp dưới của nó."), field="parent",
            )
        seen.add(parent.pk)
        parent = parent.parent


def _require_editable_after_save(org: Organization, user) -> None:
    # The record, as placed, must fall in the user's scope: the same scoping rule as every list,
    # so nobody can create or move an organisation into another commune.
    if user is not None and not Organization.all_objects.editable_by(user).filter(pk=org.pk).exists():
        raise NotInScope(_("Đơn vị hành chính hoặc tổ chức cấp trên không thuộc phạm vi của bạn."), field="unit")


def create_organization(org: Organization, *, user=None) -> Organization:
    """Create an organisation in a current unit, only where the user may then edit it."""
    _check_placement(org)
    with transaction.atomic():
        create_record(org, user=user)
        _require_editable_after_save(org, user)
    return org


def update_organization(org: Organization, *, expected_version: int, user=None) -> Organization:
    """Save an edit with optimistic locking; the organisation may not leave the user's scope."""
    require_editable(org, user)
    _check_placement(org)
    org.full_clean()
    old_kind = Organization.all_objects.filter(pk=org.pk).values_list("kind", flat=True).first()
    with transaction.atomic():
        save_versioned(org, expected_version=expected_version, user=user)
        # The records' counts by organisation kind follow the organisation (settings.COUNT_KEEPER).
        count_keeper().organization_kind_changed(org, old_kind)
        _require_editable_after_save(org, user)
    return org
