"""Helper threads a ranking overlaps its own work with."""
import os
import threading

import pytest

from embeddings import overlap


def test_a_helper_runs_the_work_on_another_thread_and_gives_back_its_result():
    job = overlap.start(lambda a, b: (a + b, threading.current_thread().name), 2, 3)

    total, thread = job.result(timeout=5)

    assert total == 5 and thread.startswith("overlap") and thread != threading.current_thread().name


def test_what_the_work_raised_is_raised_by_result():
    def fails():
        raise ValueError("bad terms")

    with pytest.raises(ValueError, match="bad terms"):
        overlap.start(fails).result(timeout=5)


def test_a_forked_child_gets_helpers_of_its_own():
    overlap.start(int).result(timeout=5)  # the parent's pool exists before the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its parent's helper threads did not survive the fork
        ok = False
        try:
            ok = overlap.start(lambda: os.getpid()).result(timeout=5) == os.getpid()
        finally:
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)

    assert answer == b"1"
