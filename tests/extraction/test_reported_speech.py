"""Reported speech: the range of cues, the three orders, mixed quotes, stance."""

from __future__ import annotations

import pytest

from app.extraction import extract
from app.extraction.candidate import Cand
from app.extraction.pipeline import candidates, finish, without_trailing_adjuncts
from tests.extraction.helpers import entity, find, run


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("Mayor Ada Fenwick said that the tunnel would open in May.", "said", "the tunnel would open in May"),
        ("Ada Fenwick told reporters the tunnel would open in May.", "told reporters", "the tunnel would open in May"),
        ("Ada Fenwick added that the tunnel would open in May.", "added", "the tunnel would open in May"),
        ("The ministry confirmed that two engineers had resigned.", "confirmed", "two engineers had resigned"),
        ("Ada Fenwick has warned that the tunnel could flood.", "has warned", "the tunnel could flood"),
        ("Ada Fenwick acknowledged the tunnel was late.", "acknowledged", "the tunnel was late"),
        ("Engineers believe the tunnel is safe.", "believe", "the tunnel is safe"),
        ("Ada Fenwick said in a statement that the tunnel was safe.", "said in a statement", "the tunnel was safe"),
        ("Ada Fenwick said in an interview that the tunnel was safe.", "said in an interview", "the tunnel was safe"),
        (
            "Ada Fenwick said in a brief emailed statement that the tunnel was safe.",
            "said in a brief emailed statement",
            "the tunnel was safe",
        ),
        (
            "Ada Fenwick wrote in her weekly letter that the tunnel was safe.",
            "wrote in her weekly letter",
            "the tunnel was safe",
        ),
    ],
)
def test_cue_range_source_first(sentence: str, cue: str, content: str) -> None:
    a = find(run(sentence), content)
    assert a.content.text == content
    assert a.cue.text == cue
    assert a.quote_type == "indirect"


def test_content_first_then_source_and_cue() -> None:
    a = find(run("The tunnel will open in May, Ada Fenwick said."), "tunnel will open")
    assert a.content.text == "The tunnel will open in May"
    assert a.source.text == "Ada Fenwick" and a.cue.text == "said"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The pier was unsafe, three anglers who fish there said.", "three anglers"),
        ("The railings were loose, people who attended the inspection said on Monday.", "people"),
    ],
)
def test_content_first_then_a_source_a_relative_clause_modifies(text: str, source: str) -> None:
    [a] = run(text).attributions
    assert a.source.text == source and a.cue.text == "said" and a.content.text.startswith("The ")


def test_a_relative_clause_after_a_content_naming_no_one_who_speaks_gives_no_source() -> None:
    text = "The port has published its accounts, a tally that grew in May and is likely to end in June."
    assert not run(text).attributions


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("A spokesman for the port said only that talks were constructive.", "talks were constructive"),
        ("The harbour master said simply that the quay would reopen.", "the quay would reopen"),
        ("The harbour master said that only two ships had docked.", "only two ships had docked"),
        ("The harbour master urged just that in 2019.", "just that in 2019"),  # a pronoun "that"
        ("The harbour master told MPs the government would pay.", "the government would pay"),  # audience, content
    ],
)
def test_an_adverb_restricting_the_cue_before_that_is_no_content(text: str, content: str) -> None:
    [a] = run(text).attributions
    assert a.content.text == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The harbour master, who told reporters that the quay would reopen, left early.", "the quay would reopen"),
        ("The harbour master, who said prices, which rose, would fall, left early.", "prices, which rose, would fall"),
        ("The pilots, who warned that the beacon had failed, later said it was fixed.", "the beacon had failed"),
    ],
)
def test_a_content_in_a_relative_clause_after_the_subject_ends_with_that_clause(text: str, content: str) -> None:
    first = run(text).attributions[0]
    assert first.content.text == content


def test_a_second_that_clause_after_but_goes_on_with_the_content() -> None:
    text = "The harbour master said the quay was safe, but that it would close in May for repairs."
    [a] = run(text).attributions
    assert a.content.text == "the quay was safe, but that it would close in May for repairs"
    # a clause of the writer's after "but" still ends it
    [b] = run("The harbour master said the quay was safe, but the pilots disagreed.").attributions
    assert b.content.text == "the quay was safe"


