"""Speakers of every kind: titled people with appositives, organizations, outlets, documents, and
anonymous sources with descriptor, plurality, affiliation, class and the reason they are unnamed."""

from __future__ import annotations

import pytest

from app.extraction import extract
from app.extraction.noun_kinds import noun_kind
from app.extraction.segment import tokens
from app.extraction.speakers import classify, names_the_descriptor, np_before, valid_np
from tests.extraction.helpers import entity, find, run


def test_titled_person_with_appositive() -> None:
    text = (
        "Navy Rear Admiral Petra Holm, the Defense Ministry's press secretary, told reporters that the "
        "exercise would end on Sunday."
    )
    res = run(text)
    a = find(res, "exercise would end")
    assert a.source.text == "Navy Rear Admiral Petra Holm"
    ent = entity(res, a)
    assert ent.kind == "person" and ent.name == "Petra Holm"
    assert ent.role_title == "press secretary" and ent.role_organization == "Defense Ministry"


@pytest.mark.parametrize("name", ["Pieter de Wit", "Karim bin Rashid", "Ana da Costa Reis"])
def test_a_name_with_a_particle_in_apposition_after_a_role_is_the_speaker(name: str) -> None:
    res = run(f"The union's chairman, {name}, warned that the crossings would be cut.")
    a = find(res, "crossings would be cut")
    ent = entity(res, a)
    assert a.source.text == name and ent.kind == "person" and ent.name == name
    assert ent.role_title == "chairman" and ent.role_organization == "union"


def test_a_role_in_apposition_is_any_noun_naming_a_person() -> None:
    # "goalkeeper" is on no list of titles; WordNet's nouns say it names a person
    res = run("Mira Sand, the club's goalkeeper, said the pitch was frozen.")
    ent = entity(res, find(res, "pitch was frozen"))
    assert ent.name == "Mira Sand" and ent.role_title == "goalkeeper" and ent.role_organization == "club"


def test_a_lowercase_role_before_the_name_is_the_persons_title() -> None:
    res = run("Maritime lawyer Ines Duarte said the salvage claim would fail.")
    a = find(res, "salvage claim")
    assert a.source.text == "Maritime lawyer Ines Duarte"
    assert entity(res, a).name == "Ines Duarte" and entity(res, a).role_title == "Maritime lawyer"


@pytest.mark.parametrize(
    "body", ["The Royal College of Midwifery", "the Linnean Academy", "the Royal Guild of Glaziers"]
)
def test_a_capitalized_name_headed_by_a_noun_naming_a_body_is_an_organization(body: str) -> None:
    # "the" before it: a person's name takes none (and a surname may be a noun naming a body: "Strand")
    res = run(f"{body[0].upper()}{body[1:]} said the figures were worrying.")
    assert entity(res, find(res, "figures were worrying")).kind == "organization"
    res = run("Henrik Strand of Nordic Aviation Research said the figures were worrying.")
    assert entity(res, find(res, "figures were worrying")).name == "Henrik Strand"


def test_a_relative_clause_saying_what_someone_was_doing_gives_no_title() -> None:
    res = run('"The gate was shut," said Ada Lunn, who was travelling to Oslo with her sons.')
    assert entity(res, find(res, "gate was shut")).role_title is None


def test_an_appositives_organization_stops_before_a_relative_clause() -> None:
    res = run(
        "Maria Holt, a hydrologist at the University of Tromso who was not involved in the survey, said the "
        "estimate was too high."
    )
    ent = entity(res, find(res, "estimate was too high"))
    assert (ent.role_title, ent.role_organization) == ("hydrologist", "University of Tromso")


@pytest.mark.parametrize(
    ("source", "name"),
    [("A ward sister in Carlisle", "Carlisle ward sister"), ("Two porters in Carlisle", "Two porters in Carlisle")],
)
def test_an_unnamed_source_at_a_named_place_is_named_without_its_article(source: str, name: str) -> None:
    res = run(f"{source} said the lifts had been broken since May.")
    assert entity(res, find(res, "lifts had been broken")).name == name


@pytest.mark.parametrize(
    ("source", "name", "role"),
    [
        ("Former Rovers winger Dale Pike", "Dale Pike", "Former Rovers winger"),
        ("Rovers winger Pike", "Pike", "Rovers winger"),
    ],
)
def test_a_name_after_a_lowercase_role_leaves_the_role_out(source: str, name: str, role: str) -> None:
    res = run(f"{source} said the pitch was frozen.")
    ent = entity(res, find(res, "pitch was frozen"))
    assert (ent.kind, ent.name, ent.role_title) == ("person", name, role)


@pytest.mark.parametrize(
    "phrase", ["Documents seen by the Courier", "Emails seen by the Courier", "Invoices obtained by it"]
)
def test_documents_an_outlet_has_seen_are_documents(phrase: str) -> None:
    assert classify(phrase, tokens(phrase, 0, len(phrase))).kind == "document"


def test_a_possessive_before_a_role_and_name_belongs_to_the_source() -> None:
    res = run("Her teammate Omar Lind said the depot had flooded twice.")
    a = find(res, "depot had flooded")
    assert a.source.text == "Her teammate Omar Lind" and entity(res, a).name == "Omar Lind"


@pytest.mark.parametrize("appositive", ["surveyor Ines Vale", "retired surveyor Ines Vale"])
def test_a_name_after_its_role_in_apposition_is_the_speaker(appositive: str) -> None:
    res = run(f"The report's author, {appositive}, wrote that the culvert had collapsed.")
    a = find(res, "culvert had collapsed")
    assert entity(res, a).kind == "person" and entity(res, a).name == "Ines Vale"


