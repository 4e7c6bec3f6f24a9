import pytest

from xuehui.meetings.models import Meeting


@pytest.mark.parametrize(
    ("expected", "actual", "short"),
    [
        (60, 40, False),
        (60, 39, True),
        (3, 2, False),
        (3, 1, True),
        (None, 10, False),
        (10, None, False),
    ],
)
def test_attendance_is_short_below_two_thirds(expected, actual, short):
    meeting = Meeting(expected_attendance=expected, actual_attendance=actual)
    assert meeting.attendance_short is short
