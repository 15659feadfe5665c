"""Which tree guides a case: rules over the mention's intent, network and brand account, in YAML.

```yaml
rules:                    # first match wins; every key given must match (a list: any of)
  - {when: {intent: [crisis]}, tree: crisis_escalation}
  - {when: {intent: complaint, network: [x, facebook]}, tree: complaint_triage}
  - {when: {account: [acme_help]}, tree: sales_lead}      # a brand account's id or handle
default: complaint_triage
experiments:              # A/B: two published versions side by side, split by case
  - {tree: complaint_triage, versions: [1, 2], split: 50}  # percent of cases on the first
```

Rules name trees, not versions: a case gets the latest published version, so publishing a new
version moves every new case to it — unless an experiment splits that tree's cases between two
versions. The split is a hash of (tree, case), so a case always gets the same version, on every
workstation, offline too, and the report can compare the two arms. Pure: the hub checks that the
trees named are published (``horseshoe-hub trees rules``), the panel reads the rules from the cache.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.domain.intent import Intent
from console.domain.network import Network
from console.guidance.problems import Problem, error
from console.guidance.yaml_lines import JsonPath, line_of, read_yaml

RULE = "choice-rules"  # the rule name of every problem found in a rules file but its YAML syntax
_TREE_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")  # as resources/trees/schema.json's identifier
_TOP_KEYS = ("rules", "default", "experiments")
_RULE_KEYS = ("when", "tree")
_WHEN_KEYS = ("intent", "network", "account")
_EXPERIMENT_KEYS = ("tree", "versions", "split")
_BUCKETS = 10_000  # a split is honoured to a hundredth of a percent


class ChoiceRulesError(ValueError):
    """A rules file that cannot be used; ``problems`` says where and why, one per finding."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    number: int  # 1-based position in the file, as the "why" names it
    intents: frozenset[str]  # empty: any intent
    networks: frozenset[str]  # empty: any network
    accounts: frozenset[str]  # brand account ids or handles, as written; empty: any
    tree: str
    line: int
    handles: frozenset[str] = frozenset()  # ``accounts`` as handles compare: lower case, no '@'

    def matches(self, intent: str, network: str, account_id: str, account_handle: str) -> bool:
        return (
            (not self.intents or intent in self.intents)
            and (not self.networks or network in self.networks)
            and (not self.accounts or account_id in self.accounts or _handle(account_handle) in self.handles)
        )

    def describe(self) -> str:
        parts = [
            f"{name} {' or '.join(sorted(values))}"
            for name, values in (
                ("intent", self.intents),
                ("network", self.networks),
                ("account", self.accounts),
            )
            if values
        ]
        return f"rule {self.number} ({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class Experiment:
    tree: str
    versions: tuple[int, int]  # (first, second)
    split: float  # percent of cases on the first version
    line: int


@dataclass(frozen=True, slots=True)
class Choice:
    tree_id: str
    version: int
    why: str  # one sentence for the panel: which rule chose the tree, and the A/B arm if any
    arm: str | None  # "A" (the experiment's first version) or "B"; None outside an experiment


@dataclass(frozen=True, slots=True)
class ChoiceRules:
    rules: tuple[ChoiceRule, ...]
    default: str
    experiments: tuple[Experiment, ...] = ()
    source_name: str = ""

    @classmethod
    def parse(cls, text: str, source_name: str = "choice.yaml") -> "ChoiceRules":
        """Read a rules file; raises ChoiceRulesError listing every problem with its line."""
        return _Parser(source_name, text).parse()

    @property
    def trees(self) -> frozenset[str]:
        """Every tree id the rules, the default and the experiments name."""
        named = {rule.tree for rule in self.rules} | {self.default}
        return frozenset(named | {experiment.tree for experiment in self.experiments})

    def experiment(self, tree_id: str) -> Experiment | None:
        return next((e for e in self.experiments if e.tree == tree_id), None)


def choose(
    rules: ChoiceRules,
    *,
    intent: str,
    network: str,
    account_id: str,
    account_handle: str,
    case_id: str,
    latest: Mapping[str, int],
) -> Choice | None:
    """The tree and version for a case, and why.

    ``latest`` maps each published tree to its latest version. A rule whose tree is not there (a
    cache still syncing) is passed over, and the why says so; None when no tree named, default
    included, is published.
    """
    passed: list[str] = []
    for rule in rules.rules:
        if rule.matches(str(intent), str(network), account_id, account_handle):
            if rule.tree in latest:
                return _versioned(rules, rule.tree, rule.describe(), case_id, latest, passed)
            passed.append(f"{rule.describe()} names {rule.tree}, which is not published")
    if rules.default not in latest:
        return None
    return _versioned(rules, rules.default, "the default (no rule matched)", case_id, latest, passed)


