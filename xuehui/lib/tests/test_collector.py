import gc

from xuehui.lib.collector import paused_collector


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
        with paused_collector():  # nested: the outer block restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_an_error_inside_restores_the_collector():
    try:
        with paused_collector():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