def test_content_first_then_inverted_cue_and_source() -> None:
    a = find(run("The tunnel will open in May, said Ada Fenwick, the city engineer."), "tunnel will open")
    assert a.source.text == "Ada Fenwick" and a.cue.text == "said"


def test_parenthetical_source_and_cue() -> None:
    text = "The delays, the report also notes, have cost the city two million crowns."
    a = find(run(text), "cost the city")
    assert a.source.text == "the report" and a.cue.text == "also notes"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("According to the water board, the river rose two meters overnight.", "the river rose two meters overnight"),
        ("The river rose two meters overnight, according to the water board.", "The river rose two meters overnight"),
        ("The pier shut. (According to the water board, the river rose two meters.)", "the river rose two meters"),
    ],
)
def test_according_to_in_either_position(sentence: str, content: str) -> None:
    a = find(run(sentence), "river rose")
    assert a.content.text == content
    assert a.cue.text.lower() == "according to" and a.source.text == "the water board"


def test_mixed_quote_is_reported_speech_holding_a_quoted_fragment() -> None:
    text = "Ada Fenwick said the contractor had been “utterly careless” with the budget."
    a = find(run(text), "contractor had been")
    assert a.quote_type == "mixed" and a.source.text == "Ada Fenwick"


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("The mayor denied that the contract was rigged.", "denies"),
        ("The mayor said the contract may have been rigged.", "hedged"),
        ("Investigators believe the contract was rigged.", "hedged"),
        ("The mayor said the contract was signed on Monday.", "asserts"),
        ("The mayor said the contract was signed in May.", "asserts"),
        ("The mayor said the contract, signed by Will Fenwick, was binding.", "asserts"),
        ("The mayor said the contract might be void.", "hedged"),
        ("The mayor said the suspect had rigged the contract.", "asserts"),  # a noun, not a hedge
        ("The mayor said voters believe the contract was rigged.", "asserts"),  # the voters' belief, reported
        ("“I believe the contract was rigged,” the mayor said.", "hedged"),  # the speaker's own hedge
        ("The mayor said: “We suspect the contract was rigged.”", "hedged"),
    ],
)
def test_stance(sentence: str, stance: str) -> None:
    a = find(run(sentence), "contract")
    assert a.stance == stance


def test_author_assertions_and_bare_mentions_are_not_attributions() -> None:
    res = run("The river rose two meters overnight. The mayor reviewed a number of issues with the council.")
    assert res.attributions == []


@pytest.mark.parametrize(
    "text",
    [
        "The tide stopped a foot below the mark the pilots had warned of, and the quay stayed dry, the port said.",
        "Nobody on the board knew what the auditors had complained about.",
    ],
)
def test_a_cue_whose_preposition_lost_its_object_to_a_relative_clause_has_no_content(text: str) -> None:
    res = run(text)
    assert all(not a.content.text.startswith(("of", "about")) for a in res.attributions)
    assert all(a.cue.text not in {"had warned", "had complained"} for a in res.attributions if a.cue)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The steward said the fans felt cheated, and that several had complained the seats were wet.", "several"),
        ("Reporters noted that Mayor Roe said the depot would close.", "Mayor Roe"),
        ("The clerk wrote that Monday's notice suggested the vote was delayed.", "Monday's notice"),
    ],
)
def test_a_that_opening_a_clause_is_not_part_of_its_subject(text: str, source: str) -> None:
    sources = {a.source.text for a in run(text).attributions if a.source}
    assert source in sources
    assert not any(s.startswith("that ") for s in sources)


def test_negated_and_passive_cues_are_not_attributions() -> None:
    res = run("The mayor did not say when the bridge would open. The bridge was said to be unsafe.")
    assert res.attributions == []


def test_headline_and_transcript_colon_labels() -> None:
    res = run("Mayor Lund: The Ferry Will Run All Winter\n\nHOST: Welcome back to the evening program.")
    a = find(res, "Ferry Will Run")
    assert a.source.text == "Mayor Lund" and a.cue.text == ":"
    b = find(res, "Welcome back")
    assert b.source.text == "HOST"
    assert not [a for a in run("Update: 10:30 a.m. The ferry left.").attributions if a.cue and a.cue.text == ":"]


