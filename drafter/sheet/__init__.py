"""Batch input: the clerk's spreadsheet (CSV saved by Excel, or XLSX) read row by row.

Each data row becomes the raw data of one ``Report``: the shared values of ``--base`` deep-merged
with the row's cells, mapped through the column scheme of ``drafter/data/batch_columns.yaml``
(Vietnamese header → data path). Rows are streamed: a 10000-row file uses about as much memory
as a 1000-row one. A problem of one row (a bad number, an unknown level) is reported with its
row number and column and never stops the other rows; a file that cannot be used as a whole
(unreadable, unknown encoding, duplicate headers) raises ``UserError`` (exit 2). A column
drafter does not know is ignored with a warning (refused with ``Fit.strict_columns``).

All CSV cells are text and numbers are read by the model the Vietnamese way. XLSX numeric cells
become exact decimals, date cells dates. Formulas are never evaluated: text starting with "="
stays text and validation decides.

The modules, from the bottom up: ``scheme`` (the column scheme and the model), ``headers``
(header → target), ``cells`` (cell → value), ``sources`` (CSV and XLSX records), ``tables``
(the header row found and checked), ``trees`` (row trees and the ``--base`` merge), ``rows``
(records → rows), ``footers`` (the signature block under the table), ``fit`` (her own
headers mapped, warnings), ``reading`` (files → rows), ``validation`` (rows → reports) and
``template`` (the blank table to fill). The issuer fields that follow from a committee's name
come from ``drafter.issuers``.
"""

from drafter.sheet.fit import Fit, column_mapping, typed_mapping
from drafter.sheet.reading import read_rows
from drafter.sheet.rows import Row, row_error
from drafter.sheet.scheme import COLUMNS, INDICATOR_FIELDS, SCHEME_FILE, Column, IndicatorField
from drafter.sheet.template import write_template
from drafter.sheet.validation import validate_row

__all__ = [
    "COLUMNS",
    "INDICATOR_FIELDS",
    "SCHEME_FILE",
    "Column",
    "Fit",
    "IndicatorField",
    "Row",
    "column_mapping",
    "read_rows",
    "row_error",
    "typed_mapping",
    "validate_row",
    "write_template",
]
