"""Tests for nnlib.metrics: accuracy and the confusion matrix, worked by hand."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.metrics import accuracy, confusion_matrix, to_labels


def test_accuracy_by_hand_with_probabilities():
    # probabilities > 0.5 -> [1, 0, 0, 1, 1]; truth [1, 0, 1, 1, 0]: equal at 0, 1, 3 -> 3/5
    y = np.array([1, 0, 1, 1, 0])
    P = np.array([[0.9], [0.4], [0.3], [0.8], [0.6]])
    assert accuracy(y, P) == 0.6


def test_accuracy_with_one_hot_and_score_rows():
    # argmax of the scores: [2, 0, 1, 1]; truth [2, 0, 0, 1]: 3 of 4 right
    Y = np.eye(3)[[2, 0, 0, 1]]
    scores = np.array([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.0, 1.0, 0.0]])
    assert accuracy(Y, scores) == 0.75
    assert accuracy(np.array([2, 0, 0, 1]), np.array([2, 0, 1, 1])) == 0.75


def test_confusion_matrix_by_hand():
    y_true = [0, 0, 1, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 2, 0]
    # row = true class, column = predicted class:
    # class 0: predicted 0 once, 1 once; class 1: 1 twice, 2 once; class 2: predicted 0 once
    expected = [[1, 1, 0],
                [0, 2, 1],
                [1, 0, 0]]
    C = confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(C, expected)
    assert C.sum() == 6 and np.trace(C) == 3  # 3 right: accuracy 3 / 6
    assert accuracy(np.array(y_true), np.array(y_pred)) == np.trace(C) / C.sum()


def test_confusion_matrix_n_classes_pads():
    # classes 0..3 announced, only 0 and 1 present
    C = confusion_matrix([0, 1], [1, 1], n_classes=4)
    assert C.shape == (4, 4)
    assert C[0, 1] == 1 and C[1, 1] == 1 and C.sum() == 2


def test_confusion_matrix_from_probabilities():
    # (m, 1) probabilities are thresholded at 0.5: [1, 0, 1]
    C = confusion_matrix(np.array([1, 0, 0]), np.array([[0.7], [0.2], [0.9]]))
    np.testing.assert_array_equal(C, [[1, 1], [0, 1]])


def test_to_labels():
    np.testing.assert_array_equal(to_labels(np.array([[0.2], [0.9]])), [0, 1])
    np.testing.assert_array_equal(to_labels(np.array([[0.1, 0.7, 0.2]])), [1])
    np.testing.assert_array_equal(to_labels(np.array([2.0, 0.0])), [2, 0])  # whole floats: labels
    np.testing.assert_array_equal(to_labels(np.array([0.3, 0.8])), [0, 1])  # else: probabilities
    np.testing.assert_array_equal(to_labels(np.array([[0.5], [0.5]]), threshold=0.4), [1, 1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=30))
def test_confusion_matrix_counts_every_example(pairs):
    y_true = np.array([t for t, _ in pairs])
    y_pred = np.array([p for _, p in pairs])
    C = confusion_matrix(y_true, y_pred, n_classes=5)
    assert C.sum() == len(pairs)
    np.testing.assert_array_equal(C.sum(axis=1), np.bincount(y_true, minlength=5))
    np.testing.assert_array_equal(C.sum(axis=0), np.bincount(y_pred, minlength=5))
    assert np.trace(C) / len(pairs) == pytest.approx(accuracy(y_true, y_pred))


def test_confusion_matrix_labels_beyond_n_classes_are_an_error():
    # true class 0 predicted as 2 with n_classes=2 must not be counted as (true 1, predicted 0)
    with pytest.raises(ValueError, match=r"confusion_matrix: .*n_classes"):
        confusion_matrix([0, 1], [2, 0], n_classes=2)
    with pytest.raises(ValueError, match=r"confusion_matrix: .*n_classes"):
        confusion_matrix([0, 2], [0, 2], n_classes=2)
