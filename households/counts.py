"""The database triggers that keep CoverageCount and AnswerCount (models.py), as portal.count_triggers describes.

A campaign household is counted under its campaign, its household's building, its assignee (NOBODY for
none), its status and its tries (those of a household not at home or refusing, 0 for the others): the
triggers on the campaign households take a row out of the count it was in and put it in the one it is now
in; the trigger on households does the same for the campaign households of a household moved to another
building. An answer is counted under its question and value when its question is not free text and its
visit found the door open; the trigger on visits moves a visit's answers in or out when its outcome
changes. The statements are written once for both engines (row values, INSERT … SELECT … ON CONFLICT).
"""

from portal.count_triggers import CountTriggers

from .models import NOBODY, Outcome, Question, Target

COVERAGE = "households_coveragecount"
COVERAGE_KEY = "campaign_id, building_id, assignee, status, tries"
ANSWERS = "households_answercount"
VISITED = f"'{Outcome.VISITED}'"
TEXT = f"'{Question.Kind.TEXT}'"


def _tries(row: str) -> str:
    absent, refused = Target.Status.ABSENT, Target.Status.REFUSED
    return f"CASE WHEN {row}.status IN ('{absent}', '{refused}') THEN {row}.tries ELSE 0 END"


def _target(row: str, building: str) -> str:
    """A campaign household's count, as the columns of COVERAGE_KEY."""
    return f"{row}.campaign_id, {building}, COALESCE({row}.assignee_id, {NOBODY}), {row}.status, {_tries(row)}"


def _building_of(row: str) -> str:
    return f"(SELECT building_id FROM households_household WHERE id = {row}.household_id)"


def _add(select: str, table: str, key: str) -> str:
    # `WHERE` is always there: SQLite reads ON CONFLICT after a bare SELECT … FROM as part of a join.
    return f"INSERT INTO {table} ({key}, n) {select} ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + 1"


def count_target(row: str) -> str:
    return _add(f"SELECT {_target(row, _building_of(row))}, 1 WHERE TRUE", COVERAGE, COVERAGE_KEY)


def uncount_target(row: str) -> str:
    return f"UPDATE {COVERAGE} SET n = n - 1 WHERE ({COVERAGE_KEY}) = ({_target(row, _building_of(row))})"


def _targets_of(household: str) -> str:
    return f"FROM households_target t WHERE t.household_id = {household}.id"


# A household moved: each of its campaign households (one per campaign, so one count each) moves too.
UNCOUNT_MOVED = (
    f"UPDATE {COVERAGE} SET n = n - 1 WHERE ({COVERAGE_KEY}) IN (SELECT {_target('t', 'OLD.building_id')} "
    f"{_targets_of('OLD')})"
)
COUNT_MOVED = _add(f"SELECT {_target('t', 'NEW.building_id')}, 1 {_targets_of('NEW')}", COVERAGE, COVERAGE_KEY)


def _counted_answer(row: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM households_visit v WHERE v.id = {row}.visit_id AND v.outcome = {VISITED}) "
        f"AND EXISTS (SELECT 1 FROM households_question q WHERE q.id = {row}.question_id AND q.kind <> {TEXT})"
    )


def count_answer(row: str) -> str:
    return _add(f"SELECT {row}.question_id, {row}.value, 1 WHERE {_counted_answer(row)}", ANSWERS, "question_id, value")


def uncount_answer(row: str) -> str:
    return (
        f"UPDATE {ANSWERS} SET n = n - 1 WHERE question_id = {row}.question_id AND value = {row}.value "
        f"AND {_counted_answer(row)}"
    )


def _answers_of(visit: str) -> str:
    return (
        "FROM households_answer a JOIN households_question q ON q.id = a.question_id "
        f"WHERE a.visit_id = {visit}.id AND q.kind <> {TEXT}"
    )


# A visit's outcome changed to or from "visited": its answers (one per question) join or leave the tally.
COUNT_VISIT = _add(f"SELECT a.question_id, a.value, 1 {_answers_of('NEW')}", ANSWERS, "question_id, value")
UNCOUNT_VISIT = (
    f"UPDATE {ANSWERS} SET n = n - 1 WHERE (question_id, value) IN (SELECT a.question_id, a.value {_answers_of('OLD')})"
)

TARGET_COLUMNS = "campaign_id, household_id, assignee_id, status, tries"


def _changed(columns: str, differ: str) -> str:
    """Whether an update changed any of these columns: `differ` is IS DISTINCT FROM, or SQLite's IS NOT."""
    old, new = (", ".join(f"{row}.{c.strip()}" for c in columns.split(",")) for row in ("OLD", "NEW"))
    return f"({old}) {differ} ({new})"


ANSWER_COLUMNS = "visit_id, question_id, value"