def test_a_title_after_the_name_is_not_the_persons() -> None:
    res = run('"The river is rising," said Ines Vale of the National Flood Office.')
    ent = entity(res, find(res, "river is rising"))
    assert ent.name == "Ines Vale" and ent.role_title != "National"


def test_appositive_with_for_organization() -> None:
    res = run("Ivo Marek, a spokesman for the Harbor Authority, said the cranes were idle.")
    ent = entity(res, find(res, "cranes were idle"))
    assert ent.name == "Ivo Marek" and ent.role_title == "spokesman"
    assert ent.role_organization == "Harbor Authority"


def test_a_relative_clause_gives_a_role_only_through_a_copula() -> None:
    """ "who runs the night ward at St. Oda's Infirmary" says what the person does: no title, and no organization
    cut from its possessive; "who is the harbour's pilotage director" names one."""
    res = run(
        "Dr. Vera Lindqvist, who runs the night ward at St. Oda's Infirmary, said the beds were full. "
        "Olaf Brekke, who is the harbour's pilotage director, said the channel was clear."
    )
    ward = entity(res, find(res, "beds were full"))
    assert ward.name == "Vera Lindqvist" and (ward.role_title, ward.role_organization) == (None, None)
    pilot = entity(res, find(res, "channel was clear"))
    assert pilot.name == "Olaf Brekke" and pilot.role_title == "pilotage director"


def test_a_name_after_an_abbreviation_mid_sentence_opens_no_sentence() -> None:
    """ "St." (and "Dr.", "Mr.") ends no sentence, so "Oda" of "St. Oda's Infirmary" is no sentence's subject
    that a "she" after it could mean (it was once, and the speaker read as "Oda's I" before that)."""
    text = (
        "Dr. Vera Lindqvist, who runs the night ward at St. Oda's Infirmary, said the beds were full.\n\n"
        '"We are seeing more every night," she said.'
    )
    res = run(text)
    assert entity(res, find(res, "seeing more every night")).name == "Vera Lindqvist"


def test_organization_and_country_sources() -> None:
    res = run("The Transport Ministry said the line would close. Norway denied sending troops.")
    assert entity(res, find(res, "line would close")).kind == "organization"
    a = find(res, "sending troops")
    assert entity(res, a).kind == "organization" and a.stance == "denies"


def test_outlet_source() -> None:
    res = run("The Coastal Herald reported that the ferry had been sold.")
    a = find(res, "ferry had been sold")
    assert entity(res, a).kind == "outlet" and a.source.text == "The Coastal Herald"


def test_document_source() -> None:
    res = run("The ferry was overloaded, according to declassified inspection findings.")
    a = find(res, "ferry was overloaded")
    assert entity(res, a).kind == "document"
    assert a.source.text == "declassified inspection findings"


def test_plural_anonymous_source_with_affiliation() -> None:
    res = run("The convoy crossed the border at night, Canadian officials said.")
    a = find(res, "convoy crossed")
    ent = entity(res, a)
    assert a.anonymous and ent.kind == "anonymous"
    assert ent.name == "Canadian officials" and ent.plural is True
    assert ent.affiliation == "Canada government" and ent.descriptor_class == "official"


def test_singular_anonymous_source_with_reason_for_anonymity() -> None:
    text = (
        "“The convoy carried fuel,” said a senior military official, who declined to be identified "
        "because she was describing secret assessments."
    )
    res = run(text)
    a = find(res, "convoy carried fuel")
    ent = entity(res, a)
    assert a.anonymous and ent.plural is False and ent.descriptor == "a senior military official"
    assert ent.descriptor_class == "military official"
    assert a.anonymity_reason is not None
    assert a.anonymity_reason.text.startswith("who declined to be identified")
    assert a.anonymity_reason_category == "classified_or_sensitive"


def test_unnamed_source_who_was_not_named() -> None:
    text = "“We will not sign,” a government source, who was not named, told the Lakeside news agency. "
    res = run(text)
    a = find(res, "We will not sign")
    assert a.anonymous and a.anonymity_reason is not None and "not named" in a.anonymity_reason.text
    assert a.via is not None and a.via.text == "the Lakeside news agency"


def test_intelligence_sources_descriptor_class() -> None:
    res = run("The plan was shelved last year, Western intelligence sources said.")
    ent = entity(res, find(res, "plan was shelved"))
    assert ent.descriptor_class == "intelligence source" and ent.plural is True
    assert ent.affiliation == "Western governments"


@pytest.mark.parametrize(
    ("text", "descriptor_class"),
    [
        ("The pier was unsafe, two witnesses said.", "witness"),
        ("The pier was unsafe, two coaches said.", "coach"),
        ("The pier was unsafe, three women who fish there said.", "woman"),
    ],
)
def test_a_plural_descriptor_class_is_the_singular_noun(text: str, descriptor_class: str) -> None:
    res = run(text)
    assert entity(res, find(res, "pier was unsafe")).descriptor_class == descriptor_class


def test_a_lone_one_after_a_group_is_an_unnamed_member_with_its_reason() -> None:
    text = (
        "Several anglers saw the pier sway. One, who asked not to be named because she works for the port, "
        "said the railings had been loose for weeks."
    )
    res = run(text)
    a = find(res, "railings had been loose")
    assert a.source.text == "One" and a.anonymous
    assert a.anonymity_reason is not None and "works for the port" in a.anonymity_reason.text
    assert entity(res, a).kind == "anonymous"


def test_a_lone_count_word_after_a_group_is_unnamed_members_never_a_name() -> None:
    res = run("The council is split. Two said privately that they would back a vote of no confidence.")
    a = find(res, "back a vote")
    ent = entity(res, a)
    assert a.source.text == "Two" and a.anonymous and ent.kind == "anonymous" and ent.plural is True