@pytest.mark.parametrize("rubric", ["Storm Over Harbour: Ferries Stay in Port", "The Latest: Ferries Stay in Port"])
def test_a_headline_rubric_is_not_a_speaker(rubric: str) -> None:
    assert not [a for a in run(rubric + "\n\nThe ferries stayed in port.").attributions if a.cue and a.cue.text == ":"]


def test_an_adjunct_after_the_cue_is_not_part_of_the_content() -> None:
    text = "The levy on barges is unfair to small ports, port officials said Friday, as they met the minister."
    a = find(run(text), "levy on barges")
    assert a.content.text == "The levy on barges is unfair to small ports"
    assert a.source.text == "port officials"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        (
            "A new survey shows that most tenants pay more than a third of their income in rent.",
            "shows",
            "most tenants pay more than a third of their income in rent",
        ),
        (
            "The audit found that the agency had lost track of 40 vehicles.",
            "found",
            "the agency had lost track of 40 vehicles",
        ),
    ],
)
def test_what_a_report_finds_or_shows_is_attributed_to_it(sentence: str, cue: str, content: str) -> None:
    res = run(sentence)
    a = find(res, content)
    assert (a.cue.text, a.content.text) == (cue, content)
    assert res.entities[a.entity].kind == "document"


def test_what_a_person_finds_is_not_a_finding() -> None:
    assert run("Police found that the door had been forced.").attributions == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana Ruiz, speaking at the town hall, said the bridge was safe.",
        "Ana Ruiz, in an interview on Monday, said the bridge was safe.",
        "“The bridge is safe,” Ana Ruiz, speaking at the town hall, said.",
    ],
)
def test_an_adjunct_between_speaker_and_cue_is_skipped(sentence: str) -> None:
    res = run(sentence)
    a = find(res, "bridge")
    assert a.source.text == "Ana Ruiz"
    assert res.entities[a.entity].role_title is None


def test_a_second_statement_joined_by_and_gets_its_own_attribution() -> None:
    res = run("Ana Ruiz said the levy would stay, and she warned that fares could rise in spring.")
    first, second = find(res, "levy would stay"), find(res, "fares could rise")
    assert first.content.text == "the levy would stay"
    assert second.cue.text == "warned" and second.entity == first.entity


def test_according_to_as_an_aside_keeps_the_subject_and_not_what_follows() -> None:
    aside = find(run("The river, according to the water board, rose two meters overnight."), "rose two meters")
    assert aside.content.text == "The river, according to the water board, rose two meters overnight"
    before = find(run("The river rose two meters, according to the water board, and the dam held."), "river rose")
    assert before.content.text == "The river rose two meters"


def test_a_party_and_state_tag_stays_with_the_name() -> None:
    res = run("The levy will pass this week, Sen. Mara Lind (D-Vt.) told reporters.")
    a = find(res, "levy will pass")
    assert a.source.text == "Sen. Mara Lind (D-Vt.)"
    assert res.entities[a.entity].name == "Mara Lind"


def test_a_parenthetical_lead_may_hold_a_cue_word_used_as_a_noun() -> None:
    [a] = run("Acts of defiance, the mayor said, are part of civic life.").attributions
    assert a.content.text == "Acts of defiance, the mayor said, are part of civic life"


def test_a_clause_a_source_and_cue_interrupt_is_read_in_two_pieces_and_kept_as_one() -> None:
    """Each piece is a candidate of its own; the rest kept takes its lead along, and the two make one attribution
    over both, as the gold annotates it; a lead whose rest is not kept is dropped."""
    text = "The new ferry, the harbour engineers said, will need a longer berth."
    found = candidates(text, use_tagger=False)
    assert {(text[slice(*c.content)], c.rule) for c in found.cands} == {
        ("The new ferry", "reported:parenthetical-lead"),
        ("will need a longer berth", "reported:parenthetical"),
    }
    lead, rest = sorted(range(2), key=lambda i: found.cands[i].content)
    [a] = finish(found, [0.0] * 2, None, "test").attributions
    assert a.content.text == "The new ferry, the harbour engineers said, will need a longer berth"
    assert a.source.text == "the harbour engineers" and a.cue.text == "said"
    probs = [0.0, 0.0]
    probs[rest] = 0.9
    [a] = finish(found, probs, 0.5, "test").attributions
    assert a.content.text.startswith("The new ferry") and a.confidence == 0.9
    probs[lead], probs[rest] = 0.9, 0.1
    assert finish(found, probs, 0.5, "test").attributions == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana Ruiz said on Radio North’s “Morning Show” that the plan was dead.",
        "Ana Ruiz said in an interview on Radio North, that the plan was dead.",
        "The plan was dead, Ana Ruiz said on Radio North’s “Morning Show.”",
    ],
)
def test_where_someone_spoke_is_not_what_they_said(sentence: str) -> None:
    a = find(run(sentence), "plan was dead")
    assert a.content.text.lower() == "the plan was dead"


