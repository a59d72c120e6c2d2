"""The few read queries every signed-in page runs, compiled to SQL once per process (a statement cache).

Django compiles a queryset to SQL each time it is evaluated. For the small queries of every signed-in
page (the member's marks on a thread, their permissions, their reports) compiling cost 2–8 ms each on
our 2-core machine, while the database answered in a tenth of that. `values(name, build, *args)`
builds the queryset once with stand-in numbers for the arguments, keeps its SQL, and from then on runs
that SQL with the real numbers in the stand-ins' places. The queryset stays the one definition of the
query (the visibility rule and the joins are the ORM's); the SQL is the ORM's own.

`values()` is for values-list querysets of plain columns (integers, text), whose rows need no
converters; `instances()` gives model instances as the queryset would (select_related rows and
annotations included, each column through its field's converters). Arguments are integers used as
values (an id in a filter), never in a way that changes the SQL (the length of an `__in` list), and
a query compiled once must not carry a value that changes by itself (the time now: compare in
Python). Compiling checks that each stand-in came out as a parameter.
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators

# Stand-ins no row ever has as an id: -2147000001, -2147000002, … Inside a 32-bit integer: Django
# compiles a lookup on an IntegerField with a value out of the database's range to "no rows"
# (EmptyResultSet) on PostgreSQL, so a 64-bit stand-in gives no SQL there.
_STAND_IN = -2_147_000_001
_compiled: dict[tuple[str, str], tuple[str, tuple, list[tuple[int, int]], str]] = {}


def _compile(build: Callable, count: int, *, keep_compiler: bool = False) -> tuple:
    stand_ins = [_STAND_IN - n for n in range(count)]
    queryset = build(*stand_ins)
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    slots = [(position, stand_ins.index(value)) for position, value in enumerate(params)
             if isinstance(value, int) and value in stand_ins]
    missing = set(range(count)) - {argument for _position, argument in slots}
    if missing:
        raise ValueError(f"prepared query: arguments {sorted(missing)} are not parameters of its SQL")
    if keep_compiler:
        return sql, tuple(params), slots, queryset.db, compiler
    return sql, tuple(params), slots, queryset.db


def _run(sql: str, params: tuple, slots: list[tuple[int, int]], alias: str, args: tuple) -> list[tuple]:
    params = list(params)
    for position, argument in slots:
        params[position] = int(args[argument])
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def values(name: str, build: Callable, *args: int) -> list[tuple]:
    """The rows of build(*args) (a values_list queryset), from SQL compiled once per process and
    database alias. `name` identifies the query; build must give SQL of the same shape for any ints."""
    key = (name, connections[DEFAULT_DB_ALIAS].vendor)
    entry = _compiled.get(key)
    if entry is None:
        entry = _compiled[key] = _compile(build, len(args))
    sql, params, slots, alias = entry
    return _run(sql, params, slots, alias, args)


_instances: dict[tuple[str, str], tuple] = {}


def instances(name: str, build: Callable, *args: int) -> list:
    """The model instances of build(*args) (a model queryset, select_related and annotations allowed),
    from SQL compiled once per process and database alias; each row is turned into instances the way
    Django's ModelIterable does, with the parts it works out from the compiled query kept too."""
    key = (name, connections[DEFAULT_DB_ALIAS].vendor)
    entry = _instances.get(key)
    if entry is None:
        sql, params, slots, alias, compiler = _compile(build, len(args), keep_compiler=True)
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        entry = _instances[key] = (
            sql, params, slots, alias, compiler, compiler.get_converters([column[0] for column in select[:compiler.col_count]]),
            klass_info["model"], [column[0].target.attname for column in select[start:end]], start, end,
            get_related_populators(klass_info, select, alias), dict(compiler.annotation_col_map or {}))
    sql, params, slots, alias, compiler, converters, model, names, start, end, related, annotations = entry
    rows = _run(sql, params, slots, alias, args)
    if converters:
        rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
    found = []
    for row in rows:
        obj = model.from_db(alias, names, row[start:end])
        for populator in related:
            populator.populate(row, obj)
        for attribute, position in annotations.items():
            setattr(obj, attribute, row[position])
        found.append(obj)
    return found