@pytest.mark.parametrize(
    ("text", "source", "anonymous"),
    [
        (
            "The trust's chief executive admitted that the ward was short of nurses.",
            "The trust's chief executive",
            True,
        ),
        ("The ferry's captain said the crossing was rough.", "The ferry's captain", True),
        ("The minister's office said the ward was short of nurses.", "The minister's office", False),
    ],
)
def test_a_possessive_of_any_noun_opens_the_source_phrase(text: str, source: str, anonymous: bool) -> None:
    [a] = run(text).attributions
    assert a.source.text == source and a.anonymous is anonymous


def test_a_relative_of_someone_unnamed_is_unnamed_with_the_reason_given() -> None:
    text = "The patient's daughter, who did not want to be named, said her mother was left without water."
    [a] = run(text).attributions
    assert a.source.text == "The patient's daughter" and a.anonymous
    assert a.anonymity_reason is not None and a.anonymity_reason.text == "who did not want to be named"


def test_a_part_of_a_group_inside_a_post_modifier_is_not_the_speaker() -> None:
    text = (
        "A nurse at one of the clinics, who spoke on condition of anonymity because she was not authorized "
        "to talk to reporters, said staff were told late."
    )
    [a] = run(text).attributions
    assert a.source.text == "A nurse at one of the clinics" and a.anonymous and a.anonymity_reason is not None


def test_a_clause_with_a_modal_is_no_source_phrase() -> None:
    text = '"It is not likely at all" that Mayor Roe can win Harbourtown, said Ann Lee, a strategist.'
    [a] = run(text).attributions
    assert a.source.text == "Ann Lee" and a.content.text.endswith("that Mayor Roe can win Harbourtown")


def test_reason_categories() -> None:
    from app.extraction.speakers import reason_category

    assert reason_category("who was not authorized to speak publicly") == "not_authorized"
    assert reason_category("who asked not to be named for fear of reprisals") == "safety"
    assert (
        reason_category("who spoke on condition of anonymity to describe private negotiations")
        == "private_deliberations"
    )
    assert reason_category("who declined to be named") == "other"


# Unnamed sources are an open class: nouns that no word list of the extractor holds.
def test_open_class_singular_source_before_the_cue() -> None:
    res = run("A veteran glassblower told the council that the furnace was leaking.")
    a = find(res, "furnace was leaking")
    ent = entity(res, a)
    assert a.source.text == "A veteran glassblower" and a.anonymous
    assert ent.kind == "anonymous" and ent.plural is False and ent.descriptor == "A veteran glassblower"


def test_open_class_plural_group_with_a_post_modifier() -> None:
    res = run("Three beekeepers familiar with the orchard trials said the hives had recovered.")
    a = find(res, "hives had recovered")
    ent = entity(res, a)
    assert a.source.text == "Three beekeepers familiar with the orchard trials"
    assert ent.kind == "anonymous" and ent.plural is True


@pytest.mark.parametrize(
    "source",
    ["A night porter at one of the hostels due to close", "An usher for some of the touring companies"],
)
def test_an_open_class_source_whose_post_modifier_holds_a_partitive(source: str) -> None:
    # "one of", "some of" inside the post-modifier: the whole phrase is the source, and one person speaks
    res = run(f'{source} said the heating had been off for a week. "Nobody came," she added.')
    a = find(res, "heating had been off")
    assert a.source.text == source and a.anonymous and entity(res, a).plural is False
    assert entity(res, find(res, "Nobody came")) == entity(res, a)


def test_open_class_bare_plural_opening_the_sentence() -> None:
    res = run("Lighthouse keepers said the fog horn had failed twice.")
    a = find(res, "fog horn had failed")
    assert a.source.text == "Lighthouse keepers" and entity(res, a).plural is True


@pytest.mark.parametrize("group", ["Ferrymen", "Women on the night shift", "Children at the school"])
def test_a_bare_irregular_plural_opening_the_sentence_is_an_unnamed_group(group: str) -> None:
    # a capitalized plural without an -s ("-men", "children") is no person's name
    res = run(f"The pier reopened.\n\n{group} said the lights had failed twice.")
    a = find(res, "lights had failed")
    assert a.anonymous and entity(res, a).plural is True and entity(res, a).kind == "anonymous"


def test_open_class_object_of_according_to_with_affiliation() -> None:
    res = run("According to a Norwegian hydrologist, the glacier lost a fifth of its mass.")
    a = find(res, "glacier lost")
    ent = entity(res, a)
    assert a.source.text == "a Norwegian hydrologist" and ent.kind == "anonymous"
    assert ent.affiliation == "Norway government"


def test_open_class_source_after_an_inverted_cue() -> None:
    res = run("The glacier lost a fifth of its mass, said a hydrologist at the field station.")
    a = find(res, "glacier lost")
    assert a.source.text == "a hydrologist at the field station" and a.anonymous


# What an open-class head names comes from WordNet's nouns (app/extraction/noun_kinds.py): people are
# anonymous sources; a group that is an organization, a place or a document is not.
@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        ("The tribunal's advisory panel said the permits were valid.", "The tribunal's advisory panel", "organization"),
        ("The utility that runs the dam said the spillway was sound.", "The utility", "organization"),
        ("Shipping manifests show the cargo left port in May.", "Shipping manifests", "document"),
        ("The ledgers, which cover both years, show the fees were paid twice.", "The ledgers", "document"),
    ],
)
def test_an_unnamed_source_that_names_no_person_is_not_anonymous(text: str, source: str, kind: str) -> None:
    res = run(text)
    a = res.attributions[0]
    assert a.source is not None and a.source.text == source
    assert entity(res, a).kind == kind and not a.anonymous


