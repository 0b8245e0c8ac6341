"""The processes tests start never outlive them: ``tests.conftest.started`` ends each one
(SIGTERM, then SIGKILL) and reaps it however its block ends, and a test run as a
background job (which ignores Ctrl-C) still gives its children a working Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import started

STUBBORN = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready", flush=True)
time.sleep(600)
"""

SIGINT_STATE = """
import signal
print("default" if signal.getsignal(signal.SIGINT) is signal.default_int_handler else "ignored")
"""


def _gone(pid: int) -> bool:
    """Whether ``pid`` is no child of this process any more (reaped, not a zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_process_that_ignores_sigterm_is_killed_and_reaped_when_its_test_fails():
    begun = time.monotonic()
    with pytest.raises(AssertionError, match="the test failed"):
        with started(
            [sys.executable, "-c", STUBBORN], stop_within=0.5, stdout=subprocess.PIPE, text=True
        ) as process:
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
            raise AssertionError("the test failed")
    assert process.returncode == -signal.SIGKILL
    assert _gone(process.pid) and process.stdout.closed
    assert time.monotonic() - begun < 10  # SIGTERM, half a second, SIGKILL: no long wait


def test_a_process_that_ends_on_sigterm_is_not_killed():
    with started([sys.executable, "-c", "import time; time.sleep(600)"]) as process:
        pass
    assert process.returncode == -signal.SIGTERM and _gone(process.pid)


def test_children_of_a_background_job_still_take_ctrl_c():
    """A background job ignores SIGINT and its children inherit that; ``started`` gives
    them Ctrl-C back, so that a test can stop ``kb watch`` as an editor does."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under ``pytest &``
    try:
        with started([sys.executable, "-c", SIGINT_STATE], stdout=subprocess.PIPE, text=True) as p:
            out, _err = p.communicate(timeout=30)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # the job's own is kept
    finally:
        signal.signal(signal.SIGINT, previous)
    assert out == "default\n"