def test_a_clause_of_time_after_the_cue_is_not_content() -> None:
    assert run("That was what Ana Ruiz said when she left the choir.").attributions == []


def test_a_plural_noun_that_looks_like_a_cue_is_not_one() -> None:
    assert run("Budget worries have dogged the council since spring.").attributions == []
    a = find(run("The militias that the ministry said had fired the rockets fled."), "fired the rockets")
    assert a.source.text == "the ministry"


@pytest.mark.parametrize(
    "sentence",
    [
        "The needs of the harbour towns trump every other worry.",
        "Because of her alibi claims, the police rarely chase such leads.",
        "Two men accused of fraud were released on Monday.",
        "She said it again and again, and the hall applauded.",
        "The mayor said of the plan. It was late.",
        "Ana Ruiz reported and Ben Lowe wrote.",
    ],
)
def test_look_alikes_of_reported_speech_are_not_attributions(sentence: str) -> None:
    assert run(sentence).attributions == []


def test_a_cue_inside_a_quotation_governs_no_more_than_the_quotation() -> None:
    res = run("“She acknowledged a readiness to talk with the unions,” the press secretary said.")
    inner = [a for a in res.attributions if a.cue is not None and a.cue.text == "acknowledged"]
    assert inner and inner[0].content.text == "a readiness to talk with the unions"


def test_the_report_states_that_is_still_a_cue() -> None:
    a = find(run("The report states that the bridge is unsafe."), "bridge is unsafe")
    assert a.cue.text == "states"


def test_content_stops_where_the_writer_reports_a_further_act() -> None:
    res = run("The mayor complained about the budget on Monday, even suggesting it had been rigged.")
    assert find(res, "about the budget").content.text == "about the budget on Monday"
    res = run("Ana Ruiz called the delay “a scandal,” but stopped short of blaming the council.")
    assert "stopped short" not in find(res, "scandal").content.text


def test_a_dashed_aside_or_a_quoted_fragment_does_not_end_the_content() -> None:
    a = find(run("The fund said that rich economies - which include Norway and Japan - will grow slowly."), "Norway")
    assert a.content.text == "rich economies - which include Norway and Japan - will grow slowly"
    b = find(run("The fund said growth will slow - a warning to the ministry."), "growth will slow")
    assert b.content.text == "growth will slow"
    c = find(run("Ana Ruiz said the play was “sad, but also funny” on the whole."), "play was")
    assert c.content.text.endswith("on the whole")


def test_where_someone_sang_is_not_what_they_said() -> None:
    assert run("Ana Ruiz, a teacher who sang in a choir every Friday, was elected.").attributions == []
    assert find(run("The minister hinted at a deal on the border."), "deal").cue.text == "hinted"


def test_an_adverbial_lead_and_at_least_are_read_right() -> None:
    a = find(run("Since May 10, according to the water board, the river has risen two meters."), "river has risen")
    assert a.content.text == "the river has risen two meters"
    b = find(run("Police said at least 17 cyclists were hurt, none of them badly."), "17 cyclists")
    assert b.content.text.startswith("at least 17 cyclists were hurt")


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("Ada Fenwick is convinced the tunnel is unsafe.", "is convinced", "asserts"),
        ("Ada Fenwick remains convinced that the tunnel is unsafe.", "remains convinced", "asserts"),
        ("The engineers seemed confident the tunnel is unsafe.", "seemed confident", "asserts"),
        ("Ada Fenwick insists the tunnel is unsafe.", "insists", "asserts"),
        ("Ada Fenwick believes the tunnel is unsafe.", "believes", "hedged"),
    ],
)
def test_positions_a_source_holds(sentence: str, cue: str, stance: str) -> None:
    a = find(run(sentence), "tunnel is unsafe")
    assert a.content.text == "the tunnel is unsafe" and a.cue.text == cue and a.stance == stance


