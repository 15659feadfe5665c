"""A tree's own test cases, run through a real Session: context values and answers in, the path and
disposition compared with what the test expects.

Where a test gives no answer, the session goes as an agent pressing the one key would: a question
takes its suggestion (a test failure when nothing is suggested), an action succeeds. An input needs
its answer. Answers name nodes of the tree under test only: in a tree it calls, questions take their
suggestions (a failure where there is none) and actions succeed. A node passed twice gets the same
answer each time, so a test that would go round a loop forever fails once the session has taken
more steps than four times the tree's nodes.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

from console.guidance.problems import Problem, error
from console.guidance.runner import Resolver, RunnerError, Session
from console.guidance.tree import ActionNode, EscalateNode, InputNode, QuestionNode, Tree, TreeTest

RULE = "test-failed"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def run_tests(tree: Tree, resolver: Resolver | None = None) -> list[Problem]:
    """One ``test-failed`` error per test case whose path or disposition is not what it expects."""
    problems: list[Problem] = []
    for test in tree.tests:
        message = _failure(tree, test, resolver)
        if message is not None:
            problems.append(error(tree.file, test.path_line, "", RULE, f"test {test.name!r}: {message}"))
    return problems


def run_test(tree: Tree, test: TreeTest, resolver: Resolver | None = None) -> Session:
    """The session a test case drives, as far as it goes (RunnerError where an answer does not fit)."""
    session = Session(tree, dict(test.variables), clock=lambda: _EPOCH, resolver=resolver)
    session.start()
    limit = 4 * len(tree.nodes) + 4
    while session.ended is None:
        if len(session.steps) > limit:
            raise RunnerError("the answers go round a loop without end")
        node = session.current
        assert node is not None
        own = session.current_tree is tree
        given = test.answers.get(node.id) if own else None
        if not own and isinstance(node, QuestionNode) and session.suggestion is None:
            where = session.step.tree if session.step else ""
            raise RunnerError(
                f"{node.id} in the called tree {where} suggests nothing, and a test answers only its own tree"
            )
        if given is not None:
            session.answer(given if isinstance(given, str) else _mapping(given))
        elif isinstance(node, ActionNode | QuestionNode | EscalateNode):
            session.accept()
        elif isinstance(node, InputNode):
            raise RunnerError(f"the test gives no answer for the input {node.id!r}")
    return session


def _failure(tree: Tree, test: TreeTest, resolver: Resolver | None) -> str | None:
    try:
        session = run_test(tree, test, resolver)
    except RunnerError as failure:
        return str(failure)
    if session.path != test.path:
        return f"went {' → '.join(session.path)}, not {' → '.join(test.path)}"
    if session.disposition != test.disposition:
        return f"ended with {session.disposition!r}, not {test.disposition!r}"
    return None


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise RunnerError(f"answer {value!r} is neither an option nor field values")
    return value
