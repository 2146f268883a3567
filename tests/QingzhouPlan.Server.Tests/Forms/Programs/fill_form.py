"""Fills a downloaded report form as openpyxl writes it: values typed into 本期数, and, on request, one cell a formula.

openpyxl stores a formula without its result (it calculates nothing), as a program that only writes files does.
Usage: fill_form.py <template.xlsx> <filled.xlsx> <code=value>... [--formula code=expression]
"""
import sys

import openpyxl


def main(args):
    source, target, rest = args[0], args[1], args[2:]
    values, formulas = {}, {}
    while rest:
        item = rest.pop(0)
        if item == "--formula":
            code, expression = rest.pop(0).split("=", 1)
            formulas[code] = "=" + expression
        else:
            code, value = item.split("=", 1)
            values[code] = float(value)
    book = openpyxl.load_workbook(source)
    sheet = book["指标"]
    heading_row = next(r for r in range(1, 11) if any(c.value == "代码" for c in sheet[r]))
    columns = {c.value: c.column for c in sheet[heading_row] if c.value}
    for row in range(heading_row + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=columns["代码"]).value
        if code in values:
            sheet.cell(row=row, column=columns["本期数"]).value = values[code]
        if code in formulas:
            sheet.cell(row=row, column=columns["本期数"]).value = formulas[code]
    book.save(target)


if __name__ == "__main__":
    main(sys.argv[1:])