@pytest.mark.parametrize(
    "phrase", ["Dozens of glassblowers", "A couple from the valley", "Sources privy to the talks", "Glassblowers"]
)
def test_people_counted_or_gathered_stay_anonymous(phrase: str) -> None:
    info = classify(phrase, tokens(phrase, 0, len(phrase)))
    assert info.kind == "anonymous" and info.plural is not None


def test_noun_kinds_read_plurals_and_prefer_a_person() -> None:
    assert [noun_kind(w) for w in ("glassblowers", "men", "couple", "panel", "invoices", "district")] == [
        "person",
        "person",  # "men" is also a work force: any reading that can be a person wins
        "person",  # a group of people that is no organization
        "organization",
        "document",
        "organization",  # a place speaks through its government
    ]
    assert noun_kind("group") is None and noun_kind("xylograph-ish") is None  # too general; unknown


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        (
            "Glaziers not involved in the trial said the results were sound.",
            "Glaziers not involved in the trial",
            "anonymous",
        ),
        (
            "Two economists not briefed on the plan said it was sound.",
            "Two economists not briefed on the plan",
            "anonymous",
        ),
    ],
)
def test_a_negated_participle_with_its_preposition_modifies_the_source(text: str, source: str, kind: str) -> None:
    res = run(text)
    [a] = res.attributions
    assert a.source is not None and a.source.text == source and entity(res, a).kind == kind


def test_a_bare_singular_noun_is_no_source() -> None:
    res = run("Before the vote, glazier said the budget was final.")
    assert all(a.source is None or a.source.text != "glazier" for a in res.attributions)


def test_anonymity_reason_as_a_participle_after_the_cue() -> None:
    text = (
        "The ferry talks stalled, a harbour official said, speaking on condition of anonymity because "
        "the talks were private."
    )
    a = find(run(text), "ferry talks stalled")
    assert a.anonymous and a.anonymity_reason.text.startswith("speaking on condition of anonymity")


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        ("He asked not to be named because he still works for the port.", "asked not to be named because"),
        ("\n\nHe spoke on condition of anonymity to discuss the survey.", "spoke on condition of anonymity"),
        ("He asked that his name not be used.", "asked that his name not be used"),
    ],
)
def test_anonymity_reason_in_the_next_sentence_is_the_reason_not_an_attribution(second: str, reason: str) -> None:
    text = "A retired harbour pilot said the channel had silted up. " + second
    res = extract(text, use_tagger=False)
    [a] = res.attributions
    assert a.content.text == "the channel had silted up" and a.anonymous
    assert a.anonymity_reason is not None and a.anonymity_reason.text.startswith(reason)


@pytest.mark.parametrize(
    "text",
    [
        "Two retired pilots said the channel had silted up. He asked not to be named because he works there.",
        "Ann Roe, a retired pilot, said the channel had silted up. She asked not to be named in the report.",
        "A retired harbour pilot said the channel had silted up. He asked the council to dredge it.",
    ],
)
def test_a_next_sentence_of_another_number_or_no_request_gives_no_reason(text: str) -> None:
    a = find(run(text), "channel had silted up")
    assert a.anonymity_reason is None


def test_anonymity_reason_closing_the_content_is_not_content() -> None:
    text = (
        "A harbour official said the ferry talks had stalled, speaking on condition of anonymity "
        "because of the sensitivity of the talks."
    )
    a = find(run(text), "ferry talks")
    assert a.content.text == "the ferry talks had stalled"
    assert a.anonymity_reason.text.endswith("because of the sensitivity of the talks")


def test_speaking_to_reporters_is_no_reason_for_anonymity() -> None:
    a = find(run("A harbour official, speaking to reporters, said the ferry was late."), "ferry was late")
    assert a.anonymous and a.anonymity_reason is None


def test_subject_before_an_aside_set_off_by_commas() -> None:
    text = "Ivo Marek, 39, a ferry pilot from the coast, told the harbour board that the channel was too shallow."
    a = find(run(text), "channel was too shallow")
    assert a.source.text == "Ivo Marek" and a.content.text == "the channel was too shallow"


def test_subject_before_an_aside_set_off_by_dashes() -> None:
    a = find(run("Pilots — and some captains — say the channel is too shallow."), "channel is too shallow")
    assert a.source.text == "Pilots"


def test_subject_of_a_first_verb_phrase_speaks_after_and() -> None:
    a = find(run("The harbour master closed the quay and said the storm would pass."), "storm would pass")
    assert a.source.text == "The harbour master" and a.cue.text == "said"


def test_a_share_of_a_group_is_an_anonymous_plural_source() -> None:
    res = run("One in four said the ferry was late. Almost half said the fares were too high.")
    for part, src in (("ferry was late", "One in four"), ("fares were too high", "Almost half")):
        a = find(res, part)
        assert a.source.text == src and a.anonymous and entity(res, a).plural is True


@pytest.mark.parametrize(
    "phrase", ["Many Norwegians", "Two Canadians", "Several Icelandic beekeepers", "Some Yemenis", "Most Danes"]
)
def test_a_counted_group_is_an_anonymous_plural_source_not_a_name(phrase: str) -> None:
    """A quantifier opening the sentence is capitalized, and so may be a nationality; neither makes a name."""
    res = run(f"{phrase} said the ferry fares were too high.")
    a = find(res, "ferry fares")
    assert a.source.text == phrase and a.anonymous
    assert entity(res, a).kind == "anonymous" and entity(res, a).plural is True


