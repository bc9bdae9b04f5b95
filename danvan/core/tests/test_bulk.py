"""core.bulk: rows written with ids reserved ahead, and the ids handed out afterwards."""
import pytest

from danvan.core.bulk import ReservedIds, RowWriter, reserve_ids
from danvan.core.models import AuditBatch

pytestmark = pytest.mark.django_db(transaction=False)


def test_reserved_ids_are_written_as_given_and_never_handed_out_again():
    writer = RowWriter(AuditBatch)
    [first] = writer.insert([{"action": "seed", "description": "trước"}])
    reserved = reserve_ids(AuditBatch, 3)
    assert len(set(reserved)) == 3 and min(reserved) > first
    # Written later, pointing rows can already name them; and in any order.
    rows = [{"id": pk, "action": "seed", "description": f"giữ chỗ {pk}"} for pk in reversed(reserved)]
    assert writer.insert(rows) == list(reversed(reserved))
    # A row without an id gets a new one, after the reserved block.
    [after] = writer.insert([{"action": "seed", "description": "sau"}])
    assert after > max(reserved)
    assert dict(AuditBatch.objects.values_list("pk", "description")) == {
        first: "trước", after: "sau", **{pk: f"giữ chỗ {pk}" for pk in reserved}}


def test_ids_are_reserved_a_block_at_a_time():
    ids = ReservedIds(AuditBatch, block=2)
    taken = [ids() for _ in range(5)]
    assert len(set(taken)) == 5 and taken == sorted(taken)
    assert min(reserve_ids(AuditBatch, 1)) > max(taken)


def test_rows_with_and_without_ids_are_not_mixed():
    with pytest.raises(ValueError):
        RowWriter(AuditBatch).insert([{"id": reserve_ids(AuditBatch, 1)[0], "action": "seed"}, {"action": "seed"}])
