"""Tests for nnlib.checks: right answers pass, each known mistake gets its hint, stubs fail.

Each lesson's answers live in tests/checks_lessonNN.py: right answers written the way the lessons'
exercises expect (plain NumPy, independently of nnlib, so a passing check really compares two
implementations), answers built on nnlib, and known mistakes with the hint each must get. This
module runs the same tests over all of them, plus tests of the machinery.
"""

import importlib
import re
from pathlib import Path

import numpy as np
import pytest
from _learner_answers import sigmoid
from checks_lesson07 import backward, normal_global_rng

from nnlib import checks
from nnlib.activations import softmax

_LESSON_FILES = sorted(Path(__file__).parent.glob("checks_lesson*.py"))
_MODULES = [importlib.import_module(p.stem) for p in _LESSON_FILES]

#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {name: entry for module in _MODULES for name, entry in module.RIGHT.items()}
NNLIB_ANSWERS = {name: a for module in _MODULES for name, a in module.NNLIB_ANSWERS.items()}
MISTAKES = [mistake for module in _MODULES for mistake in module.MISTAKES]


def test_every_public_check_is_tested():
    public = {name for name in checks.__all__ if name.startswith("check_")}
    assert public == set(RIGHT)
    assert public == set(NNLIB_ANSWERS)


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_answer_passes_with_one_line(name, hidden, capsys):
    check, funcs, n_visible, n_all = RIGHT[name]
    assert check(*funcs, hidden=hidden) is None
    n = n_all if hidden else n_visible
    assert capsys.readouterr().out == f"{name}: all {n} cases passed.\n"


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_nnlib_based_answers_pass_too(name, capsys):
    """The same checks accept answers built on nnlib itself (a second, independent route)."""
    RIGHT[name][0](*NNLIB_ANSWERS[name], hidden=True)
    assert "passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("check", "funcs", "hidden", "hint"), MISTAKES,
    ids=[f"{c.__name__}-{h or 'no hint'}"[:70] for c, _, _, h in MISTAKES],
)
def test_known_mistake_gets_its_hint(check, funcs, hidden, hint, capsys):
    with pytest.raises(AssertionError, match=f"{check.__name__}: case ") as info:
        check(*funcs, hidden=hidden)
    message = str(info.value)
    assert "failed (" in message
    if hint is None:  # an unrecognised wrong answer: no hint, but expected and received
        assert "Hint:" not in message and "expected" in message and "received" in message
    else:
        assert "Hint:" in message
        hint_line = message.split("Hint:", 1)[1]
        assert re.search(hint, hint_line), message
    assert capsys.readouterr().out == ""  # nothing printed when a check fails


def test_failure_message_names_case_expected_and_received():
    with pytest.raises(AssertionError) as info:
        checks.check_mse(lambda y, p: float(np.sum((y - p) ** 2)))
    lines = str(info.value).splitlines()
    assert lines[0] == (
        "check_mse: case 1 of 4 failed (the lesson's example [1, 0, 0, 1] vs [0, 0, 0, 0])."
    )
    assert lines[1] == "result: expected 0.5, received 2."  # (1 + 0 + 0 + 1) summed, not / 4
    assert lines[2].startswith("Hint: Your answer is the sum of the squared errors")


def test_array_mismatch_reports_largest_difference():
    wrong = lambda Z: softmax(Z) + np.eye(*Z.shape) * 0.5  # noqa: E731
    with pytest.raises(AssertionError, match=r"largest difference at index \[0, 0\]"):
        checks.check_softmax(wrong)


# ----- stubs, crashes, None, in-place changes ---------------------------------------------------

def _stub(*args, **kwargs):  # keywords too: e.g. backward(..., l2=0.7)
    raise NotImplementedError()


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_stub_fails_with_not_written_yet(name):
    check, funcs, _, _ = RIGHT[name]
    stubs = (_stub,) * len(funcs)
    with pytest.raises(AssertionError, match=r"not written yet \(it raised NotImplementedError\)"):
        check(*stubs)
    with pytest.raises(AssertionError, match="case 1 of"):
        check(*stubs, hidden=True)