@pytest.mark.parametrize(("phrase", "kind"), [("Other memos", "document"), ("Several agencies", "organization")])
def test_a_counted_group_of_documents_or_bodies_is_no_unnamed_people(phrase: str, kind: str) -> None:
    """Unnamed sources are people; counted documents and bodies keep their own kind (their head's, `noun_kinds`)."""
    res = run(f"{phrase} said the ferry fares were too high.")
    a = find(res, "ferry fares")
    assert a.source.text == phrase and not a.anonymous
    assert entity(res, a).kind == kind


@pytest.mark.parametrize(
    ("phrase", "kind", "name"),
    [
        ("Council member Tom Doe", "person", "Tom Doe"),
        ("Harbour Authority spokeswoman Ada Marsh", "person", "Ada Marsh"),
        ("city council member Ann Lee", "person", "Ann Lee"),
        ("Norway's", "organization", "Norway"),
        ("Saudi Arabia", "organization", "Saudi Arabia"),
        ("the United Kingdom", "organization", "United Kingdom"),
        ("New Zealand", "organization", "New Zealand"),
        ("a council member", "anonymous", "a council member"),
    ],
)
def test_a_title_never_makes_a_person_an_organization_and_a_country_is_one(phrase: str, kind: str, name: str) -> None:
    toks = tokens(phrase, 0, len(phrase))
    info = classify(phrase, toks)
    assert (info.kind, info.name) == (kind, name)


def test_a_country_named_twice_is_one_organization() -> None:
    text = (
        "At the assembly, Eastland accused Westland of breaking the ceasefire. "
        "Three states backed New Zealand's claim that the ceasefire was broken. New Zealand said the vote was close."
    )
    res = run(text)
    assert entity(res, find(res, "ceasefire was broken")) is entity(res, find(res, "vote was close"))
    assert entity(res, find(res, "vote was close")).kind == "organization"


def test_the_cue_of_an_anonymity_reason_reports_nothing() -> None:
    text = "A port source, who asked not to be named, claimed that the dredging contract had been rigged."
    res = run(text)
    assert [a.cue.text for a in res.attributions] == ["claimed"]
    a = res.attributions[0]
    assert a.content.text == "the dredging contract had been rigged"
    assert a.anonymity_reason.text == "who asked not to be named"


def test_a_request_for_anonymity_is_the_reason_not_an_attribution_of_its_own() -> None:
    text = (
        "The ferry talks have stalled, two harbour officials said, asking not to be identified because the "
        "talks are private."
    )
    counted = extract(text).attributions
    assert [a.cue.text for a in counted] == ["said"]
    assert counted[0].anonymity_reason.text.startswith("asking not to be identified")


def test_a_relative_clause_after_the_subject_may_hold_a_cue_word() -> None:
    asides = ("whose notes were among the papers", "whose husband's letters were found", "who reports to the board")
    for aside in asides:
        text = f"Edda Lind, {aside}, said she was appalled by the leak."
        a = find(run(text), "appalled")
        assert a.source.text == "Edda Lind", aside


def test_a_possessive_opens_the_source_phrase() -> None:
    for sentence, source in [
        ("The minister's office replied that the quotas were final.", "The minister's office"),
        ("The company’s chief executive said the fares would rise.", "The company’s chief executive"),
        ("The pilots' union insists its members took a pay cut.", "The pilots' union"),
        ("Dockers’ leaders said the deal was fair.", "Dockers’ leaders"),
    ]:
        a = run(sentence).attributions[0]
        assert a.source.text == source


def test_an_opening_according_to_reads_its_source_to_the_comma() -> None:
    text = "According to a survey published by the harbour board last year, most pilots want a wider channel."
    a = find(run(text), "wider channel")
    assert a.source.text == "a survey published by the harbour board last year"
    assert a.content.text == "most pilots want a wider channel"


def test_an_opening_according_to_reads_a_prepositional_modifier_too() -> None:
    text = "According to the official in charge of the locks at the time, the gates were never closed."
    a = find(run(text), "gates were never closed")
    assert a.source.text == "the official in charge of the locks at the time"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("A structural engineer who inspected the hall said heavy rain had weakened the joists.", "engineer"),
        ("Economists polled by the central bank expected a cut in the spring.", "Economists"),
        ("Two pilots who know the channel say it is too shallow for the new ferries.", "Two pilots"),
    ],
)
def test_the_object_inside_a_clause_modifying_the_subject_is_not_the_source(sentence: str, source: str) -> None:
    a = run(sentence).attributions[0]
    assert source in a.source.text
    assert not {"hall", "bank", "channel"} & set(a.source.text.split())


@pytest.mark.parametrize(
    ("sentence", "source", "plural"),
    [
        ("Two of the dockers said the cranes were unsafe.", "Two of the dockers", True),
        ("Several of the mill's weavers said the cranes were unsafe.", "Several of the mill's weavers", True),
        ("Most of them said the cranes were unsafe.", "Most of them", True),
        ("The cranes were unsafe, one of the crane drivers said.", "one of the crane drivers", False),
    ],
)
def test_a_part_of_a_group_is_an_unnamed_source_not_a_name(sentence: str, source: str, plural: bool) -> None:
    """A count word opening the phrase is capitalized at a sentence's start; it names nobody."""
    a = find(run(sentence), "cranes were unsafe")
    assert a.source.text == source and a.anonymous
    assert entity(run(sentence), a).kind == "anonymous" and entity(run(sentence), a).plural is plural


def test_one_of_them_with_an_aside_speaks_unnamed() -> None:
    text = "Two tenants came to the hearing. One of them, who gave only her first name, said the boiler had failed."
    a = find(run(text), "boiler had failed")
    assert a.source.text == "One of them" and a.anonymous


