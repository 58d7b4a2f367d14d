"""The query language in one screen of plain text, for the TUI's search help and the CLI.

The full reference, with the reasons behind each rule, is ``docs/query-language.md``.
"""

QUERY_HELP = """\
Search: words, phrases, filters

  cocaine suitcase          records with both words (accents and case do not matter)
  "false wall"              the words together, in this order
  cigar*                    words starting with cigar (at least 2 letters before *)
  heroin OR cocaine         either word (AND, OR, NOT in capitals)
  cocaine -courier          cocaine but not courier (also: cocaine NOT courier)
  (heroin OR cocaine) truck parentheses group alternatives
  MSCU 123456-6             identifiers are found however they are typed

Filters: field:value
  place_name:roissy         a text field contains the value
  place_name:"le havre"     a value of several words
  commodity:DRUGS           a code or its label: commodity:drugs, transport_mode:"air transport"
  items.commodity:DRUGS     a member of a group (or just commodity:DRUGS)
  country:FR                ISO code, 3-letter code or English name
  exceptional_concealment:yes
  quantity_kg:>10           normalised amounts: <quantity>_kg, _l, _u
  count:5..20               ranges: >10, >=10, <10, <=10, 10..20, 10.., ..20
  date:2024-01..2024-06     dates: 2024, 2024-03, 2024-03-15, today, yesterday
  date:>-30d                relative: -30d, -2w, -6m, -1y (days, weeks, months, years)
  type:suspect              only one record type (seizure, suspect, company)
  status:validated          also: origin, unit, distribution, tlp, created_at, updated_at

"date" is the record's main date (the seizure date), or the day it was entered.
Results: exact identifiers first, then by relevance; words found in very many records are
shown newest first instead.
"""
