"""``field:value`` filters on both backends, for every kind of field: text, numbers,
quantities, dates (absolute, partial, relative, ranges), yes/no, code lists (code or label),
countries, multi-code fields, group members, custom fields, record metadata and ``type:``."""

from __future__ import annotations


def test_a_text_filter_looks_only_in_its_field(corpus):
    assert corpus.found("place_name:roissy") == {"roissy"}
    assert corpus.found("place_name:cocaine") == set()


def test_a_text_filter_ignores_case_accents_and_separators(corpus):
    assert corpus.found("vehicle_plate:ab123cd") == {"marseille"}
    assert corpus.found("family_name:MULLER") == {"muller"}


def test_a_quoted_value_filters_on_several_words(corpus):
    assert corpus.found('place_name:"charles de gaulle"') == {"roissy"}


def test_a_text_filter_on_a_field_outside_the_index_matches_inside_words(corpus):
    assert corpus.found("reference:P1") == {"specimen_a"}


def test_a_code_filter_accepts_the_code(corpus):
    assert corpus.found("location_type:SEAPORT") == {"havre"}


def test_a_code_filter_accepts_a_label_in_any_language_and_case(corpus):
    assert corpus.found("location_type:airport") == {"roissy"}
    assert corpus.found('transport_mode:"transport routier"') == {"marseille"}


def test_a_group_member_is_named_with_its_group(corpus):
    assert corpus.found("items.commodity:DRUGS") == {"roissy", "marseille"}


def test_a_group_member_may_be_named_alone(corpus):
    assert corpus.found("subtype:DRUGS_HEROIN") == {"marseille"}


def test_a_member_name_in_several_groups_matches_in_any_of_them(corpus):
    assert corpus.found("country:BE") == {"benali"}
    assert corpus.found("country:DE type:suspect") == {"muller"}


def test_a_multi_code_field_matches_any_of_its_codes(corpus):
    assert corpus.found("colours:BLUE") == {"specimen_a"}
    assert corpus.found("trade_roles:importer") == {"acme"}


def test_a_country_accepts_alpha3_and_english_names(corpus):
    assert corpus.found("place_country:FRA type:seizure") == {
        "roissy", "havre", "marseille", "recent"}
    assert corpus.found("route.country:colombia") == {"roissy"}


def test_quantities_compare_their_normalised_amount(corpus):
    assert corpus.found("quantity_kg:>10") == {"roissy"}
    assert corpus.found("items.quantity_kg:<1") == {"marseille"}
    assert corpus.found("quantity_l:100..200") == {"recent"}
    assert corpus.found("weight_kg:>=1") == {"specimen_a"}


def test_a_quantity_range_holds_within_one_item(corpus):
    assert corpus.found("items.quantity_u:10000..20000") == {"havre"}
    assert corpus.found("items.quantity_kg:0.5..1") == {"marseille"}


def test_integers_compare_and_range(corpus):
    assert corpus.found("count:7") == {"specimen_a"}
    assert corpus.found("count:>7") == {"specimen_b"}
    assert corpus.found("count:>=7") == {"specimen_a", "specimen_b"}
    assert corpus.found("count:5..10") == {"specimen_a"}


def test_decimals_accept_a_comma(corpus):
    assert corpus.found("value:12,5") == {"specimen_a"}
    assert corpus.found("value:<12.5") == {"specimen_b"}


def test_a_year_is_the_whole_year(corpus):
    assert corpus.found("seizure_date:2024") == {"roissy", "havre"}


def test_a_month_range_includes_both_months(corpus):
    assert corpus.found("date:2024-01..2024-03") == {"roissy"}
    assert corpus.found("date:2024-03..2024-07") == {"roissy", "havre"}


def test_comparisons_take_the_whole_period(corpus):
    assert corpus.found("seizure_date:>2024-03") == {"havre", "recent"}
    assert corpus.found("seizure_date:<=2024-03") == {"roissy", "marseille"}
    assert corpus.found("seizure_date:<2024-03-02") == {"marseille"}


def test_an_open_range_has_one_bound(corpus):
    assert corpus.found("seizure_date:..2023-12") == {"marseille"}
    assert corpus.found("found_on:2024-02..") == {"specimen_b"}


def test_relative_dates_count_back_from_today(corpus):
    assert corpus.found("date:>-30d type:seizure") == {"recent"}
    assert corpus.found("seizure_date:-10d") == {"recent"}
    assert corpus.found("seizure_date:-1m..today") == {"recent"}


def test_date_is_the_main_date_or_the_day_of_entry(corpus):
    assert corpus.found("date:today type:suspect") == {"muller", "benali"}
    assert corpus.found("date:2024 type:suspect") == set()


def test_a_partial_date_compares_by_its_earliest_day(corpus):
    assert corpus.found("date_of_birth:1980") == {"muller"}
    assert corpus.found("date_of_birth:1980-05..1987") == {"muller", "benali"}
    assert corpus.found("born:1980-01") == {"specimen_a"}
    assert corpus.found("born:>1980-03") == {"specimen_b"}


def test_a_datetime_filter_takes_whole_days(corpus):
    assert corpus.found("seen_at:2024-02-01") == {"specimen_a"}
    assert corpus.found("seen_at:2024-02-02") == {"specimen_b"}


def test_yes_no_fields_accept_words(corpus):
    assert corpus.found("exceptional_concealment:yes") == {"roissy"}
    assert corpus.found("exceptional_concealment:no") == {"marseille"}
    assert corpus.found("flagged:false") == {"specimen_b"}


def test_custom_fields_filter_like_built_in_ones(corpus):
    assert corpus.found("controlled_delivery:yes") == {"roissy"}
    assert corpus.found("tir_carnet_number:XC73265121") == {"roissy"}


def test_record_metadata_can_be_filtered(corpus):
    assert corpus.found("status:submitted") == {"havre"}
    assert corpus.found("unit:B") == {"recent"}
    assert corpus.found("origin:xa-test type:company") == {"acme"}
    assert corpus.found("created_at:today type:company") == {"acme"}


def test_type_restricts_the_record_types(corpus):
    assert corpus.found("type:company") == {"acme"}
    assert corpus.found("type:suspect OR type:company") == {"muller", "benali", "acme"}


def test_type_accepts_the_label_of_a_record_type(corpus):
    assert corpus.found("type:Entreprise") == {"acme"}


def test_a_field_a_type_lacks_makes_that_type_match_nothing(corpus):
    assert corpus.found("commodity:TOBACCO OR family_name:benali") == {"havre", "benali"}


def test_filters_and_words_combine(corpus):
    assert corpus.found("cocaine type:seizure date:2024") == {"roissy"}
    assert corpus.found("commodity:DRUGS -heroin") == {"roissy"}
