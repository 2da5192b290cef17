"""Loading an encoder under a watchdog, so that a load that hangs fails its tests instead of stalling the run."""
from __future__ import annotations

import threading

import pytest

from embeddings.encoder import Encoder

# A model name that no machine has, for reaching the next candidate of a chain.
UNLOADABLE = "no-such-org/no-such-model"
# Loading takes a few seconds; far longer means it hangs, and a hung load should fail its tests, not stall the run.
LOAD_TIMEOUT = 120


def loaded(encoder: Encoder, timeout: float = LOAD_TIMEOUT) -> Encoder:
    """The encoder with its model loaded, or a failed test if loading does not finish within `timeout` seconds."""
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            encoder.model_id  # noqa: B018 - the first use loads the model
        except BaseException as exc:  # handed back to the test's thread
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=load, name=f"load {encoder.requested}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"loading an encoder for {encoder.requested!r} (candidates {encoder.candidates}) "
                    f"did not finish within {timeout} s")
    if outcome[0] is not None:
        raise outcome[0]
    return encoder