def test_stub_message_names_the_function_and_the_fix():
    with pytest.raises(AssertionError) as info:
        checks.check_backward(_stub)
    message = str(info.value)
    assert "backward is not written yet" in message
    assert "Replace the line `raise NotImplementedError()`" in message


def test_other_exception_is_reported_with_its_type():
    def broken(z):
        raise ValueError("something specific")

    with pytest.raises(AssertionError, match="sigmoid raised ValueError: something specific"):
        checks.check_sigmoid(broken)


def test_missing_return_gets_a_hint():
    with pytest.raises(AssertionError, match="forget the `return`"):
        checks.check_softmax(lambda Z: None)


def test_modifying_any_input_in_place_fails():
    def sigmoid_clobbering(z):
        out = sigmoid(z)
        if isinstance(z, np.ndarray):
            z[...] = 0
        return out

    def backward_clobbering(Y, Y_hat, caches, loss):
        grads = backward(Y, Y_hat, caches, loss)
        caches[0][0][...] = 0  # A_prev of the first layer
        return grads

    with pytest.raises(AssertionError, match="changed its argument z in place"):
        checks.check_sigmoid(sigmoid_clobbering)
    with pytest.raises(AssertionError, match="changed its argument caches in place"):
        checks.check_backward(backward_clobbering)


def test_overflow_warnings_of_the_learner_are_silenced(recwarn):
    """The naive sigmoid overflows in np.exp for z = -1000 but its values are right."""
    checks.check_sigmoid(sigmoid, hidden=True)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_checks_are_deterministic(capsys):
    """Two runs raise the same message: the cases come from fixed seeds."""
    messages = []
    for _ in range(2):
        with pytest.raises(AssertionError) as info:
            checks.check_normal(normal_global_rng, hidden=True)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_failures_are_raised_explicitly_so_python_O_keeps_them():
    """The module never relies on assert statements (python -O removes them)."""
    import ast
    import inspect

    for module in (checks, *[importlib.import_module(f"nnlib.checks.{m}") for m in (
            "machinery", *[p.stem.replace("checks_", "") for p in _LESSON_FILES])]):
        tree = ast.parse(inspect.getsource(module))
        assert not [node for node in ast.walk(tree) if isinstance(node, ast.Assert)], module


def test_an_endless_loop_is_stopped_with_a_message(monkeypatch):
    from nnlib.checks import machinery

    monkeypatch.setattr(machinery, "TIME_LIMIT", 0.5)

    def sigmoid_forever(z):
        while True:
            pass

    with pytest.raises(AssertionError, match=r"(?s)sigmoid was still running after 0.5 s.*Hint: "
                                             r"Look for a loop that never ends"):
        checks.check_sigmoid(sigmoid_forever)
    checks.check_sigmoid(sigmoid)  # the timer is gone: a right answer still passes


def test_hints_speak_of_the_mistake_made():
    """A column bias, an in-place sigmoid and a transposed output each get their own words."""
    from nnlib.network import init_params

    def init_params_column_biases(layer_sizes, init="he", rng=None, dtype=np.float64):
        params = init_params(layer_sizes, init=init, rng=rng, dtype=dtype)
        return {k: v.reshape(-1, 1) if k[0] == "b" else v for k, v in params.items()}

    def sigmoid_in_place(z):
        if isinstance(z, np.ndarray):
            np.negative(z, out=z)
            return 1 / (1 + np.exp(z))
        return sigmoid(z)

    def forward_transposed(X, W1, b1, W2, b2):
        return sigmoid(sigmoid(X @ W1.T + b1) @ W2.T + b2).T

    for check, wrong, expected, unexpected in [
        (checks.check_init_params, init_params_column_biases, "store a bias as one number",
         "np.sum(dZ"),
        (checks.check_sigmoid, sigmoid_in_place, "A = 1 / (1 + np.exp(-Z))", "learning_rate"),
        (checks.check_network_forward, forward_transposed, "one row per example", "dW"),
    ]:
        with pytest.raises(AssertionError) as info:
            check(wrong)
        hint = str(info.value).split("Hint:", 1)[1]
        assert expected in hint and unexpected not in hint, hint