def test_as_far_as_concerned_is_no_attitude() -> None:
    assert run("As far as the ferry board is concerned the tunnel can wait.").attributions == []


def test_reported_content_inside_a_quotation_ends_with_it() -> None:
    text = "“Ada Fenwick told me she is convinced the tunnel was unsafe,” Ivo Marek said."
    inner = [a for a in run(text).attributions if a.cue.text == "is convinced"]
    assert [a.content.text for a in inner] == ["the tunnel was unsafe"]


def test_what_a_source_said_inside_a_subordinate_clause_ends_with_it() -> None:
    a = find(run("The levy matters, and while Ada Fenwick said she would vote for it, the council may not."), "vote")
    assert a.content.text == "she would vote for it"


def test_a_setting_after_a_comma_closed_by_a_relative_that_is_the_writers() -> None:
    text = (
        "The owners are exploring a sale of the ferry line, people familiar with the matter said, in a deal "
        "that could value it at more than $3 billion."
    )
    res = run(text)
    a = find(res, "exploring a sale")
    assert a.content.text == "The owners are exploring a sale of the ferry line"
    assert not [x for x in res.attributions if "could value it" in x.content.text]


def test_what_was_found_in_the_passive_has_no_finder() -> None:
    res = run("Confidential patient records were found dumped in a skip behind the depot.")
    assert res.attributions == []


def test_a_question_put_to_the_speaker_is_not_what_they_said() -> None:
    res = run("Asked whether she would hold a referendum on the tolls, the mayor said no.")
    assert not [a for a in res.attributions if a.content.text.startswith("Asked")]


def test_a_purpose_naming_the_act_is_not_part_of_the_content() -> None:
    text = "The head teacher wrote to parents on Sunday to say the school would stay shut until Friday."
    a = find(run(text), "stay shut")
    assert a.content.text == "the school would stay shut until Friday"


def test_a_participle_between_the_cue_and_its_that_is_how_not_what() -> None:
    a = find(run("The mayor said, speaking at a rally, that the ferry would be free."), "ferry would be free")
    assert a.content.text == "the ferry would be free"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The union said 94 percent of its members had backed the strike.", "94 percent of its members"),
        ("The warden said the 1990 flood had been worse.", "the 1990 flood had been worse"),
        ("The warden said on March 3 that the flood had been worse.", "the flood had been worse"),
        ("The warden said in 1990 that the flood had been worse.", "the flood had been worse"),
        ("The warden told Radio 4 that the flood had been worse.", "the flood had been worse"),
    ],
)
def test_a_number_after_the_cue_opens_the_content_unless_it_dates_the_cue(sentence: str, content: str) -> None:
    a = find(run(sentence), "flood" if "flood" in sentence else "percent")
    assert a.content.text.startswith(content)


def test_a_relative_clause_after_according_to_belongs_to_the_source() -> None:
    text = "The cuts will fall on the night shift, according to the memo, which was seen by this newspaper."
    a = find(run(text), "night shift")
    assert a.content.text == "The cuts will fall on the night shift" and a.source.text == "the memo"


@pytest.mark.parametrize("audience", ["the planning committee", "a packed meeting", "reporters"])
def test_told_takes_an_audience_no_word_list_holds(audience: str) -> None:
    a = find(run(f"Samir Haddad told {audience} that the evidence was worrying."), "evidence")
    assert a.content.text == "the evidence was worrying" and a.source.text == "Samir Haddad"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Growers that sell to the cannery said prices had fallen.", "Growers"),
        ("A tenant whose flat was flooded said the warning came late.", "A tenant"),
        ("Two pilots who fly the route said the beacon had failed.", "Two pilots"),
        ("Two brokers at firms that trade the bonds said demand had dried up.", "Two brokers at firms"),
        ("One broker at a firm that trades the bonds said demand had dried up.", "One broker at a firm"),
        ("The ledger that the auditors said was missing turned up.", None),  # the clause holds the cue's subject
    ],
)
def test_a_clause_modifying_the_subject_does_not_lend_the_speaker_its_object(sentence: str, source: str | None) -> None:
    res = run(sentence)
    sources = {a.source.text for a in res.attributions if a.source is not None}
    if source is None:
        assert sources <= {"the auditors"}
    else:
        assert sources == {source}


