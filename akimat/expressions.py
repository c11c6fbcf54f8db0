"""SQL expressions the modules share."""

from django.db import models
from django.db.models import Func


class EqualsAny(Func):
    """`lhs = ANY(array)`, a condition for filter() and Q().

    With an uncorrelated `ArraySubquery`, PostgreSQL reads the array once (an InitPlan) and can probe an
    index with it, also inside an OR (a bitmap OR); `IN (subquery)` ORed with other conditions becomes a
    filter evaluated on every row instead.
    """

    output_field = models.BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra_context):
        (lhs, lhs_params), (array, array_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{lhs} = ANY({array})", (*lhs_params, *array_params)