def test_a_request_for_anonymity_after_the_cue_is_not_the_content() -> None:
    text = (
        "The merger could still fall apart, one of the bankers said, asking not to be named because talks are private."
    )
    a = find(run(text), "merger could still fall apart")
    assert a.content.text == "The merger could still fall apart"
    assert a.source.text == "one of the bankers" and a.anonymous
    assert a.anonymity_reason.text.startswith("asking not to be named")
    assert not any(x.content.text.startswith("asking") for x in run(text).attributions)


@pytest.mark.parametrize(
    "sentence",
    [
        "The bill's author, state Sen. Ada Marsh, insists the levy is fair.",
        "The bill's author, former Gov. Ada Marsh, insists the levy is fair.",
    ],
)
def test_a_name_after_its_lowercase_title_in_apposition_is_the_source(sentence: str) -> None:
    res = run(sentence)
    a = find(res, "levy is fair")
    assert a.source.text.endswith("Ada Marsh") and not a.anonymous
    assert entity(res, a).name == "Ada Marsh"


def test_a_name_after_the_unnamed_source_of_an_inverted_cue_is_the_source() -> None:
    res = run("“We regret the delay,” said the ferry company's chief executive, Dr Ada Marsh.")
    a = find(res, "regret the delay")
    assert a.source.text == "Dr Ada Marsh" and not a.anonymous
    assert entity(res, a).name == "Ada Marsh"


@pytest.mark.parametrize(
    ("phrase", "name"),
    [("Treasury Secretary Ada Marsh", "Ada Marsh"), ("Manager Tom Doe", "Tom Doe"), ("Tom Doe", "Tom Doe")],
)
def test_capitalized_titles_before_a_name_are_not_part_of_it(phrase: str, name: str) -> None:
    info = classify(phrase, tokens(phrase, 0, len(phrase)))
    assert (info.kind, info.name) == ("person", name)


def test_an_unnamed_source_of_a_named_body_is_unnamed() -> None:
    res = run("A Ministry of Transport source insisted that the tunnel contract had been signed.")
    a = find(res, "tunnel contract")
    assert a.source.text == "A Ministry of Transport source" and a.anonymous


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("About 4,000 homes are without water, according to the network operator.", "the network operator"),
        ("The ferry will be sold, according to people close to both.", "people close to both"),
        ("People close to him said the ferry would be sold.", "People close to him"),
    ],
)
def test_a_source_phrase_is_read_to_its_end(sentence: str, source: str) -> None:
    a = run(sentence).attributions[0]
    assert a.source.text == source and a.anonymous


def test_a_relative_clause_after_an_opening_according_to_belongs_to_the_source() -> None:
    text = "According to two pilots who fly the route, crews had reported loose panels for weeks."
    a = find(run(text), "loose panels")
    assert a.source.text == "two pilots who fly the route"
    assert a.content.text.startswith("crews had reported")


def test_another_after_an_unnamed_speaker_is_one_more_of_that_kind() -> None:
    text = "A person briefed on the talks said pay was the sticking point. Another said the sides had stopped talking."
    res = run(text)
    first, second = find(res, "sticking point"), find(res, "stopped talking")
    assert second.source.text == "Another" and second.anonymous
    assert entity(res, second).name == "another person briefed on the talks"
    assert entity(res, second) is not entity(res, first)


def test_an_indefinite_title_is_an_unnamed_source_with_its_reason() -> None:
    text = (
        "One deputy, who asked that his name not be used because he was not authorized to speak, said some "
        "residents had refused to leave. A deputy said the road was closed."
    )
    res = extract(text)
    first, second = find(res, "refused to leave"), find(res, "road was closed")
    assert first.anonymous and second.anonymous
    assert first.anonymity_reason.text.startswith("who asked that his name not be used")
    assert [a.cue.text for a in res.attributions] == ["said", "said"]


@pytest.mark.parametrize(
    ("text", "anonymous"),
    [
        ("Beekeepers expect a poor harvest this year.", True),
        ("The river rose. Boatmen's guilds stayed. Ferriers, however, said the crossing was safe.", True),
        ("Harlans said the crossing was safe. Shares in Harlans rose.", False),  # capitalized mid-sentence
        ("Tom Harlans crossed. Harlans said the crossing was safe.", False),  # part of a full name
        ("He met Mr. Harlans. Harlans said the crossing was safe.", False),  # after a title
    ],
)
def test_a_lone_plural_capitalized_by_its_place_is_unnamed(text: str, anonymous: bool) -> None:
    """A plural noun opening its sentence is capitalized by its place, not a name, unless the text capitalizes
    it elsewhere too."""
    word = next(w for w in ("Beekeepers", "Ferriers", "Harlans") if w in text)
    start = text.rindex(word)
    assert (classify(text, tokens(text, start, start + len(word))).kind == "anonymous") is anonymous


def test_a_name_after_people_of_a_body_names_the_body() -> None:
    """One name in apposition cannot name a plural head: it names the preposition's object; a name after a
    singular head still names the speaker."""
    a = find(run("Lawyers for the builder, Acme Homes, told the court that the delay cost money."), "delay cost")
    assert a.source.text == "Lawyers for the builder" and a.anonymous
    b = find(run("A lawyer for the builder, Jane Roe, told the court that the delay cost money."), "delay cost")
    assert b.source.text == "Jane Roe" and not b.anonymous


@pytest.mark.parametrize(
    ("phrase", "kind", "name"),
    [
        ("The newspaper Diario Norte", "outlet", "Diario Norte"),
        ("the watchdog group Civic Eye", "organization", "Civic Eye"),
        ("the county GOP Chairman Ivo Adler", "person", "Ivo Adler"),  # a title before the name: a person
        ("establishment Republicans", "anonymous", None),  # no outlet or organization noun before the name
    ],
)
def test_a_name_after_a_noun_that_says_what_it_names(phrase: str, kind: str, name: str | None) -> None:
    info = classify(phrase, tokens(phrase, 0, len(phrase)))
    assert info.kind == kind and (name is None or info.name.endswith(name))