def _plpgsql(name: str, table: str, events: str, body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{body}
    RETURN NULL;
END $$;
CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();
"""


def _row_body(changed: str, count, uncount) -> str:
    return f"""    IF TG_OP = 'UPDATE' AND NOT {changed} THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {uncount("OLD")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {count("NEW")};
    END IF;"""


POSTGRESQL = (
    _plpgsql(
        "households_count_target",
        "households_target",
        f"INSERT OR DELETE OR UPDATE OF {TARGET_COLUMNS}",
        _row_body(_changed(TARGET_COLUMNS, "IS DISTINCT FROM"), count_target, uncount_target),
    ),
    _plpgsql(
        "households_count_moved",
        "households_household",
        "UPDATE OF building_id",
        f"""    IF OLD.building_id <> NEW.building_id THEN
        {UNCOUNT_MOVED};
        {COUNT_MOVED};
    END IF;""",
    ),
    _plpgsql(
        "households_count_answer",
        "households_answer",
        f"INSERT OR DELETE OR UPDATE OF {ANSWER_COLUMNS}",
        _row_body(_changed(ANSWER_COLUMNS, "IS DISTINCT FROM"), count_answer, uncount_answer),
    ),
    _plpgsql(
        "households_count_visit",
        "households_visit",
        "UPDATE OF outcome",
        f"""    IF OLD.outcome = {VISITED} AND NEW.outcome <> {VISITED} THEN
        {UNCOUNT_VISIT};
    ELSIF NEW.outcome = {VISITED} AND OLD.outcome <> {VISITED} THEN
        {COUNT_VISIT};
    END IF;""",
    ),
)
POSTGRESQL_REVERSE = tuple(
    f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    for name, table in [
        ("households_count_target", "households_target"),
        ("households_count_moved", "households_household"),
        ("households_count_answer", "households_answer"),
        ("households_count_visit", "households_visit"),
    ]
)


def _sqlite(name: str, event: str, table: str, statements: list[str], when: str = "") -> str:
    when = f" WHEN {when}" if when else ""
    body = "".join(f"\n    {statement};" for statement in statements)
    return f"CREATE TRIGGER {name} AFTER {event} ON {table}{when} BEGIN{body}\nEND"


SQLITE_TRIGGERS = {
    "households_count_target_insert": ("INSERT", "households_target", [count_target("NEW")], ""),
    "households_count_target_update": (
        f"UPDATE OF {TARGET_COLUMNS}",
        "households_target",
        [uncount_target("OLD"), count_target("NEW")],
        _changed(TARGET_COLUMNS, "IS NOT"),
    ),
    "households_count_target_delete": ("DELETE", "households_target", [uncount_target("OLD")], ""),
    "households_count_moved": (
        "UPDATE OF building_id",
        "households_household",
        [UNCOUNT_MOVED, COUNT_MOVED],
        "OLD.building_id <> NEW.building_id",
    ),
    "households_count_answer_insert": ("INSERT", "households_answer", [count_answer("NEW")], ""),
    "households_count_answer_update": (
        f"UPDATE OF {ANSWER_COLUMNS}",
        "households_answer",
        [uncount_answer("OLD"), count_answer("NEW")],
        _changed(ANSWER_COLUMNS, "IS NOT"),
    ),
    "households_count_answer_delete": ("DELETE", "households_answer", [uncount_answer("OLD")], ""),
    "households_count_visit_out": (
        "UPDATE OF outcome",
        "households_visit",
        [UNCOUNT_VISIT],
        f"OLD.outcome = {VISITED} AND NEW.outcome <> {VISITED}",
    ),
    "households_count_visit_in": (
        "UPDATE OF outcome",
        "households_visit",
        [COUNT_VISIT],
        f"NEW.outcome = {VISITED} AND OLD.outcome <> {VISITED}",
    ),
}
SQLITE = tuple(_sqlite(name, *spec) for name, spec in SQLITE_TRIGGERS.items())
SQLITE_REVERSE = tuple(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS)

FILL = (
    f"INSERT INTO {COVERAGE} ({COVERAGE_KEY}, n) SELECT {_target('t', 'h.building_id')}, COUNT(*) "
    "FROM households_target t JOIN households_household h ON h.id = t.household_id "
    f"GROUP BY {_target('t', 'h.building_id')}",
    f"INSERT INTO {ANSWERS} (question_id, value, n) SELECT a.question_id, a.value, COUNT(*) "
    "FROM households_answer a JOIN households_question q ON q.id = a.question_id "
    "JOIN households_visit v ON v.id = a.visit_id "
    f"WHERE q.kind <> {TEXT} AND v.outcome = {VISITED} GROUP BY a.question_id, a.value",
)

TRIGGERS = CountTriggers(
    prefix="households_count_",
    count_tables=(COVERAGE, ANSWERS),
    counted_tables=("households_target", "households_household", "households_answer", "households_visit"),
    postgresql=POSTGRESQL,
    postgresql_reverse=POSTGRESQL_REVERSE,
    sqlite=SQLITE,
    sqlite_reverse=SQLITE_REVERSE,
    fill=FILL,
)
