"""nbgrader configuration for the course's exercise versions.

`make assignments` copies this file into the course directory it builds (assignments/ by default),
so every nbgrader command run from that folder (generate_assignment, autograde,
generate_feedback, export) uses it. See instructors/README.md.
"""

from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde
from nbgrader.preprocessors import OverwriteCells

c = get_config()  # noqa: F821 (nbgrader provides get_config when it loads this file)

# One assignment per lesson, named like the notebook: source/01_one_neuron/01_one_neuron.ipynb.
c.CourseDirectory.course_id = "nn-from-scratch"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# What a learner finds in place of a solution (nbgrader's default, stated here on purpose: the
# checks recognise the NotImplementedError and say "not written yet").
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Autograding runs every cell of a submission. Lesson 07 trains on the cat photos and lesson 08
# on MNIST for several minutes: allow long cells. nbgrader always keeps going after a learner's
# error, so that every graded cell gets its own score (its Execute.allow_errors is fixed to True
# and cannot be configured).
c.Execute.timeout = 1800
c.Execute.interrupt_on_timeout = True


# Autograding puts the recorded test cells back into every submission, and warns when a test
# cell differs from its record: "Attribute 'checksum' for cell l01_sigmoid_test has changed!".
# nbgrader records a test cell before it removes the hidden tests from the learner's copy, so
# every test cell with hidden tests (all of ours) looked changed in every submission. This
# version compares an untouched cell with the recorded cell as the learner received it: the
# warning is left for cells a learner really changed, which are replaced all the same.
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def without_hidden_tests(source):
    """A test cell's code as the learner received it (nbgrader's ClearHiddenTests, by line)."""
    lines, hidden = [], False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            lines.append(line)
    return "\n".join(lines)


class OverwriteTestCells(OverwriteCells):
    """nbgrader's OverwriteCells, without the false alarm on untouched cells with hidden tests."""

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            try:
                recorded = self.gradebook.find_source_cell(grade_id, self.notebook_id,
                                                           self.assignment_id)
            except MissingEntry:
                recorded = None  # nbgrader reports the unknown cell
            if (recorded is not None and recorded.locked
                    and cell.source == without_hidden_tests(recorded.source)):
                cell.source = recorded.source
        return super().preprocess_cell(cell, resources, cell_index)


c.Autograde.sanitize_preprocessors = [
    OverwriteTestCells if step is OverwriteCells else step
    for step in Autograde.sanitize_preprocessors.default()
]