@pytest.mark.parametrize(
    ("phrase", "kind", "name"),
    [
        ("Porto Velho's sporting director", "person", "Porto Velho's sporting director"),  # not "Porto Velho"
        ("Harbor Mills Studios' president", "person", "Harbor Mills Studios' president"),
        ("Jana Brook's lawyer", "anonymous", "Jana Brook's lawyer"),  # the lawyer speaks, not Jana Brook
        ("Jana Brook's", "person", "Jana Brook's"),  # a possessive closing the phrase is still the name
    ],
)
def test_a_name_owning_the_rest_of_the_phrase_is_not_the_speaker(phrase: str, kind: str, name: str) -> None:
    info = classify(phrase, tokens(phrase, 0, len(phrase)))
    assert (info.kind, info.name) == (kind, name)


def test_a_name_in_apposition_after_an_owned_role_is_the_speaker() -> None:
    text = "Porto Velho's sporting director, Luca Arden, told a radio station that nothing was signed."
    source = tokens(text, 0, text.index(","))
    name = tokens(text, text.index("Luca"), text.index(", told"))
    assert names_the_descriptor(text, source, name)


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "Two engineers with ties to the ministry said the pumps had failed.",
            "Two engineers with ties to the ministry",
        ),
        (
            "The pumps had failed, two engineers with ties to the ministry said.",
            "two engineers with ties to the ministry",
        ),
    ],
)
def test_a_listed_noun_inside_a_post_modifier_does_not_cut_the_source(sentence: str, source: str) -> None:
    a = find(run(sentence), "pumps had failed")
    assert a.source.text == source and a.anonymous


def test_a_name_after_a_preposition_stays_the_antecedent_of_who() -> None:
    toks = tokens("the team got a cold welcome from Ravi Okoro", 0, 43)
    assert " ".join(t.text for t in toks[np_before(toks, len(toks)) :]) == "Ravi Okoro"


@pytest.mark.parametrize(
    "phrase",
    ["a study published on Thursday", "a report released Monday", "documents obtained by the newspaper"],
)
def test_a_document_described_by_a_participle_is_a_document(phrase: str) -> None:
    toks = tokens(phrase, 0, len(phrase))
    assert classify(phrase, toks).kind == "document" and valid_np(toks)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("A hospital network", "organization"),
        ("The transit agency", "organization"),
        ("The Federal Aviation Agency", "organization"),
        ("the state news agency", "outlet"),
        ("the television network", "outlet"),
        ("the newspaper", "outlet"),
    ],
)
def test_agency_and_network_name_an_outlet_only_beside_a_news_word(phrase: str, kind: str) -> None:
    assert classify(phrase, tokens(phrase, 0, len(phrase))).kind == kind


def test_a_bare_network_after_a_named_outlet_is_that_outlet_and_a_modified_one_is_not() -> None:
    res = run(
        "Channel Nine News reported that the deal was off. The network said it had two sources.\n\n"
        "A hospital network said the records were safe. The transit agency said the buses would run."
    )
    outlet = entity(res, find(res, "the deal was off"))
    assert entity(res, find(res, "two sources")) is outlet
    hospital, transit = entity(res, find(res, "records were safe")), entity(res, find(res, "buses would run"))
    assert hospital.kind == transit.kind == "organization" and hospital is not transit


@pytest.mark.parametrize(
    ("phrase", "kind", "plural"),
    [
        ("Downing Street", "organization", None),  # a street stands for what it houses
        ("Wall Street", "organization", None),
        ("Opposition MPs", "anonymous", True),  # an acronym's plural counting people, not a name
        ("Three CEOs", "anonymous", True),
    ],
)
def test_streets_are_places_and_counted_acronyms_are_people(phrase: str, kind: str, plural: bool | None) -> None:
    info = classify(phrase, tokens(phrase, 0, len(phrase)))
    assert (info.kind, info.plural) == (kind, plural)


@pytest.mark.parametrize(
    ("phrase", "kind", "name"),
    [
        ("Several", "anonymous", "Several"),  # a quantifier standing for people just mentioned
        ("Forecasters polled by the central bank", "anonymous", None),  # the bank polls; the forecasters speak
        ("Councilwoman Ines Okafor", "person", "Ines Okafor"),
        ("Alderman Okafor", "person", "Okafor"),
    ],
)
def test_what_a_phrase_names_past_quantifiers_participles_and_titles(phrase: str, kind: str, name: str | None) -> None:
    info = classify(phrase, tokens(phrase, 0, len(phrase)))
    assert info.kind == kind
    if name is not None:
        assert info.name == name


def test_an_answers_letter_and_a_date_are_no_part_of_a_source() -> None:
    phrase = "A. The county highway department"
    assert not valid_np(tokens(phrase, 0, len(phrase)))
    assert valid_np(tokens(phrase, 3, len(phrase)))
    assert not valid_np(tokens("Friday", 0, 6))


def test_words_before_a_plural_possessive_stay_with_the_source() -> None:
    res = run("A spokeswoman for the ferry crews' union said the strike would go ahead.")
    assert find(res, "strike would go ahead").source.text == "A spokeswoman for the ferry crews' union"