def test_a_subject_with_a_clause_and_a_reason_set_off_keeps_both() -> None:
    text = (
        "Two dockers at terminals that serve the ferry line, who spoke on condition of anonymity because "
        "they feared losing shifts, said the cranes were idle."
    )
    a = find(run(text), "cranes were idle")
    assert a.source is not None and a.source.text == "Two dockers at terminals"
    assert a.anonymous
    assert a.anonymity_reason is not None and a.anonymity_reason.text.startswith("who spoke on condition")


def test_a_name_set_off_after_according_to_a_role_is_the_source() -> None:
    res = run("The pilots' union will appeal, according to its chairman, Edvard Lund.")
    a = find(res, "will appeal")
    assert a.source is not None and a.source.text == "Edvard Lund"
    assert (entity(res, a).kind, entity(res, a).name) == ("person", "Edvard Lund")
    res = run("The pier will reopen, according to the harbour board, Monday.")
    assert find(res, "pier will reopen").source.text == "the harbour board"


def test_a_date_before_a_cue_word_is_never_its_source() -> None:
    res = run("The harbour master sent a memo to crews on Friday\nwarning that the quay would close.")
    assert all(a.source is None or a.source.text != "Friday" for a in res.attributions)


def test_a_semicolon_before_another_subject_and_cue_ends_the_content() -> None:
    res = run("Brokers were split. Some said the fall was priced in; others warned that it had only begun.")
    assert find(res, "priced in").content.text == "the fall was priced in"
    assert find(res, "only begun").source.text == "others"
    res = run("She said the ferry was late; it was the third time this week.")
    assert find(res, "ferry was late").content.text.endswith("third time this week")


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        (
            "The minister said in an interview with a regional paper that the tax would stay.",
            "said in an interview with a regional paper",
            "the tax would stay",
        ),
        (
            "The firm said in a statement on its website that the recall was voluntary.",
            None,
            "the recall was voluntary",
        ),
    ],
)
def test_where_a_statement_was_made_belongs_to_the_cue(sentence: str, cue: str | None, content: str) -> None:
    a = find(run(sentence), content)
    assert a.content.text == content
    if cue is not None:
        assert a.cue is not None and a.cue.text == cue


def test_no_longer_belongs_to_the_verb_group_not_to_the_source() -> None:
    res = run("Some tenants said they no longer trusted the landlord.")
    assert find(res, "they no longer trusted").source.text == "Some tenants"
    assert not [a for a in res.attributions if a.source is not None and "longer" in a.source.text]


def test_that_after_a_verb_of_naming_is_a_determiner() -> None:
    res = run("Several senators have called that proposal reckless.")
    assert find(res, "proposal reckless").content.text == "that proposal reckless"


def test_that_before_a_finite_verb_is_the_contents_subject() -> None:
    res = run("Asked about the delay, the mayor said that was a matter for the council.")
    assert find(res, "matter for the council").content.text == "that was a matter for the council"


def test_an_attitude_to_an_object_stops_before_the_subjects_next_verb() -> None:
    res = run("The ministry was aware of the complaint and would review it next month.")
    a = find(res, "the complaint")
    assert a.content.text == "the complaint"


def test_a_verb_of_the_contents_subject_after_and_is_no_second_report() -> None:
    res = run("A statement from the palace said the king had been consulted and approved the plan.")
    assert find(res, "king had been consulted").source.text == "A statement from the palace"
    assert not [a for a in res.attributions if a.cue is not None and a.cue.text == "approved"]


def test_an_infinitives_object_in_s_is_not_a_cue() -> None:
    res = run("The firm agreed to pay a fine to settle claims that it misled investors.")
    assert not [a for a in res.attributions if a.cue is not None and a.cue.text == "claims"]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The mayor has warned the council that the budget would collapse.", "the budget would collapse"),
        ("The coach asked the players what they thought of the schedule.", "what they thought of the schedule"),
        ("The union urged its members not to cross the picket line.", "not to cross the picket line"),
        ("The pilot warned the deal would collapse.", "the deal would collapse"),
        ("Inspectors warned the school board last year that the roof was unsafe.", "the roof was unsafe"),
    ],
)
def test_the_person_addressed_is_neither_cue_nor_content(sentence: str, content: str) -> None:
    a = find(run(sentence), content)
    assert a.content.text == content


