"""nbgrader configuration for the course's exercise versions.

`make assignments` copies this file into the course directory it builds (assignments/ by default),
so every nbgrader command run from that folder (generate_assignment, autograde,
generate_feedback, export) uses it. See instructors/README.md.
"""

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
# on MNIST for several minutes: allow long cells, and keep going after a learner's error so
# that every graded cell gets its own score.
c.Execute.timeout = 1800
c.Execute.allow_errors = True
c.Execute.interrupt_on_timeout = True