@pytest.mark.parametrize(
    ("sentence", "content", "source"),
    [
        # an opening adverbial is not the subject, whatever follows it
        (
            "Outside, Ada Brenner, whose shop flooded twice, said the levee was too low.",
            "levee was too low",
            "Ada Brenner",
        ),
        (
            "Inside the hall, a teacher who had waited since dawn said the doors opened late.",
            "doors opened late",
            "a teacher",
        ),
        # a participle and its object modify the subject; the object does not speak
        ("Lawyers representing the tenants said the eviction notices were invalid.", "notices were invalid", "Lawyers"),
        ("A coalition representing growers said the quota would be cut.", "quota would be cut", "A coalition"),
    ],
)
def test_the_subject_is_found_past_an_opening_adverbial_or_a_modifying_clause(
    sentence: str, content: str, source: str
) -> None:
    assert find(run(sentence), content).source.text == source


def test_an_ing_word_inside_a_title_does_not_cut_the_subject() -> None:
    res = run("The chief operating officer of the firm said the plant would reopen.")
    assert find(res, "plant would reopen").source.text == "The chief operating officer of the firm"


def test_nobody_is_no_source_and_a_pronoun_after_it_finds_the_speaker() -> None:
    text = 'Mara Quist said the staff had been kept in the dark. "Nobody has told us a thing," she said.'
    res = run(text)
    assert entity(res, find(res, "Nobody has told us")).name == "Mara Quist"
    assert not [a for a in res.attributions if a.source is not None and a.source.text == "Nobody"]
    assert not valid_np(tokens("No one", 0, 6)) and not valid_np(tokens("Nobody", 0, 6))


def test_a_titled_newspaper_is_an_outlet_and_a_company_word_names_an_organization() -> None:
    res = run("The Evening Herald said it stood by its story. Vantor Airlines said flights would resume.")
    assert entity(res, find(res, "stood by its story")).kind == "outlet"
    assert entity(res, find(res, "flights would resume")).kind == "organization"


def test_a_lone_first_word_of_an_organization_named_before_is_that_organization() -> None:
    text = "Orin Holdings said it would sell the mill. Later, Orin said the sale would close in May."
    res = run(text)
    first, second = entity(res, find(res, "sell the mill")), entity(res, find(res, "sale would close"))
    assert first.kind == second.kind == "organization" and first is second
    titled = run("Orin Holdings said it would sell the mill. Ms. Orin said she had voted against it.")
    assert entity(titled, find(titled, "voted against it")).kind == "person"


@pytest.mark.parametrize("noun", ["lender", "retailer", "regulator", "museum", "chipmaker"])
def test_a_company_or_institution_named_by_its_trade_is_an_organization(noun: str) -> None:
    res = run(f"The {noun} said it would appeal the decision.")
    assert entity(res, find(res, "would appeal")).kind == "organization"


def test_a_name_that_takes_which_is_an_organization() -> None:
    res = run("Tesmer Quay, which runs the ferry under a state lease, said the fares would rise.")
    assert entity(res, find(res, "fares would rise")).kind == "organization"


def test_a_source_phrase_runs_on_over_its_nouns_before_a_participle() -> None:
    res = run("Most wells ran dry, according to a survey of farm households released on Monday by the ministry.")
    a = find(res, "Most wells ran dry")
    assert a.source is not None and a.source.text.startswith("a survey of farm households")


def test_two_people_whose_clause_says_why_they_are_unnamed() -> None:
    text = (
        "The bank eased the loan terms, according to two people with knowledge of the talks who were not "
        "authorized to discuss them."
    )
    a = find(run(text), "eased the loan terms")
    assert a.source is not None and a.source.text == "two people with knowledge of the talks"
    assert a.anonymity_reason is not None and a.anonymity_reason.text.startswith("who were not authorized")


@pytest.mark.parametrize(
    "sentence",
    [
        "The mill's parent company, Orlen Vask, said the furnace would close.",
        "Orlen Vask said on its website that the furnace would close.",
    ],
)
def test_a_name_described_as_a_company_or_speaking_on_its_website_is_an_organization(sentence: str) -> None:
    res = run(sentence)
    assert entity(res, find(res, "furnace would close")).kind == "organization"


def test_a_count_opening_a_sentence_is_not_part_of_a_name() -> None:
    res = run("One European ambassador, who asked not to be named, said the talks had stalled.")
    a = find(res, "talks had stalled")
    assert entity(res, a).kind == "anonymous" and a.anonymous


def test_an_organization_that_ends_a_longer_appositive_does_not_make_the_name_one() -> None:
    res = run("A historian at the city's public university, Dr. Ines Marr, said the plaque was wrong.")
    assert entity(res, find(res, "plaque was wrong")).kind == "person"


@pytest.mark.parametrize(
    ("text", "source", "reason"),
    [
        (
            "A ferry pilot who asked not to be named said the new berth was too shallow.",
            "A ferry pilot",
            "who asked not to be named",
        ),
        (
            "Two dock workers who spoke on condition of anonymity said the cranes had failed twice.",
            "Two dock workers",
            "who spoke on condition of anonymity",
        ),
        (
            "A harbour clerk speaking on condition of anonymity because she was not authorized to comment "
            "told the council the figures were wrong.",
            "A harbour clerk",
            "speaking on condition of anonymity because she was not authorized to comment",
        ),
    ],
)
def test_a_reason_for_anonymity_between_subject_and_cue_with_no_comma(text: str, source: str, reason: str) -> None:
    a = run(text).attributions[0]
    assert a.source.text == source and a.anonymous
    assert a.anonymity_reason is not None and a.anonymity_reason.text == reason
    assert a.cue.text.split()[0] in {"said", "told"}


def test_an_infinitive_inside_the_reason_is_not_the_cue() -> None:
    # "to comment" closes the reason clause's own infinitive: no cue of the source's there
    res = run("An engineer who was not allowed to comment on the berth left the meeting early.")
    assert not any(a.cue.text == "comment" for a in res.attributions)
