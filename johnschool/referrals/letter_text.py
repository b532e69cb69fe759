"""The wording of the letters to the prosecutor, in French and in English.

Letters are rendered outside a request, so their text lives here rather than in the
Flask-Babel catalogue; every dict holds one entry per language.
"""

from .screening_types import Outcome, RuleResult

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}

TEXT = {
    "fr": {
        "program": "Programme de déjudiciarisation",
        "place_date": "{place}, le {date}",
        "date_only": "Le {date}",
        "role": "Procureur aux poursuites criminelles et pénales",
        "subject": "Objet : dossier de cour {court_file} — {program}",
        "salutation": "Maître,",
        "name": "Nom",
        "birth_date": "Date de naissance",
        "not_given": "non indiquée",
        "charge": "Accusation",
        "section": "art. {code}",
        "offence_date": "Date de l'infraction",
        "screening_intro": "Voici le résultat de l'évaluation de l'admissibilité de la personne "
        "ci-dessous au programme, avec le résultat et le motif de chacune des conditions.",
        "screening_outcome": "Résultat de l'évaluation : {outcome}",
        "override": "Décision modifiée par la coordination le {date} : {outcome}.",
        "override_reason": "Motif : {reason}",
        "columns": ("Condition", "Résultat", "Motif"),
        "settings": "Évaluation faite selon la version {version} des paramètres d'admissibilité.",
        "outcome_intro": "Voici le résultat final de la participation de la personne ci-dessous "
        "au programme.",
        "final_outcome": "Résultat final : {outcome}",
        "attended": "Modules suivis",
        "module_columns": ("Module", "Date"),
        "none_attended": "Aucun module suivi.",
        "missing": "Éléments manquants",
        "closing": "Veuillez agréer, Maître, l'expression de nos sentiments distingués.",
        "signature": "La coordination du programme",
    },
    "en": {
        "program": "Diversion program",
        "place_date": "{place}, {date}",
        "date_only": "{date}",
        "role": "Crown prosecutor",
        "subject": "Re: court file {court_file} — {program}",
        "salutation": "Dear Counsel,",
        "name": "Name",
        "birth_date": "Birth date",
        "not_given": "not given",
        "charge": "Charge",
        "section": "s. {code}",
        "offence_date": "Offence date",
        "screening_intro": "Here is the result of screening the person below for the program, "
        "with the result and the reason for each criterion.",
        "screening_outcome": "Screening result: {outcome}",
        "override": "Decision changed by the program coordination on {date}: {outcome}.",
        "override_reason": "Reason: {reason}",
        "columns": ("Criterion", "Result", "Reason"),
        "settings": "Screened under version {version} of the eligibility settings.",
        "outcome_intro": "Here is the final outcome of the participation of the person below "
        "in the program.",
        "final_outcome": "Final outcome: {outcome}",
        "attended": "Modules attended",
        "module_columns": ("Module", "Date"),
        "none_attended": "No module attended.",
        "missing": "What was missing",
        "closing": "Yours truly,",
        "signature": "Program coordination",
    },
}

OUTCOME_WORDS = {
    "fr": {
        Outcome.ELIGIBLE: "admissible",
        Outcome.INELIGIBLE: "non admissible",
        Outcome.NEEDS_REVIEW: "à examiner",
    },
    "en": {
        Outcome.ELIGIBLE: "eligible",
        Outcome.INELIGIBLE: "ineligible",
        Outcome.NEEDS_REVIEW: "needs review",
    },
}

RESULT_WORDS = {
    "fr": {
        RuleResult.PASS: "respectée",
        RuleResult.FAIL: "non respectée",
        RuleResult.UNKNOWN: "indéterminée",
    },
    "en": {RuleResult.PASS: "met", RuleResult.FAIL: "not met", RuleResult.UNKNOWN: "unknown"},
}

FINAL_OUTCOME_WORDS = {
    "fr": {
        "completed": "programme terminé",
        "failed": "programme non terminé",
        "withdrawn": "retrait du programme",
    },
    "en": {
        "completed": "program completed",
        "failed": "program not completed",
        "withdrawn": "withdrawn from the program",
    },
}

# Keyed by the names in rules.RULES; a rule missing here prints under its own name.
RULE_LABELS = {
    "fr": {
        "accepted_charge": "Infraction admise au programme",
        "no_minor_involved": "Aucune personne mineure",
        "adult_at_offence": "18 ans ou plus à la date de l'infraction",
        "no_violent_priors": "Aucun antécédent d'infraction avec violence",
        "no_sexual_priors": "Aucun antécédent d'infraction d'ordre sexuel",
        "first_participation": "Première participation",
        "not_exploitation_charge": "Infraction autre que le proxénétisme ou la traite",
        "no_exploitation_priors": "Aucun antécédent lié à l'exploitation sexuelle",
    },
    "en": {
        "accepted_charge": "Charge accepted by the program",
        "no_minor_involved": "No minor involved",
        "adult_at_offence": "18 or older on the offence date",
        "no_violent_priors": "No prior violent offence",
        "no_sexual_priors": "No prior sexual offence",
        "first_participation": "First participation",
        "not_exploitation_charge": "Charge is not procuring or trafficking",
        "no_exploitation_priors": "No prior sexual exploitation offence",
    },
}