@pytest.mark.parametrize(
    "sentence",
    [
        "At the gate the guards check every van, they question drivers and they log each load.",
        "Officers stopped the lorry and questioned the driver.",
        "The union warned members and they walked out of the hall.",
    ],
)
def test_a_cue_with_only_whom_it_addresses_after_it_has_no_content(sentence: str) -> None:
    """Whom a cue of addressing addresses, with the clause ending there or going on with a subject of its own,
    is no content: the sentence reports an act, not what was said."""
    assert not [a for a in run(sentence).attributions if a.cue is not None and a.cue.text.startswith(("quest", "warn"))]


def test_an_object_that_is_a_thing_stays_content() -> None:
    a = find(run("The reporter asked a question that nobody answered."), "question")
    assert a.content.text == "a question that nobody answered"


def test_another_reading_of_the_lead_does_not_drop_the_clause_after_the_aside() -> None:
    """A reading that takes the lead alone as the content ('If the talks fail', the tagger's) leaves the rules'
    reading of the clause after the aside in place."""
    text = "If the talks fail, the union warned, nurses will strike in May."
    [rest] = candidates(text, use_tagger=False).cands  # an adverbial lead is no piece of the content (the gold)
    lead = Cand((0, text.index(",")), rest.cue, rest.source, rule="tagger:test")
    kept = without_trailing_adjuncts(text, [rest, lead])
    assert [text[slice(*c.content)] for c in kept] == ["nurses will strike in May", "If the talks fail"]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The club booked a hall - and the permit, the organizers said, took a month to arrive.",
            "the permit, the organizers said, took a month to arrive",
        ),
        (
            "The pier shut in May, and the ferry, according to the harbour board, will not sail until June.",
            "the ferry, according to the harbour board, will not sail until June",
        ),
        (
            "Ostrander ran the northern command when, officials say, the militias attacked the convoy.",
            "the militias attacked the convoy",
        ),
    ],
)
def test_the_lead_before_an_aside_is_its_own_clause_not_the_sentence(sentence: str, content: str) -> None:
    a = find(run(sentence), "the ")
    assert a.content.text == content


def test_an_aside_naming_a_document_by_an_irregular_participle_holds_a_report_inside() -> None:
    text = (
        "Ferry lines, according to a letter seen by this newspaper, have warned the harbour authority that fares "
        "will rise."
    )
    res = run(text)
    outer = find(res, "have warned the harbour")
    assert outer.source.text == "a letter seen by this newspaper"
    assert outer.content.text.startswith("Ferry lines, according to")
    [inner] = [a for a in res.attributions if a.content.text == "fares will rise"]
    assert inner.source.text == "Ferry lines" and inner.parent == res.attributions.index(outer)


def test_a_clause_after_according_to_stops_at_a_turn_to_another_clause() -> None:
    res = run(
        "According to the port's ledgers, cargo rose 9 percent last year, although dockers say most of it was grain."
    )
    assert find(res, "cargo rose").content.text == "cargo rose 9 percent last year"
    assert find(res, "most of it was grain").source.text == "dockers"
    assert not [
        a for a in res.attributions if a.source is not None and a.source.text == "dockers" and "cargo" in a.content.text
    ]


def test_a_second_cue_after_but_shares_the_subject_when_the_first_content_stops_before_it() -> None:
    res = run("A port engineer said the repair was close but warned that the crane would stay shut until May.")
    a = find(res, "crane would stay shut")
    assert a.source.text == "A port engineer" and a.cue.text == "warned"
    assert find(res, "repair was close").content.text == "the repair was close"


def test_a_content_before_a_role_and_a_name_leaves_the_role_to_the_source() -> None:
    res = run("The ferry will resume on Monday, a harbour spokeswoman, Ada Lunn, told reporters.")
    a = find(res, "ferry will resume")
    assert a.content.text == "The ferry will resume on Monday" and entity(res, a).name == "Ada Lunn"


def test_a_content_in_the_next_sentence_is_not_the_cues() -> None:
    text = (
        "The shipyard said in a statement that welding had resumed. Its owner is expected to visit the yard on Monday."
    )
    found = extract(text, unsourced=True).attributions
    assert not [a for a in found if a.cue is not None and a.cue.end < text.index("Its") < a.content.start]