def first_arm(case_id: str, tree_id: str, split: float) -> bool:
    """Whether the case takes an experiment's first version: stable, and true for ~``split``% of cases."""
    digest = hashlib.sha256(f"{tree_id}\x1f{case_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % _BUCKETS < round(split * _BUCKETS / 100)


def _versioned(
    rules: ChoiceRules, tree_id: str, reason: str, case_id: str, latest: Mapping[str, int], passed: list[str]
) -> Choice:
    why = f"{reason}: {tree_id}"
    suffix = f" ({'; '.join(passed)})" if passed else ""
    experiment = rules.experiment(tree_id)
    if experiment is not None and max(experiment.versions) <= latest[tree_id]:
        first = first_arm(case_id, tree_id, experiment.split)
        version, arm = (experiment.versions[0], "A") if first else (experiment.versions[1], "B")
        share = experiment.split if first else 100 - experiment.split
        why += f", version {version} (A/B test: arm {arm}, {share:g}% of cases)"
        return Choice(tree_id, version, why + suffix, arm)
    return Choice(tree_id, latest[tree_id], f"{why}, latest version {latest[tree_id]}{suffix}", None)


def _handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


class _Parser:
    def __init__(self, name: str, text: str):
        self.name, self.text = name, text
        self.problems: list[Problem] = []
        self.lines: dict[JsonPath, int] = {}

    def parse(self) -> ChoiceRules:
        read = read_yaml(self.name, self.text)
        self.lines = read.lines
        self.problems += read.problems
        document = read.document
        if read.read and not isinstance(document, dict):
            self._problem((), "the file must be a mapping with 'rules' and 'default'")
        if self.problems:
            raise ChoiceRulesError(tuple(self.problems))
        self._keys(document, (), _TOP_KEYS)
        rules = tuple(self._rules(document.get("rules", [])))
        default = ""
        if "default" not in document:
            self._problem((), "'default' is missing: the tree for a case no rule matches")
        else:
            default = self._tree_id(document["default"], ("default",))
        experiments = tuple(self._experiments(document.get("experiments", [])))
        if self.problems:
            raise ChoiceRulesError(tuple(sorted(self.problems, key=lambda p: p.line)))
        return ChoiceRules(rules, default, experiments, self.name)

    def _problem(self, path: JsonPath, message: str) -> None:
        self.problems.append(error(self.name, line_of(self.lines, path), "", RULE, message))

    def _keys(self, mapping: dict, path: JsonPath, allowed: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                self._problem((*path, key), f"unknown key {key!r} (expected {', '.join(allowed)})")

    def _list(self, value: Any, path: JsonPath, what: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self._problem(path, f"'{path[-1]}' must be a list of {what}")
            return []
        return value

    def _rules(self, value: Any) -> list[ChoiceRule]:
        found = []
        for index, raw in enumerate(self._list(value, ("rules",), "rules")):
            path: JsonPath = ("rules", index)
            if not isinstance(raw, dict):
                self._problem(path, "a rule is a mapping: {when: {...}, tree: ID}")
                continue
            self._keys(raw, path, _RULE_KEYS)
            when = raw.get("when")
            if not isinstance(when, dict) or not when:
                self._problem(
                    (*path, "when"),
                    "a rule needs 'when' with intent, network or account (the default catches the rest)",
                )
                when = {}
            self._keys(when, (*path, "when"), _WHEN_KEYS)
            intents = self._values(when, (*path, "when"), "intent", {i.value for i in Intent})
            networks = self._values(when, (*path, "when"), "network", {n.value for n in Network})
            accounts = self._values(when, (*path, "when"), "account", None)
            if "tree" not in raw:
                self._problem(path, "a rule needs 'tree': the id of the tree it chooses")
            tree = self._tree_id(raw.get("tree"), (*path, "tree")) if "tree" in raw else ""
            line = line_of(self.lines, path)
            handles = frozenset(map(_handle, accounts))
            found.append(ChoiceRule(index + 1, intents, networks, accounts, tree, line, handles))
        return found

    def _values(self, when: dict, path: JsonPath, key: str, allowed: set[str] | None) -> frozenset[str]:
        if key not in when:
            return frozenset()
        raw = when[key]
        values = raw if isinstance(raw, list) else [raw]
        where = (*path, key)
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            self._problem(where, f"'{key}' must be a name or a non-empty list of names")
            return frozenset()
        for value in values:
            if allowed is not None and value not in allowed:
                self._problem(where, f"unknown {key} {value!r} (one of {', '.join(sorted(allowed))})")
        return frozenset(values)

    def _tree_id(self, value: Any, path: JsonPath) -> str:
        if not isinstance(value, str) or not _TREE_ID.match(value):
            self._problem(path, f"{value!r} is not a tree id (lower-case letters and digits joined by '_')")
            return ""
        return value

    def _experiments(self, value: Any) -> list[Experiment]:
        found: list[Experiment] = []
        for index, raw in enumerate(self._list(value, ("experiments",), "experiments")):
            path: JsonPath = ("experiments", index)
            if not isinstance(raw, dict):
                self._problem(path, "an experiment is a mapping: {tree: ID, versions: [A, B], split: N}")
                continue
            self._keys(raw, path, _EXPERIMENT_KEYS)
            tree = self._tree_id(raw.get("tree"), (*path, "tree"))
            versions = raw.get("versions")
            if not (
                isinstance(versions, list)
                and len(versions) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in versions)
                and versions[0] != versions[1]
            ):
                self._problem((*path, "versions"), "'versions' must be two different versions, [A, B]")
                versions = [0, 0]
            split = raw.get("split", 50)
            if isinstance(split, bool) or not isinstance(split, int | float) or not 0 <= split <= 100:
                self._problem((*path, "split"), "'split' must be a percentage from 0 to 100")
                split = 50
            if tree and any(e.tree == tree for e in found):
                self._problem((*path, "tree"), f"{tree!r} already has an experiment: one per tree")
            line = line_of(self.lines, path)
            found.append(Experiment(tree, (versions[0], versions[1]), float(split), line))
        return found
